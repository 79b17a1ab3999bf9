package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.charge.ChargeRequest;
import io.tokengate.gateway.idempotency.IdempotentRequest;
import io.tokengate.gateway.support.CheckoutBrowser;
import io.tokengate.gateway.token.IssuedToken;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Pan;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Payment mode: the amount on the page, the charge after the card, and what a refusal leaves behind. */
class CheckoutPaymentFlowTest extends CheckoutTestSupport {

    @Autowired
    Tokens tokens;

    @Autowired
    CheckoutDecisions decisions;

    @Autowired
    CheckoutSessionRepository sessions;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    CheckoutPayments payments;

    @Autowired
    JsonMapper mapper;

    @Test
    void paymentWhenCardApprovedThenChargeCapturedAndExchangeReturnsChargeAndToken() {
        Shop shop = shop();
        JsonNode session = paymentSession(shop, 1250, "EUR");
        String id = session.get("id").asString();
        CheckoutBrowser browser = browser();

        HttpResponse<String> form = browser.get(page(session));
        assertThat(form.body()).contains("Pay <span class=\"amount\">12.50 EUR</span>");
        String back = saveCard(browser, session, "5555555555554444", "123");
        HttpResponse<String> completed = complete(shop, id, query(back).get("code"));

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        JsonNode body = json(completed);
        JsonNode charge = body.get("charge");
        assertThat(charge.get("id").asString()).startsWith("ch_");
        assertThat(charge.get("object").asString()).isEqualTo("charge");
        assertThat(charge.get("status").asString()).isEqualTo("captured");
        assertThat(charge.get("amount").asLong()).isEqualTo(1250);
        assertThat(charge.get("channel").asString()).isEqualTo("customer_initiated");
        assertThat(body.get("session").get("charge").asString()).isEqualTo(charge.get("id").asString());
        assertThat(body.get("token").get("card").get("brand").asString()).isEqualTo("mastercard");
        HttpResponse<String> fetched = shop.api().get("/v1/charges/" + charge.get("id").asString());
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        assertThat(json(fetched).get("status").asString()).isEqualTo("captured");
        assertThat(json(fetched).get("amount").asLong()).isEqualTo(1250);
        assertThat(json(fetched).get("token").asString()).isEqualTo(body.get("token").get("token").asString());
    }

    @Test
    void paymentWhenCaptureFalseThenChargeOnlyAuthorized() {
        Shop shop = shop();
        JsonNode session = createSession(shop, """
                {"mode": "payment", "amount": 1000, "currency": "JPY", "capture": false,
                 "success_url": "%s", "cancel_url": "%s"}""".formatted(SUCCESS, CANCEL));
        CheckoutBrowser browser = browser();

        assertThat(browser.get(page(session)).body()).contains("1,000 JPY");
        String back = saveCard(browser, session, "4242424242424242", "123");
        JsonNode charge = json(complete(shop, session.get("id").asString(), query(back).get("code"))).get("charge");

        assertThat(charge.get("status").asString()).isEqualTo("authorized");
        assertThat(json(shop.api().get("/v1/charges/" + charge.get("id").asString())).get("status").asString())
                .isEqualTo("authorized");
    }

    @Test
    void paymentWhenCardholderChallengedThenChargeAuthorizedAsAuthenticated() {
        Shop shop = shop();
        JsonNode session = paymentSession(shop, 2000, "USD");
        CheckoutBrowser browser = browser();
        String challenge = saveCard(browser, session, CheckoutVerificationTest.CHALLENGE_CARD, "123");
        browser.get(challenge);

        HttpResponse<String> passed = browser.post(challenge, Map.of("passcode", CheckoutVerificationTest.PASSCODE));

        assertThat(passed.statusCode()).as(passed.body()).isEqualTo(303);
        assertThat(location(passed)).contains("code=");
        JsonNode body = json(complete(shop, session.get("id").asString(), query(location(passed)).get("code")));
        assertThat(body.get("charge").get("id").asString()).startsWith("ch_");
    }

