package io.tokengate.sdk.model;

import java.time.Instant;

/**
 * One entry of an endpoint's delivery log: an event queued for the endpoint and how its delivery went.
 *
 * @param event     the event id ({@code evt_...})
 * @param status    {@code pending}, {@code delivered} or {@code failed}
 * @param lastError e.g. {@code http_status}, {@code timeout}, {@code connection_refused}
 */
public record WebhookDelivery(String object, String event, String type, String status, int attempts,
                              Integer lastStatusCode, String lastError, Integer lastDurationMs, Instant lastAttemptAt,
                              Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
}
