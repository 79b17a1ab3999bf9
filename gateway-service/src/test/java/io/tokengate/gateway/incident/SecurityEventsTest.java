package io.tokengate.gateway.incident;

import static io.tokengate.gateway.incident.IncidentTestSupport.chargeBody;
import static io.tokengate.gateway.incident.IncidentTestSupport.code;
import static io.tokengate.gateway.incident.IncidentTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SecurityEventsTest extends IntegrationTest {

    @Test
    void listWhenRevokedTokenAndRevokedKeyUsedThenBothListedWithAddressKeyAndHint() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write", "tokens:write");
        JsonNode key = ok(ops().get("/ops/merchants/" + merchant.id() + "/keys"), 200).get("data").get(0);
        HttpTestClient client = httpFrom("127.0.0.21").bearer(secret);
        String token = merchant.importCard("4242424242424242");
        ok(client.delete("/v1/tokens/" + token), 200);
        assertThat(code(client.post("/v1/charges", chargeBody(token, 100)))).isEqualTo("token_revoked");
        ok(ops().post("/ops/merchants/" + merchant.id() + "/keys/" + key.get("id").asString() + "/revoke", null),
                200);
        assertThat(code(client.post("/v1/charges", chargeBody(token, 100)))).isEqualTo("api_key_revoked");
        HttpTestClient auditor = IncidentTestSupport.opsUser(ops(), http(), "auditor");

        JsonNode events = ok(auditor.get("/ops/security-events?merchant=" + merchant.id()), 200).get("data");

        assertThat(events).hasSize(2);
        JsonNode keyUse = events.get(0);
        assertThat(keyUse.get("type").asString()).isEqualTo("security.revoked_key_used");
        assertThat(keyUse.get("severity").asString()).isEqualTo("high");
        assertThat(keyUse.get("api_key").asString()).isEqualTo(key.get("id").asString());
        assertThat(keyUse.get("source_ip").asString()).isEqualTo("127.0.0.21");
        JsonNode tokenUse = events.get(1);
        assertThat(tokenUse.get("type").asString()).isEqualTo("security.revoked_token_used");
        assertThat(tokenUse.get("severity").asString()).isEqualTo("high");
        assertThat(tokenUse.get("token_hint").asString()).isEqualTo(token.substring(token.length() - 4));
        assertThat(tokenUse.get("api_key").asString()).isEqualTo(key.get("id").asString());
        assertThat(tokenUse.get("source_ip").asString()).isEqualTo("127.0.0.21");
        assertThat(tokenUse.get("route").asString()).isEqualTo("POST /v1/charges");
        assertThat(tokenUse.get("merchant").asString()).isEqualTo(merchant.id());
    }

    @Test
    void listWhenPagedOrFilteredThenCursorWalksNewestFirstAndSeverityFilters() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("charges:write", "tokens:write");
        String token = merchant.importCard("4242424242424242");
        ok(client.delete("/v1/tokens/" + token), 200);
        for (int i = 0; i < 3; i++) {
            client.post("/v1/charges", chargeBody(token, 100 + i));
        }
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(ops().get("/ops/security-events?limit=1&merchant=" + merchant.id()
                    + (cursor == null ? "" : "&starting_after=" + cursor)), 200);
            page.get("data").forEach(e -> ids.add(e.get("id").asLong()));
            cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asString() : null;
        } while (cursor != null);

        assertThat(ids).hasSize(3).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(ok(ops().get("/ops/security-events?severity=critical&merchant=" + merchant.id()), 200)
                .get("data")).isEmpty();
        assertThat(ok(ops().get("/ops/security-events?severity=high&merchant=" + merchant.id()), 200)
                .get("data")).hasSize(3);
        assertThat(code(ops().get("/ops/security-events?severity=loud"))).isEqualTo("parameter_invalid");
    }
}
