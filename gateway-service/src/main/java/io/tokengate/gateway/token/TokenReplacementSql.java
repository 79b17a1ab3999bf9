package io.tokengate.gateway.token;

import io.tokengate.gateway.web.Rows;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The three statements of a containment batch ({@link TokenReplacements#replaceBatch}). */
final class TokenReplacementSql {

    private TokenReplacementSql() {
    }

    /** A pending token; {@code sealedCard} is read only for format-preserving tokens on an active card. */
    record Candidate(long id, String cardId, TokenFormat format, boolean replaceable, byte[] sealedCard) {
    }

    // Walks the partial index of pending tokens from the cursor; the lock keeps a concurrent revoke,
    // suspend or single-use charge from changing a row between this read and the batch's write (the
    // weaker NO KEY lock: the id does not change, so inserts referencing the token are not blocked).
    private static final String LOCK = """
            SELECT t.id, t.card_id, t.format,
                   (c.status = 'active' AND NOT (t.usage = 'single_use' AND t.used_at IS NOT NULL)
                    AND (t.expires_at IS NULL OR t.expires_at > now())) AS replaceable,
                   CASE WHEN t.format = 'format_preserving' AND c.status = 'active' THEN c.sealed END AS sealed
            FROM tokens t JOIN cards c ON c.id = t.card_id
            WHERE t.merchant_id = ? AND t.status IN ('active', 'suspended') AND t.id > ? AND t.id < ?
            ORDER BY t.id LIMIT ?
            FOR NO KEY UPDATE OF t""";

    // One statement for the whole batch: insert the replacements (explicit ids drawn from the
    // identity's sequence, so the old rows can name them in the same statement), revoke the old rows
    // whose replacement went in (or that get none), and record the pairs. A replacement whose value
    // collided inserts nothing, so its old row stays untouched for another draw.
    private static final String APPLY = """
            WITH src AS (
                SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[], ?::text[])
                    AS s(old_id, new_id, lookup_hash, sealed, hint)
            ), ins AS (
                INSERT INTO tokens (id, merchant_id, card_id, lookup_hash, token_sealed, hint, format, status, usage,
                                    expires_at, max_amount, max_amount_currency, channel, canary)
                OVERRIDING SYSTEM VALUE
                SELECT s.new_id, o.merchant_id, o.card_id, s.lookup_hash, s.sealed, s.hint, o.format, o.status,
                       o.usage, o.expires_at, o.max_amount, o.max_amount_currency, o.channel, o.canary
                FROM src s JOIN tokens o ON o.id = s.old_id
                WHERE s.new_id IS NOT NULL
                ON CONFLICT (lookup_hash) DO NOTHING
                RETURNING id
            ), upd AS (
                UPDATE tokens t SET status = 'revoked', revoked_at = now(), revoked_reason = ?, replaced_by = s.new_id
                FROM src s
                WHERE t.id = s.old_id AND (s.new_id IS NULL OR s.new_id IN (SELECT id FROM ins))
                RETURNING t.id, t.replaced_by
            ), pairs AS (
                INSERT INTO token_migration_pairs (migration_id, old_token_id, new_token_id)
                SELECT ?, id, replaced_by FROM upd
            )
            SELECT id, replaced_by FROM upd""";

    static List<Candidate> lockCandidates(JdbcClient jdbc, String merchantId, long afterId, long cutoff, int limit) {
        return jdbc.sql(LOCK).params(merchantId, afterId, cutoff, limit)
                .query((rs, n) -> new Candidate(rs.getLong("id"), rs.getString("card_id"),
                        TokenFormat.fromApiName(rs.getString("format"), "format"), rs.getBoolean("replaceable"),
                        rs.getBytes("sealed")))
                .list();
    }

    static List<Long> allocateIds(JdbcClient jdbc, int count) {
        if (count == 0) {
            return List.of();
        }
        return jdbc.sql("SELECT nextval(pg_get_serial_sequence('tokens', 'id')) FROM generate_series(1, ?)")
                .param(count).query(Long.class).list();
    }

    static List<TokenReplacement> apply(JdbcClient jdbc, ReplacementValues.Minted m, String reason,
                                        String migrationId) {
        return jdbc.sql(APPLY).params(m.oldIds(), m.newIds(), m.hashes(), m.sealed(), m.hints(), reason, migrationId)
                .query((rs, n) -> new TokenReplacement(rs.getLong("id"), Rows.nullableLong(rs, "replaced_by")))
                .list();
    }
}
