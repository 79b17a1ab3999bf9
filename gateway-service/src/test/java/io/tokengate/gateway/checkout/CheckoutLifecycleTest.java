package io.tokengate.gateway.checkout;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.CheckoutBrowser;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Cancel, expiry, suspended merchants and the at-most-once rules of a session. */
class CheckoutLifecycleTest extends CheckoutTestSupport {

    @Autowired
    CheckoutTransitions transitions;

    @Test
    void cancelWhenOpenThenBackToCancelUrlAndSessionCancelledForGood() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        CheckoutBrowser browser = browser();
        browser.get(page(session));

        HttpResponse<String> cancelled = browser.post(page(session) + "/cancel", Map.of());

        assertThat(cancelled.statusCode()).isEqualTo(303);
        assertThat(location(cancelled)).isEqualTo(CANCEL + "?session_id=" + id);
        HttpResponse<String> revisit = browser.get(page(session));
        assertThat(revisit.statusCode()).isEqualTo(410);
        assertThat(revisit.body()).contains("This checkout was cancelled");
        assertThat(browser.post(page(session), CheckoutBrowser.card("4242424242424242", "123")).statusCode())
                .isEqualTo(410);
        HttpResponse<String> exchange = complete(shop, id, "chk_x");
        assertThat(exchange.statusCode()).isEqualTo(409);
        assertThat(json(exchange).get("code").asString()).isEqualTo("checkout_session_not_open");
        assertThat(audited("checkout.cancelled", id)).isEqualTo(1);
    }

    @Test
    void pageWhenSessionExpiredThenGonePageAndExchangeSaysExpired() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        jdbc.sql("UPDATE checkout_sessions SET created_at = now() - interval '2 hours', "
                + "expires_at = now() - interval '1 hour' WHERE id = ?").param(id).update();

        assertThat(json(shop.api().get("/v1/checkout/sessions/" + id)).get("status").asString()).isEqualTo("expired");
        HttpResponse<String> page = browser().get(page(session));
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This checkout has expired").contains("href=\"" + CANCEL + "\"");
        assertThat(jdbc.sql("SELECT status FROM checkout_sessions WHERE id = ?").param(id).query(String.class)
                .single()).isEqualTo("expired");
        HttpResponse<String> exchange = complete(shop, id, "chk_x");
        assertThat(exchange.statusCode()).isEqualTo(410);
        assertThat(json(exchange).get("code").asString()).isEqualTo("checkout_session_expired");
        assertThat(audited("checkout.expired", id)).isEqualTo(1);
    }

    @Test
    void sweepWhenSessionsOverdueThenExpiredOnceEach() {
        Shop shop = shop();
        String id = setupSession(shop).get("id").asString();
        jdbc.sql("UPDATE checkout_sessions SET created_at = now() - interval '2 hours', "
                + "expires_at = now() - interval '1 hour' WHERE id = ?").param(id).update();

        transitions.sweep();
        transitions.sweep();

        assertThat(jdbc.sql("SELECT status FROM checkout_sessions WHERE id = ?").param(id).query(String.class)
                .single()).isEqualTo("expired");
        assertThat(audited("checkout.expired", id)).isEqualTo(1);
    }

    @Test
    void pageWhenMerchantSuspendedThenUnavailablePage() {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        assertThat(fixture().ops().post("/ops/merchants/" + shop.merchant().id() + "/suspend", "").statusCode())
                .isEqualTo(200);

        HttpResponse<String> page = browser().get(page(session));

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("Checkout unavailable").doesNotContain("card_number");
    }

    @Test
    void completeWhenEightCallsRaceWithTheRightCodeThenExactlyOneGetsTheToken() throws Exception {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        String id = session.get("id").asString();
        String code = query(saveCard(browser(), session, "4242424242424242", "123")).get("code");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Integer> call = () -> complete(shop, id, code).statusCode();
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 422);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(audited("checkout.completed", id)).isEqualTo(1);
    }

    @Test
    void submitWhenTwoTabsPostTheSameCardAtOnceThenOneTokenAndOneCode() throws Exception {
        Shop shop = shop();
        JsonNode session = setupSession(shop);
        CheckoutBrowser browser = browser();
        browser.get(page(session));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> a = pool.submit(() -> browser.post(page(session),
                    CheckoutBrowser.card("4242424242424242", "123")));
            Future<HttpResponse<String>> b = pool.submit(() -> browser.post(page(session),
                    CheckoutBrowser.card("4242424242424242", "123")));
            // The loser is sent to the page (if it lost mid-step) or sees it complete (if it came second).
            List<HttpResponse<String>> answers = List.of(a.get(), b.get());
            assertThat(answers).filteredOn(r -> r.headers().firstValue("Location").orElse("").contains("code="))
                    .hasSize(1);
            assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(303, 409));
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ?").param(shop.merchant().id())
                .query(Integer.class).single()).isEqualTo(1);
    }
}
