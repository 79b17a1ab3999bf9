package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.charged;
import static io.tokengate.gateway.charge.ChargeRequests.code;
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

class ChargeApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void createWhenApprovedCardThenCapturedChargeWithAuditTrail() {
        TestMerchant merchant = fixture().merchant();
        String token = merchant.importCard("4242424242424242");
        HttpTestClient client = merchant.client();

        HttpResponse<String> response = client.post("/v1/charges", body(token, 1050, "EUR",
                "\"description\": \"Order 42\", \"reference\": \"ord_42\""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode charge = json(response);
        assertThat(charge.get("id").asString()).startsWith("ch_");
        assertThat(charge.get("object").asString()).isEqualTo("charge");
        assertThat(charge.get("status").asString()).isEqualTo("captured");
        assertThat(charge.get("amount").asLong()).isEqualTo(1050);
        assertThat(charge.get("captured_amount").asLong()).isEqualTo(1050);
        assertThat(charge.get("refunded_amount").asLong()).isZero();
        assertThat(charge.get("currency").asString()).isEqualTo("EUR");
        assertThat(charge.get("token").asString()).isEqualTo(token);
        assertThat(charge.get("channel").asString()).isEqualTo("customer_initiated");
        assertThat(charge.get("description").asString()).isEqualTo("Order 42");
        assertThat(charge.get("reference").asString()).isEqualTo("ord_42");
        assertThat(charge.get("created_at").isNull()).isFalse();
        assertThat(charge.get("authorized_at").isNull()).isFalse();
        assertThat(charge.get("captured_at").isNull()).isFalse();
        assertThat(charge.get("voided_at").isNull()).isTrue();
        assertThat(response.body()).doesNotContain("4242424242424242");

        String id = charge.get("id").asString();
        assertThat(jdbc.sql("SELECT action FROM audit_events WHERE merchant_id = ? "
                        + "AND (subject_id = ? OR details->>'charge' = ?) ORDER BY id")
                .params(merchant.id(), id, id).query(String.class).list())
                .containsExactly("card.opened", "charge.captured");
        assertThat(jdbc.sql("SELECT actor_id FROM audit_events WHERE action = 'card.opened' AND details->>'charge' = ?")
                .param(id).query(String.class).single()).startsWith("key_");
        assertThat(json(client.get("/v1/charges/" + id)).get("status").asString()).isEqualTo("captured");
    }

    @Test
    void captureWhenPartialThenCapturedOnceAndSecondCaptureConflicts() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("5555555555554444");
        JsonNode authorized = charged(client, token, 1000, "\"capture\": false");
        assertThat(authorized.get("status").asString()).isEqualTo("authorized");
        assertThat(authorized.get("captured_amount").asLong()).isZero();
        assertThat(authorized.get("captured_at").isNull()).isTrue();
        String id = authorized.get("id").asString();

        HttpResponse<String> tooMuch = client.post("/v1/charges/" + id + "/capture", "{\"amount\": 1001}");
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(code(tooMuch)).isEqualTo("amount_exceeds_available");

        HttpResponse<String> captured = client.post("/v1/charges/" + id + "/capture", "{\"amount\": 600}");
        assertThat(captured.statusCode()).as(captured.body()).isEqualTo(200);
        assertThat(json(captured).get("status").asString()).isEqualTo("captured");
        assertThat(json(captured).get("captured_amount").asLong()).isEqualTo(600);
        assertThat(json(captured).get("amount").asLong()).isEqualTo(1000);
        assertThat(json(captured).get("token").asString()).isEqualTo(token);

        HttpResponse<String> again = client.post("/v1/charges/" + id + "/capture", "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(code(again)).isEqualTo("state_conflict");
        HttpResponse<String> voided = client.post("/v1/charges/" + id + "/void", "");
        assertThat(voided.statusCode()).isEqualTo(409);
    }

    @Test
    void captureWhenNoBodyThenWholeAuthorizationCaptured() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String id = charged(client, merchant.importCard("4242424242424242"), 700, "\"capture\": false")
                .get("id").asString();

        HttpResponse<String> captured = client.send("POST", "/v1/charges/" + id + "/capture", null, null);

        assertThat(captured.statusCode()).as(captured.body()).isEqualTo(200);
        assertThat(json(captured).get("captured_amount").asLong()).isEqualTo(700);
    }

    @Test
    void voidWhenAuthorizedThenVoidedAndCaptureRefused() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String id = charged(client, merchant.importCard("4242424242424242"), 500, "\"capture\": false")
                .get("id").asString();

        HttpResponse<String> voided = client.post("/v1/charges/" + id + "/void", "{}");

