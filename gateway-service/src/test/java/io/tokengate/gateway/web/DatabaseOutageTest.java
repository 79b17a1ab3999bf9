package io.tokengate.gateway.web;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.db.testing.TestDatabase;
import io.tokengate.gateway.acquirer.AcquirerProperties;
import io.tokengate.gateway.acquirer.TestCard;
import io.tokengate.gateway.charge.ChargeRecovery;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL gone while the gateway serves (issue 7, fault 1, the deterministic half; the restart
 * under load is {@code faults/pg-restart.sh}). The outage is real: the test database stops
 * accepting connections and every session on it is terminated, as a restart does, so each
 * request meets a cut or refused connection at the point under test. Each must answer 503
 * {@code service_unavailable} with Retry-After: merchant authentication (a filter, outside MVC),
 * ops authentication (Spring Security's user lookup) and a charge's second commit after the
 * acquirer call. Once the database is back the same gateway serves again and the interrupted
 * charge is settled.
 */
class DatabaseOutageTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AcquirerProperties acquirer;
    @Autowired
    ChargeRecovery recovery;

    private Connection control;
    private Duration slowDelay;

    @BeforeEach
    void openControlConnection() throws Exception {
        // Outside the gateway's pool, so it survives the outage and can end it.
        control = TestDatabase.get().connectToServer();
        slowDelay = acquirer.getSimulator().getSlowDelay();
    }

    @AfterEach
    void endOutage() throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("ALTER DATABASE " + TestDatabase.get().name() + " ALLOW_CONNECTIONS true");
        } finally {
            control.close();
            acquirer.getSimulator().setSlowDelay(slowDelay);
        }
    }

    @Test
    void requestsWhenDatabaseIsDownThenRetryable503AndServedAgainOnceBack() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write", "charges:read");
        String token = merchant.importCard(TestCard.VISA.number());
        String key = "outage-" + UUID.randomUUID();

        outage();
        long started = System.nanoTime();
        assertServiceUnavailable(charge(secret, key, token), "merchant authentication");
        assertServiceUnavailable(ops().get("/ops/merchants/" + merchant.id()), "ops authentication");
        // Each waited for a pooled connection (3 s, the production setting) and then answered.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not hung").isLessThan(Duration.ofSeconds(10));
        restore();

        HttpResponse<String> served = charge(secret, key, token);
        assertThat(served.statusCode()).as("the same gateway serves again: " + served.body()).isEqualTo(201);
        assertThat(served.headers().firstValue("Idempotent-Replayed")).as("the 503 stored nothing").isEmpty();
    }

    @Test
    void chargeWhenDatabaseGoesDownDuringTheAcquirerCallThen503AndRecoverySettlesIt() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write", "charges:read");
        String token = merchant.importCard(TestCard.SLOW.number());
        String key = "outage-" + UUID.randomUUID();
        acquirer.getSimulator().setSlowDelay(Duration.ofMillis(1500));

        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> charge(secret, key, token));
        String chargeId = awaitPendingCharge(merchant);
        outage(); // phase one has committed; the acquirer is still answering
        HttpResponse<String> answer = inFlight.get();
        assertServiceUnavailable(answer, "the charge's second commit");
        restore();

        assertThat(status(chargeId)).as("nothing recorded the outcome yet").isEqualTo("pending");
        assertThat(json(charge(secret, key, token)).get("code").asString()).isEqualTo("idempotency_in_progress");
        recovery.recoverStale(Duration.ZERO);
        assertThat(status(chargeId)).as("settled by lookup at the acquirer").isIn("captured", "failed");
        HttpResponse<String> retry = charge(secret, key, token);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT count(*) FROM charges WHERE merchant_id = ? AND status = 'captured'")
                .param(merchant.id()).query(Integer.class).single()).as("charged once").isEqualTo(1);
    }

    private HttpResponse<String> charge(String secret, String key, String token) {
        return new HttpTestClient("http://localhost:" + port).bearer(secret).header("Idempotency-Key", key)
                .post("/v1/charges", """
                        {"token": "%s", "amount": 1200, "currency": "EUR"}""".formatted(token));
    }

    private static void assertServiceUnavailable(HttpResponse<String> response, String where) {
        assertThat(response.statusCode()).as(where + ": " + response.body()).isEqualTo(503);
        assertThat(json(response).get("code").asString()).isEqualTo("service_unavailable");
        assertThat(response.headers().firstValue("Retry-After")).as(where).hasValue("1");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** New connections refused and every open session cut: what clients of a restarting server see. */
    private void outage() throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("ALTER DATABASE " + TestDatabase.get().name() + " ALLOW_CONNECTIONS false");
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + TestDatabase.get().name() + "'");
        }
    }

    private void restore() throws Exception {
        try (Statement st = control.createStatement()) {
            st.execute("ALTER DATABASE " + TestDatabase.get().name() + " ALLOW_CONNECTIONS true");
        }
        // The pool reconnects by itself (no restart); its first new connection may follow a back-off.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                jdbc.sql("SELECT 1").query(Integer.class).single();
                return;
            } catch (DataAccessException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private String awaitPendingCharge(TestMerchant merchant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            var id = jdbc.sql("SELECT id FROM charges WHERE merchant_id = ? AND status = 'pending'")
                    .param(merchant.id()).query(String.class).optional();
            if (id.isPresent()) {
                return id.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the charge never reached the acquirer");
    }

    private String status(String chargeId) {
        return jdbc.sql("SELECT status FROM charges WHERE id = ?").param(chargeId).query(String.class).single();
    }
}
