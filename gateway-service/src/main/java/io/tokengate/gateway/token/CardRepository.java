package io.tokengate.gateway.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single queries on {@code cards}; the sealed blob is read only where a card must be opened. */
@Repository
class CardRepository {

    private static final String COLUMNS = "id, merchant_id, brand, last4, exp_month, exp_year";

    private final JdbcClient jdbc;

    CardRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The merchant's active card with this fingerprint (at most one, by a unique index). */
    Optional<StoredCard> findActive(String merchantId, byte[] fingerprint) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cards WHERE merchant_id = ? AND fingerprint = ? "
                        + "AND status = 'active'")
                .params(merchantId, fingerprint).query(CardRepository::reused).optional();
    }

    /** Inserts unless the merchant already has an active row for the fingerprint; true when inserted. */
    boolean insert(String id, String merchantId, byte[] sealed, int kekVersion, byte[] fingerprint, String brand,
                   String last4, int expMonth, int expYear) {
        return jdbc.sql("""
                        INSERT INTO cards (id, merchant_id, sealed, kek_version, fingerprint, brand, last4,
                                           exp_month, exp_year)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (merchant_id, fingerprint) WHERE status = 'active' DO NOTHING""")
                .params(id, merchantId, sealed, kekVersion, fingerprint, brand, last4, expMonth, expYear)
                .update() == 1;
    }

    /**
     * Replaces the sealed payload when the new expiry is later (the issuer sent a renewed card with
     * the same number); an earlier or equal expiry leaves the row alone. True when replaced.
     */
    boolean resealIfLaterExpiry(String id, byte[] sealed, int kekVersion, int expMonth, int expYear) {
        return jdbc.sql("""
                        UPDATE cards SET sealed = ?, kek_version = ?, exp_month = ?, exp_year = ?
                        WHERE id = ? AND status = 'active' AND (exp_year, exp_month) < (?, ?)""")
                .params(sealed, kekVersion, expMonth, expYear, id, expYear, expMonth).update() == 1;
    }

    /** The merchant's active card and its sealed payload. */
    Optional<SealedRow> findSealed(String merchantId, String cardId) {
        return jdbc.sql("SELECT " + COLUMNS + ", sealed FROM cards WHERE merchant_id = ? AND id = ? "
                        + "AND status = 'active'")
                .params(merchantId, cardId)
                .query((rs, n) -> new SealedRow(map(rs, false), rs.getBytes("sealed"))).optional();
    }

    record SealedRow(StoredCard card, byte[] sealed) {
    }

    private static StoredCard reused(ResultSet rs, int row) throws SQLException {
        return map(rs, true);
    }

    private static StoredCard map(ResultSet rs, boolean reused) throws SQLException {
        return new StoredCard(rs.getString("id"), rs.getString("merchant_id"), reused, rs.getString("brand"),
                rs.getString("last4"), rs.getInt("exp_month"), rs.getInt("exp_year"));
    }
}