        assertThat(voided.statusCode()).as(voided.body()).isEqualTo(200);
        assertThat(json(voided).get("status").asString()).isEqualTo("voided");
        assertThat(json(voided).get("voided_at").isNull()).isFalse();
        assertThat(code(client.post("/v1/charges/" + id + "/capture", "{}"))).isEqualTo("state_conflict");
        assertThat(code(client.post("/v1/charges/" + id + "/void", "{}"))).isEqualTo("state_conflict");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'charge.voided' AND subject_id = ?")
                .param(id).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void voidWhenUnknownFieldThenRefused() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String id = charged(client, merchant.importCard("4242424242424242"), 500, "\"capture\": false")
                .get("id").asString();

        HttpResponse<String> response = client.post("/v1/charges/" + id + "/void", "{\"reason\": \"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(code(response)).isEqualTo("unknown_field");
    }

    @Test
    void getWhenAnotherMerchantsChargeThenSameNotFoundAsUnknown() {
        TestMerchant owner = fixture().merchant();
        String id = charged(owner.client(), owner.importCard("4242424242424242"), 100, null).get("id").asString();
        HttpTestClient other = fixture().merchant().client();

        HttpResponse<String> foreign = other.get("/v1/charges/" + id);
        HttpResponse<String> unknown = other.get("/v1/charges/ch_00000000000000000000000000");

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(withoutRequestId(foreign.body())).isEqualTo(withoutRequestId(unknown.body()));
        for (String path : new String[] {"/capture", "/void"}) {
            HttpResponse<String> write = other.post("/v1/charges/" + id + path, "{}");
            assertThat(write.statusCode()).isEqualTo(404);
            assertThat(withoutRequestId(write.body())).isEqualTo(withoutRequestId(
                    other.post("/v1/charges/ch_00000000000000000000000000" + path, "{}").body()));
        }
        assertThat(json(other.get("/v1/charges")).get("data")).isEmpty();
    }

