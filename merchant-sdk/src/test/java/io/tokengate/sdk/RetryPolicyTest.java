package io.tokengate.sdk;

import static io.tokengate.sdk.testing.StubServer.Answer.json;
import static io.tokengate.sdk.testing.StubServer.Answer.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.ApiConnectionException;
import io.tokengate.sdk.exception.ApiException;
import io.tokengate.sdk.exception.CardDeclinedException;
import io.tokengate.sdk.exception.IdempotencyException;
import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.exception.RateLimitException;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.testing.StubServer;
import io.tokengate.sdk.testing.StubServer.Answer;
import io.tokengate.sdk.testing.StubServer.Received;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's retry policy against a scripted server: what is retried, how long it waits,
 * and that a POST keeps one Idempotency-Key across its attempts. (The gateway's own behaviour
 * with those keys is tested for real in {@link IdempotencyTest}.)
 */
class RetryPolicyTest {

    private static final String CHARGE = """
            {"id": "ch_1", "object": "charge", "amount": 100, "currency": "EUR", "status": "captured",
             "captured_amount": 100, "refunded_amount": 0, "token": "tok_x", "channel": "customer_initiated",
             "created_at": "2026-11-27T10:00:00Z", "a_field_added_later": {"nested": true}}""";

    private final StubServer stub = new StubServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    private TokenGateClient client(int maxRetries) {
        return TokenGateClient.builder().baseUrl(stub.baseUrl()).secretKey("sk_test_0123456789abcdef")
                .maxRetries(maxRetries).retryDelays(Duration.ofMillis(10), Duration.ofMillis(40)).build();
    }

    private static ChargeCreateParams charge() {
        return ChargeCreateParams.builder().token("tok_x").amount(100).currency("EUR").build();
    }

    @Test
    void postWhen5xxThenRetriedWithTheSameGeneratedIdempotencyKey() {
        stub.then(problem(503, "service_unavailable")).then(problem(502, "acquirer_unavailable"))
                .then(json(201, CHARGE));

        assertThat(client(2).charges().create(charge()).id()).isEqualTo("ch_1");

        assertThat(stub.received()).hasSize(3);
        String key = stub.received().getFirst().header("Idempotency-Key");
        assertThat(UUID.fromString(key)).isNotNull();
        assertThat(stub.received()).extracting(r -> r.header("Idempotency-Key")).containsOnly(key);
        assertThat(stub.received()).extracting(r -> r.header("Authorization"))
                .containsOnly("Bearer sk_test_0123456789abcdef");
    }

    @Test
    void postWhenKeyGivenThenThatKeyIsSentAndEachCallWithoutOneGetsItsOwn() {
        stub.then(json(201, CHARGE)).then(json(201, CHARGE)).then(json(201, CHARGE));
        TokenGateClient client = client(0);

        client.charges().create(charge(), RequestOptions.builder().idempotencyKey("order-42").build());
        client.charges().create(charge());
        client.charges().create(charge());

        assertThat(stub.received().get(0).header("Idempotency-Key")).isEqualTo("order-42");
        assertThat(stub.received().get(1).header("Idempotency-Key"))
                .isNotEqualTo(stub.received().get(2).header("Idempotency-Key"));
    }

