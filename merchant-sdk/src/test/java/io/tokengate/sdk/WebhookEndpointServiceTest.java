package io.tokengate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.exception.SignatureVerificationException;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.model.WebhookDelivery;
import io.tokengate.sdk.model.WebhookEndpoint;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.WebhookEndpointCreateParams;
import io.tokengate.sdk.testing.GatewayTest;
import io.tokengate.sdk.testing.WebhookReceiver;
import io.tokengate.sdk.webhook.Event;
import io.tokengate.sdk.webhook.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code client.webhookEndpoints()} and {@link Webhooks} end to end: the real gateway delivers a
 * signed event to a real local endpoint, and the SDK verifies it with the endpoint's secret.
 */
class WebhookEndpointServiceTest extends GatewayTest {

    @Test
    void createWhenChargeSucceedsThenSignedEventDeliveredAndVerifiedWithTheEndpointSecret() throws Exception {
        TestMerchant merchant = merchant();
        TokenGateClient client = merchant.client();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookEndpoint endpoint = client.webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                    .url(receiver.url()).events(Event.CHARGE_SUCCEEDED, Event.CHARGE_FAILED).description("orders")
                    .build());
            assertThat(endpoint.id()).startsWith("we_");
            assertThat(endpoint.secret()).startsWith("whsec_");
            assertThat(endpoint.status()).isEqualTo("enabled");

            Charge charge = client.charges().create(ChargeCreateParams.builder()
                    .token(merchant.card("4242424242424242")).amount(1050).currency("EUR").build());
            WebhookReceiver.Delivery delivery = receiver.next(Duration.ofSeconds(60));

            Event event = Webhooks.constructEvent(delivery.body(), delivery.signature(), endpoint.secret());
            assertThat(event.type()).isEqualTo(Event.CHARGE_SUCCEEDED);
            assertThat(event.id()).isEqualTo(delivery.eventId());
            assertThat(event.data()).containsEntry("id", charge.id());
            assertThatThrownBy(() -> Webhooks.constructEvent(delivery.body(), delivery.signature(), "whsec_wrong"))
                    .isInstanceOf(SignatureVerificationException.class);
            assertThat(client.webhookEndpoints().get(endpoint.id()).secret()).isNull();
            assertThat(client.webhookEndpoints().list().data()).extracting(WebhookEndpoint::id)
                    .containsExactly(endpoint.id());
            List<WebhookDelivery> log = awaitDelivered(client, endpoint.id());
            assertThat(log).extracting(WebhookDelivery::event).containsExactly(event.id());
        }
    }

    @Test
    void disableWhenEnabledThenDisabledIdempotently() {
        TokenGateClient client = merchant().client();
        WebhookEndpoint endpoint = client.webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                .url("http://localhost:9/hooks").events("*").build());

        WebhookEndpoint disabled = client.webhookEndpoints().disable(endpoint.id());

        assertThat(disabled.status()).isEqualTo("disabled");
        assertThat(disabled.disabledAt()).isNotNull();
        assertThat(client.webhookEndpoints().disable(endpoint.id()).disabledAt()).isEqualTo(disabled.disabledAt());
    }

    @Test
    void createWhenEventTypeUnknownThenInvalidRequest() {
        TokenGateClient client = merchant().client();

        assertThatThrownBy(() -> client.webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                .url("https://hooks.example/tokengate").events("charge.exploded").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    private static List<WebhookDelivery> awaitDelivered(TokenGateClient client, String endpointId)
            throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            List<WebhookDelivery> log = client.webhookEndpoints().listDeliveries(endpointId).data();
            if (!log.isEmpty() && log.stream().allMatch(d -> "delivered".equals(d.status()))) {
                return log;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the delivery log never showed the delivery as delivered");
    }
}
