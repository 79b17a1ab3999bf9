package io.tokengate.gateway.audit;

import io.tokengate.gateway.web.AttachedRows;
import io.tokengate.gateway.web.AttachedWrite;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends audit rows inside the caller's transaction, so a change and its record commit or roll
 * back together. Rows are appended unsealed: no shared chain head is locked on the hot path; the
 * {@link AuditSealer} chains them afterwards.
 */
@Component
public class AuditLog {

    private static final String INSERT = """
            INSERT INTO audit_events (actor_type, actor_id, action, merchant_id, subject_type, subject_id,
                                      source_ip, details)
            VALUES (?, ?, ?, ?, ?, ?, ?::inet, ?::jsonb)
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends in the current transaction; there must be one, or the record could outlive a rollback. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(AuditEntry entry) {
        insert(entry);
    }

    /** Appends in a transaction of its own, for facts that must survive the caller's rollback (denials). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void appendIndependently(AuditEntry entry) {
        insert(entry);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<AuditEntry> entries) {
        entries.forEach(this::insert);
    }

    /**
     * The entry as a write attached to another statement, in that statement's transaction: the same
     * row {@link #append} writes, one round trip fewer.
     */
    public AttachedWrite attached(AuditEntry e) {
        List<Object> params = AttachedWrite.params(e.actor().type(), e.actor().id(), e.action(), e.merchantId(),
                e.subjectType(), e.subjectId(), e.actor().sourceIp(), json.writeValueAsString(e.details()));
        return new AttachedWrite() {
            @Override
            public String ctes(String prefix, String guard) {
                return prefix + """
                        audit AS (
                            INSERT INTO audit_events (actor_type, actor_id, action, merchant_id, subject_type, subject_id,
                                                      source_ip, details)
                            SELECT ?, ?, ?, ?, ?, ?, ?::inet, ?::jsonb WHERE\s""" + guard + ")";
            }

            @Override
            public List<Object> params() {
                return params;
            }
        };
    }

    /**
     * {@link #attached} for a set-based host statement: the entry {@code entries.get(i)} is written only
     * if the host changed the row keyed {@code keys.get(i)}.
     */
    public AttachedRows attachedRows(List<String> keys, List<AuditEntry> entries) {
        if (keys.size() != entries.size()) {
            throw new IllegalArgumentException("one key per entry");
        }
        List<Object> params = List.of(keys.toArray(String[]::new),
                entries.stream().map(e -> e.actor().type()).toArray(String[]::new),
                entries.stream().map(e -> e.actor().id()).toArray(String[]::new),
                entries.stream().map(AuditEntry::action).toArray(String[]::new),
                entries.stream().map(AuditEntry::merchantId).toArray(String[]::new),
                entries.stream().map(AuditEntry::subjectType).toArray(String[]::new),
                entries.stream().map(AuditEntry::subjectId).toArray(String[]::new),
                entries.stream().map(e -> e.actor().sourceIp()).toArray(String[]::new),
                entries.stream().map(e -> json.writeValueAsString(e.details())).toArray(String[]::new));
        return new AttachedRows() {
            @Override
            public String ctes(String prefix, String result, String keyColumn) {
                return prefix + """
                        audit AS (
                            INSERT INTO audit_events (actor_type, actor_id, action, merchant_id, subject_type, subject_id,
                                                      source_ip, details)
                            SELECT a.actor_type, a.actor_id, a.action, a.merchant_id, a.subject_type, a.subject_id,
                                   a.source_ip::inet, a.details::jsonb
                              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                          ?::text[], ?::text[])
                                   AS a(k, actor_type, actor_id, action, merchant_id, subject_type, subject_id, source_ip,
                                        details)
                              JOIN\s""" + result + " host ON host." + keyColumn + " = a.k)";
            }

            @Override
            public List<Object> params() {
                return params;
            }
        };
    }

    private void insert(AuditEntry e) {
        jdbc.sql(INSERT)
                .params(e.actor().type(), e.actor().id(), e.action(), e.merchantId(), e.subjectType(), e.subjectId(),
                        e.actor().sourceIp(), json.writeValueAsString(e.details()))
                .update();
    }
}
