package io.tokengate.gateway.token;

import static io.tokengate.gateway.support.OpsFixture.json;
import static io.tokengate.gateway.token.CardImportBuilder.VISA;
import static io.tokengate.gateway.token.CardImportBuilder.importCard;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TokenApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void getWhenOwnTokenThenTokenObjectWithoutCardNumber() {
        TestMerchant merchant = fixture().merchant();
        JsonNode imported = importCard(ops(), merchant.id()).maxAmount(2500, "USD").created();
        String token = imported.get("token").asString();

        HttpResponse<String> response = merchant.client("tokens:read").get("/v1/tokens/" + token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body).isEqualTo(imported);
        assertThat(body.get("object").asString()).isEqualTo("token");
        assertThat(body.get("token").asString()).isEqualTo(token);
        assertThat(body.get("controls").get("max_amount").asLong()).isEqualTo(2500);
        assertThat(response.body()).doesNotContain(VISA).doesNotContain("424242").doesNotContain("card_");
    }

    @Test
    void getWhenExpiresAtPassedThenStatusExpiredEvenThoughRowSaysActive() {
        TestMerchant merchant = fixture().merchant();
        String token = importCard(ops(), merchant.id()).control("expires_at", "2090-01-01T00:00:00Z").token();
        jdbc.sql("UPDATE tokens SET expires_at = now() - interval '1 minute' WHERE merchant_id = ?")
                .param(merchant.id()).update();

        JsonNode body = json(merchant.client("tokens:read").get("/v1/tokens/" + token));
        assertThat(body.get("status").asString()).isEqualTo("expired");
        assertThat(jdbc.sql("SELECT status FROM tokens WHERE merchant_id = ?").param(merchant.id())
                .query(String.class).single()).isEqualTo("active");
    }

    @Test
    void notFoundWhenForeignUnknownOrMalformedThenIdenticalProblemsApartFromRequestId() {
        TestMerchant owner = fixture().merchant();
        TestMerchant other = fixture().merchant();
        String foreign = importCard(ops(), owner.id()).token();
        String foreignFpe = importCard(ops(), owner.id()).formatPreserving().token();
        HttpTestClient client = other.client("tokens:read", "tokens:write");
        List<String> candidates = List.of(foreign, foreignFpe, "tok_AAAAAAAAAAAAAAAAAAAAAAAA", "tok_short", "nonsense",
                "0000000000004242", VISA);

        List<JsonNode> problems = new ArrayList<>();
        for (String candidate : candidates) {
            for (HttpResponse<String> response : List.of(client.get("/v1/tokens/" + candidate),
                    client.delete("/v1/tokens/" + candidate))) {
                assertThat(response.statusCode()).as(candidate).isEqualTo(404);
                assertThat(response.body()).doesNotContain(candidate);
                ObjectNode problem = (ObjectNode) json(response);
                assertThat(problem.remove("request_id").asString()).startsWith("req_");
                problems.add(problem);
            }
        }
        assertThat(problems).allSatisfy(p -> assertThat(p).isEqualTo(problems.getFirst()));
        assertThat(problems.getFirst().get("code").asString()).isEqualTo("not_found");
        assertThat(problems.getFirst().get("param").asString()).isEqualTo("token");
        assertThat(json(owner.client("tokens:read").get("/v1/tokens/" + foreign)).get("status").asString())
                .isEqualTo("active");
    }

    @Test
    void listWhenPagedThenEveryOwnTokenOnceNewestFirstAndNoForeignToken() {
        TestMerchant merchant = fixture().merchant();
        TestMerchant other = fixture().merchant();
        importCard(ops(), other.id()).token();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            issued.add(importCard(ops(), merchant.id()).token());
        }
        HttpTestClient client = merchant.client("tokens:read");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = client.get("/v1/tokens?limit=3" + (cursor == null ? "" : "&starting_after=" + cursor));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("object").asString()).isEqualTo("list");
            body.get("data").forEach(t -> seen.add(t.get("token").asString()));
            cursor = body.get("has_more").asBoolean() ? body.get("next_cursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(issued.reversed());
    }

    @Test
    void listWhenStatusFilterThenOnlyTokensWithThatEffectiveStatus() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("tokens:read", "tokens:write");
        String active = importCard(ops(), merchant.id()).token();
        String revoked = importCard(ops(), merchant.id()).token();
        String lapsed = importCard(ops(), merchant.id()).control("expires_at", "2090-01-01T00:00:00Z").token();
        String suspended = importCard(ops(), merchant.id()).token();
        client.delete("/v1/tokens/" + revoked);
        ops().post("/ops/merchants/" + merchant.id() + "/tokens/" + suspended + "/suspend", "");
        jdbc.sql("UPDATE tokens SET expires_at = now() - interval '1 second' WHERE merchant_id = ? AND expires_at "
                + "IS NOT NULL").param(merchant.id()).update();

        assertThat(tokensOf(client.get("/v1/tokens?status=active"))).containsExactly(active);
        assertThat(tokensOf(client.get("/v1/tokens?status=revoked"))).containsExactly(revoked);
        assertThat(tokensOf(client.get("/v1/tokens?status=expired"))).containsExactly(lapsed);
        assertThat(tokensOf(client.get("/v1/tokens?status=suspended"))).containsExactly(suspended);
        assertThat(tokensOf(client.get("/v1/tokens"))).containsExactly(suspended, lapsed, revoked, active);
    }

    @Test
    void listWhenParametersInvalidThen400() {
        HttpTestClient client = fixture().merchant().client("tokens:read");
        assertThat(json(client.get("/v1/tokens?status=deleted")).get("param").asString()).isEqualTo("status");
        assertThat(json(client.get("/v1/tokens?limit=0")).get("param").asString()).isEqualTo("limit");
        assertThat(json(client.get("/v1/tokens?limit=101")).get("param").asString()).isEqualTo("limit");
        HttpResponse<String> cursor = client.get("/v1/tokens?starting_after=not-a-cursor");
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(json(cursor).get("code").asString()).isEqualTo("cursor_invalid");
    }

    @Test
    void deleteWhenActiveThenRevokedAuditedAndWhenRepeatedThenSameObjectWithoutSecondAudit() {
        TestMerchant merchant = fixture().merchant();
        String token = importCard(ops(), merchant.id()).token();
        HttpTestClient client = merchant.client("tokens:read", "tokens:write");

        HttpResponse<String> first = client.delete("/v1/tokens/" + token);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).get("status").asString()).isEqualTo("revoked");
        assertThat(json(first).get("revoked_reason").asString()).isEqualTo("revoked by merchant");
        assertThat(json(first).get("revoked_at").isNull()).isFalse();

        HttpResponse<String> again = client.delete("/v1/tokens/" + token);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(json(client.get("/v1/tokens/" + token)).get("status").asString()).isEqualTo("revoked");
        List<String> audited = jdbc.sql("SELECT actor_type || ':' || coalesce(details->>'reason', '') FROM audit_events "
                + "WHERE merchant_id = ? AND action = 'token.revoked'").param(merchant.id()).query(String.class).list();
        assertThat(audited).containsExactly("merchant:revoked by merchant");
    }

    @Test
    void scopesWhenMissingThen403AndWithoutKeyThen401() {
        TestMerchant merchant = fixture().merchant();
        String token = importCard(ops(), merchant.id()).token();

        HttpResponse<String> noRead = merchant.client("charges:write").get("/v1/tokens/" + token);
        assertThat(noRead.statusCode()).isEqualTo(403);
        assertThat(json(noRead).get("code").asString()).isEqualTo("scope_missing");
        assertThat(merchant.client("charges:write").get("/v1/tokens").statusCode()).isEqualTo(403);
        HttpResponse<String> noWrite = merchant.client("tokens:read").delete("/v1/tokens/" + token);
        assertThat(noWrite.statusCode()).isEqualTo(403);
        assertThat(json(noWrite).get("code").asString()).isEqualTo("scope_missing");
        assertThat(json(merchant.client("tokens:read").get("/v1/tokens/" + token)).get("status").asString())
                .isEqualTo("active");

        HttpResponse<String> anonymous = http().get("/v1/tokens/" + token);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("code").asString()).isEqualTo("authentication_required");
    }

    private static List<String> tokensOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(response).get("data").forEach(t -> out.add(t.get("token").asString()));
        return out;
    }
}
