package io.tokengate.gateway.ops;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class ApprovalsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void requestWhenUnknownActionOrBadParamsThenBadRequest() {
        HttpResponse<String> unknown = ops().post("/ops/approvals", "{\"action\": \"vault.drop_all\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).get("code").asString()).isEqualTo("parameter_invalid");
        assertThat(json(unknown).get("param").asString()).isEqualTo("action");
        assertThat(json(unknown).get("detail").asString()).contains("canary.revoke_all");
        HttpResponse<String> noMerchant = ops().post("/ops/approvals", "{\"action\": \"canary.revoke_all\", "
                + "\"params\": {}}");
        assertThat(noMerchant.statusCode()).isEqualTo(400);
        assertThat(ops().post("/ops/approvals", "{\"action\": \"canary.revoke_all\", \"params\": "
                + "{\"merchant\": \"mer_nobody00000000000000\"}}").statusCode()).isEqualTo(404);
    }

    @Test
    void approveWhenSelfOrAuditorThenRefusedAndSecondAdminExecutesOnce() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient second = user("admin");
        HttpTestClient auditor = user("auditor");
        JsonNode requested = accepted(ops().post("/ops/approvals", """
                {"action": "export.security_events", "params": {"merchant": "%s", "limit": 10},
                 "reason": "quarterly review"}""".formatted(merchant.id())));
        String id = requested.get("id").asString();
        assertThat(requested.get("expires_at").asString()).isNotNull();

        HttpResponse<String> self = ops().post("/ops/approvals/" + id + "/approve", null);
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(json(self).get("code").asString()).isEqualTo("dual_control_required");
        assertThat(auditor.post("/ops/approvals/" + id + "/approve", null).statusCode()).isEqualTo(403);
        assertThat(auditor.post("/ops/approvals", "{\"action\": \"canary.revoke_all\"}").statusCode())
                .isEqualTo(403);
        assertThat(json(auditor.get("/ops/approvals/" + id)).get("status").asString()).isEqualTo("pending");

        HttpResponse<String> approved = second.post("/ops/approvals/" + id + "/approve", null);

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode executed = json(approved);
        assertThat(executed.get("status").asString()).isEqualTo("executed");
        assertThat(executed.get("result").get("count").asInt()).isZero();
        assertThat(executed.get("result").get("events").isArray()).isTrue();
        assertThat(json(second.post("/ops/approvals/" + id + "/approve", null)).get("code").asString())
                .isEqualTo("state_conflict");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE subject_id = ? AND action IN "
                + "('approval.requested', 'approval.approved', 'approval.executed')").param(id)
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void rejectWhenSecondAdminOrRequesterThenRejectedAndCannotBeApprovedAnyMore() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient second = user("admin");
        String first = request(merchant.id());
        String withdrawn = request(merchant.id());

        JsonNode rejected = json(second.post("/ops/approvals/" + first + "/reject", "{\"reason\": \"not now\"}"));
        JsonNode selfRejected = json(ops().post("/ops/approvals/" + withdrawn + "/reject", null));

        assertThat(rejected.get("status").asString()).isEqualTo("rejected");
        assertThat(rejected.get("reason").asString()).isEqualTo("not now");
        assertThat(selfRejected.get("status").asString()).isEqualTo("rejected");
        HttpResponse<String> late = second.post("/ops/approvals/" + first + "/approve", null);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).get("code").asString()).isEqualTo("state_conflict");
        assertThat(json(ops().get("/ops/approvals?status=rejected&limit=100")).get("data").valueStream()
                .map(a -> a.get("id").asString()).toList()).contains(first, withdrawn);
    }

    @Test
    void approveWhenExpiredThenStateConflictAndListedAsExpired() {
        TestMerchant merchant = fixture().merchant();
        String id = request(merchant.id());
        jdbc.sql("UPDATE approvals SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' "
                + "WHERE id = ?").param(id).update();

        HttpResponse<String> late = user("admin").post("/ops/approvals/" + id + "/approve", null);

        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(ops().get("/ops/approvals/" + id)).get("status").asString()).isEqualTo("expired");
        assertThat(json(ops().get("/ops/approvals?status=expired&limit=100")).get("data").valueStream()
                .map(a -> a.get("id").asString()).toList()).contains(id);
        assertThat(jdbc.sql("SELECT status FROM approvals WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("pending");
    }

    @Test
    void listWhenPagedThenNewestFirstWithoutRepeats() {
        TestMerchant merchant = fixture().merchant();
        String a = request(merchant.id());
        String b = request(merchant.id());
        JsonNode first = json(ops().get("/ops/approvals?status=pending&limit=1"));
        assertThat(first.get("data").get(0).get("id").asString()).isEqualTo(b);
        JsonNode second = json(ops().get("/ops/approvals?status=pending&limit=1&starting_after="
                + first.get("next_cursor").asString()));
        assertThat(second.get("data").get(0).get("id").asString()).isEqualTo(a);
        assertThat(ops().get("/ops/approvals?status=maybe").statusCode()).isEqualTo(400);
        assertThat(ops().get("/ops/approvals/apr_doesnotexist00000000").statusCode()).isEqualTo(404);
    }

    private String request(String merchantId) {
        return accepted(ops().post("/ops/merchants/" + merchantId + "/canaries/revoke-all", null)).get("id").asString();
    }

    private static JsonNode accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response);
    }

    private HttpTestClient user(String role) {
        String name = role + "-" + System.nanoTime();
        HttpResponse<String> created = ops().post("/ops/users", """
                {"username": "%s", "password": "a-long-password-1", "role": "%s"}""".formatted(name, role));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return http().basic(name, "a-long-password-1");
    }
}
