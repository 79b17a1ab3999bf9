package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The merchant's session API: creation rules, reading, isolation and the code exchange's refusals. */
class CheckoutSessionApiTest extends CheckoutTestSupport {

    @Test
    void createWhenSetupThenOpenSessionWithHostedPageUrlDefaultsAndAudit() {
        Shop shop = shop();
        Instant before = Instant.now();
        JsonNode session = setupSession(shop);

        String id = session.get("id").asString();
        assertThat(id).matches("cs_[A-Za-z0-9]{16,40}");
        assertThat(session.get("object").asString()).isEqualTo("checkout_session");
        assertThat(session.get("url").asString()).isEqualTo("http://localhost:" + port + "/checkout/" + id);
        assertThat(session.get("status").asString()).isEqualTo("open");
        assertThat(session.get("mode").asString()).isEqualTo("setup");
        assertThat(session.get("merchant_reference").asString()).isEqualTo("order-42");
        assertThat(session.get("token_controls").get("usage").asString()).isEqualTo("multi_use");
        assertThat(session.get("token_controls").get("channel").asString()).isEqualTo("any");
        assertThat(session.get("token").isNull()).isTrue();
        Instant expires = Instant.parse(session.get("expires_at").asString());
        assertThat(expires).isBetween(before.plus(Duration.ofMinutes(29)), Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(audited("checkout.session_created", id)).isEqualTo(1);
    }

    @Test
    void createWhenPaymentWithControlsAndLifetimeThenStoredAsAsked() {
        Shop shop = shop();
        JsonNode session = createSession(shop, """
                {"mode": "payment", "amount": 1250, "currency": "EUR", "capture": false,
                 "success_url": "%s", "cancel_url": "%s", "expires_in_seconds": 600,
                 "token_controls": {"usage": "single_use", "max_amount": 5000, "max_amount_currency": "EUR",
                                    "channel": "customer_initiated"}}""".formatted(SUCCESS, CANCEL));

        assertThat(session.get("amount").asLong()).isEqualTo(1250);
        assertThat(session.get("currency").asString()).isEqualTo("EUR");
        assertThat(session.get("capture").asBoolean()).isFalse();
        assertThat(session.get("token_controls").get("max_amount").asLong()).isEqualTo(5000);
        assertThat(Instant.parse(session.get("expires_at").asString()))
                .isBefore(Instant.now().plus(Duration.ofMinutes(11)));
    }

    @Test
    void createWhenCurrencyNotInAclOrAmountOverCapThenAclDeniedBeforeAnyShopperArrives() {
        Shop shop = shop();
        fixture().setAcl(shop.merchant().id(), """
                {"currencies": [{"currency": "EUR", "per_charge_max": 10000}]}""");

        HttpResponse<String> currency = shop.api().post("/v1/checkout/sessions", """
                {"mode": "payment", "amount": 100, "currency": "USD", "success_url": "%s", "cancel_url": "%s"}"""
                .formatted(SUCCESS, CANCEL));
        assertThat(currency.statusCode()).isEqualTo(403);
        assertThat(json(currency).get("code").asString()).isEqualTo("acl_denied");
        assertThat(json(currency).get("rule").asString()).isEqualTo("currency");

        HttpResponse<String> cap = shop.api().post("/v1/checkout/sessions", """
                {"mode": "payment", "amount": 10001, "currency": "EUR", "success_url": "%s", "cancel_url": "%s"}"""
                .formatted(SUCCESS, CANCEL));
        assertThat(cap.statusCode()).isEqualTo(403);
        assertThat(json(cap).get("rule").asString()).isEqualTo("per_charge_max");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'acl.denied' AND merchant_id = ?")
                .param(shop.merchant().id()).query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM checkout_sessions WHERE merchant_id = ?")
                .param(shop.merchant().id()).query(Integer.class).single()).isZero();
    }

