package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.CheckoutBrowser;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Shared steps of the checkout tests: a shop, its sessions, and a browser to walk the pages. */
abstract class CheckoutTestSupport extends IntegrationTest {

    static final String SUCCESS = "https://shop.example/checkout/done?order=42";
    static final String CANCEL = "https://shop.example/cart";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CheckoutProperties checkoutProperties;

    @BeforeEach
    void generousClientLimit() {
        // Every test shopper comes from 127.0.0.1; the per-address limit has a test of its own.
        checkoutProperties.setClientMaxAttempts(1_000_000);
    }

    /** A merchant returning to https://shop.example, with a key holding every scope. */
    record Shop(TestMerchant merchant, HttpTestClient api) {
    }

    Shop shop() {
        TestMerchant merchant = fixture().merchant();
        return new Shop(merchant, merchant.client());
    }

    JsonNode createSession(Shop shop, String body) {
        HttpResponse<String> created = shop.api().post("/v1/checkout/sessions", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    JsonNode setupSession(Shop shop) {
        return createSession(shop, """
                {"mode": "setup", "success_url": "%s", "cancel_url": "%s", "merchant_reference": "order-42"}"""
                .formatted(SUCCESS, CANCEL));
    }

    JsonNode paymentSession(Shop shop, long amount, String currency) {
        return createSession(shop, """
                {"mode": "payment", "amount": %d, "currency": "%s", "success_url": "%s", "cancel_url": "%s"}"""
                .formatted(amount, currency, SUCCESS, CANCEL));
    }

    CheckoutBrowser browser() {
        return new CheckoutBrowser("http://localhost:" + port);
    }

    static String page(JsonNode session) {
        return "/checkout/" + session.get("id").asString();
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no Location header; status " + response.statusCode() + "\n" + response.body()));
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Walks a setup session with an approved card and returns the success redirect. */
    String saveCard(CheckoutBrowser browser, JsonNode session, String number, String cvc) {
        assertThat(browser.get(page(session)).statusCode()).isEqualTo(200);
        HttpResponse<String> submitted = browser.post(page(session), CheckoutBrowser.card(number, cvc));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
        return location(submitted);
    }

    HttpResponse<String> complete(Shop shop, String sessionId, String code) {
        return shop.api().post("/v1/checkout/sessions/" + sessionId + "/complete",
                "{\"code\": " + OpsFixture.JSON.writeValueAsString(code) + "}");
    }

    int audited(String action, String sessionId) {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE action = ? AND subject_id = ?")
                .params(action, sessionId).query(Integer.class).single();
    }
}
