package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.charged;
import static io.tokengate.gateway.charge.ChargeRequests.code;
import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.acquirer.AcquirerProperties;
import io.tokengate.gateway.acquirer.TestCard;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Acquirer timeouts and errors on every money movement of one merchant (issue 7, fault 3), then a
 * sweep over every row: each charge and refund ends in a defined state (authorized, captured,
 * voided, declined or failed; succeeded or failed), the simulated acquirer's ledger agrees with
 * it, its final state is in the audit trail, no Idempotency-Key is left in progress and the
 * merchant's retry gets a definite answer. {@link ChargeRecoveryTest} covers single paths (a crash
 * between the commits, one timed-out capture and refund); this test mixes them and checks the whole.
 *
 * <p>The client-side timeout (300 ms) is shorter than the simulated delays (slow card 1 s, every
 * operation 600 ms while capture, void and refund time out), so each timeout is a real abandoned
 * call, not a configuration shortcut.
 */
class AcquirerFaultsTest extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final List<String> FINAL_CHARGE = List.of("authorized", "captured", "voided", "declined", "failed");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChargeRecovery recovery;
    @Autowired
    AcquirerProperties acquirer;

    private Duration timeout;
    private Duration delay;
    private Duration slowDelay;

    @BeforeEach
    void remember() {
        timeout = acquirer.getTimeout();
        delay = acquirer.getSimulator().getDelay();
        slowDelay = acquirer.getSimulator().getSlowDelay();
    }

    @AfterEach
    void restore() {
        acquirer.setTimeout(timeout);
        acquirer.getSimulator().setDelay(delay);
        acquirer.getSimulator().setSlowDelay(slowDelay);
    }

    @Test
    void acquirerFailsOrTimesOutOnEveryOperationThenEveryRowEndsInADefinedStateAndRetriesGetAnAnswer() {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), TestMerchant.ALL_SCOPES);
        HttpTestClient client = fixture().client(secret);
        String erroring = merchant.importCard(TestCard.PROCESSING_ERROR.number());
        String slow = merchant.importCard(TestCard.SLOW.number());
        String declining = merchant.importCard(TestCard.GENERIC_DECLINE.number());
        String refundDeclined = merchant.importCard(TestCard.REFUND_DECLINED.number());
        String good = merchant.importCard(TestCard.VISA.number());
        String toCapture = charged(client, good, 1000, "\"capture\": false").get("id").asString();
        String toVoid = charged(client, good, 1000, "\"capture\": false").get("id").asString();
        String toRefund = charged(client, good, 1000, null).get("id").asString();
        String refundRefused = charged(client, refundDeclined, 1000, null).get("id").asString();
        acquirer.setTimeout(TIMEOUT);
        acquirer.getSimulator().setSlowDelay(Duration.ofSeconds(1));

        // A processing error: 502, the charge failed and its key released, so the retry runs again.
        String errorKey = key();
        HttpResponse<String> error = keyed(secret, errorKey).post("/v1/charges", body(erroring, 500, "EUR"));
        assertAcquirerUnavailable(error);
        HttpResponse<String> errorAgain = keyed(secret, errorKey).post("/v1/charges", body(erroring, 500, "EUR"));
        assertAcquirerUnavailable(errorAgain);
        assertThat(json(errorAgain).get("charge").asString()).isNotEqualTo(json(error).get("charge").asString());
        // A timeout: the outcome is unknown, so the charge stays pending and its key in progress.
        String slowKey = key();
        HttpResponse<String> timedOut = keyed(secret, slowKey).post("/v1/charges", body(slow, 700, "EUR"));
        assertAcquirerUnavailable(timedOut);
        assertThat(code(keyed(secret, slowKey).post("/v1/charges", body(slow, 700, "EUR"))))
                .isEqualTo("idempotency_in_progress");
        assertAcquirerUnavailable(client.post("/v1/charges", body(slow, 800, "EUR")));
        assertThat(code(client.post("/v1/charges", body(declining, 900, "EUR")))).isEqualTo("card_declined");
        HttpResponse<String> refused = ChargeRequests.refund(client, refundRefused, 400L);
        assertThat(json(refused).get("status").asString()).as(refused.body()).isEqualTo("failed");
        // Every operation slower than the timeout: capture, void and refund are abandoned in flight.
        acquirer.getSimulator().setDelay(TIMEOUT.multipliedBy(2));
        String captureKey = key();
        assertAcquirerUnavailable(keyed(secret, captureKey).post("/v1/charges/" + toCapture + "/capture", "{}"));
        assertAcquirerUnavailable(client.post("/v1/charges/" + toVoid + "/void", "{}"));
        assertAcquirerUnavailable(ChargeRequests.refund(client, toRefund, 600L));
        acquirer.getSimulator().setDelay(delay);
        assertThat(inFlight(merchant)).as("left in flight by the timeouts").isEqualTo(5);

        recovery.recoverStale(Duration.ZERO);

        assertThat(inFlight(merchant)).as("nothing left in flight after recovery").isZero();
        assertEveryRowFinalAndAgreedByTheAcquirer(merchant, 9);
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_records WHERE merchant_id = ? AND status <> 'completed'")
                .param(merchant.id()).query(Integer.class).single()).as("no key left in progress").isZero();
        // The merchant's retries now get definite answers: the abandoned charge and capture run again.
        acquirer.setTimeout(timeout);
        HttpResponse<String> retried = keyed(secret, slowKey).post("/v1/charges", body(slow, 700, "EUR"));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        assertThat(json(retried).get("id").asString()).isNotEqualTo(json(timedOut).get("charge").asString());
        HttpResponse<String> captured = keyed(secret, captureKey).post("/v1/charges/" + toCapture + "/capture", "{}");
        assertThat(captured.statusCode()).as(captured.body()).isEqualTo(200);
        assertEveryRowFinalAndAgreedByTheAcquirer(merchant, 10);
    }

    private void assertEveryRowFinalAndAgreedByTheAcquirer(TestMerchant merchant, int expectedCharges) {
        List<Map<String, Object>> charges = jdbc.sql("""
                SELECT c.id, c.status, c.captured_amount, c.refunded_amount, c.decline_code, c.failure_code,
                       l.status AS ledger_status, l.captured_amount AS ledger_captured,
                       l.refunded_amount AS ledger_refunded,
                       (SELECT count(*) FROM audit_events a WHERE a.subject_id = c.id
                          AND a.action = 'charge.' || c.status) AS audited,
                       (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.charge_id = c.id
                          AND r.status = 'succeeded') AS refunds_succeeded
                  FROM charges c LEFT JOIN acquirer_sim_ledger l ON l.reference = c.id
                 WHERE c.merchant_id = ?""").param(merchant.id()).query().listOfRows();
        assertThat(charges).hasSize(expectedCharges);
        for (Map<String, Object> c : charges) {
            String status = (String) c.get("status");
            String row = c.toString();
            assertThat(status).as(row).isIn(FINAL_CHARGE);
            assertThat((Long) c.get("audited")).as("final state audited: " + row).isPositive();
            switch (status) {
                case "declined" -> {
                    assertThat(c.get("decline_code")).as(row).isNotNull();
                    assertThat(c.get("ledger_status")).as("nothing at the acquirer: " + row).isNull();
                }
                case "failed" -> {
                    assertThat(c.get("failure_code")).as(row).isIn("processing_error", "recovered_no_authorization");
                    assertThat(c.get("ledger_status")).as("nothing at the acquirer: " + row).isNull();
                }
                default -> {
                    assertThat(c.get("ledger_status")).as("the acquirer agrees: " + row).isEqualTo(status);
                    assertThat(c.get("ledger_captured")).as(row).isEqualTo(c.get("captured_amount"));
                    assertThat(c.get("ledger_refunded")).as(row).isEqualTo(c.get("refunded_amount"));
                    assertThat(((Number) c.get("refunds_succeeded")).longValue()).as(row)
                            .isEqualTo(c.get("refunded_amount"));
                }
            }
        }
        assertThat(jdbc.sql("SELECT status || ':' || coalesce(failure_code, '') FROM refunds WHERE merchant_id = ? "
                        + "ORDER BY created_at").param(merchant.id()).query(String.class).list())
                .containsExactlyInAnyOrder("failed:transaction_not_allowed", "failed:recovered_no_refund");
    }

    private int inFlight(TestMerchant merchant) {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM charges WHERE merchant_id = :m AND status IN ('pending', 'capturing', 'voiding'))
                     + (SELECT count(*) FROM refunds WHERE merchant_id = :m AND status = 'pending')""")
                .param("m", merchant.id()).query(Integer.class).single();
    }

    private static void assertAcquirerUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(code(response)).isEqualTo("acquirer_unavailable");
    }

    /** A client of its own: {@link HttpTestClient#header} sets the header for every later request. */
    private HttpTestClient keyed(String secret, String key) {
        return fixture().client(secret).header("Idempotency-Key", key);
    }

    private static String key() {
        return "fault-" + UUID.randomUUID();
    }
}