    @Test
    void createWhenReturnUrlsUnsafeThenParameterInvalidNamingTheField() {
        Shop shop = shop();
        assertInvalid(shop, "{\"mode\": \"setup\", \"success_url\": \"https://evil.example/x\", \"cancel_url\": \"%s\"}"
                .formatted(CANCEL), "success_url");
        assertInvalid(shop, "{\"mode\": \"setup\", \"success_url\": \"http://shop.example/x\", \"cancel_url\": \"%s\"}"
                .formatted(CANCEL), "success_url");
        assertInvalid(shop, "{\"mode\": \"setup\", \"success_url\": \"%s\", \"cancel_url\": \"javascript:alert(1)\"}"
                .formatted(SUCCESS), "cancel_url");
        assertInvalid(shop, "{\"mode\": \"setup\", \"success_url\": \"https://user@shop.example/\", \"cancel_url\": \"%s\"}"
                .formatted(CANCEL), "success_url");
        assertInvalid(shop, "{\"mode\": \"subscribe\", \"success_url\": \"%s\", \"cancel_url\": \"%s\"}"
                .formatted(SUCCESS, CANCEL), "mode");
        assertInvalid(shop, "{\"mode\": \"setup\", \"amount\": 100, \"success_url\": \"%s\", \"cancel_url\": \"%s\"}"
                .formatted(SUCCESS, CANCEL), "amount");
        assertInvalid(shop, "{\"mode\": \"setup\", \"expires_in_seconds\": 90000, \"success_url\": \"%s\", \"cancel_url\": \"%s\"}"
                .formatted(SUCCESS, CANCEL), "expires_in_seconds");
        assertInvalid(shop, """
                {"mode": "payment", "amount": 100, "currency": "EUR", "success_url": "%s", "cancel_url": "%s",
                 "token_controls": {"channel": "merchant_initiated"}}""".formatted(SUCCESS, CANCEL),
                "token_controls.channel");
        HttpResponse<String> unknown = shop.api().post("/v1/checkout/sessions",
                "{\"mode\": \"setup\", \"success_url\": \"%s\", \"cancel_url\": \"%s\", \"colour\": \"red\"}"
                        .formatted(SUCCESS, CANCEL));
        assertThat(json(unknown).get("code").asString()).isEqualTo("unknown_field");
    }

    @Test
    void createWhenLocalhostHttpOriginRegisteredThenAccepted() {
        TestMerchant merchant = fixture().merchant("Dev shop", java.util.List.of("http://localhost:3000"));
        Shop shop = new Shop(merchant, merchant.client("checkout:write"));
        JsonNode session = createSession(shop, """
                {"mode": "setup", "success_url": "http://localhost:3000/ok", "cancel_url": "http://localhost:3000/no"}""");
        assertThat(session.get("status").asString()).isEqualTo("open");
    }

    @Test
    void sessionWhenKeyLacksScopeOrOtherMerchantAsksThenRefusedLikeUnknown() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();

        HttpResponse<String> noScope = shop.merchant().client("charges:write").get("/v1/checkout/sessions/" + id);
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(json(noScope).get("code").asString()).isEqualTo("scope_missing");

        Shop other = shop();
        HttpResponse<String> foreign = other.api().get("/v1/checkout/sessions/" + id);
        HttpResponse<String> missing = other.api().get("/v1/checkout/sessions/cs_0000000000000000000000");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign).get("code").asString()).isEqualTo("not_found");
        assertThat(json(foreign).get("detail")).isEqualTo(json(missing).get("detail"));
        HttpResponse<String> foreignComplete = complete(other, id, "chk_whatever");
        assertThat(foreignComplete.statusCode()).isEqualTo(404);
    }

    @Test
    void completeWhenShopperHasNotFinishedOrCodeWrongThenStableCodesAndAudited() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();

        HttpResponse<String> early = complete(shop, id, "chk_notIssuedYet");
        assertThat(early.statusCode()).isEqualTo(422);
        assertThat(json(early).get("code").asString()).isEqualTo("checkout_code_invalid");

        String back = saveCard(browser(), session, "4242424242424242", "123");
        HttpResponse<String> wrong = complete(shop, id, query(back).get("code") + "x");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(json(wrong).get("param").asString()).isEqualTo("code");
        HttpResponse<String> missing = shop.api().post("/v1/checkout/sessions/" + id + "/complete", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("code").asString()).isEqualTo("parameter_missing");
        assertThat(audited("checkout.code_rejected", id)).isEqualTo(2);

        assertThat(complete(shop, id, query(back).get("code")).statusCode()).as("the right code still works")
                .isEqualTo(200);
    }

    @Test
    void completeWhenCodeOlderThanItsLifetimeThenRefused() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        String back = saveCard(browser(), session, "4242424242424242", "123");
        jdbc.sql("UPDATE checkout_sessions SET code_expires_at = now() - interval '1 second' WHERE id = ?")
                .param(id).update();

        HttpResponse<String> late = complete(shop, id, query(back).get("code"));

        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(json(late).get("detail").asString()).contains("expired");
    }

    private static void assertInvalid(Shop shop, String body, String param) {
        HttpResponse<String> response = shop.api().post("/v1/checkout/sessions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("param").asString()).as(response.body()).isEqualTo(param);
    }
}
