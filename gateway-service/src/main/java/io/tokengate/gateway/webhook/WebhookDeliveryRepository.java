package io.tokengate.gateway.webhook;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The delivery queue. Each endpoint's pending deliveries form a queue in event order; only its head
 * (oldest pending) may be claimed, and a claim leases the head with up to {@code batch - 1}
 * followers by moving their {@code next_attempt_at} to the end of the lease. While a lease runs the
 * head is not due, so no other instance can take anything of that endpoint: deliveries of one
 * endpoint go out one at a time, in order. A worker that dies mid-batch loses its lease, and the
 * deliveries come due again (at least once).
 */
@Repository
class WebhookDeliveryRepository {

    /**
     * One statement, so one short implicit transaction: find due heads (one index probe per enabled
     * endpoint, whatever the backlog), lock them skipping those another instance is claiming, take
     * their followers, lease all of them, and return what the posts need.
     */
    private static final String CLAIM = """
            WITH heads AS (
                SELECT h.id
                FROM webhook_endpoints e
                CROSS JOIN LATERAL (
                    SELECT d.id, d.next_attempt_at FROM webhook_deliveries d
                    WHERE d.endpoint_id = e.id AND d.status = 'pending'
                    ORDER BY d.id LIMIT 1) h
                WHERE e.enabled AND h.next_attempt_at <= now()
            ), locked AS (
                SELECT d.id, d.endpoint_id FROM webhook_deliveries d
                WHERE d.id IN (SELECT id FROM heads) AND d.status = 'pending' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            ), batch AS (
                SELECT f.id FROM locked l
                CROSS JOIN LATERAL (
                    SELECT f.id FROM webhook_deliveries f
                    WHERE f.endpoint_id = l.endpoint_id AND f.status = 'pending' AND f.id >= l.id
                    ORDER BY f.id LIMIT ?) f
            )
            UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => ?)
            FROM batch b, webhook_events ev, webhook_endpoints e
            WHERE d.id = b.id AND d.status = 'pending' AND ev.id = d.event_id AND e.id = d.endpoint_id AND e.enabled
            RETURNING d.id, d.attempts, d.endpoint_id, e.url, e.secret_sealed, ev.id AS event_id, ev.type,
                      ev.payload::text AS payload, ev.created_at
            """;

    private static final String OUTCOME = """
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), last_status = ?,
                last_error = ?, last_duration_ms = ?, status = ?,
                next_attempt_at = CASE WHEN ? = 'pending' THEN now() + make_interval(secs => ?) END,
                delivered_at = CASE WHEN ? = 'delivered' THEN now() END
            WHERE id = ? AND status = 'pending'
            """;

    private final JdbcClient jdbc;

    WebhookDeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A leased delivery with what its post needs. */
    record Claimed(long id, int attempts, String endpointId, String url, byte[] secretSealed, String eventId,
                   String type, String payload, Instant createdAt) {

        @Override
        public String toString() {
            return "Claimed[" + id + ", " + eventId + " -> " + endpointId + "]";
        }
    }

    /** A row of the delivery log. */
    record LogRow(long id, String eventId, String type, String status, int attempts, Integer lastStatus,
                  String lastError, Integer lastDurationMs, Instant lastAttemptAt, Instant nextAttemptAt,
                  Instant deliveredAt, Instant createdAt) {
    }

    /** Claims due heads of up to {@code endpoints} endpoints, with up to {@code batch} deliveries each. */
    List<Claimed> claim(int endpoints, int batch, Duration lease) {
        return jdbc.sql(CLAIM).params(endpoints, batch, seconds(lease))
                .query((rs, i) -> new Claimed(rs.getLong("id"), rs.getInt("attempts"), rs.getString("endpoint_id"),
                        rs.getString("url"), rs.getBytes("secret_sealed"), rs.getString("event_id"),
                        rs.getString("type"), rs.getString("payload"), Rows.instant(rs, "created_at")))
                .list();
    }

    void delivered(long id, int httpStatus, long durationMs) {
        outcome(id, httpStatus, null, durationMs, "delivered", null);
    }

    /** A failed attempt: due again after {@code retryIn}, or {@code failed} for good when null. */
    void attemptFailed(long id, Integer httpStatus, String error, long durationMs, Duration retryIn) {
        outcome(id, httpStatus, error, durationMs, retryIn == null ? "failed" : "pending", retryIn);
    }

    /** Gives leased deliveries that were not attempted back to the queue, due now. */
    void release(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = ANY (?) AND status = 'pending'")
                    .param(ids.toArray(Long[]::new)).update();
        }
    }

    /** Gives up every pending delivery of an endpoint (it was disabled). */
    int failPending(String endpointId, String error) {
        return jdbc.sql("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = ? "
                        + "WHERE endpoint_id = ? AND status = 'pending'")
                .params(error, endpointId).update();
    }

    /** The endpoint's delivery log, newest first, after the delivery {@code beforeId} when given. */
    List<LogRow> page(String endpointId, Long beforeId, int limit) {
        return jdbc.sql("""
                        SELECT d.id, d.event_id, ev.type, d.status, d.attempts, d.last_status, d.last_error,
                               d.last_duration_ms, d.last_attempt_at, d.next_attempt_at, d.delivered_at, d.created_at
                        FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
                        WHERE d.endpoint_id = ? AND (?::bigint IS NULL OR d.id < ?)
                        ORDER BY d.id DESC LIMIT ?""")
                .params(endpointId, beforeId, beforeId, limit)
                .query((rs, i) -> new LogRow(rs.getLong("id"), rs.getString("event_id"), rs.getString("type"),
                        rs.getString("status"), rs.getInt("attempts"), nullableInt(rs, "last_status"),
                        rs.getString("last_error"), nullableInt(rs, "last_duration_ms"),
                        Rows.instant(rs, "last_attempt_at"), Rows.instant(rs, "next_attempt_at"),
                        Rows.instant(rs, "delivered_at"), Rows.instant(rs, "created_at")))
                .list();
    }

    private void outcome(long id, Integer httpStatus, String error, long durationMs, String status,
                         Duration retryIn) {
        jdbc.sql(OUTCOME).params(httpStatus, error, (int) Math.min(durationMs, Integer.MAX_VALUE), status, status,
                retryIn == null ? 0.0 : seconds(retryIn), status, id).update();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