    @Test
    void getWhenCalledThenNoIdempotencyKeyAndJsonAccepted() {
        stub.then(json(200, CHARGE));

        client(0).charges().get("ch_1");

        Received get = stub.received().getFirst();
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.pathAndQuery()).isEqualTo("/v1/charges/ch_1");
        assertThat(get.header("Idempotency-Key")).isNull();
        assertThat(get.header("Accept")).isEqualTo("application/json");
        assertThat(get.header("User-Agent")).startsWith("tokengate-java/");
    }

    @Test
    void callWhen429WithRetryAfterThenWaitsAtLeastThatLong() {
        stub.then(problem(429, "rate_limited").withHeader("Retry-After", "1")).then(json(200, CHARGE));

        client(1).charges().get("ch_1");

        long waited = stub.received().get(1).atNanos() - stub.received().get(0).atNanos();
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void callWhen429RetryAfterBeyondTheCapThenNotRetriedAndRateLimitExceptionCarriesIt() {
        stub.then(problem(429, "rate_limited").withHeader("Retry-After", "3600"));

        assertThatThrownBy(() -> client(3).charges().get("ch_1"))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.getRetryAfter()).contains(Duration.ofHours(1)));
        assertThat(stub.received()).hasSize(1);
    }

    @Test
    void postWhen409InProgressThenRetriedAndAfterTheRetriesIdempotencyException() {
        stub.then(problem(409, "idempotency_in_progress")).then(json(201, CHARGE));
        assertThat(client(1).charges().create(charge()).id()).isEqualTo("ch_1");

        stub.then(problem(409, "idempotency_in_progress")).then(problem(409, "idempotency_in_progress"));
        assertThatThrownBy(() -> client(1).charges().create(charge()))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("same key");
                });
        assertThat(stub.received()).hasSize(4);
    }

    @Test
    void callWhenRefusalCannotChangeOnRetryThenSentOnce() {
        stub.then(problem(409, "state_conflict")).then(problem(400, "amount_invalid"))
                .then(problem(402, "card_declined")).then(problem(422, "token_revoked"));
        TokenGateClient client = client(3);

        assertThatThrownBy(() -> client.charges().capture("ch_1")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.charges().create(charge())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.charges().create(charge())).isInstanceOf(CardDeclinedException.class);
        assertThatThrownBy(() -> client.charges().create(charge())).isInstanceOf(InvalidRequestException.class);
        assertThat(stub.received()).hasSize(4);
    }

    @Test
    void callWhen5xxPersistsThenApiExceptionWithStatusCodeAndRequestId() {
        stub.then(problem(500, "internal_error")).then(problem(500, "internal_error"))
                .then(problem(500, "internal_error"));

        assertThatThrownBy(() -> client(2).charges().get("ch_1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(500);
                    assertThat(e.getCode()).isEqualTo("internal_error");
                    assertThat(e.getRequestId()).isEqualTo("req_stub");
                    assertThat(e.getMessage()).contains("request_id=req_stub");
                });
        assertThat(stub.received()).hasSize(3);
    }

    @Test
    void callWhenPerCallMaxRetriesIsZeroThenOneAttempt() {
        stub.then(problem(503, "service_unavailable")).then(json(200, CHARGE));

        assertThatThrownBy(() -> client(5).charges().get("ch_1", RequestOptions.builder().maxRetries(0).build()))
                .isInstanceOf(ApiException.class);
        assertThat(stub.received()).hasSize(1);
    }

    @Test
    void callWhenAnswerIsNotAProblemDocumentThenMappedByStatusAlone() {
        stub.then(new Answer(502, java.util.Map.of("Content-Type", "text/html"), "<html>Bad gateway</html>",
                Duration.ZERO));

        assertThatThrownBy(() -> client(0).charges().get("ch_1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(502);
                    assertThat(e.getCode()).isNull();
                });
    }

    @Test
    void callWhenAttemptTimesOutThenRetriedAndFinallyApiConnectionException() {
        stub.then(json(200, CHARGE).after(Duration.ofSeconds(2))).then(json(200, CHARGE));

        assertThat(client(1).charges().get("ch_1", RequestOptions.builder().timeout(Duration.ofMillis(300))
                .build()).id()).isEqualTo("ch_1");

        stub.then(json(200, CHARGE).after(Duration.ofSeconds(2)));
        assertThatThrownBy(() -> client(0).charges().get("ch_1", RequestOptions.builder()
                .timeout(Duration.ofMillis(300)).build()))
                .isInstanceOfSatisfying(ApiConnectionException.class,
                        e -> assertThat(e.getMessage()).contains("timed out").contains("same idempotency key"));
    }

    @Test
    void callWhenNothingListensThenApiConnectionExceptionAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TokenGateClient client = TokenGateClient.builder().baseUrl("http://127.0.0.1:" + port)
                .secretKey("sk_test_0123456789abcdef").maxRetries(2)
                .retryDelays(Duration.ofMillis(10), Duration.ofMillis(20)).build();

        assertThatThrownBy(() -> client.tokens().list())
                .isInstanceOfSatisfying(ApiConnectionException.class, e -> {
                    assertThat(e.getStatusCode()).isZero();
                    assertThat(e.getMessage()).contains("after 2 retries").contains("listTokens")
                            .doesNotContain("sk_test");
                });
    }
}
