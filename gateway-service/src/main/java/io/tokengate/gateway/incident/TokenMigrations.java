package io.tokengate.gateway.incident;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.token.TokenPair;
import io.tokengate.gateway.token.TokenReplacements;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.PageResponse;
import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The merchant's side of a containment: its token migrations, their old → new pairs (opened for
 * it alone), and the acknowledgement that it has applied one. Every lookup names the merchant, so
 * another merchant's migration is {@code not_found} like one that never existed.
 */
@Service
public class TokenMigrations {

    public static final int MAX_PAIRS_PER_PAGE = 1_000;

    private static final String SELECT = """
            SELECT m.id, m.incident_id, m.status, m.created_at, m.ready_at, m.done_at,
                   i.tokens_total, i.tokens_revoked, i.tokens_replaced
            FROM token_migrations m JOIN incidents i ON i.id = m.incident_id
            """;

    private final JdbcClient jdbc;
    private final TokenReplacements replacements;
    private final AuditLog audit;

    TokenMigrations(JdbcClient jdbc, TokenReplacements replacements, AuditLog audit) {
        this.jdbc = jdbc;
        this.replacements = replacements;
        this.audit = audit;
    }

    /** A migration with the progress of its incident. */
    public record Migration(String id, String incidentId, String status, long tokensTotal, long tokensRevoked,
                            long tokensReplaced, Instant createdAt, Instant readyAt, Instant doneAt) {
    }

    @Transactional(readOnly = true)
    public Migration get(String merchantId, String id) {
        return find(merchantId, id).orElseThrow(() -> ApiException.notFound("token migration"));
    }

    /** Newest first; the cursor is a migration id of this merchant. */
    @Transactional(readOnly = true)
    public PageResponse<Migration> list(String merchantId, String afterId, int limit) {
        List<Migration> rows;
        if (afterId == null) {
            rows = jdbc.sql(SELECT + "WHERE m.merchant_id = ? ORDER BY m.created_at DESC, m.id DESC LIMIT ?")
                    .params(merchantId, limit + 1).query(TokenMigrations::map).list();
        } else {
            Migration after = find(merchantId, afterId).orElseThrow(() -> new ApiException(ErrorCode.CURSOR_INVALID,
                    "The cursor does not name one of your token migrations.", "starting_after"));
            rows = jdbc.sql(SELECT + "WHERE m.merchant_id = ? AND (m.created_at, m.id) < (?, ?) "
                            + "ORDER BY m.created_at DESC, m.id DESC LIMIT ?")
                    .params(merchantId, Rows.timestamp(after.createdAt()), after.id(), limit + 1)
                    .query(TokenMigrations::map).list();
        }
        return PageResponse.of(rows, limit, Migration::id, m -> m);
    }

    /**
     * A page of the migration's pairs in a stable order (complete once the migration is
     * {@code ready}; while it is {@code in_progress}, the pairs recorded so far).
     *
     * @param afterOldId the position in the cursor, or {@code null} for the first page
     */
    @Transactional(readOnly = true)
    public PageResponse<TokenPair> pairs(String merchantId, String id, Long afterOldId, int limit) {
        get(merchantId, id);
        return PageResponse.of(replacements.pairs(merchantId, id, afterOldId == null ? 0 : afterOldId, limit + 1),
                limit, p -> Long.toString(p.oldTokenId()), p -> p);
    }

    /**
     * The merchant says it has applied the mapping: {@code done}, audited as
     * {@code token_migration.done}. Marking a done migration again changes nothing; one still
     * {@code in_progress} is refused with {@code state_conflict}.
     */
    @Transactional
    public Migration markDone(String merchantId, String id, Actor actor) {
        Migration m = get(merchantId, id);
        if ("done".equals(m.status())) {
            return m;
        }
        int moved = jdbc.sql("UPDATE token_migrations SET status = 'done', done_at = now(), done_by = ? "
                        + "WHERE id = ? AND merchant_id = ? AND status = 'ready'")
                .params(actor.id(), id, merchantId).update();
        if (moved == 0) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "The migration is still in progress; fetch its pairs "
                    + "again once its status is ready.", "migration");
        }
        audit.append(AuditEntry.of(actor, "token_migration.done").merchant(merchantId)
                .subject("token_migration", id).detail("incident", m.incidentId()).build());
        return get(merchantId, id);
    }

    private Optional<Migration> find(String merchantId, String id) {
        return jdbc.sql(SELECT + "WHERE m.merchant_id = ? AND m.id = ?").params(merchantId, id)
                .query(TokenMigrations::map).optional();
    }

    private static Migration map(ResultSet rs, int n) throws SQLException {
        return new Migration(rs.getString("id"), rs.getString("incident_id"), rs.getString("status"),
                rs.getLong("tokens_total"), rs.getLong("tokens_revoked"), rs.getLong("tokens_replaced"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "ready_at"), Rows.instant(rs, "done_at"));
    }
}
