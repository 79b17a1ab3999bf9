package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.CheckoutBrowser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The card network's answers on the hosted page: challenge, wrong CVC, declines, attempt limits. */
class CheckoutVerificationTest extends CheckoutTestSupport {

    static final String CHALLENGE_CARD = "4000000000003220";
    static final String DECLINED_CARD = "4000000000000002";
    static final String WRONG_CVC_CARD = "4000000000000127";
    static final String PASSCODE = "123456";

    @Test
    void submitWhenIssuerAsksForCardholderThenChallengeWithCardVaultedWithoutTokenAndPasscodeIssuesIt() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        CheckoutBrowser browser = browser();

        String challenge = saveCard(browser, session, CHALLENGE_CARD, "123");
        assertThat(challenge).isEqualTo("/checkout/" + id + "/challenge");
        Map<String, Object> row = jdbc.sql("SELECT status, card_id, token_id, challenge_id FROM checkout_sessions "
                + "WHERE id = ?").param(id).query().singleRow();
        assertThat(row.get("status")).isEqualTo("challenge");
        assertThat(row.get("card_id")).isNotNull();
        assertThat(row.get("token_id")).as("no token before the cardholder passes").isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ?").param(shop.merchant().id())
                .query(Integer.class).single()).isZero();

        HttpResponse<String> page = browser.get(challenge);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("autocomplete=\"one-time-code\"").contains("ending in <span>3220</span>");
        assertThat(browser.get(page(session)).statusCode()).as("the card page leads to the challenge").isEqualTo(303);
        browser.get(challenge);

        HttpResponse<String> wrong = browser.post(challenge, Map.of("passcode", "000000"));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("2 tries left").contains("aria-describedby=\"passcode-error\"");

        HttpResponse<String> right = browser.post(challenge, Map.of("passcode", PASSCODE));
        assertThat(right.statusCode()).as(right.body()).isEqualTo(303);
        String code = query(location(right)).get("code");
        HttpResponse<String> completed = complete(shop, id, code);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(json(completed).get("token").get("card").get("last4").asString()).isEqualTo("3220");
        assertThat(audited("checkout.challenge_required", id)).isEqualTo(1);
        assertThat(audited("checkout.challenge_failed", id)).isEqualTo(1);
        assertThat(audited("checkout.challenge_passed", id)).isEqualTo(1);
    }

    @Test
    void challengeWhenThreeWrongPasscodesThenSessionFailedAndThrottleAudited() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        CheckoutBrowser browser = browser();
        String challenge = saveCard(browser, session, CHALLENGE_CARD, "123");
        browser.get(challenge);

        assertThat(browser.post(challenge, Map.of("passcode", "111111")).statusCode()).isEqualTo(422);
        assertThat(browser.post(challenge, Map.of("passcode", "222222")).statusCode()).isEqualTo(422);
        HttpResponse<String> last = browser.post(challenge, Map.of("passcode", "333333"));

        assertThat(last.statusCode()).isEqualTo(410);
        assertThat(last.body()).contains("could not be completed");
        assertThat(browser.post(challenge, Map.of("passcode", PASSCODE)).statusCode()).isEqualTo(410);
        assertThat(json(shop.api().get("/v1/checkout/sessions/" + id)).get("status").asString()).isEqualTo("failed");
        assertThat(audited("checkout.throttled", id)).isEqualTo(1);
        HttpResponse<String> exchange = complete(shop, id, "chk_guess");
        assertThat(exchange.statusCode()).isEqualTo(409);
        assertThat(json(exchange).get("code").asString()).isEqualTo("checkout_session_not_open");
    }

    @Test
    void submitWhenCvcIncorrectThenCvcErrorAndSessionStaysOpen() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        CheckoutBrowser browser = browser();
        browser.get(page(session));

        HttpResponse<String> refused = browser.post(page(session), CheckoutBrowser.card(WRONG_CVC_CARD, "123"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("The security code is not correct").contains("id=\"cvc-error\"")
                .doesNotContain(WRONG_CVC_CARD);
        JsonNode read = json(shop.api().get("/v1/checkout/sessions/" + session.get("id").asString()));
        assertThat(read.get("status").asString()).isEqualTo("open");
        assertThat(read.get("last_error").asString()).isEqualTo("incorrect_cvc");
    }

    @Test
    void submitWhenDeclinedThenDeclinePageWithRetryAndFormShowsWhy() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        CheckoutBrowser browser = browser();
        browser.get(page(session));

        HttpResponse<String> declined = browser.post(page(session), CheckoutBrowser.card(DECLINED_CARD, "123"));

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body()).contains("Your bank declined the card").contains("id=\"retry\"")
                .doesNotContain(DECLINED_CARD);
        HttpResponse<String> retry = browser.get(page(session));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("Your bank declined the card");
        String back = saveCard(browser, session, "5555555555554444", "123");
        assertThat(query(back)).containsKey("code");
    }

    @Test
    void submitWhenFiveCardsRefusedThenSessionFailsAndSixthIsRefusedWithoutNetwork() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        CheckoutBrowser browser = browser();
        browser.get(page(session));
        for (int i = 1; i <= 4; i++) {
            assertThat(browser.post(page(session), CheckoutBrowser.card(DECLINED_CARD, "123")).statusCode())
                    .isEqualTo(402);
            browser.get(page(session));
        }
        HttpResponse<String> fifth = browser.post(page(session), CheckoutBrowser.card(DECLINED_CARD, "123"));
        assertThat(fifth.statusCode()).isEqualTo(410);
        assertThat(fifth.body()).contains("Too many attempts did not succeed");

        HttpResponse<String> sixth = browser.post(page(session), CheckoutBrowser.card("4242424242424242", "123"));
        assertThat(sixth.statusCode()).isEqualTo(410);
        assertThat(jdbc.sql("SELECT attempts FROM checkout_sessions WHERE id = ?").param(id).query(Integer.class)
                .single()).isEqualTo(5);
        assertThat(audited("checkout.card_refused", id)).isEqualTo(5);
        assertThat(audited("checkout.throttled", id)).isEqualTo(1);
    }

    @Test
    void submitWhenClientAddressOverItsLimitThen429PageAcrossSessionsAndAudited() {
        Shop shop = shop();
        JsonNode first = setupSession(shop);
        JsonNode second = setupSession(shop);
        jdbc.sql("DELETE FROM checkout_client_attempts").update();
        checkoutProperties.setClientMaxAttempts(3);
        try {
            CheckoutBrowser browser = browser();
            browser.get(page(first));
            assertThat(browser.post(page(first), CheckoutBrowser.card(DECLINED_CARD, "123")).statusCode())
                    .isEqualTo(402);
            browser.get(page(first));
            assertThat(browser.post(page(first), CheckoutBrowser.card(DECLINED_CARD, "123")).statusCode())
                    .isEqualTo(402);
            browser.get(page(second));
            assertThat(browser.post(page(second), CheckoutBrowser.card(DECLINED_CARD, "123")).statusCode())
                    .isEqualTo(402);
            browser.get(page(second));

            HttpResponse<String> throttled = browser.post(page(second), CheckoutBrowser.card("4242424242424242", "123"));

            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(throttled.body()).contains("Too many attempts");
            assertThat(audited("checkout.throttled", second.get("id").asString())).isEqualTo(1);
            assertThat(jdbc.sql("SELECT attempts FROM checkout_sessions WHERE id = ?")
                    .param(second.get("id").asString()).query(Integer.class).single()).isEqualTo(1);
        } finally {
            checkoutProperties.setClientMaxAttempts(1_000_000);
            jdbc.sql("DELETE FROM checkout_client_attempts").update();
        }
    }
}
