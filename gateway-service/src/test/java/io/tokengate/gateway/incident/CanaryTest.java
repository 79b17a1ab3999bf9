package io.tokengate.gateway.incident;

import static io.tokengate.gateway.incident.IncidentTestSupport.chargeBody;
import static io.tokengate.gateway.incident.IncidentTestSupport.code;
import static io.tokengate.gateway.incident.IncidentTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class CanaryTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void useWhenCanaryThenChargeAnsweredLikeADeclineReadLikeATokenAndCriticalEventsRecorded() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write", "charges:read", "tokens:read");
        String keyId = ok(ops().get("/ops/merchants/" + merchant.id() + "/keys"), 200).get("data").get(0).get("id")
                .asString();
        HttpTestClient client = httpFrom("127.0.0.9").bearer(secret);
        JsonNode minted = ok(ops().post("/ops/merchants/" + merchant.id() + "/canaries", "{\"count\": 3}"), 201);
        List<JsonNode> canaries = new ArrayList<>();
        minted.get("tokens").forEach(canaries::add);
        assertThat(canaries).hasSize(3);
        JsonNode canary = canaries.getFirst();
        String value = canary.get("token").asString();
        assertThat(value).matches("tok_[A-Za-z0-9]{24}");
        assertThat(canary.get("card").get("brand").asString()).isIn("visa", "mastercard");
        assertThat(canary.get("card").get("exp_year").asInt()).isGreaterThan(Year.now().getValue());
        String declining = merchant.importCard("4000000000000002");

        // A read answers the token like any other (the same object shape, a plausible card).
        JsonNode read = ok(client.get("/v1/tokens/" + value), 200);
        assertThat(read.get("status").asString()).isEqualTo("active");
        assertThat(read.get("card")).isEqualTo(canary.get("card"));
        assertThat(read.properties().stream().map(java.util.Map.Entry::getKey).toList())
                .isEqualTo(ok(client.get("/v1/tokens/" + declining), 200).properties().stream()
                        .map(java.util.Map.Entry::getKey).toList());
        Set<String> listed = new HashSet<>();
        ok(client.get("/v1/tokens?limit=100"), 200).get("data").forEach(t -> listed.add(t.get("token").asString()));
        assertThat(listed).contains(value, canaries.get(1).get("token").asString());

        HttpResponse<String> real = client.post("/v1/charges", chargeBody(declining, 100));
        HttpResponse<String> trap = client.post("/v1/charges", chargeBody(value, 100));

        assertThat(real.statusCode()).isEqualTo(402);
        assertThat(trap.statusCode()).as(trap.body()).isEqualTo(402);
        JsonNode r = IncidentTestSupport.ok(real, 402);
        JsonNode t = IncidentTestSupport.ok(trap, 402);
        for (String field : List.of("type", "title", "status", "detail", "code", "decline_code")) {
            assertThat(t.get(field)).as(field).isEqualTo(r.get(field));
        }
        assertThat(t.properties().stream().map(java.util.Map.Entry::getKey).toList())
                .isEqualTo(r.properties().stream().map(java.util.Map.Entry::getKey).toList());
        assertThat(t.get("charge").asString()).matches("ch_[A-Za-z0-9]{22}");
        assertThat(trap.headers().firstValue("Cache-Control")).isEqualTo(real.headers().firstValue("Cache-Control"));
        // Only the real decline opened a card for the acquirer; no charge was recorded for the canary.
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE merchant_id = ? AND action = 'card.opened'")
                .param(merchant.id()).query(Long.class).single()).isEqualTo(1);
        assertThat(ok(client.get("/v1/charges"), 200).get("data")).hasSize(1);

        JsonNode events = ok(ops().get("/ops/security-events?severity=critical&merchant=" + merchant.id()), 200)
                .get("data");
        assertThat(events).hasSize(2);
        JsonNode charged = events.get(0);
        assertThat(charged.get("type").asString()).isEqualTo("security.canary_used");
        assertThat(charged.get("severity").asString()).isEqualTo("critical");
        assertThat(charged.get("source_ip").asString()).isEqualTo("127.0.0.9");
        assertThat(charged.get("api_key").asString()).isEqualTo(keyId);
        assertThat(charged.get("token_hint").asString()).isEqualTo(canary.get("hint").asString());
        assertThat(charged.get("route").asString()).isEqualTo("POST /v1/charges");
        assertThat(events.get(1).get("route").asString()).isEqualTo("GET /v1/tokens/{token}");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE merchant_id = ? AND details::text LIKE ?")
                .params(merchant.id(), "%" + value + "%").query(Long.class).single()).isZero();
    }

    @Test
    void revokeAllWhenRequestedThenNothingUntilASecondAdminApprovesAndRevokedCanariesStillAlarm() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("charges:write");
        JsonNode minted = ok(ops().post("/ops/merchants/" + merchant.id() + "/canaries", "{\"count\": 2}"), 201);
        String value = minted.get("tokens").get(0).get("token").asString();
        HttpTestClient secondAdmin = IncidentTestSupport.opsUser(ops(), http(), "admin");
        HttpTestClient auditor = IncidentTestSupport.opsUser(ops(), http(), "auditor");

        JsonNode approval = ok(ops().post("/ops/merchants/" + merchant.id() + "/canaries/revoke-all", null), 202);

        String id = approval.get("id").asString();
        assertThat(approval.get("status").asString()).isEqualTo("pending");
        assertThat(approval.get("action").asString()).isEqualTo("canary.revoke_all");
        assertThat(approval.get("params").get("merchant").asString()).isEqualTo(merchant.id());
        assertThat(statuses(auditor, merchant.id())).containsOnly("active");
        HttpResponse<String> self = ops().post("/ops/approvals/" + id + "/approve", null);
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(code(self)).isEqualTo("dual_control_required");
        assertThat(auditor.post("/ops/approvals/" + id + "/approve", null).statusCode()).isEqualTo(403);
        assertThat(statuses(auditor, merchant.id())).containsOnly("active");

        JsonNode executed = ok(secondAdmin.post("/ops/approvals/" + id + "/approve", null), 200);

        assertThat(executed.get("status").asString()).isEqualTo("executed");
        assertThat(executed.get("result").get("revoked").asInt()).isEqualTo(2);
        assertThat(executed.get("decided_by").asString()).isNotEqualTo(executed.get("requested_by").asString());
        assertThat(statuses(auditor, merchant.id())).containsOnly("revoked");
        HttpResponse<String> refused = client.post("/v1/charges", chargeBody(value, 100));
        assertThat(code(refused)).isEqualTo("token_revoked");
        JsonNode events = ok(auditor.get("/ops/security-events?merchant=" + merchant.id()), 200).get("data");
        assertThat(events.get(0).get("type").asString()).isEqualTo("security.canary_used");
        assertThat(events.get(0).get("severity").asString()).isEqualTo("critical");
        assertThat(code(secondAdmin.post("/ops/approvals/" + id + "/approve", null))).isEqualTo("state_conflict");
    }

    @Test
    void mintWhenFormatPreservingThenCardShapedDecoysThatReadLikeTheMerchantsTokens() {
        TestMerchant merchant = fixture().merchant();
        JsonNode minted = ok(ops().post("/ops/merchants/" + merchant.id() + "/canaries",
                "{\"count\": 2, \"format\": \"format_preserving\"}"), 201);
        String value = minted.get("tokens").get(0).get("token").asString();
        assertThat(value).matches("[0-9]{16}").endsWith(minted.get("tokens").get(0).get("card").get("last4")
                .asString());

        JsonNode read = ok(merchant.client("tokens:read").get("/v1/tokens/" + value), 200);

        assertThat(read.get("format").asString()).isEqualTo("format_preserving");
        JsonNode listed = ok(ops().get("/ops/merchants/" + merchant.id() + "/canaries?limit=1"), 200);
        assertThat(listed.get("data").get(0).has("token")).isFalse();
        assertThat(listed.get("has_more").asBoolean()).isTrue();
        assertThat(ok(ops().get("/ops/security-events?severity=critical&merchant=" + merchant.id()), 200)
                .get("data")).hasSize(1);
    }

    @Test
    void mintWhenCountOutOfRangeThenRefused() {
        TestMerchant merchant = fixture().merchant();
        HttpResponse<String> tooMany = ops().post("/ops/merchants/" + merchant.id() + "/canaries", "{\"count\": 101}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany).get("param").asString()).isEqualTo("count");
        assertThat(ops().post("/ops/merchants/" + merchant.id() + "/canaries", "{\"count\": 0}").statusCode())
                .isEqualTo(400);
    }

    private static List<String> statuses(HttpTestClient ops, String merchantId) {
        List<String> out = new ArrayList<>();
        ok(ops.get("/ops/merchants/" + merchantId + "/canaries"), 200).get("data")
                .forEach(c -> out.add(c.get("status").asString()));
        assertThat(out).isNotEmpty();
        return out;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return io.tokengate.gateway.support.OpsFixture.json(response);
    }
}
