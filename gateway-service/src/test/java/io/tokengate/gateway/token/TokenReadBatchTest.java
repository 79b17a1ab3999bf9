package io.tokengate.gateway.token;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.Await;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.support.TableLock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The token reads of concurrent charges, answered by one statement, over HTTP: each charge gets
 * the checks of its own token, for its own merchant and amount. To make a batch deterministic, the
 * test holds {@code tokens} in ACCESS EXCLUSIVE mode, so the read in flight waits and the charges
 * that reach their token read meanwhile queue up until the test lets go.
 */
class TokenReadBatchTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    TokenReservations reservations;
    @Autowired
    JdbcClient jdbc;

    private final ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor();
    private TableLock blocker;

    @AfterEach
    void release() throws Exception {
        if (blocker != null) {
            blocker.close();
        }
        shoppers.shutdownNow();
    }

    @Test
    void chargesWhenTheirTokenReadsQueueBehindOneThenOneStatementAnswersEachForItsOwnTokenAndMerchant()
            throws Exception {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        String first = merchant.importCard(CardImportBuilder.VISA);
        String reusable = merchant.importCard(CardImportBuilder.VISA);
        String revoked = merchant.importCard(CardImportBuilder.VISA);
        assertThat(client.delete("/v1/tokens/" + revoked).statusCode()).isEqualTo(200);
        String capped = fixture().importCard(merchant.id(), CardImportBuilder.VISA,
                "{\"max_amount\": 100, \"max_amount_currency\": \"EUR\"}");
        String singleUse = fixture().importCard(merchant.id(), CardImportBuilder.VISA, "{\"usage\": \"single_use\"}");
        String othersToken = fixture().merchant().importCard(CardImportBuilder.VISA);
        blocker = TableLock.hold("tokens", "ACCESS EXCLUSIVE");
        Future<HttpResponse<String>> leading = charge(client, first, 100);
        TableLock.awaitWaiting(jdbc, WAIT, "%JOIN tokens t ON t.lookup_hash = p.lookup_hash%");
        long batchesBefore = reservations.reads().batches();
        long splitsBefore = reservations.reads().splits();

        Future<HttpResponse<String>> ok = charge(client, reusable, 500);
        Future<HttpResponse<String>> refused = charge(client, revoked, 500);
        Future<HttpResponse<String>> overCap = charge(client, capped, 500);
        Future<HttpResponse<String>> spent = charge(client, singleUse, 500);
        Future<HttpResponse<String>> foreign = charge(client, othersToken, 500);
        Await.until(WAIT, () -> reservations.reads().queued() == 5, "five token reads queued");

        blocker.release();

        assertThat(answer(leading).statusCode()).isEqualTo(201);
        assertThat(answer(ok).statusCode()).isEqualTo(201);
        assertThat(code(answer(refused), 422)).isEqualTo("token_revoked");
        HttpResponse<String> limited = answer(overCap);
        assertThat(code(limited, 422)).isEqualTo("token_limit_exceeded");
        assertThat(json(limited).get("param").asString()).isEqualTo("amount");
        assertThat(answer(spent).statusCode()).as("single-use: checked from the shared read, spent in its own "
                + "transaction").isEqualTo(201);
        assertThat(code(answer(foreign), 404)).isEqualTo("not_found");
        assertThat(reservations.reads().batches() - batchesBefore).as("one statement for the five").isEqualTo(1);
        assertThat(reservations.reads().splits() - splitsBefore).isZero();
        assertThat(code(client.post("/v1/charges", body(singleUse, 500)), 422)).isEqualTo("token_already_used");
        assertThat(jdbc.sql("SELECT count(*) FROM charges WHERE merchant_id = ?").param(merchant.id())
                .query(Integer.class).single()).as("a charge for each token that passed, none for the others")
                .isEqualTo(3);
    }

    private Future<HttpResponse<String>> charge(HttpTestClient client, String token, long amount) {
        return shoppers.submit(() -> client.post("/v1/charges", body(token, amount)));
    }

    private static String body(String token, long amount) {
        return "{\"token\": \"" + token + "\", \"amount\": " + amount + ", \"currency\": \"EUR\"}";
    }

    private static HttpResponse<String> answer(Future<HttpResponse<String>> response) throws Exception {
        return response.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String code(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response).get("code").asString();
    }
}
