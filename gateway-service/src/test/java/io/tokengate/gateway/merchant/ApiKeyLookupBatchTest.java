package io.tokengate.gateway.merchant;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.Await;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.support.TableLock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The API key lookups of concurrent requests, answered by one statement, over HTTP: each request
 * gets the answer of its own secret and its own source address. To make a batch deterministic, the
 * test holds {@code api_keys} in ACCESS EXCLUSIVE mode, so the lookup statement in flight waits and
 * the requests that arrive meanwhile queue up until the test lets go.
 */
class ApiKeyLookupBatchTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ALLOWED_ADDRESS = "127.0.0.11";
    private static final String OTHER_ADDRESS = "127.0.0.12";
    private static final String GUESSING_ADDRESS = "127.0.0.13";

    @Autowired
    ApiKeys keys;
    @Autowired
    JdbcClient jdbc;

    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private TableLock blocker;

    @AfterEach
    void release() throws Exception {
        if (blocker != null) {
            blocker.close();
        }
        clients.shutdownNow();
    }

    @Test
    void lookupsWhenQueuedBehindABatchThenOneStatementAnswersEachForItsOwnSecretAndAddress() throws Exception {
        TestMerchant merchant = fixture().merchant();
        String valid = fixture().issueKey(merchant.id(), "tokens:read");
        String revoked = fixture().issueKey(merchant.id(), "tokens:read");
        String revokedId = jdbc.sql("SELECT id FROM api_keys WHERE merchant_id = ? AND secret_hint = ?")
                .params(merchant.id(), revoked.substring(revoked.length() - 4)).query(String.class).single();
        ops().post("/ops/merchants/" + merchant.id() + "/keys/" + revokedId + "/revoke", "{}");
        TestMerchant fenced = fixture().merchant();
        String fencedKey = fixture().issueKey(fenced.id(), "tokens:read");
        fixture().setAcl(fenced.id(), """
                {"allowed_cidrs": ["%s/32"], "currencies": [{"currency": "EUR"}]}""".formatted(ALLOWED_ADDRESS));
        blocker = TableLock.hold("api_keys", "ACCESS EXCLUSIVE");
        Future<HttpResponse<String>> first = request(() -> fixture().client(valid).get("/v1/tokens"));
        TableLock.awaitWaiting(jdbc, WAIT, "%JOIN api_keys k ON k.secret_hash = p.secret_hash%");
        long batchesBefore = keys.lookups().batches();
        long splitsBefore = keys.lookups().splits();

        Future<HttpResponse<String>> ok = request(() -> fixture().client(valid).get("/v1/tokens"));
        Future<HttpResponse<String>> refused = request(() -> fixture().client(revoked).get("/v1/tokens"));
        Future<HttpResponse<String>> unknown = request(() -> httpFrom(GUESSING_ADDRESS)
                .bearer("sk_notAKeyOfAnyMerchant0000000000000").get("/v1/tokens"));
        Future<HttpResponse<String>> inside = request(() -> httpFrom(ALLOWED_ADDRESS).bearer(fencedKey).get("/v1/tokens"));
        Future<HttpResponse<String>> outside = request(() -> httpFrom(OTHER_ADDRESS).bearer(fencedKey).get("/v1/tokens"));
        Await.until(WAIT, () -> keys.lookups().queued() == 5, "five lookups queued");

        blocker.release();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(answer(ok).statusCode()).isEqualTo(200);
        assertThat(code(answer(refused))).isEqualTo("api_key_revoked");
        assertThat(code(answer(unknown))).isEqualTo("api_key_invalid");
        assertThat(answer(inside).statusCode()).isEqualTo(200);
        HttpResponse<String> denied = answer(outside);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("rule").asString()).isEqualTo("source_network");
        assertThat(keys.lookups().batches() - batchesBefore).as("one statement for the five").isEqualTo(1);
        assertThat(keys.lookups().splits() - splitsBefore).isZero();
    }

    private Future<HttpResponse<String>> request(Supplier<HttpResponse<String>> call) {
        return clients.submit(call::get);
    }

    private static HttpResponse<String> answer(Future<HttpResponse<String>> response) throws Exception {
        return response.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String code(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        return json(response).get("code").asString();
    }
}
