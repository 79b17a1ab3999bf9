package io.tokengate.gateway.audit;

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

    private void insert(AuditEntry e) {
        jdbc.sql(INSERT)
                .params(e.actor().type(), e.actor().id(), e.action(), e.merchantId(), e.subjectType(), e.subjectId(),
                        e.actor().sourceIp(), json.writeValueAsString(e.details()))
                .update();
    }
}
