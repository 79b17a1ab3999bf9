package io.tokengate.gateway.token;

import static io.tokengate.gateway.support.OpsFixture.json;
import static io.tokengate.gateway.token.CardImportBuilder.importCard;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class OpsTokenApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void suspendThenResumeWhenAdminThenStatusChangesAndBothAreAudited() {
        TestMerchant merchant = fixture().merchant();
        String token = importCard(ops(), merchant.id()).token();
        String base = "/ops/merchants/" + merchant.id() + "/tokens/" + token;

        HttpResponse<String> suspended = ops().post(base + "/suspend", "");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(json(suspended).get("status").asString()).isEqualTo("suspended");
        assertThat(json(merchant.client("tokens:read").get("/v1/tokens/" + token)).get("status").asString())
                .isEqualTo("suspended");
        assertThat(json(ops().post(base + "/suspend", "")).get("status").asString()).isEqualTo("suspended");

        HttpResponse<String> resumed = ops().post(base + "/resume", "");
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(json(resumed).get("status").asString()).isEqualTo("active");

        List<String> actions = jdbc.sql("SELECT action || ':' || actor_type || ':' || actor_id FROM audit_events "
                + "WHERE merchant_id = ? AND action LIKE 'token.%' ORDER BY id").param(merchant.id())
                .query(String.class).list();
        assertThat(actions).containsExactly("token.issued:ops:" + ADMIN_USER, "token.suspended:ops:" + ADMIN_USER,
                "token.resumed:ops:" + ADMIN_USER);
    }

    @Test
    void suspendOrResumeWhenRevokedThenConflict() {
        TestMerchant merchant = fixture().merchant();
        String token = importCard(ops(), merchant.id()).token();
        merchant.client("tokens:write").delete("/v1/tokens/" + token);
        String base = "/ops/merchants/" + merchant.id() + "/tokens/" + token;
        for (String action : List.of("/suspend", "/resume")) {
            HttpResponse<String> response = ops().post(base + action, "");
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(json(response).get("code").asString()).isEqualTo("state_conflict");
        }
    }

    @Test
    void getWhenAuditorThenAllowedAndSuspendWhenAuditorThenForbidden() {
        TestMerchant merchant = fixture().merchant();
        String token = importCard(ops(), merchant.id()).token();
        String auditor = "auditor" + System.nanoTime();
        ops().post("/ops/users", """
                {"username": "%s", "password": "auditor-password-1", "role": "auditor"}""".formatted(auditor));
        HttpTestClient client = http().basic(auditor, "auditor-password-1");
        String base = "/ops/merchants/" + merchant.id() + "/tokens/" + token;

        HttpResponse<String> read = client.get(base);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("token").asString()).isEqualTo(token);
        HttpResponse<String> suspend = client.post(base + "/suspend", "");
        assertThat(suspend.statusCode()).isEqualTo(403);
        assertThat(json(suspend).get("code").asString()).isEqualTo("forbidden");
        assertThat(json(ops().get(base)).get("status").asString()).isEqualTo("active");
    }

    @Test
    void getWhenTokenOfAnotherMerchantThen404() {
        TestMerchant owner = fixture().merchant();
        TestMerchant other = fixture().merchant();
        String token = importCard(ops(), owner.id()).token();
        assertThat(ops().get("/ops/merchants/" + other.id() + "/tokens/" + token).statusCode()).isEqualTo(404);
        assertThat(ops().post("/ops/merchants/" + other.id() + "/tokens/" + token + "/suspend", "").statusCode())
                .isEqualTo(404);
        assertThat(json(ops().get("/ops/merchants/" + owner.id() + "/tokens/" + token)).get("status").asString())
                .isEqualTo("active");
    }
}
