package io.tokengate.sdk.webhook;

import io.tokengate.sdk.internal.Json;
import java.time.Instant;
import java.util.Map;

/**
 * A webhook event, as delivered to your endpoint and verified by
 * {@link Webhooks#constructEvent(String, String, String)}. Delivery is at least once: the same
 * {@link #id()} can arrive again, so make handling idempotent (remember the ids you processed).
 *
 * @param id        {@code evt_...}, also the {@code TokenGate-Event-Id} header
 * @param type      e.g. {@code token.revoked}, {@code token.replaced}, {@code incident.opened},
 *                  {@code charge.succeeded}, {@code charge.failed}, {@code refund.succeeded}
 * @param createdAt when the event happened
 * @param data      the event's data: ids, amounts, statuses; never card data
 */
public record Event(String id, String object, String type, Instant createdAt, Map<String, Object> data) {

    public static final String TOKEN_REVOKED = "token.revoked";
    public static final String TOKEN_REPLACED = "token.replaced";
    public static final String INCIDENT_OPENED = "incident.opened";
    public static final String CHARGE_SUCCEEDED = "charge.succeeded";
    public static final String CHARGE_FAILED = "charge.failed";
    public static final String REFUND_SUCCEEDED = "refund.succeeded";

    public Event {
        data = data == null ? Map.of() : data;
    }

    /**
     * The data converted to a type of your own (or of the SDK), snake_case fields to camelCase
     * record components; fields the type does not have are ignored.
     *
     * @throws IllegalArgumentException if the data does not fit the type
     */
    public <T> T dataAs(Class<T> type) {
        try {
            return Json.MAPPER.convertValue(data, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The data of event " + id + " (" + type() + ") does not fit "
                    + type.getSimpleName(), e);
        }
    }
}
