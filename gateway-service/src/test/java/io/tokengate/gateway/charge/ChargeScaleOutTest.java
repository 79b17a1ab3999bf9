package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.charged;
import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.support.SecondInstance;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two gateway instances on one database serving one merchant at the same moment (issue 7, fault 4):
 * the same Idempotency-Key sent to both, racing captures and voids, and refunds that together ask
 * for more than was captured, all in one burst. The invariants are checked in SQL afterwards: one
 * charge per key, one capture per charge, refunds never above the capture, and the simulated
 * acquirer's ledger agreeing with the gateway's rows. Row locks and constraints in PostgreSQL are
 * what must hold this, since the two instances share no memory.
 */
class ChargeScaleOutTest extends IntegrationTest {

    private static final int PER_KEY = 6;

    @Autowired
    JdbcClient jdbc;

    @Test
    void moneyMovesWhenTwoInstancesServeOneMerchantConcurrentlyThenEachHappensOnce() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write", "charges:read", "refunds:write");
        try (ConfigurableApplicationContext second = SecondInstance.start(Map.of())) {
            List<String> instances = List.of("http://localhost:" + port, SecondInstance.baseUrl(second));
            HttpTestClient a = new HttpTestClient(instances.get(0)).bearer(secret);
            String token = merchant.importCard("4242424242424242");
            List<String> uncaptured = new ArrayList<>();
            List<String> captured = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                uncaptured.add(charged(a, token, 1000, "\"capture\": false").get("id").asString());
                captured.add(charged(a, token, 1000, null).get("id").asString());
            }
            List<String> orderKeys = List.of(key("order"), key("order"), key("order"));

            List<Call> calls = new ArrayList<>();
            int n = 0;
            for (String k : orderKeys) {
                for (int i = 0; i < PER_KEY; i++) {
                    calls.add(new Call("charge:" + k, instances.get(n++ % 2), "/v1/charges", k,
                            body(token, 700, "EUR")));
                }
            }
            for (String id : uncaptured) {
                String sharedKey = key("capture");
                for (int i = 0; i < 8; i++) {
                    // Half retry one capture under a shared key, a quarter race it without one, a quarter void.
                    boolean isVoid = i % 4 == 3;
                    calls.add(new Call("op:" + id, instances.get(n++ % 2), "/v1/charges/" + id
                            + (isVoid ? "/void" : "/capture"), i % 2 == 0 ? sharedKey : null,
                            isVoid ? "{}" : "{\"amount\": 800}"));
                }
            }
            for (String id : captured) {
                String sharedKey = key("refund");
                for (int i = 0; i < 8; i++) {
                    // 8 x 300 asked of a 1000 capture: at most 3 can succeed; pairs share a key.
                    calls.add(new Call("refund:" + id, instances.get(n++ % 2), "/v1/refunds",
                            i < 2 ? sharedKey : null, "{\"charge\": \"" + id + "\", \"amount\": 300}"));
                }
            }

            List<Answer> answers = burst(secret, calls);

