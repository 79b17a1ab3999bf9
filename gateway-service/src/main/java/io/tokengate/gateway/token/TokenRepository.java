package io.tokengate.gateway.token;

import io.tokengate.gateway.token.TokenDetails.CardSummary;
import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Single queries on {@code tokens} (joined with the card's display fields). Every read names the
 * merchant, so one merchant's lookup can never reach another's row.
 */
@Repository
class TokenRepository {

    /**
     * The status a caller sees: a passed {@code expires_at} reads as expired before any job runs, and
     * a token below the merchant's containment cutoff (alias {@code x}) reads as revoked before the
     * containment worker has revoked its row.
     */
    static final String EFFECTIVE_STATUS = """
            CASE WHEN t.status = 'revoked' OR t.id < x.revoked_below THEN 'revoked'
                 WHEN t.status = 'expired' OR t.expires_at <= now() THEN 'expired'
                 ELSE t.status END""";

    private static final String SELECT = "SELECT t.id, t.merchant_id, t.card_id, t.hint, t.format, t.usage, t.used_at, "
            + "t.expires_at, t.max_amount, t.max_amount_currency, t.channel, t.replaced_by, t.created_at, "
            + "t.revoked_at, t.revoked_reason, t.lookup_hash, t.token_sealed, "
            + "c.brand, c.last4, c.exp_month, c.exp_year, " + EFFECTIVE_STATUS + " AS effective_status "
            + "FROM tokens t JOIN cards c ON c.id = t.card_id "
            + "LEFT JOIN token_cutoffs x ON x.merchant_id = t.merchant_id ";

    private final JdbcClient jdbc;

    TokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A token row with the sealed copy of its value, which only the service opens. */
    record Row(TokenDetails details, byte[] lookupHash, byte[] tokenSealed) {
    }

    record Inserted(long id, Instant createdAt) {
    }

    /** Inserts a token; empty when the lookup hash is taken (a generated value collided). */
    Optional<Inserted> insert(String merchantId, String cardId, byte[] lookupHash, byte[] sealed, String hint,
                              TokenFormat format, TokenControls c) {
        return jdbc.sql("""
                        INSERT INTO tokens (merchant_id, card_id, lookup_hash, token_sealed, hint, format, usage,
                                            expires_at, max_amount, max_amount_currency, channel)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (lookup_hash) DO NOTHING
                        RETURNING id, created_at""")
                .params(merchantId, cardId, lookupHash, sealed, hint, format.apiName(), c.usage(),
                        Rows.timestamp(c.expiresAt()), c.maxAmount(), c.maxAmountCurrency(), c.channel())
                .query((rs, n) -> new Inserted(rs.getLong("id"), Rows.instant(rs, "created_at"))).optional();
    }

    Optional<Row> findByHash(String merchantId, byte[] lookupHash) {
        return jdbc.sql(SELECT + "WHERE t.lookup_hash = ? AND t.merchant_id = ?").params(lookupHash, merchantId)
                .query(TokenRepository::map).optional();
    }

    Optional<Row> findById(String merchantId, long id) {
        return jdbc.sql(SELECT + "WHERE t.id = ? AND t.merchant_id = ?").params(id, merchantId)
                .query(TokenRepository::map).optional();
    }

    Optional<Long> findId(String merchantId, byte[] lookupHash) {
        return jdbc.sql("SELECT id FROM tokens WHERE lookup_hash = ? AND merchant_id = ?")
                .params(lookupHash, merchantId).query(Long.class).optional();
    }

    /** Newest first, after the row id {@code beforeId} (exclusive) when given, optionally by effective status. */
    List<Row> page(String merchantId, Long beforeId, String status, int limitPlusOne) {
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE t.merchant_id = :merchant ");
        if (beforeId != null) {
            sql.append("AND t.id < :before ");
        }
        if (status != null) {
            sql.append("AND (").append(EFFECTIVE_STATUS).append(") = :status ");
        }
        sql.append("ORDER BY t.id DESC LIMIT :limit");
        var spec = jdbc.sql(sql.toString()).param("merchant", merchantId).param("limit", limitPlusOne);
        if (beforeId != null) {
            spec = spec.param("before", beforeId);
        }
        if (status != null) {
            spec = spec.param("status", status);
        }
        return spec.query(TokenRepository::map).list();
    }

    /**
     * Revokes unless already revoked; true when this call revoked it. A token below its merchant's
     * containment cutoff already reads as revoked and is left to the containment worker, which
     * revokes it together with its replacement: revoking it here would leave it without one.
     */
    boolean revoke(long id, String reason) {
        return jdbc.sql("""
                        UPDATE tokens t SET status = 'revoked', revoked_at = now(), revoked_reason = ?
                        WHERE t.id = ? AND t.status <> 'revoked'
                          AND NOT EXISTS (SELECT 1 FROM token_cutoffs x
                                          WHERE x.merchant_id = t.merchant_id AND t.id < x.revoked_below)""")
                .params(reason, id).update() == 1;
    }

    /** Moves the row from one stored status to another; true when it was in {@code from}. */
    boolean transition(long id, String from, String to) {
        return jdbc.sql("UPDATE tokens SET status = ? WHERE id = ? AND status = ?").params(to, id, from).update() == 1;
    }

    private static Row map(ResultSet rs, int n) throws SQLException {
        Long maxAmount = Rows.nullableLong(rs, "max_amount");
        TokenControls controls = new TokenControls(rs.getString("usage"), Rows.instant(rs, "expires_at"), maxAmount,
                rs.getString("max_amount_currency"), rs.getString("channel"));
        CardSummary card = new CardSummary(rs.getString("brand"), rs.getString("last4"), rs.getInt("exp_month"),
                rs.getInt("exp_year"));
        TokenDetails details = new TokenDetails(rs.getLong("id"), null, rs.getString("merchant_id"),
                rs.getString("card_id"), rs.getString("hint"), TokenFormat.fromApiName(rs.getString("format"), "format"),
                rs.getString("effective_status"), controls, Rows.instant(rs, "used_at"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "revoked_at"), rs.getString("revoked_reason"), Rows.nullableLong(rs, "replaced_by"),
                card);
        return new Row(details, rs.getBytes("lookup_hash"), rs.getBytes("token_sealed"));
    }
}
