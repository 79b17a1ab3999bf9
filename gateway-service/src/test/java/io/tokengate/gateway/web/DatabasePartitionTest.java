package io.tokengate.gateway.web;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tokengate.db.testing.TestDatabase;
import io.tokengate.gateway.acquirer.TestCard;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.support.PartitionProxy;
import io.tokengate.gateway.support.SecondInstance;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The link to PostgreSQL cut mid-traffic (packets dropped, nothing refused or reset): the case
 * {@link DatabaseOutageTest} does not reach, because there a dead server answers with a reset at
 * once. Here a statement already sent waits for an answer that never comes; without a socket
 * timeout it would wait until TCP gives up (about fifteen minutes on Linux), holding the request
 * and its pooled connection all that time, and the pool would stay full of dead connections after
 * the link came back. A second gateway instance reaches the test database through
 * {@link PartitionProxy}, with a 2 s socket timeout in place of the production 60 s.
 */
class DatabasePartitionTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void poolWhenStartedWithProductionSettingsThenStatementsHaveASocketTimeout() {
        HikariDataSource pool = (HikariDataSource) dataSource;
        assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "60").containsEntry("tcpKeepAlive",
                "true");
    }

    @Test
    void requestsWhenTheLinkIsCutMidTrafficThenAnswered503AndServedAgainOnceHealed() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String secret = fixture().issueKey(merchant.id(), "charges:write", "charges:read");
        String token = merchant.importCard(TestCard.VISA.number());
        URI db = URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length()));
        String viaProxy = "jdbc:postgresql://127.0.0.1:%d%s%s";
        try (PartitionProxy link = new PartitionProxy(db.getHost(), db.getPort());
             ConfigurableApplicationContext b = SecondInstance.start(Map.of(
                     "spring.datasource.url", viaProxy.formatted(link.port(), db.getRawPath(),
                             db.getRawQuery() == null ? "" : "?" + db.getRawQuery()),
                     "spring.datasource.hikari.data-source-properties.socketTimeout", "2"))) {
            HttpTestClient client = new HttpTestClient(SecondInstance.baseUrl(b)).bearer(secret);
            assertThat(charge(client, token).statusCode()).as("served through the link").isEqualTo(201);

            // Steady reads keep the pool's connections busy, so the cut meets statements in flight
            // (a connection idle for a while would be checked by the pool before use instead).
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Integer> afterCut = new ConcurrentLinkedQueue<>();
            AtomicBoolean cut = new AtomicBoolean();
            List<Future<?>> readers = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 4; i++) {
                    readers.add(pool.submit(() -> {
                        while (running.get()) {
                            boolean sentAfterCut = cut.get();
                            int status = client.get("/v1/charges?limit=1").statusCode();
                            if (sentAfterCut) {
                                afterCut.add(status);
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(1000);
                link.cut();
                cut.set(true);
                Thread.sleep(6000);
                running.set(false);
                for (Future<?> reader : readers) {
                    // Each reader's last request ends within the socket timeout plus the pool's wait.
                    reader.get(15, TimeUnit.SECONDS);
                }
            }
            assertThat(afterCut).as("requests sent during the cut").isNotEmpty().containsOnly(503);

            link.heal();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> served;
            do {
                Thread.sleep(250);
                served = charge(client, token);
            } while (served.statusCode() == 503 && System.nanoTime() < deadline);
            assertThat(served.statusCode()).as("served again once healed: " + served.body()).isEqualTo(201);
            assertThat(json(served).get("status").asString()).isEqualTo("captured");
        }
    }

    private static HttpResponse<String> charge(HttpTestClient client, String token) {
        return client.header("Idempotency-Key", "partition-" + UUID.randomUUID()).post("/v1/charges", """
                {"token": "%s", "amount": 1500, "currency": "EUR"}""".formatted(token));
    }
}