    @Test
    void paymentWhenAclDailyCapRefusesTheChargeThenShopperToldAndTheNewTokenRevoked() {
        Shop shop = shop();
        fixture().setAcl(shop.merchant().id(), """
                {"currencies": [{"currency": "EUR", "daily_max": 1500}]}""");
        JsonNode first = paymentSession(shop, 1000, "EUR");
        JsonNode second = paymentSession(shop, 1000, "EUR");
        CheckoutBrowser browser = browser();
        assertThat(saveCard(browser, first, "4242424242424242", "123")).contains("code=");

        browser.get(page(second));
        HttpResponse<String> refused = browser.post(page(second), CheckoutBrowser.card("5555555555554444", "123"));

        assertThat(refused.statusCode()).isEqualTo(402);
        assertThat(refused.body()).contains("cannot accept this payment").doesNotContain("id=\"retry\"");
        String id = second.get("id").asString();
        JsonNode read = json(shop.api().get("/v1/checkout/sessions/" + id));
        assertThat(read.get("status").asString()).isEqualTo("failed");
        assertThat(read.get("last_error").asString()).isEqualTo("acl_denied");
        assertThat(read.get("token").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ? AND status = 'revoked'")
                .param(shop.merchant().id()).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'acl.denied' AND merchant_id = ?")
                .param(shop.merchant().id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void settleWhenChargeDeclinedThenTokenRevokedAndFormOffersAnotherCard() {
        Shop shop = shop();
        JsonNode session = paymentSession(shop, 700, "EUR");
        String id = session.get("id").asString();
        IssuedToken token = authorizing(shop, id);
        CheckoutSession authorizing = sessions.find(id).orElseThrow();

        Step step = decisions.settle(authorizing, new CheckoutCompletion.Issued(token.token(), token.tokenId(),
                        token.cardId(), authorizing.card(), 1, false),
                new CheckoutPayments.Outcome.Declined(null, "insufficient_funds"), Actor.shopper(id, "127.0.0.1"));

        assertThat(step).isInstanceOf(Step.Declined.class);
        assertThat(((Step.Declined) step).canRetry()).isTrue();
        CheckoutSession after = sessions.find(id).orElseThrow();
        assertThat(after.status()).isEqualTo("open");
        assertThat(after.tokenId()).isNull();
        assertThat(after.card()).isNull();
        assertThat(tokens.get(shop.merchant().id(), token.token()).status()).isEqualTo("revoked");
        HttpResponse<String> form = browser().get(page(session));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("The card has insufficient funds");
    }

    @Test
    void pageWhenAnInstanceStoppedAfterChargingThenNextVisitFinishesWithTheSameChargeNotASecond() {
        Shop shop = shop();
        JsonNode session = paymentSession(shop, 900, "EUR");
        String id = session.get("id").asString();
        IssuedToken token = authorizing(shop, id);
        // The stopped instance got as far as the charge: approved, stored under the attempt's key.
        CheckoutPayments.Outcome first = payments.authorize(shop.merchant().id(), token.token(), 900, "EUR", true,
                "checkout:" + id + ":1", null, false, Actor.shopper(id, "127.0.0.1"));
        assertThat(first).isInstanceOf(CheckoutPayments.Outcome.Approved.class);

        HttpResponse<String> visit = browser().get(page(session));

        assertThat(visit.statusCode()).as(visit.body()).isEqualTo(303);
        String code = query(location(visit)).get("code");
        JsonNode completed = json(complete(shop, id, code));
        assertThat(completed.get("charge").get("id").asString())
                .isEqualTo(((CheckoutPayments.Outcome.Approved) first).chargeId());
        assertThat(jdbc.sql("SELECT count(*) FROM charges WHERE token_id = ?").param(token.tokenId())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void pageWhenTheChargeIsStillInFlightThenProcessingPageThatAsksAgainByItself() {
        Shop shop = shop();
        JsonNode session = paymentSession(shop, 900, "EUR");
        String id = session.get("id").asString();
        IssuedToken token = authorizing(shop, id);
        // Another instance holds the attempt's Idempotency-Key: its charge has no answer yet.
        byte[] body = mapper.writeValueAsBytes(new ChargeRequest(token.token(), 900L, "EUR", true, "Hosted checkout",
                null, "customer_initiated"));
        byte[] hash = IdempotentRequest.of(shop.merchant().id(), "checkout:" + id + ":1", "POST", "/v1/charges", body)
                .requestHash();
        jdbc.sql("INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at) "
                + "VALUES (?, ?, ?, now() + interval '1 hour')").params(shop.merchant().id(), "checkout:" + id + ":1",
                hash).update();

        HttpResponse<String> visit = browser().get(page(session));

        assertThat(visit.statusCode()).isEqualTo(202);
        assertThat(visit.body()).contains("Confirming your payment")
                .contains("<meta http-equiv=\"refresh\" content=\"3;url=/checkout/" + id + "\">");
        assertThat(sessions.find(id).orElseThrow().status()).isEqualTo("authorizing");
        assertThat(jdbc.sql("SELECT count(*) FROM charges WHERE token_id = ?").param(token.tokenId())
                .query(Integer.class).single()).isZero();
    }

    /** A payment session caught between its token and its charge, as a stopped instance leaves it. */
    private IssuedToken authorizing(Shop shop, String id) {
        IssuedToken token = tx.execute(s -> tokens.vaultAndIssue(shop.merchant().id(), new CardPayload(
                Pan.parse("4242424242424242"), new Expiry(12, 2034), "Ada"), null, Actor.system("test")));
        jdbc.sql("UPDATE checkout_sessions SET status = 'authorizing', attempts = 1, charge_attempts = 1, "
                        + "token_id = ?, card_id = ?, card_brand = 'visa', card_last4 = '4242', card_exp_month = 12, "
                        + "card_exp_year = 2034 WHERE id = ?")
                .params(token.tokenId(), token.cardId(), id).update();
        return token;
    }
}
