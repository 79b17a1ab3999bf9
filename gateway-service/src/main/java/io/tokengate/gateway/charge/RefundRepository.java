package io.tokengate.gateway.charge;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single statements on {@code refunds}; state changes are conditional on {@code pending}. */
@Repository
class RefundRepository {

    private static final String COLUMNS = "id, merchant_id, charge_id, amount, currency, status, reason, "
            + "acquirer_reference, failure_code, idempotency_key, created_at";

    private final JdbcClient jdbc;

    RefundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Refund insertPending(String id, String merchantId, String chargeId, long amount, String currency, String reason,
                         String idempotencyKey) {
        return jdbc.sql("INSERT INTO refunds (id, merchant_id, charge_id, amount, currency, reason, idempotency_key) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)
                .params(id, merchantId, chargeId, amount, currency, reason, idempotencyKey)
                .query(RefundRepository::map).single();
    }

    Optional<Refund> find(String merchantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM refunds WHERE id = ? AND merchant_id = ?")
                .params(id, merchantId).query(RefundRepository::map).optional();
    }

    Optional<Refund> succeed(String id, String acquirerReference) {
        return jdbc.sql("UPDATE refunds SET status = 'succeeded', acquirer_reference = ?, updated_at = now() "
                        + "WHERE id = ? AND status = 'pending' RETURNING " + COLUMNS)
                .params(acquirerReference, id).query(RefundRepository::map).optional();
    }

    Optional<Refund> fail(String id, String failureCode) {
        return jdbc.sql("UPDATE refunds SET status = 'failed', failure_code = ?, updated_at = now() "
                        + "WHERE id = ? AND status = 'pending' RETURNING " + COLUMNS)
                .params(failureCode, id).query(RefundRepository::map).optional();
    }

    /** A page of the merchant's refunds (of one charge, if given), newest first. */
    List<Refund> page(String merchantId, String chargeId, ChargeRepository.Position after, int limitPlusOne) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM refunds WHERE merchant_id = ?");
        List<Object> params = new ArrayList<>(List.of(merchantId));
        if (chargeId != null) {
            sql.append(" AND charge_id = ?");
            params.add(chargeId);
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(Rows.timestamp(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limitPlusOne);
        return jdbc.sql(sql.toString()).params(params).query(RefundRepository::map).list();
    }

    /** Locks one refund pending for longer than {@code olderThan}, skipping locked rows and ids already tried. */
    Optional<Refund> lockStale(Duration olderThan, List<String> tried) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM refunds WHERE status = 'pending' "
                        + "AND created_at < now() - make_interval(secs => ?) AND id <> ALL (?) "
                        + "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .params(olderThan.toMillis() / 1000.0, tried.toArray(String[]::new))
                .query(RefundRepository::map).optional();
    }

    private static Refund map(ResultSet rs, int row) throws SQLException {
        return new Refund(rs.getString("id"), rs.getString("merchant_id"), rs.getString("charge_id"),
                rs.getLong("amount"), rs.getString("currency"), rs.getString("status"), rs.getString("reason"),
                rs.getString("acquirer_reference"), rs.getString("failure_code"), rs.getString("idempotency_key"),
                Rows.instant(rs, "created_at"));
    }
}
