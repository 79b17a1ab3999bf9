package io.tokengate.gateway.audit;

import io.tokengate.gateway.web.Rows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit trail for ops: filters and cursor pagination, newest first. */
@Component
public class AuditQuery {

    /** One audit row as ops see it. */
    public record AuditRow(long id, Instant occurredAt, String actorType, String actorId, String action,
                           String merchantId, String subjectType, String subjectId, String sourceIp,
                           Map<String, Object> details, Long sealSeq) {
    }

    /** Filters; null means "any". {@code from} inclusive, {@code to} exclusive. */
    public record Filter(String merchantId, String actor, String action, Instant from, Instant to, Long beforeId) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditQuery(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    @SuppressWarnings("unchecked")
    public List<AuditRow> page(Filter filter, int limitPlusOne) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.id, e.occurred_at, e.actor_type, e.actor_id, e.action, e.merchant_id, e.subject_type,
                       e.subject_id, host(e.source_ip) AS source_ip, e.details::text AS details,
                       (SELECT s.seal_seq FROM audit_seals s WHERE s.event_id = e.id) AS seal_seq
                  FROM audit_events e WHERE true""");
        List<Object> params = new ArrayList<>();
        if (filter.merchantId() != null) {
            sql.append(" AND merchant_id = ?");
            params.add(filter.merchantId());
        }
        if (filter.actor() != null) {
            sql.append(" AND actor_id = ?");
            params.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(filter.action().endsWith(".") ? " AND action LIKE ?" : " AND action = ?");
            params.add(filter.action().endsWith(".") ? filter.action() + "%" : filter.action());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(Rows.timestamp(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at < ?");
            params.add(Rows.timestamp(filter.to()));
        }
        if (filter.beforeId() != null) {
            sql.append(" AND id < ?");
            params.add(filter.beforeId());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limitPlusOne);
        return jdbc.sql(sql.toString()).params(params).query((rs, i) -> new AuditRow(rs.getLong("id"),
                Rows.instant(rs, "occurred_at"), rs.getString("actor_type"), rs.getString("actor_id"),
                rs.getString("action"), rs.getString("merchant_id"), rs.getString("subject_type"),
                rs.getString("subject_id"), rs.getString("source_ip"),
                json.readValue(rs.getString("details"), Map.class), Rows.nullableLong(rs, "seal_seq"))).list();
    }
}
