package io.tokengate.gateway.incident;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single queries on {@code incidents} (joined with the incident's token migration). */
@Repository
class IncidentRepository {

    private static final String SELECT = """
            SELECT i.id, i.merchant_id, i.status, i.reason, i.opened_by, i.new_api_key_id, i.api_keys_revoked,
                   i.token_cutoff, i.tokens_total, i.tokens_revoked, i.tokens_replaced, i.batches,
                   m.id AS migration_id, i.created_at, i.updated_at, i.completed_at
            FROM incidents i JOIN token_migrations m ON m.incident_id = i.id
            """;

    private final JdbcClient jdbc;

    IncidentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serializes containment requests for one merchant until the caller's transaction ends. */
    void lockMerchant(String merchantId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('incident:' || ?, 0))").param(merchantId)
                .query((rs, n) -> 1).single();
    }

    void insert(String id, String merchantId, String reason, String openedBy, String newApiKeyId, int keysRevoked,
                long cutoff, long tokensTotal, String migrationId) {
        jdbc.sql("""
                        INSERT INTO incidents (id, merchant_id, reason, opened_by, new_api_key_id, api_keys_revoked,
                                               token_cutoff, tokens_total)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, merchantId, reason, openedBy, newApiKeyId, keysRevoked, cutoff, tokensTotal).update();
        jdbc.sql("INSERT INTO token_migrations (id, incident_id, merchant_id) VALUES (?, ?, ?)")
                .params(migrationId, id, merchantId).update();
    }

    /**
     * Splits the ids (from, cutoff) into {@code lanes} equal ranges, one lane row each.
     *
     * @param from just below the lowest pending token id (or cutoff - 1 when there is none)
     */
    void insertLanes(String id, long from, long cutoff, int lanes) {
        long width = cutoff - 1 - from;
        for (int k = 0; k < lanes; k++) {
            long start = from + width * k / lanes;
            long end = k == lanes - 1 ? cutoff : from + width * (k + 1) / lanes + 1;
            jdbc.sql("INSERT INTO incident_lanes (incident_id, lane, cursor_token_id, upper_bound) VALUES (?, ?, ?, ?)")
                    .params(id, k, start, end).update();
        }
    }

    Optional<Incident> find(String id) {
        return jdbc.sql(SELECT + "WHERE i.id = ?").param(id).query(IncidentRepository::map).optional();
    }

    Optional<Incident> findContaining(String merchantId) {
        return jdbc.sql(SELECT + "WHERE i.merchant_id = ? AND i.status = 'containing'").param(merchantId)
                .query(IncidentRepository::map).optional();
    }

    /** The merchant's incidents, newest first, after the incident {@code after} (exclusive) when given. */
    List<Incident> page(String merchantId, Incident after, int limitPlusOne) {
        if (after == null) {
            return jdbc.sql(SELECT + "WHERE i.merchant_id = ? ORDER BY i.created_at DESC, i.id DESC LIMIT ?")
                    .params(merchantId, limitPlusOne).query(IncidentRepository::map).list();
        }
        return jdbc.sql(SELECT + "WHERE i.merchant_id = ? AND (i.created_at, i.id) < (?, ?) "
                        + "ORDER BY i.created_at DESC, i.id DESC LIMIT ?")
                .params(merchantId, Rows.timestamp(after.createdAt()), after.id(), limitPlusOne)
                .query(IncidentRepository::map).list();
    }

    boolean anyContaining() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM incidents WHERE status = 'containing')").query(Boolean.class)
                .single();
    }

    /** A lane claimed by a worker: its incident and the ids (cursor, upper) still to handle. */
    record Lane(Incident incident, int lane, long cursor, long upper) {
    }

    /**
     * Claims the first open lane of the oldest containing incident that no other worker holds, locked
     * until the caller's transaction ends: the batch runs under this lock, so a lane has one runner.
     */
    Optional<Lane> claimLane() {
        return jdbc.sql("""
                        SELECT l.lane, l.cursor_token_id AS lane_cursor, l.upper_bound, i.*
                        FROM incident_lanes l JOIN (""" + SELECT + """
                        ) i ON i.id = l.incident_id
                        WHERE i.status = 'containing' AND NOT l.done
                        ORDER BY i.created_at, l.lane LIMIT 1
                        FOR UPDATE OF l SKIP LOCKED""")
                .query((rs, n) -> new Lane(map(rs, n), rs.getInt("lane"), rs.getLong("lane_cursor"),
                        rs.getLong("upper_bound"))).optional();
    }

    /** Claims a containing incident whose lanes are all done (its completion), locked like a lane. */
    Optional<Incident> claimCompletion() {
        return jdbc.sql(SELECT + """
                        WHERE i.status = 'containing'
                          AND NOT EXISTS (SELECT 1 FROM incident_lanes l WHERE l.incident_id = i.id AND NOT l.done)
                        ORDER BY i.created_at LIMIT 1 FOR UPDATE OF i SKIP LOCKED""")
                .query(IncidentRepository::map).optional();
    }

    /** Moves the lane's cursor and the incident's counters, in the batch's transaction. */
    void recordBatch(String id, int lane, long cursor, int revoked, int replaced) {
        jdbc.sql("UPDATE incident_lanes SET cursor_token_id = ? WHERE incident_id = ? AND lane = ?")
                .params(cursor, id, lane).update();
        jdbc.sql("""
                        UPDATE incidents SET tokens_revoked = tokens_revoked + ?, tokens_replaced = tokens_replaced + ?,
                               batches = batches + 1, updated_at = now()
                        WHERE id = ?""")
                .params(revoked, replaced, id).update();
    }

    void laneDone(String id, int lane) {
        jdbc.sql("UPDATE incident_lanes SET done = true WHERE incident_id = ? AND lane = ?").params(id, lane).update();
    }

    /** Reopens the lane whose range holds {@code tokenId}, from just below it (a token committed late). */
    void reopenAt(String id, long tokenId) {
        jdbc.sql("""
                        UPDATE incident_lanes SET done = false, cursor_token_id = ?
                        WHERE incident_id = ? AND lane = (SELECT min(lane) FROM incident_lanes
                                                          WHERE incident_id = ? AND upper_bound > ?)""")
                .params(tokenId - 1, id, id, tokenId).update();
    }

    /** Marks it contained and its migration ready; tokens_total becomes what was actually revoked. */
    Instant complete(String id) {
        Instant at = jdbc.sql("""
                        UPDATE incidents SET status = 'contained', completed_at = now(), updated_at = now(),
                               tokens_total = tokens_revoked
                        WHERE id = ? AND status = 'containing' RETURNING completed_at""")
                .param(id).query((rs, n) -> Rows.instant(rs, "completed_at")).single();
        jdbc.sql("UPDATE token_migrations SET status = 'ready', ready_at = now() WHERE incident_id = ? "
                + "AND status = 'in_progress'").param(id).update();
        return at;
    }

    private static Incident map(ResultSet rs, int n) throws SQLException {
        return new Incident(rs.getString("id"), rs.getString("merchant_id"), rs.getString("status"),
                rs.getString("reason"), rs.getString("opened_by"), rs.getString("new_api_key_id"),
                rs.getInt("api_keys_revoked"), rs.getLong("token_cutoff"), rs.getLong("tokens_total"), rs.getLong("tokens_revoked"), rs.getLong("tokens_replaced"),
                rs.getInt("batches"), rs.getString("migration_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"), Rows.instant(rs, "completed_at"));
    }
}
