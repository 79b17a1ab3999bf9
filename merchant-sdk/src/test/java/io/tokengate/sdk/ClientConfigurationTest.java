package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.model.WebhookEndpoint;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.ChargeListParams;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's checks and what the client shows of itself. */
class ClientConfigurationTest {

    private static final String SECRET = "sk_live_AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    @Test
    void toStringWhenBuiltThenShowsOnlyTheLastFourCharactersOfTheKey() {
        TokenGateClient client = TokenGateClient.builder().baseUrl("https://pay.example").secretKey(SECRET).build();

        assertThat(client.toString()).contains("https://pay.example").contains("****2345").doesNotContain(SECRET)
                .doesNotContain("AbCdEf");
        assertThat(new WebhookEndpoint("we_1", "webhook_endpoint", "https://x", java.util.List.of("*"), null,
                "enabled", null, null, "whsec_secret").toString()).doesNotContain("whsec_secret");
    }

    @Test
    void buildWhenRequiredSettingMissingOrInvalidThenSaysWhatToGive() {
        assertThatThrownBy(() -> TokenGateClient.builder().secretKey(SECRET).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl is required");
        assertThatThrownBy(() -> TokenGateClient.builder().baseUrl("https://pay.example").build())
                .hasMessageContaining("TOKENGATE_SECRET_KEY");
        assertThatThrownBy(() -> TokenGateClient.builder().baseUrl("pay.example"))
                .hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> TokenGateClient.builder().baseUrl("https://pay.example").secretKey(SECRET + "\n")
                .build()).hasMessageContaining("whitespace").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> TokenGateClient.builder().requestTimeout(Duration.ZERO))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> TokenGateClient.builder().maxRetries(-1)).hasMessageContaining("0 or more");
    }

    @Test
    void paramsWhenRequiredFieldMissingOrOutOfRangeThenRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> ChargeCreateParams.builder().token("tok_x").amount(1).build())
                .hasMessage("ChargeCreateParams: currency is required.");
        assertThatThrownBy(() -> ChargeListParams.builder().limit(101)).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> RequestOptions.builder().idempotencyKey("é")).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> RequestOptions.builder().idempotencyKey("x".repeat(256)))
                .hasMessageContaining("1 to 255");
    }

    @Test
    void paramsWhenBuiltThenSnakeCaseWithoutUnsetFields() {
        assertThat(ChargeCreateParams.builder().token("tok_x").amount(5).currency("EUR")
                .channel(ChargeCreateParams.Channel.MERCHANT_INITIATED).build().toMap())
                .containsOnlyKeys("token", "amount", "currency", "channel")
                .containsEntry("channel", "merchant_initiated");
    }
}
