package io.tokengate.gateway.ops;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Single queries on {@code approvals}; the status read is the effective one (expiry needs no job). */
@Repository
class ApprovalRepository {

    private static final String EFFECTIVE_STATUS =
            "CASE WHEN status = 'pending' AND expires_at <= now() THEN 'expired' ELSE status END";
    private static final String SELECT = "SELECT id, seq, action, params::text AS params, " + EFFECTIVE_STATUS
            + " AS status, requested_by, decided_by, reason, result::text AS result, created_at, decided_at, "
            + "expires_at FROM approvals ";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApprovalRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A row with its pagination position. */
    record Row(long seq, Approval approval) {
    }

    void insert(String id, String action, Map<String, Object> params, String requestedBy, String reason,
                Instant expiresAt) {
        jdbc.sql("INSERT INTO approvals (id, action, params, requested_by, reason, expires_at) "
                        + "VALUES (?, ?, ?::jsonb, ?, ?, ?)")
                .params(id, action, json.writeValueAsString(params), requestedBy, reason, Rows.timestamp(expiresAt))
                .update();
    }

    Optional<Approval> find(String id, boolean forUpdate) {
        return jdbc.sql(SELECT + "WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "")).param(id)
                .query(this::map).optional().map(Row::approval);
    }

    /** Newest first, before position {@code beforeSeq} when given, optionally by effective status. */
    List<Row> page(String status, Long beforeSeq, int limitPlusOne) {
        return jdbc.sql(SELECT + "WHERE (CAST(:status AS text) IS NULL OR " + EFFECTIVE_STATUS + " = :status) "
                        + "AND seq < :before ORDER BY seq DESC LIMIT :limit")
                .param("status", status).param("before", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
                .param("limit", limitPlusOne).query(this::map).list();
    }

    Optional<Long> seqOf(String id) {
        return jdbc.sql("SELECT seq FROM approvals WHERE id = ?").param(id).query(Long.class).optional();
    }

    /** Records the decision; only a row still pending moves. */
    void decide(String id, String status, String decidedBy, String reason, Map<String, Object> result) {
        jdbc.sql("UPDATE approvals SET status = ?, decided_by = ?, decided_at = now(), "
                        + "reason = coalesce(?, reason), result = ?::jsonb WHERE id = ? AND status = 'pending'")
                .params(status, decidedBy, reason, result == null ? null : json.writeValueAsString(result), id)
                .update();
    }

    @SuppressWarnings("unchecked")
    private Row map(ResultSet rs, int n) throws SQLException {
        String result = rs.getString("result");
        return new Row(rs.getLong("seq"), new Approval(rs.getString("id"), "approval", rs.getString("action"),
                json.readValue(rs.getString("params"), Map.class), rs.getString("status"),
                rs.getString("requested_by"), rs.getString("decided_by"), rs.getString("reason"),
                result == null ? null : json.readValue(result, Map.class), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "decided_at"), Rows.instant(rs, "expires_at")));
    }
}
