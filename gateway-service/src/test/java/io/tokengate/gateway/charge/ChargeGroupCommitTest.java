package io.tokengate.gateway.charge;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.Await;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.support.TableLock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two group commits of the charge path, over HTTP on the real tables: pending charges
 * ({@link AdmissionBatch}) and approved outcomes ({@link ApprovalBatch}). To make a batch
 * deterministic, a test holds a batch's leader inside its statement: another session holds a table the
 * statement writes in SHARE mode (a statement locks every table it may write, whether or not it
 * writes a row there), which lets the charges' reads through, and the charges that reach the held
 * step meanwhile queue up until the test lets go. The outcomes' statement is held on
 * {@code webhook_deliveries}, which phase one does not write; the admissions' on {@code charges}.
 */
class ChargeGroupCommitTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int QUEUED = 6;

    @Autowired
    ApprovalBatch approvals;
    @Autowired
    AdmissionBatch admissions;
    @Autowired
    JdbcClient jdbc;

    private final ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private TableLock blocker;

    @AfterEach
    void release() throws Exception {
        if (blocker != null) {
            blocker.close();
        }
        shoppers.shutdownNow();
    }

    @Test
    void chargesWhenTheirOutcomesQueueBehindABatchThenOneStatementRecordsEachWithItsOwnRowsAndAnswer()
            throws Exception {
        TestMerchant merchant = fixture().merchant();
        blocker = TableLock.hold("webhook_deliveries", "SHARE");
        Future<HttpResponse<String>> first = charge(merchant, key(), 100);
        TableLock.awaitWaiting(jdbc, WAIT, "%UPDATE charges c SET%unnest(%");
        long batchesBefore = approvals.group().batches();
        long splitsBefore = approvals.group().splits();
        List<String> keys = new ArrayList<>();
        List<Future<HttpResponse<String>>> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            keys.add(key());
            queued.add(charge(merchant, keys.get(i), 200 + i));
        }
        Await.until(WAIT, () -> approvals.group().queued() == QUEUED, "every charge queued for its outcome");

        blocker.release();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        for (int i = 0; i < QUEUED; i++) {
            HttpResponse<String> answer = queued.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            String id = json(answer).get("id").asString();
            assertThat(json(answer).get("status").asString()).isEqualTo("captured");
            assertThat(json(answer).get("amount").asLong()).isEqualTo(200 + i);
            assertThat(jdbc.sql("SELECT status || ' ' || captured_amount || ' ' || (acquirer_reference IS NOT NULL) "
                    + "FROM charges WHERE id = ?").param(id).query(String.class).single())
                    .isEqualTo("captured " + (200 + i) + " true");
            // The answer stored under the key is the one sent, byte for byte, and a retry replays it.
            assertThat(new String(storedAnswer(merchant, keys.get(i)), StandardCharsets.UTF_8)).isEqualTo(answer.body());
            HttpResponse<String> replay = retry(merchant, keys.get(i), 200 + i);
            assertThat(replay.body()).isEqualTo(answer.body());
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(auditActions(merchant, id)).containsExactly("card.opened", "charge.captured");
        }
        assertThat(approvals.group().batches() - batchesBefore).as("one batch for the queued charges").isEqualTo(1);
        assertThat(approvals.group().splits() - splitsBefore).isZero();
    }

    @Test
    void chargeWhenRecoverySettledItWhileItsOutcomeQueuedThenTheBatchLeavesItAndTheOthersAreRecorded()
            throws Exception {
        TestMerchant merchant = fixture().merchant();
        blocker = TableLock.hold("webhook_deliveries", "SHARE");
        Future<HttpResponse<String>> first = charge(merchant, key(), 100);
        TableLock.awaitWaiting(jdbc, WAIT, "%UPDATE charges c SET%unnest(%");
        long splitsBefore = approvals.group().splits();
        String settledKey = key();
        String otherKey = key();
        Future<HttpResponse<String>> settled = charge(merchant, settledKey, 300);
        Future<HttpResponse<String>> other = charge(merchant, otherKey, 400);
        Await.until(WAIT, () -> approvals.group().queued() == 2, "both charges queued for their outcome");
        // What recovery does when the acquirer reports a charge it cannot confirm: failed, key released.
        String settledId = jdbc.sql("UPDATE charges SET status = 'failed', failure_code = 'processing_error', "
                        + "updated_at = now() WHERE merchant_id = ? AND idempotency_key = ? RETURNING id")
                .params(merchant.id(), settledKey).query(String.class).single();

        blocker.release();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        HttpResponse<String> answer = settled.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(json(answer).get("id").asString()).isEqualTo(settledId);
        assertThat(json(answer).get("status").asString()).as("recovery's decision, not a second outcome")
                .isEqualTo("failed");
        assertThat(auditActions(merchant, settledId)).containsExactly("card.opened");
        assertThat(jdbc.sql("SELECT status FROM idempotency_records WHERE merchant_id = ? AND idempotency_key = ?")
                .params(merchant.id(), settledKey).query(String.class).single())
                .as("the batch stores no answer for a charge it did not settle").isEqualTo("in_progress");
        HttpResponse<String> recorded = other.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorded.statusCode()).isEqualTo(201);
        assertThat(new String(storedAnswer(merchant, otherKey), StandardCharsets.UTF_8)).isEqualTo(recorded.body());
        assertThat(approvals.group().splits() - splitsBefore).isZero();
    }

    @Test
    void chargesWhenTheirAdmissionsQueueBehindABatchThenOneStatementRecordsEachAndAKeyTwiceGetsOneCharge()
            throws Exception {
        TestMerchant merchant = fixture().merchant();
        blocker = TableLock.hold("charges", "SHARE");
        Future<HttpResponse<String>> first = charge(merchant, key(), 100);
        TableLock.awaitWaiting(jdbc, WAIT, "%INSERT INTO charges%unnest(%");
        long batchesBefore = admissions.group().batches();
        long splitsBefore = admissions.group().splits();
        List<String> keys = new ArrayList<>();
        List<Future<HttpResponse<String>>> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            keys.add(key());
            queued.add(charge(merchant, keys.get(i), 200 + i));
        }
        Await.until(WAIT, () -> admissions.group().queued() == QUEUED, "every charge queued for admission");
        // The same request again with the first key, and one without a key.
        String twiceKey = keys.get(0);
        Future<HttpResponse<String>> twice = shoppers.submit(() -> retry(merchant, twiceKey, 200));
        String unkeyedToken = merchant.importCard("4242424242424242");
        Future<HttpResponse<String>> unkeyed = shoppers.submit(() -> merchant.client().post("/v1/charges",
                body(unkeyedToken, 999)));
        Await.until(WAIT, () -> admissions.group().queued() == QUEUED + 2, "the repeated and the unkeyed charge queued");

        blocker.release();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            HttpResponse<String> answer = queued.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(json(answer).get("amount").asLong()).isEqualTo(200 + i);
            assertThat(auditActions(merchant, json(answer).get("id").asString()))
                    .containsExactly("card.opened", "charge.captured");
            answers.add(answer.body());
        }
        HttpResponse<String> repeated = twice.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (repeated.statusCode() == 201) {
            assertThat(repeated.body()).as("a replay of the first answer").isEqualTo(answers.get(0));
            assertThat(repeated.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        } else {
            assertThat(repeated.statusCode()).isEqualTo(409);
            assertThat(json(repeated).get("code").asString()).isEqualTo("idempotency_in_progress");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM charges WHERE merchant_id = ? AND idempotency_key = ?")
                .params(merchant.id(), twiceKey).query(Integer.class).single()).isEqualTo(1);
        HttpResponse<String> plain = unkeyed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(201);
        assertThat(auditActions(merchant, json(plain).get("id").asString()))
                .containsExactly("card.opened", "charge.captured");
        assertThat(admissions.group().batches() - batchesBefore).as("one batch for the queued charges").isEqualTo(1);
        assertThat(admissions.group().splits() - splitsBefore).isZero();
    }

    private Future<HttpResponse<String>> charge(TestMerchant merchant, String key, long amount) {
        String token = merchant.importCard("4242424242424242");
        tokens.put(key, token);
        HttpTestClient client = merchant.client().header("Idempotency-Key", key);
        return shoppers.submit(() -> client.post("/v1/charges", body(token, amount)));
    }

    private HttpResponse<String> retry(TestMerchant merchant, String key, long amount) {
        return merchant.client().header("Idempotency-Key", key).post("/v1/charges", body(tokens.get(key), amount));
    }

    private static String body(String token, long amount) {
        return "{\"token\": \"" + token + "\", \"amount\": " + amount + ", \"currency\": \"EUR\"}";
    }

    private static String key() {
        return "batch-" + UUID.randomUUID();
    }

    private byte[] storedAnswer(TestMerchant merchant, String key) {
        return jdbc.sql("SELECT response_body FROM idempotency_records WHERE merchant_id = ? AND idempotency_key = ? "
                + "AND status = 'completed'").params(merchant.id(), key).query(byte[].class).single();
    }

    private List<String> auditActions(TestMerchant merchant, String chargeId) {
        return jdbc.sql("SELECT action FROM audit_events WHERE merchant_id = ? "
                        + "AND (subject_id = ? OR details->>'charge' = ?) ORDER BY id")
                .params(merchant.id(), chargeId, chargeId).query(String.class).list();
    }

}