            for (String k : orderKeys) {
                List<Answer> forKey = answers.stream().filter(x -> x.call.tag.equals("charge:" + k)).toList();
                assertThat(forKey).allSatisfy(x -> assertThat(x.status + " " + x.code)
                        .isIn("201 null", "409 idempotency_in_progress"));
                assertThat(forKey.stream().filter(x -> x.status == 201).map(x -> x.id).collect(Collectors.toSet()))
                        .as("every 201 for one key names the same charge").hasSize(1);
                assertThat(count("SELECT count(*) FROM charges WHERE merchant_id = ? AND idempotency_key = ?",
                        merchant.id(), k)).as("one charge per key across instances").isEqualTo(1);
                String id = forKey.stream().filter(x -> x.status == 201).findFirst().orElseThrow().id;
                for (String instance : instances) {
                    HttpResponse<String> replay = new HttpTestClient(instance).bearer(secret)
                            .header("Idempotency-Key", k).post("/v1/charges", body(token, 700, "EUR"));
                    assertThat(replay.statusCode()).isEqualTo(201);
                    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
                    assertThat(json(replay).get("id").asString()).isEqualTo(id);
                }
            }
            for (String id : uncaptured) {
                List<Answer> ops = answers.stream().filter(x -> x.call.tag.equals("op:" + id)).toList();
                assertThat(ops).allSatisfy(x -> assertThat(x.status + " " + x.code)
                        .isIn("200 null", "409 state_conflict", "409 idempotency_in_progress"));
                String status = string("SELECT status FROM charges WHERE id = ?", id);
                assertThat(status).isIn("captured", "voided");
                assertThat(ops.stream().filter(x -> x.status == 200).map(x -> x.call.path).collect(Collectors.toSet()))
                        .as("only the winning operation answers 200").containsExactly("/v1/charges/" + id
                                + ("captured".equals(status) ? "/capture" : "/void"));
                assertThat(count("SELECT captured_amount FROM charges WHERE id = ?", id))
                        .isEqualTo("captured".equals(status) ? 800 : 0);
                assertThat(count("SELECT count(*) FROM audit_events WHERE subject_id = ? AND action IN "
                        + "('charge.captured', 'charge.voided')", id)).as("one capture or void happened").isEqualTo(1);
                assertThat(string("SELECT status || ':' || captured_amount FROM acquirer_sim_ledger WHERE reference = ?",
                        id)).as("the acquirer agrees").isEqualTo(status + ":" + ("captured".equals(status) ? 800 : 0));
            }
            for (String id : captured) {
                List<Answer> refunds = answers.stream().filter(x -> x.call.tag.equals("refund:" + id)).toList();
                assertThat(refunds).allSatisfy(x -> assertThat(x.status + " " + x.code)
                        .isIn("201 null", "422 amount_exceeds_available", "409 idempotency_in_progress"));
                Set<String> succeeded = refunds.stream().filter(x -> x.status == 201).map(x -> x.id)
                        .collect(Collectors.toSet());
                long refunded = count("SELECT refunded_amount FROM charges WHERE id = ?", id);
                assertThat(succeeded).hasSizeBetween(1, 3);
                assertThat(refunded).as("never more than the capture").isEqualTo(300L * succeeded.size());
                assertThat(count("SELECT coalesce(sum(amount), 0) FROM refunds WHERE charge_id = ? AND status = "
                        + "'succeeded'", id)).isEqualTo(refunded);
                assertThat(count("SELECT count(*) FROM refunds WHERE charge_id = ? AND status <> 'succeeded'", id))
                        .as("no refund left pending or failed").isZero();
                assertThat(count("SELECT refunded_amount FROM acquirer_sim_ledger WHERE reference = ?", id))
                        .as("the acquirer refunded the same").isEqualTo(refunded);
                // The shared key's pair may both lose the race (422 stores no refund), never both win.
                assertThat(count("SELECT count(*) FROM refunds WHERE charge_id = ? AND idempotency_key IS NOT NULL", id))
                        .as("at most one refund for the shared key").isLessThanOrEqualTo(1);
                assertThat(refunds.stream().filter(x -> x.call.key != null && x.status == 201).map(x -> x.id)
                        .distinct().count()).as("the shared key's answers name one refund").isLessThanOrEqualTo(1);
            }
        }
    }

    private record Call(String tag, String base, String path, String key, String body) {
    }

    private record Answer(Call call, int status, String code, String id) {
    }

    /** Sends every call at once (a latch releases them together), half to each instance. */
    private static List<Answer> burst(String secret, List<Call> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Call call : calls) {
                futures.add(pool.submit(() -> {
                    HttpTestClient client = new HttpTestClient(call.base).bearer(secret);
                    if (call.key != null) {
                        client.header("Idempotency-Key", call.key);
                    }
                    start.await();
                    HttpResponse<String> r = client.post(call.path, call.body);
                    var body = json(r);
                    return new Answer(call, r.statusCode(), body.path("code").asString(null),
                            body.path("id").asString(null));
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }

    private static String key(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private String string(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(String.class).single();
    }
}
