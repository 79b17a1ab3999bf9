package io.tokengate.gateway.rotation;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single queries on {@code key_rotations}. */
@Repository
class KeyRotationRepository {

    /** A rotation and its re-wrap progress. */
    record KeyRotation(String id, int fromVersion, int toVersion, String status, long cardsTotal, long cardsRewrapped,
                       long tokensTotal, long tokensRewrapped, String requestedBy, Instant createdAt,
                       Instant updatedAt, Instant completedAt) {

        static final String REWRAPPING = "rewrapping";
        static final String COMPLETED = "completed";
    }

    private static final String COLUMNS = "id, from_version, to_version, status, cards_total, cards_rewrapped, "
            + "tokens_total, tokens_rewrapped, requested_by, created_at, updated_at, completed_at";

    private final JdbcClient jdbc;

    KeyRotationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String id, int from, int to, long cardsTotal, long tokensTotal, String requestedBy) {
        jdbc.sql("INSERT INTO key_rotations (id, from_version, to_version, cards_total, tokens_total, requested_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, from, to, cardsTotal, tokensTotal, requestedBy).update();
    }

    Optional<KeyRotation> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM key_rotations WHERE id = ?").param(id)
                .query(KeyRotationRepository::map).optional();
    }

    Optional<KeyRotation> running() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM key_rotations WHERE status = 'rewrapping'")
                .query(KeyRotationRepository::map).optional();
    }

    /** Newest first, after the rotation to {@code beforeToVersion} when given; {@code limit} rows. */
    List<KeyRotation> page(Integer beforeToVersion, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM key_rotations WHERE to_version < ? ORDER BY to_version DESC LIMIT ?")
                .params(beforeToVersion == null ? Integer.MAX_VALUE : beforeToVersion, limit)
                .query(KeyRotationRepository::map).list();
    }

    /**
     * Adds a committed batch to the progress. A total grows when the job finds more than was
     * counted at the start (cards sealed by an instance that had not reloaded yet).
     */
    void addProgress(String id, long cards, long tokens) {
        jdbc.sql("""
                        UPDATE key_rotations SET cards_rewrapped = cards_rewrapped + ?,
                               cards_total = greatest(cards_total, cards_rewrapped + ?),
                               tokens_rewrapped = tokens_rewrapped + ?,
                               tokens_total = greatest(tokens_total, tokens_rewrapped + ?),
                               updated_at = now()
                        WHERE id = ?""")
                .params(cards, cards, tokens, tokens, id).update();
    }

    /**
     * Marks the rotation completed. The totals become what was actually moved: rows counted at
     * the start may have been shredded or re-sealed under the new version before the job got there.
     */
    boolean complete(String id) {
        return jdbc.sql("""
                        UPDATE key_rotations SET status = 'completed', completed_at = now(), updated_at = now(),
                               cards_total = cards_rewrapped, tokens_total = tokens_rewrapped
                        WHERE id = ? AND status = 'rewrapping'""")
                .param(id).update() == 1;
    }

    private static KeyRotation map(ResultSet rs, int row) throws SQLException {
        return new KeyRotation(rs.getString("id"), rs.getInt("from_version"), rs.getInt("to_version"),
                rs.getString("status"), rs.getLong("cards_total"), rs.getLong("cards_rewrapped"),
                rs.getLong("tokens_total"), rs.getLong("tokens_rewrapped"), rs.getString("requested_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), Rows.instant(rs, "completed_at"));
    }
}
