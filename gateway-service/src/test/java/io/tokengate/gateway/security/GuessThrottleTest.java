package io.tokengate.gateway.security;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The per-key budget for guesses (issue 7, abuse): unknown tokens on lookups, revocations and
 * charges, and wrong checkout codes, share one budget per API key; past it those endpoints answer
 * 429 {@code rate_limited} with a Retry-After until the window moves on, the crossing is audited
 * once as {@code security.key_throttled}, and the state lives in PostgreSQL.
 */
class GuessThrottleTest extends IntegrationTest {

    private static final int BUDGET = 4;
    private static final String UNKNOWN = "tok_000000000000000000000000";

    @Autowired
    GuessThrottle throttle;
    @Autowired
    JdbcClient jdbc;

    private int max;
    private int window;

    @BeforeEach
    void smallBudget() {
        max = throttle.maxMisses();
        window = throttle.windowMinutes();
        throttle.setLimits(BUDGET, 5);
    }

    @AfterEach
    void restore() {
        throttle.setLimits(max, window);
        throttle.refresh();
    }

    @Test
    void tokenGuessesWhenBudgetSpentThenKeyRateLimitedOnEveryGuessableEndpointAndAuditedOnce() {
        TestMerchant merchant = fixture().merchant();
        Key key = issue(merchant);
        Key other = issue(merchant);
        String own = merchant.importCard("4242424242424242");

        assertThat(key.api().get("/v1/tokens/" + UNKNOWN).statusCode()).isEqualTo(404);
        assertThat(key.api().delete("/v1/tokens/tok_" + "1".repeat(24)).statusCode()).isEqualTo(404);
        assertThat(key.api().post("/v1/charges", charge("tok_" + "2".repeat(24))).statusCode()).isEqualTo(404);
        assertThat(key.api().get("/v1/tokens/not-even-a-token").statusCode()).isEqualTo(404);

        for (HttpResponse<String> refused : List.of(key.api().get("/v1/tokens/" + own),
                key.api().delete("/v1/tokens/" + own), key.api().post("/v1/charges", charge(own)))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(json(refused).get("code").asString()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                    .as("until the oldest counted minute leaves the 5-minute window").isBetween(200L, 300L);
        }
        assertThat(json(key.api().get("/v1/tokens")).get("data").size()).as("other endpoints still answer")
                .isEqualTo(1);
        assertThat(other.api().get("/v1/tokens/" + own).statusCode()).as("another key is not throttled").isEqualTo(200);
        assertThat(key.api().get("/v1/tokens/" + UNKNOWN).statusCode()).isEqualTo(429);
        assertThat(audited(key.id())).as("audited once, not per refusal").isEqualTo(1);
        JsonNode event = json(ops().get("/ops/security-events?merchant=" + merchant.id())).get("data").get(0);
        assertThat(event.get("type").asString()).isEqualTo("security.key_throttled");
        assertThat(event.get("api_key").asString()).isEqualTo(key.id());
        assertThat(jdbc.sql("SELECT details->>'guessed' FROM audit_events WHERE action = 'security.key_throttled' "
                + "AND subject_id = ?").param(key.id()).query(String.class).single()).isEqualTo("token");
    }

    @Test
    void chargeListWhenFilteredByUnknownTokensThenCountedAndOnlyTheFilteredListRefused() {
        TestMerchant merchant = fixture().merchant();
        Key key = issue(merchant);
        String own = merchant.importCard("4242424242424242");
        assertThat(key.api().post("/v1/charges", charge(own)).statusCode()).isEqualTo(201);

        for (int i = 0; i < BUDGET; i++) {
            HttpResponse<String> empty = key.api().get("/v1/charges?token=tok_" + String.valueOf(i).repeat(24));
            assertThat(json(empty).get("data").size()).as("an unknown token still answers an empty list").isZero();
        }

        assertThat(key.api().get("/v1/charges?token=" + own).statusCode()).isEqualTo(429);
        assertThat(json(key.api().get("/v1/charges")).get("data").size()).as("the unfiltered list still answers")
                .isEqualTo(1);
        assertThat(audited(key.id())).isEqualTo(1);
    }

    @Test
    void checkoutCodeGuessesWhenBudgetSpentThenCompleteRateLimitedAndAudited() {
        TestMerchant merchant = fixture().merchant();
        Key key = issue(merchant);
        HttpResponse<String> created = key.api().post("/v1/checkout/sessions", """
                {"mode": "setup", "success_url": "https://shop.example/done", "cancel_url": "https://shop.example/cart"}""");
        String session = json(created).get("id").asString();

        for (int i = 0; i < BUDGET; i++) {
            HttpResponse<String> wrong = complete(key.api(), session, "chk_wrong" + i);
            assertThat(json(wrong).get("code").asString()).isEqualTo("checkout_code_invalid");
        }
        HttpResponse<String> refused = complete(key.api(), session, "chk_wrong-again");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).get("code").asString()).isEqualTo("rate_limited");
        assertThat(audited(key.id())).isEqualTo(1);
        assertThat(jdbc.sql("SELECT details->>'guessed' FROM audit_events WHERE action = 'security.key_throttled' "
                + "AND subject_id = ?").param(key.id()).query(String.class).single()).isEqualTo("checkout_code");
    }

    @Test
    void missesWhenRecordedByAnotherInstanceThenRefusedHereAfterRefreshAndFreedWhenTheWindowMovesOn() {
        TestMerchant merchant = fixture().merchant();
        Key key = issue(merchant);
        String own = merchant.importCard("4242424242424242");
        // Another instance's misses: only in PostgreSQL, never seen by this instance's request path.
        jdbc.sql("INSERT INTO key_guess_misses (key_id, window_start, misses) VALUES (?, date_trunc('minute', now()), ?)")
                .params(key.id(), BUDGET).update();

        throttle.refresh();
        assertThat(key.api().get("/v1/tokens/" + own).statusCode()).isEqualTo(429);

        jdbc.sql("UPDATE key_guess_misses SET window_start = window_start - interval '6 minutes' WHERE key_id = ?")
                .param(key.id()).update();
        throttle.refresh();
        assertThat(key.api().get("/v1/tokens/" + own).statusCode()).isEqualTo(200);
    }

    @Test
    void chargesWhenSuccessfulThenNothingCountedAndRevokedTokensAreNoMiss() {
        TestMerchant merchant = fixture().merchant();
        Key key = issue(merchant);
        String own = merchant.importCard("4242424242424242");
        for (int i = 0; i < BUDGET + 1; i++) {
            assertThat(key.api().post("/v1/charges", charge(own)).statusCode()).isEqualTo(201);
            assertThat(key.api().get("/v1/tokens/" + own).statusCode()).isEqualTo(200);
        }
        assertThat(key.api().delete("/v1/tokens/" + own).statusCode()).isEqualTo(200);
        for (int i = 0; i < BUDGET + 1; i++) {
            assertThat(key.api().post("/v1/charges", charge(own)).statusCode()).isEqualTo(422);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM key_guess_misses WHERE key_id = ?").param(key.id())
                .query(Integer.class).single()).isZero();
    }

    private record Key(String id, HttpTestClient api) {
    }

    private Key issue(TestMerchant merchant) {
        HttpResponse<String> issued = ops().post("/ops/merchants/" + merchant.id() + "/keys",
                "{\"scopes\": [\"tokens:read\", \"tokens:write\", \"charges:write\", \"charges:read\", \"checkout:write\"]}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return new Key(json(issued).get("id").asString(), fixture().client(json(issued).get("secret").asString()));
    }

    private static String charge(String token) {
        return """
                {"token": "%s", "amount": 100, "currency": "EUR", "channel": "merchant_initiated"}""".formatted(token);
    }

    private static HttpResponse<String> complete(HttpTestClient api, String session, String code) {
        return api.post("/v1/checkout/sessions/" + session + "/complete", "{\"code\": \"" + code + "\"}");
    }

    private int audited(String keyId) {
        return jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'security.key_throttled' AND subject_id = ?")
                .param(keyId).query(Integer.class).single();
    }
}
