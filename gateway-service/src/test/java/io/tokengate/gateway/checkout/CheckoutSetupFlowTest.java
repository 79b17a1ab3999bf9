package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.CheckoutBrowser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Setup mode end to end over HTTP: the form, the card, the return trip and the code exchange. */
class CheckoutSetupFlowTest extends CheckoutTestSupport {

    @Test
    void pageWhenOpenThenFormWithStrictHeadersCsrfCookieAndNoHttpSession() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        HttpResponse<String> page = browser().get(page(session));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; "
                + "style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'self' https://shop.example");
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("tg_checkout_csrf=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/checkout"));
        assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));

        String html = page.body();
        assertThat(html).contains("<h1>Save your card</h1>").contains("autocomplete=\"cc-number\"").contains("autocomplete=\"cc-exp-month\"")
                .contains("autocomplete=\"cc-exp-year\"").contains("autocomplete=\"cc-csc\"")
                .contains("autocomplete=\"cc-name\"").contains("<label for=\"card_number\">")
                .contains("href=\"/checkout/assets/checkout.css\"").doesNotContain("<script");
        assertThat(html.split("name=\"_csrf\"", -1)).hasSize(3); // one per form: card form and cancel form
    }

    @Test
    void styleSheetWhenRequestedThenServedUnderTheCheckoutChain() {
        HttpResponse<String> css = browser().get("/checkout/assets/checkout.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(css.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void submitWhenApprovedCardThenRedirectWithOneTimeCodeAndCompleteReturnsTokenOnce() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        CheckoutBrowser browser = browser();

        String back = saveCard(browser, session, "4242 4242 4242 4242", "123");

        assertThat(back).startsWith("https://shop.example/checkout/done?order=42&session_id=" + id + "&code=");
        String code = query(back).get("code");
        assertThat(code).startsWith("chk_").hasSizeGreaterThan(40);
        assertThat(back).doesNotContain("tok_");

        HttpResponse<String> completed = complete(shop, id, code);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        JsonNode body = json(completed);
        assertThat(body.get("object").asString()).isEqualTo("checkout_completion");
        assertThat(body.get("session").get("status").asString()).isEqualTo("completed");
        JsonNode token = body.get("token");
        assertThat(token.get("token").asString()).startsWith("tok_");
        assertThat(token.get("card").get("brand").asString()).isEqualTo("visa");
        assertThat(token.get("card").get("last4").asString()).isEqualTo("4242");
        assertThat(token.get("card").get("exp_year").asInt()).isEqualTo(2034);
        assertThat(body.get("charge").isNull()).isTrue();
        assertThat(completed.body()).doesNotContain("4242424242424242");

        HttpResponse<String> again = complete(shop, id, code);
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json(again).get("code").asString()).isEqualTo("checkout_code_invalid");

        JsonNode read = json(shop.api().get("/v1/checkout/sessions/" + id));
        assertThat(read.get("status").asString()).isEqualTo("completed");
        assertThat(read.get("token").asString()).isEqualTo(token.get("token").asString());
        assertThat(read.get("card").get("last4").asString()).isEqualTo("4242");

        HttpResponse<String> revisit = browser.get(page(session));
        assertThat(revisit.statusCode()).isEqualTo(409);
        assertThat(revisit.body()).contains("already complete");
        assertThat(audited("checkout.succeeded", id)).isEqualTo(1);
        assertThat(audited("checkout.completed", id)).isEqualTo(1);
    }

    @Test
    void submitWhenFieldsInvalidThenFormAgainWithErrorsButNeverTheCardNumberOrCvc() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        CheckoutBrowser browser = browser();
        browser.get(page(session));

        HttpResponse<String> refused = browser.post(page(session), Map.of("card_number", "4242424242424241",
                "exp_month", "13", "exp_year", "2031", "cvc", "98", "cardholder_name", "Grace Hopper"));

        assertThat(refused.statusCode()).isEqualTo(422);
        String html = refused.body();
        assertThat(html).contains("id=\"card_number-error\"").contains("aria-describedby=\"card_number-error\"")
                .contains("aria-describedby=\"expiry-hint expiry-error\"").contains("id=\"cvc-error\"")
                .contains("This card number is not valid");
        assertThat(html).doesNotContain("4242424242424241").doesNotContain("value=\"98\"");
        assertThat(html).contains("value=\"Grace Hopper\"").contains("value=\"13\"").contains("value=\"2031\"");
        assertThat(jdbc.sql("SELECT attempts FROM checkout_sessions WHERE id = ?").param(session.get("id").asString())
                .query(Integer.class).single()).as("format errors never reach the card network").isZero();
    }

    @Test
    void submitWhenNoCsrfFieldThenForbiddenPageNotJson() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        CheckoutBrowser browser = browser();
        browser.get(page(session));

        HttpResponse<String> refused = browser.postRaw(page(session), CheckoutBrowser.card("4242424242424242", "123"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(refused.body()).contains("This form has expired").doesNotContain("4242424242424242");
        assertThat(refused.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    }

    @Test
    void pageWhenSessionUnknownThenNotFoundPage() {
        HttpResponse<String> page = browser().get("/checkout/cs_doesNotExist00000000");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("Checkout not found");
    }

    @Test
    void setupWhenSameCardSavedTwiceThenOneVaultedCardAndTwoTokens() {
        Shop shop = shop();
        JsonNode first = setupSession(shop);
        JsonNode second = setupSession(shop);
        String codeA = query(saveCard(browser(), first, "4242424242424242", "123")).get("code");
        String codeB = query(saveCard(browser(), second, "4242 4242 4242 4242", "456")).get("code");

        String tokenA = json(complete(shop, first.get("id").asString(), codeA)).get("token").get("token").asString();
        String tokenB = json(complete(shop, second.get("id").asString(), codeB)).get("token").get("token").asString();

        assertThat(tokenA).isNotEqualTo(tokenB);
        assertThat(jdbc.sql("SELECT count(*) FROM cards WHERE merchant_id = ?").param(shop.merchant().id())
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(DISTINCT card_id) FROM tokens WHERE merchant_id = ?")
                .param(shop.merchant().id()).query(Integer.class).single()).isEqualTo(1);
    }
}