    @Test
    void createWhenAnotherMerchantsTokenThenNotFound() {
        TestMerchant owner = fixture().merchant();
        String token = owner.importCard("4242424242424242");

        HttpResponse<String> response = ChargeRequests.charge(fixture().merchant().client(), token, 100);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("param").asString()).isEqualTo("token");
    }

    @Test
    void createWhenAmountMalformedThenProblemNamingAmount() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("4242424242424242");
        String[][] cases = {
                {"10.5", "parameter_invalid"}, {"\"100\"", "parameter_invalid"}, {"0", "amount_invalid"},
                {"-5", "amount_invalid"}, {"1000000000000000001", "amount_invalid"}, {"null", "parameter_missing"},
                {"true", "parameter_invalid"}};
        for (String[] c : cases) {
            HttpResponse<String> response = client.post("/v1/charges",
                    "{\"token\": \"" + token + "\", \"amount\": " + c[0] + ", \"currency\": \"EUR\"}");
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(code(response)).as(c[0]).isEqualTo(c[1]);
            assertThat(json(response).get("param").asString()).as(c[0]).isEqualTo("amount");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM charges WHERE merchant_id = ?").param(merchant.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void createWhenFieldsInvalidThenProblemNamingTheField() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("4242424242424242");
        String[][] cases = {
                {body(token, 100, "eur"), "currency_invalid", "currency"},
                {body(token, 100, "XXX"), "currency_invalid", "currency"},
                {body(token, 100, "ABC"), "currency_invalid", "currency"},
                {"{\"token\": \"" + token + "\", \"amount\": 100}", "parameter_missing", "currency"},
                {"{\"amount\": 100, \"currency\": \"EUR\"}", "parameter_missing", "token"},
                {body(token, 100, "EUR", "\"channel\": \"moto\""), "parameter_invalid", "channel"},
                {body(token, 100, "EUR", "\"capture\": \"yes\""), "parameter_invalid", "capture"},
                {body(token, 100, "EUR", "\"description\": \"" + "x".repeat(501) + "\""), "parameter_invalid",
                        "description"},
                {body(token, 100, "EUR", "\"reference\": \"" + "x".repeat(201) + "\""), "parameter_invalid",
                        "reference"},
                {body(token, 100, "EUR", "\"cvc\": \"123\""), "unknown_field", "cvc"},
                {body("tok_doesnotexist0000000000", 100, "EUR"), "not_found", "token"}};
        for (String[] c : cases) {
            HttpResponse<String> response = client.post("/v1/charges", c[0]);
            assertThat(code(response)).as(c[0]).isEqualTo(c[1]);
            assertThat(json(response).path("param").asString()).as(c[0]).isEqualTo(c[2]);
            assertThat(response.body()).doesNotContain("Exception");
        }
    }

    @Test
    void createWhenCurrencyNotInAclThenAclDenied() {
        TestMerchant merchant = fixture().merchant();
        HttpResponse<String> response = merchant.client().post("/v1/charges",
                body(merchant.importCard("4242424242424242"), 100, "GBP"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(code(response)).isEqualTo("acl_denied");
        assertThat(json(response).get("rule").asString()).isEqualTo("currency");
    }

    @Test
    void endpointsWhenScopeMissingThenForbidden() {
        TestMerchant merchant = fixture().merchant();
        String token = merchant.importCard("4242424242424242");
        HttpTestClient all = merchant.client();
        String id = charged(all, token, 100, "\"capture\": false").get("id").asString();
        HttpTestClient readOnly = merchant.client("charges:read", "refunds:read");
        HttpTestClient writeOnly = merchant.client("charges:write", "refunds:write");

        assertScopeMissing(readOnly.post("/v1/charges", body(token, 100, "EUR")), "charges:write");
        assertScopeMissing(readOnly.post("/v1/charges/" + id + "/capture", "{}"), "charges:write");
        assertScopeMissing(readOnly.post("/v1/charges/" + id + "/void", "{}"), "charges:write");
        assertScopeMissing(readOnly.post("/v1/refunds", "{\"charge\": \"" + id + "\"}"), "refunds:write");
        assertScopeMissing(writeOnly.get("/v1/charges/" + id), "charges:read");
        assertScopeMissing(writeOnly.get("/v1/charges"), "charges:read");
        assertScopeMissing(writeOnly.get("/v1/refunds"), "refunds:read");
        assertScopeMissing(writeOnly.get("/v1/refunds/re_00000000000000000000"), "refunds:read");
        HttpTestClient chargesOnly = merchant.client("charges:write", "charges:read");
        assertScopeMissing(chargesOnly.post("/v1/refunds", "{\"charge\": \"" + id + "\"}"), "refunds:write");
        assertThat(jdbc.sql("SELECT status FROM charges WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("authorized");
    }

    @Test
    void listWhenFilteredAndPagedThenNewestFirstWithStableCursor() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String tokenA = merchant.importCard("4242424242424242");
        String tokenB = merchant.importCard("5555555555554444");
        String first = charged(client, tokenA, 100, null).get("id").asString();
        String second = charged(client, tokenB, 200, "\"capture\": false").get("id").asString();
        String third = charged(client, tokenA, 300, null).get("id").asString();
        String declined = json(ChargeRequests.charge(client, merchant.importCard("4000000000000002"), 400))
                .get("charge").asString();

        JsonNode page1 = json(client.get("/v1/charges?limit=2"));
        assertThat(page1.get("object").asString()).isEqualTo("list");
        assertThat(ids(page1)).containsExactly(declined, third);
        assertThat(page1.get("has_more").asBoolean()).isTrue();
        JsonNode page2 = json(client.get("/v1/charges?limit=2&starting_after=" + page1.get("next_cursor").asString()));
        assertThat(ids(page2)).containsExactly(second, first);
        assertThat(page2.get("has_more").asBoolean()).isFalse();

        assertThat(ids(json(client.get("/v1/charges?status=authorized")))).containsExactly(second);
        assertThat(ids(json(client.get("/v1/charges?status=declined")))).containsExactly(declined);
        assertThat(ids(json(client.get("/v1/charges?token=" + tokenA)))).containsExactly(third, first);
        assertThat(ids(json(client.get("/v1/charges?token=tok_unknown00000000000")))).isEmpty();
        String secondCreated = json(client.get("/v1/charges/" + second)).get("created_at").asString();
        assertThat(ids(json(client.get("/v1/charges?created_gte=" + secondCreated))))
                .containsExactly(declined, third, second);
        assertThat(ids(json(client.get("/v1/charges?created_lt=" + secondCreated)))).containsExactly(first);

        assertThat(code(client.get("/v1/charges?status=paid"))).isEqualTo("parameter_invalid");
        assertThat(code(client.get("/v1/charges?created_gte=yesterday"))).isEqualTo("parameter_invalid");
        assertThat(code(client.get("/v1/charges?limit=101"))).isEqualTo("parameter_invalid");
        assertThat(code(client.get("/v1/charges?starting_after=bm9wZQ"))).isEqualTo("cursor_invalid");
    }

    static java.util.List<String> ids(JsonNode page) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        page.get("data").forEach(c -> ids.add(c.get("id").asString()));
        return ids;
    }

    static String withoutRequestId(String body) {
        return body.replaceAll("\"request_id\":\"[^\"]*\"", "");
    }

    private static void assertScopeMissing(HttpResponse<String> response, String scope) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(code(response)).isEqualTo("scope_missing");
        assertThat(json(response).get("required_scope").asString()).isEqualTo(scope);
    }
}
