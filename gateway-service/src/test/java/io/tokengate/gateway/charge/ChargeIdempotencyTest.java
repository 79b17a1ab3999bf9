package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.code;
import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ChargeIdempotencyTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdempotencyStore store;

    @Test
    void createWhenSameKeyAndBodyThenFirstResponseReplayedByteForByte() {
        TestMerchant merchant = fixture().merchant();
        String key = UUID.randomUUID().toString();
        HttpTestClient client = merchant.client().header("Idempotency-Key", key);
        String token = merchant.importCard("4242424242424242");

        HttpResponse<String> first = client.post("/v1/charges", body(token, 1234, "EUR"));
        // Same request, other formatting and field order: still the same request.
        HttpResponse<String> replay = client.post("/v1/charges",
                "{ \"currency\":\"EUR\",\n \"amount\":1234, \"token\":\"" + token + "\" }");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(countCharges(merchant)).isEqualTo(1);
        // The audit rows written in the key's statements: one each, none for the replay.
        String id = json(first).get("id").asString();
        assertThat(jdbc.sql("SELECT action FROM audit_events WHERE merchant_id = ? "
                        + "AND (subject_id = ? OR details->>'charge' = ?) ORDER BY id")
                .params(merchant.id(), id, id).query(String.class).list())
                .containsExactly("card.opened", "charge.captured");
    }

    @Test
    void createWhenDeclinedThenDeclineReplayedByteForByte() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client().header("Idempotency-Key", "decline-" + UUID.randomUUID());
        String body = body(merchant.importCard("4000000000009995"), 1000, "EUR");

        HttpResponse<String> first = client.post("/v1/charges", body);
        HttpResponse<String> replay = client.post("/v1/charges", body);

        assertThat(first.statusCode()).isEqualTo(402);
        assertThat(replay.statusCode()).isEqualTo(402);
        assertThat(replay.body()).isEqualTo(first.body()).contains("\"request_id\"");
        assertThat(replay.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(countCharges(merchant)).isEqualTo(1);
    }

    @Test
    void createWhenRefusedInFirstTransactionThenErrorReplayedByteForByte() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String token = merchant.importCard("4242424242424242");
        client.delete("/v1/tokens/" + token);
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "revoked-" + UUID.randomUUID());

        HttpResponse<String> first = keyed.post("/v1/charges", body(token, 1000, "EUR"));
        HttpResponse<String> replay = keyed.post("/v1/charges", body(token, 1000, "EUR"));

        assertThat(first.statusCode()).isEqualTo(422);
        assertThat(code(first)).isEqualTo("token_revoked");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(countCharges(merchant)).isZero();
        // Each presentation of the revoked token is a security event, replayed answer or not.
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'security.revoked_token_used' "
                + "AND merchant_id = ?").param(merchant.id()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void createWhenValidationFailsThenErrorStoredAndSameKeyWithOtherBodyRefused() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "bad-" + UUID.randomUUID());
        String token = merchant.importCard("4242424242424242");

        HttpResponse<String> first = keyed.post("/v1/charges", body(token, 100, "EUX"));
        HttpResponse<String> replay = keyed.post("/v1/charges", body(token, 100, "EUX"));
        HttpResponse<String> corrected = keyed.post("/v1/charges", body(token, 100, "EUR"));

        assertThat(code(first)).isEqualTo("currency_invalid");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(corrected.statusCode()).isEqualTo(422);
        assertThat(code(corrected)).isEqualTo("idempotency_key_reused");
        assertThat(countCharges(merchant)).isZero();
    }

    @Test
    void createWhenRetriedAfterItsOwnChargeUsedCapAndTokenThenReplayNotRefusal() {
        TestMerchant merchant = fixture().merchant();
        fixture().setAcl(merchant.id(), "{\"currencies\": [{\"currency\": \"EUR\", \"daily_max\": 1000}]}");
        String token = fixture().importCard(merchant.id(), "4242424242424242", "{\"usage\": \"single_use\"}");
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "retry-" + UUID.randomUUID());

        HttpResponse<String> first = keyed.post("/v1/charges", body(token, 1000, "EUR"));
        HttpResponse<String> retry = keyed.post("/v1/charges", body(token, 1000, "EUR"));

        assertThat(first.statusCode()).isEqualTo(201);
        // Re-run, the request would now meet the spent cap and the used token: the key's answer wins.
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'acl.denied' AND merchant_id = ?")
                .param(merchant.id()).query(Integer.class).single()).isZero();
        assertThat(countCharges(merchant)).isEqualTo(1);
    }

    @Test
    void createWhenSameKeyDifferentBodyThenKeyReused() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "k-" + UUID.randomUUID());
        String token = merchant.importCard("4242424242424242");
        assertThat(keyed.post("/v1/charges", body(token, 100, "EUR")).statusCode()).isEqualTo(201);

        HttpResponse<String> other = keyed.post("/v1/charges", body(token, 101, "EUR"));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(code(other)).isEqualTo("idempotency_key_reused");
        assertThat(json(other).get("param").asString()).isEqualTo("Idempotency-Key");
        // Same key on another endpoint is another request too.
        String id = json(keyed.get("/v1/charges")).get("data").get(0).get("id").asString();
        assertThat(code(keyed.post("/v1/charges/" + id + "/void", "{}"))).isEqualTo("idempotency_key_reused");
        assertThat(countCharges(merchant)).isEqualTo(1);
    }

    @Test
    void createWhenKeyInvalidThenBadRequest() {
        TestMerchant merchant = fixture().merchant();
        String token = merchant.importCard("4242424242424242");
        for (String key : new String[] {"x".repeat(256), "a\tb"}) {
            HttpResponse<String> response = merchant.client().header("Idempotency-Key", key)
                    .post("/v1/charges", body(token, 100, "EUR"));
            assertThat(response.statusCode()).as(key).isEqualTo(400);
            assertThat(code(response)).isEqualTo("idempotency_key_invalid");
        }
        assertThat(merchant.client().header("Idempotency-Key", "x".repeat(255))
                .post("/v1/charges", body(token, 100, "EUR")).statusCode()).isEqualTo(201);
    }

    @Test
    void createWhenSameKeyForTwoMerchantsThenEachRuns() {
        String key = "shared-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            TestMerchant merchant = fixture().merchant();
            HttpResponse<String> response = merchant.client().header("Idempotency-Key", key)
                    .post("/v1/charges", body(merchant.importCard("4242424242424242"), 100, "EUR"));
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
        }
    }

    @Test
    void createWhenProcessingErrorThenNotStoredAndRetryRunsAgain() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "5xx-" + UUID.randomUUID());
        String body = body(merchant.importCard("4000000000000119"), 100, "EUR");

        HttpResponse<String> first = keyed.post("/v1/charges", body);
        HttpResponse<String> retry = keyed.post("/v1/charges", body);

        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(retry.statusCode()).isEqualTo(502);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(countCharges(merchant)).isEqualTo(2);
    }

    @Test
    void createWhenSixteenConcurrentRequestsShareAKeyThenExactlyOneCharge() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String token = merchant.importCard("4242424242424242");
        String secret = fixture().issueKey(merchant.id(), "charges:write");
        String key = "race-" + UUID.randomUUID();
        int n = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return fixture().client(secret).header("Idempotency-Key", key)
                            .post("/v1/charges", body(token, 4200, "EUR"));
                }));
            }
            start.countDown();
            String created = null;
            int conflicts = 0;
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 201) {
                    if (created != null) {
                        assertThat(r.body()).isEqualTo(created);
                    }
                    created = r.body();
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                    assertThat(code(r)).isEqualTo("idempotency_in_progress");
                    conflicts++;
                }
            }
            assertThat(created).isNotNull();
            assertThat(conflicts).isLessThan(n);
        }
        assertThat(countCharges(merchant)).isEqualTo(1);
        HttpResponse<String> after = fixture().client(secret).header("Idempotency-Key", key)
                .post("/v1/charges", body(token, 4200, "EUR"));
        assertThat(after.statusCode()).isEqualTo(201);
        assertThat(after.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void purgeWhenRecordExpiredThenKeyFreeAgain() {
        TestMerchant merchant = fixture().merchant();
        String key = "old-" + UUID.randomUUID();
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", key);
        String body = body(merchant.importCard("4242424242424242"), 100, "EUR");
        assertThat(keyed.post("/v1/charges", body).statusCode()).isEqualTo(201);
        jdbc.sql("UPDATE idempotency_records SET expires_at = now() - interval '1 second' "
                + "WHERE merchant_id = ? AND idempotency_key = ?").params(merchant.id(), key).update();

        HttpResponse<String> again = keyed.post("/v1/charges", body);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(countCharges(merchant)).isEqualTo(2);

        jdbc.sql("UPDATE idempotency_records SET expires_at = now() - interval '1 second' "
                + "WHERE merchant_id = ?").param(merchant.id()).update();
        assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_records WHERE merchant_id = ?").param(merchant.id())
                .query(Integer.class).single()).isZero();
    }

    private int countCharges(TestMerchant merchant) {
        return jdbc.sql("SELECT count(*) FROM charges WHERE merchant_id = ?").param(merchant.id())
                .query(Integer.class).single();
    }
}
