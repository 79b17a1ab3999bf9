package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.ChargeListParams;
import io.tokengate.sdk.testing.GatewayTest;
import io.tokengate.sdk.testing.LossyProxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Idempotency-Key against the real gateway: retries of one call carry one key, so a
 * lost answer or a request still in flight never becomes a second charge.
 */
class IdempotencyTest extends GatewayTest {

    private static ChargeCreateParams charge(String token, long amount) {
        return ChargeCreateParams.builder().token(token).amount(amount).currency("EUR").build();
    }

    private static long chargesOf(TokenGateClient client, String token) {
        return client.charges().list(ChargeListParams.builder().token(token).build()).autoPagingStream().count();
    }

    @Test
    void createWhenSameKeySentTwiceThenTheFirstChargeIsReplayed() {
        TestMerchant merchant = merchant();
        TokenGateClient client = merchant.client();
        String token = merchant.card("4242424242424242");
        RequestOptions order = RequestOptions.builder().idempotencyKey("order-1001").build();

        Charge first = client.charges().create(charge(token, 1500), order);
        Charge again = client.charges().create(charge(token, 1500), order);

        assertThat(again).isEqualTo(first);
        assertThat(chargesOf(client, token)).isEqualTo(1);
    }

    @Test
    void createWhenTheAnswerIsLostThenTheRetryCarriesTheSameKeyAndChargesOnce() {
        TestMerchant merchant = merchant();
        String secret = merchant.secret("charges:write", "charges:read");
        String token = merchant.card("4242424242424242");
        try (LossyProxy proxy = new LossyProxy(gateway().baseUrl(), 1)) {
            TokenGateClient viaProxy = TokenGateClient.builder().baseUrl(proxy.baseUrl()).secretKey(secret)
                    .maxRetries(2).retryDelays(Duration.ofMillis(50), Duration.ofMillis(100)).build();

            Charge charge = viaProxy.charges().create(charge(token, 2500));

            assertThat(proxy.forwarded()).hasSize(2);
            LossyProxy.Forwarded lost = proxy.forwarded().get(0);
            LossyProxy.Forwarded retry = proxy.forwarded().get(1);
            assertThat(lost.lost()).isTrue();
            assertThat(lost.status()).isEqualTo(201);
            assertThat(retry.idempotencyKey()).isEqualTo(lost.idempotencyKey()).isNotBlank();
            assertThat(retry.replayed()).isTrue();
            assertThat(charge.status()).isEqualTo(Charge.CAPTURED);
            assertThat(chargesOf(merchant.clientWithSecret(secret), token)).isEqualTo(1);
        }
    }

    @Test
    void createWhenTheSameKeyIsStillInFlightThenRetriesUntilTheFirstAnswerIsReplayed() throws Exception {
        TestMerchant merchant = merchant();
        String secret = merchant.secret("charges:write", "charges:read");
        String token = merchant.card("4000000000000077"); // the simulator answers it after 3 s
        RequestOptions key = RequestOptions.builder().idempotencyKey("order-slow-" + System.nanoTime()).build();
        TokenGateClient first = merchant.clientWithSecret(secret);
        TokenGateClient patient = TokenGateClient.builder().baseUrl(gateway().baseUrl()).secretKey(secret)
                .maxRetries(10).retryDelays(Duration.ofMillis(300), Duration.ofMillis(600)).build();

        CompletableFuture<Charge> slow = CompletableFuture.supplyAsync(() -> first.charges().create(
                charge(token, 700), key));
        Thread.sleep(800);
        long started = System.nanoTime();
        Charge second = patient.charges().create(charge(token, 700), key);

        assertThat(second).isEqualTo(slow.get());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(900));
        assertThat(chargesOf(first, token)).isEqualTo(1);
    }
}
