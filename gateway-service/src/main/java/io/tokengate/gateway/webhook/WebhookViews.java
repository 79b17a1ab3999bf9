package io.tokengate.gateway.webhook;

import java.time.Instant;
import java.util.List;

/** JSON shapes of the webhook endpoint API (snake_case on the wire). */
final class WebhookViews {

    private WebhookViews() {
    }

    /** Body of {@code POST /v1/webhook-endpoints}. */
    record CreateEndpoint(String url, List<String> events, String description) {
    }

    /** An endpoint; {@code secret} only in the answer that created it, null afterwards. */
    record EndpointView(String id, String object, String url, List<String> events, String description,
                        String status, Instant createdAt, Instant disabledAt, String secret) {

        static EndpointView of(WebhookEndpoint e, String secret) {
            return new EndpointView(e.id(), "webhook_endpoint", e.url(), e.events(), e.description(), e.status(),
                    e.createdAt(), e.disabledAt(), secret);
        }

        // A record's generated toString would print the secret.
        @Override
        public String toString() {
            return "EndpointView[" + id + ", " + status + "]";
        }
    }

    /** One row of an endpoint's delivery log. */
    record DeliveryView(String object, String event, String type, String status, int attempts,
                        Integer lastStatusCode, String lastError, Integer lastDurationMs, Instant lastAttemptAt,
                        Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {

        static DeliveryView of(WebhookDeliveryRepository.LogRow r) {
            return new DeliveryView("webhook_delivery", r.eventId(), r.type(), r.status(), r.attempts(),
                    r.lastStatus(), r.lastError(), r.lastDurationMs(), r.lastAttemptAt(), r.nextAttemptAt(),
                    r.deliveredAt(), r.createdAt());
        }
    }
}
