package io.tokengate.gateway.charge;

import static io.tokengate.gateway.charge.ChargeRequests.body;
import static io.tokengate.gateway.charge.ChargeRequests.charged;
import static io.tokengate.gateway.charge.ChargeRequests.code;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tokengate.gateway.acquirer.AcquirerProperties;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ChargeConcurrencyTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    AcquirerProperties acquirer;

    @Test
    void captureWhenEightConcurrentRequestsThenExactlyOneWins() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write");
        String id = charged(fixture().client(secret), merchant.importCard("4242424242424242"), 1000,
                "\"capture\": false").get("id").asString();

        List<HttpResponse<String>> responses = concurrently(8, i -> fixture().client(secret)
                .post("/v1/charges/" + id + (i % 2 == 0 ? "/capture" : "/void"), i % 2 == 0 ? "{\"amount\": 800}" : "{}"));

        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(ok).isEqualTo(1);
        responses.stream().filter(r -> r.statusCode() != 200).forEach(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(code(r)).isEqualTo("state_conflict");
        });
        String status = jdbc.sql("SELECT status FROM charges WHERE id = ?").param(id).query(String.class).single();
        long captured = jdbc.sql("SELECT captured_amount FROM charges WHERE id = ?").param(id).query(Long.class)
                .single();
        assertThat(status).isIn("captured", "voided");
        assertThat(captured).isEqualTo("captured".equals(status) ? 800 : 0);
        assertThat(jdbc.sql("SELECT status FROM acquirer_sim_ledger WHERE reference = ?").param(id)
                .query(String.class).single()).isEqualTo(status);
    }

    @Test
    void createWhenAcquirerIsSlowThenNoDatabaseConnectionIsHeldMeanwhile() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write");
        String token = merchant.importCard("4000000000000077");
        var pool = ((HikariDataSource) dataSource).getHikariPoolMXBean();
        Duration before = acquirer.getSimulator().getSlowDelay();
        acquirer.getSimulator().setSlowDelay(Duration.ofMillis(1500));
        int inFlight = 5;
        try (ExecutorService clients = Executors.newFixedThreadPool(inFlight)) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                futures.add(clients.submit(() -> fixture().client(secret).post("/v1/charges", body(token, 100, "EUR"))));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (pending(merchant) < inFlight && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pending(merchant)).as("all charges waiting for the acquirer").isEqualTo(inFlight);
            int fewest = Integer.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                fewest = Math.min(fewest, pool.getActiveConnections());
                Thread.sleep(50);
            }
            // Had each waiting charge held its connection, no sample could show fewer than inFlight.
            assertThat(fewest).isLessThan(inFlight);
            for (Future<HttpResponse<String>> f : futures) {
                assertThat(f.get().statusCode()).isEqualTo(201);
            }
        } finally {
            acquirer.getSimulator().setSlowDelay(before);
        }
    }

    private int pending(TestMerchant merchant) {
        return jdbc.sql("SELECT count(*) FROM charges WHERE merchant_id = ? AND status = 'pending'")
                .param(merchant.id()).query(Integer.class).single();
    }

    private static List<HttpResponse<String>> concurrently(int n, java.util.function.IntFunction<HttpResponse<String>> call)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }
}
