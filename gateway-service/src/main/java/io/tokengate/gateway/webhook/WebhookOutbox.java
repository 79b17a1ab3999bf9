package io.tokengate.gateway.webhook;

import io.tokengate.gateway.web.AttachedRows;
import io.tokengate.gateway.web.AttachedWrite;
import io.tokengate.gateway.web.Ids;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox of webhook events: the one way other features announce something to the
 * merchant's endpoints. {@link #record} writes the event and its deliveries inside the caller's
 * transaction, so an event exists if and only if the change that caused it committed; the
 * {@link WebhookDispatcher} delivers it afterwards, at least once.
 *
 * <p>Cheap when nobody listens: one statement, one round trip, whose only work for a merchant with no
 * subscribed endpoint is a probe of a small partial index; no event row is written then.
 */
@Component
public class WebhookOutbox {

    /**
     * One round trip: the subscribed endpoints, the event row only if there is one, and a delivery
     * per endpoint. The identity of the delivery rows orders each endpoint's queue.
     */
    static final String RECORD = """
            WITH subscribed AS (
                SELECT id FROM webhook_endpoints
                WHERE merchant_id = ? AND enabled AND (? = ANY (events) OR '*' = ANY (events))
            ), event AS (
                INSERT INTO webhook_events (id, merchant_id, type, payload)
                SELECT ?, ?, ?, CAST(? AS jsonb) WHERE EXISTS (SELECT 1 FROM subscribed)
                RETURNING id
            )
            INSERT INTO webhook_deliveries (event_id, endpoint_id)
            SELECT event.id, subscribed.id FROM event CROSS JOIN subscribed
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    WebhookOutbox(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records an event for the merchant's endpoints subscribed to {@code type}, in the caller's
     * transaction (there must be one: an event written outside it could announce a change that then
     * rolls back).
     *
     * @param type    one of {@link WebhookEventTypes#ALL}
     * @param payload the event's {@code data}: ids, amounts, statuses; never card data or secrets.
     *                Serialized with the application's JSON mapper (keys as given).
     * @return how many deliveries were queued (0 when no endpoint is subscribed: nothing was written)
     * @throws IllegalArgumentException for an unknown type
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int record(String merchantId, String type, Map<String, ?> payload) {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(payload, "payload");
        if (!WebhookEventTypes.isKnown(type)) {
            throw new IllegalArgumentException("unknown webhook event type " + type);
        }
        return jdbc.sql(RECORD)
                .params(merchantId, type, Ids.generate("evt_"), merchantId, type, json.writeValueAsString(payload))
                .update();
    }

    /**
     * {@link #record} as a write attached to another statement (the charge outcome's): the same
     * rows, written only when that statement changed its row, in one round trip with it.
     */
    public AttachedWrite attached(String merchantId, String type, Map<String, ?> payload) {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(payload, "payload");
        if (!WebhookEventTypes.isKnown(type)) {
            throw new IllegalArgumentException("unknown webhook event type " + type);
        }
        List<Object> params = AttachedWrite.params(merchantId, type, Ids.generate("evt_"), merchantId, type,
                json.writeValueAsString(payload));
        return new AttachedWrite() {
            @Override
            public String ctes(String p, String guard) {
                return p + "subscribed AS (SELECT id FROM webhook_endpoints WHERE merchant_id = ? AND enabled "
                        + "AND (? = ANY (events) OR '*' = ANY (events)) AND " + guard + "),\n"
                        + p + "event AS (INSERT INTO webhook_events (id, merchant_id, type, payload) "
                        + "SELECT ?, ?, ?, CAST(? AS jsonb) WHERE EXISTS (SELECT 1 FROM " + p + "subscribed) RETURNING id),\n"
                        + p + "deliveries AS (INSERT INTO webhook_deliveries (event_id, endpoint_id) "
                        + "SELECT e.id, s.id FROM " + p + "event e CROSS JOIN " + p + "subscribed s)";
            }

            @Override
            public List<Object> params() {
                return params;
            }
        };
    }

    /** One event for {@link #attachedRows}. */
    public record Event(String hostKey, String merchantId, String type, Map<String, ?> payload) {
    }

    /**
     * {@link #attached} for a set-based host statement: each event (and its deliveries) is written only
     * if the host changed the row keyed {@code hostKey} and an endpoint of its merchant listens.
     */
    public AttachedRows attachedRows(List<Event> events) {
        for (Event e : events) {
            if (!WebhookEventTypes.isKnown(e.type())) {
                throw new IllegalArgumentException("unknown webhook event type " + e.type());
            }
        }
        List<Object> params = List.of(events.stream().map(Event::hostKey).toArray(String[]::new),
                events.stream().map(e -> Ids.generate("evt_")).toArray(String[]::new),
                events.stream().map(e -> Objects.requireNonNull(e.merchantId(), "merchantId")).toArray(String[]::new),
                events.stream().map(Event::type).toArray(String[]::new),
                events.stream().map(e -> json.writeValueAsString(Objects.requireNonNull(e.payload(), "payload")))
                        .toArray(String[]::new));
        return new AttachedRows() {
            @Override
            public String ctes(String p, String result, String keyColumn) {
                String listens = "e.merchant_id = w.merchant_id AND e.enabled AND (w.type = ANY (e.events) OR '*' = ANY (e.events))";
                return p + "event AS (INSERT INTO webhook_events (id, merchant_id, type, payload) "
                        + "SELECT w.id, w.merchant_id, w.type, w.payload::jsonb "
                        + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS w(k, id, merchant_id, type, payload) "
                        + "JOIN " + result + " host ON host." + keyColumn + " = w.k "
                        + "WHERE EXISTS (SELECT 1 FROM webhook_endpoints e WHERE " + listens + ") "
                        + "RETURNING id, merchant_id, type),\n"
                        + p + "deliveries AS (INSERT INTO webhook_deliveries (event_id, endpoint_id) "
                        + "SELECT w.id, e.id FROM " + p + "event w JOIN webhook_endpoints e ON " + listens + ")";
            }

            @Override
            public List<Object> params() {
                return params;
            }
        };
    }
}
