package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.AuthenticationException;
import io.tokengate.sdk.exception.IdempotencyException;
import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.exception.PermissionException;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.testing.GatewayTest;
import org.junit.jupiter.api.Test;

/** What the gateway's refusals become in the SDK: the typed exception, its fields, a message that helps. */
class ErrorMappingTest extends GatewayTest {

    @Test
    void callWhenSecretIsUnknownThenAuthenticationExceptionThatNeverShowsTheSecret() {
        String secret = "sk_" + "x".repeat(40);
        TokenGateClient client = TokenGateClient.builder().baseUrl(gateway().baseUrl()).secretKey(secret).build();

        assertThatThrownBy(() -> client.tokens().list())
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getCode()).isEqualTo("api_key_invalid");
                    assertThat(e.getRequestId()).startsWith("req_");
                    assertThat(e.getMessage()).contains("secretKey(").contains(e.getRequestId())
                            .doesNotContain(secret);
                });
    }

    @Test
    void callWhenKeyLacksTheScopeThenPermissionExceptionNamingTheScope() {
        TokenGateClient readOnly = merchant().client("charges:read");

        assertThatThrownBy(() -> readOnly.tokens().list())
                .isInstanceOfSatisfying(PermissionException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getCode()).isEqualTo("scope_missing");
                    assertThat(e.getRequiredScope()).isEqualTo("tokens:read");
                });
    }

    @Test
    void createWhenCurrencyNotInTheAclThenPermissionExceptionWithTheRule() {
        TestMerchant merchant = merchant();
        String token = merchant.card("4242424242424242");

        assertThatThrownBy(() -> merchant.client().charges().create(ChargeCreateParams.builder().token(token)
                .amount(100).currency("GBP").build()))
                .isInstanceOfSatisfying(PermissionException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("acl_denied");
                    assertThat(e.getRule()).isEqualTo("currency");
                    assertThat(e.getMessage()).contains("rule=currency").contains("PUT /ops/merchants/{id}/acl");
                });
    }

    @Test
    void createWhenIdempotencyKeyReusedForAnotherRequestThenIdempotencyException() {
        TestMerchant merchant = merchant();
        TokenGateClient client = merchant.client();
        String token = merchant.card("4242424242424242");
        RequestOptions key = RequestOptions.builder().idempotencyKey("order-" + System.nanoTime()).build();
        client.charges().create(ChargeCreateParams.builder().token(token).amount(100).currency("EUR").build(), key);

        assertThatThrownBy(() -> client.charges().create(ChargeCreateParams.builder().token(token).amount(200)
                .currency("EUR").build(), key))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(422);
                    assertThat(e.getCode()).isEqualTo("idempotency_key_reused");
                    assertThat(e.getMessage()).contains("new Idempotency-Key");
                });
    }

    @Test
    void createWhenParameterInvalidThenInvalidRequestNamingTheParam() {
        TestMerchant merchant = merchant();
        String token = merchant.card("4242424242424242");

        assertThatThrownBy(() -> merchant.client().charges().create(ChargeCreateParams.builder().token(token)
                .amount(100).currency("eur").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("currency_invalid");
                    assertThat(e.getParam()).isEqualTo("currency");
                });
    }
}
