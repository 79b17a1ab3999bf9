package io.tokengate.gateway.charge;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Single statements on {@code charges}. Every state change is conditional on the state it leaves
 * ({@code WHERE status = ...}) and returns the row it wrote, so two actors racing on one charge
 * (a late phase two and the recovery job, two captures) cannot both win, and nobody reads back.
 */
@Repository
class ChargeRepository {

    static final String COLUMNS = """
            id, merchant_id, token_id, amount, currency, status, captured_amount, refunded_amount, capture_requested,
            channel, description, reference, acquirer_reference, decline_code, failure_code, created_at,
            authorized_at, captured_at, voided_at, capture_pending_amount, idempotency_key,
            operation_idempotency_key, cap_day, cap_stripe""";

    private final JdbcClient jdbc;

    ChargeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One statement with its parameters, so it can also run inside a composite (see {@code IdempotencyStore}). */
    record Statement(String sql, List<Object> params) {
    }

    /**
     * The pending charge's INSERT. With {@code onlyIf}, a condition on a CTE of a composite
     * statement, it inserts nothing unless the condition holds.
     */
    static Statement insertPending(Charge c, String onlyIf) {
        return new Statement("INSERT INTO charges (id, merchant_id, token_id, amount, currency, capture_requested, "
                + "channel, description, reference, idempotency_key, cap_day, cap_stripe) "
                + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::smallint" + (onlyIf == null ? "" : " WHERE " + onlyIf)
                + " RETURNING " + COLUMNS,
                java.util.Arrays.asList(c.id(), c.merchantId(), c.tokenId(), c.amount(), c.currency(),
                        c.captureRequested(), c.channel(), c.description(), c.reference(), c.idempotencyKey(),
                        c.capDay(), c.capStripe()));
    }

    /** pending → authorized, or captured when the authorization captured too, as of {@code at}. */
    static Statement approve(String id, String acquirerReference, boolean captured, Instant at) {
        OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
        return new Statement("""
                UPDATE charges SET status = CASE WHEN ? THEN 'captured' ELSE 'authorized' END,
                       acquirer_reference = ?, captured_amount = CASE WHEN ? THEN amount ELSE 0 END,
                       authorized_at = ?, captured_at = CASE WHEN ? THEN ?::timestamptz END, updated_at = ?
                 WHERE id = ? AND status = 'pending'
                RETURNING\s""" + COLUMNS,
                java.util.Arrays.asList(captured, acquirerReference, captured, time, captured, time, time, id));
    }

    /**
     * {@link #insertPending} for many drafts, as the CTE {@code claimed} of a composite statement; its
     * parameters are appended to {@code params}. With {@code onlyIf}, a condition on the row alias
     * {@code u} (which has the draft's columns), a draft is inserted only if it holds.
     */
    static String insertPendingAll(List<Charge> drafts, String onlyIf, List<Object> params) {
        params.add(drafts.stream().map(Charge::id).toArray(String[]::new));
        params.add(drafts.stream().map(Charge::merchantId).toArray(String[]::new));
        params.add(drafts.stream().map(Charge::tokenId).toArray(Long[]::new));
        params.add(drafts.stream().map(Charge::amount).toArray(Long[]::new));
        params.add(drafts.stream().map(Charge::currency).toArray(String[]::new));
        params.add(drafts.stream().map(Charge::captureRequested).toArray(Boolean[]::new));
        params.add(drafts.stream().map(Charge::channel).toArray(String[]::new));
        params.add(drafts.stream().map(Charge::description).toArray(String[]::new));
        params.add(drafts.stream().map(Charge::reference).toArray(String[]::new));
        params.add(drafts.stream().map(Charge::idempotencyKey).toArray(String[]::new));
        params.add(drafts.stream().map(c -> c.capDay() == null ? null : c.capDay().toString()).toArray(String[]::new));
        params.add(drafts.stream().map(Charge::capStripe).toArray(Integer[]::new));
        return """
                claimed AS (
                    INSERT INTO charges (id, merchant_id, token_id, amount, currency, capture_requested, channel,
                                         description, reference, idempotency_key, cap_day, cap_stripe)
                    SELECT u.id, u.merchant_id, u.token_id, u.amount, u.currency, u.capture_requested, u.channel,
                           u.description, u.reference, u.idempotency_key, u.cap_day, u.cap_stripe
                      FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::boolean[], ?::text[],
                                  ?::text[], ?::text[], ?::text[], ?::text[]::date[], ?::int[])
                           AS u(id, merchant_id, token_id, amount, currency, capture_requested, channel, description,
                                reference, idempotency_key, cap_day, cap_stripe)
                """ + (onlyIf == null ? "" : "     WHERE " + onlyIf + "\n") + "    RETURNING " + COLUMNS + ")";
    }

    /**
     * {@link #approve} for many charges, as the CTEs {@code input} and {@code outcome} of a composite
     * statement ({@code outcome} returns each row it changed); its parameters are appended to {@code params}.
     */
    static String approveAll(List<String> ids, List<String> acquirerReferences, List<Boolean> captured, List<Instant> at,
                             List<Object> params) {
        params.add(ids.toArray(String[]::new));
        params.add(captured.toArray(Boolean[]::new));
        params.add(acquirerReferences.toArray(String[]::new));
        params.add(at.stream().map(t -> t.atOffset(ZoneOffset.UTC).toString()).toArray(String[]::new));
        return """
                input AS (
                    SELECT * FROM unnest(?::text[], ?::boolean[], ?::text[], ?::text[]::timestamptz[])
                        AS u(id, captured, acquirer_reference, at)),
                outcome AS (
                    UPDATE charges c SET status = CASE WHEN u.captured THEN 'captured' ELSE 'authorized' END,
                           acquirer_reference = u.acquirer_reference,
                           captured_amount = CASE WHEN u.captured THEN c.amount ELSE 0 END,
                           authorized_at = u.at, captured_at = CASE WHEN u.captured THEN u.at END, updated_at = u.at
                      FROM input u
                     WHERE c.id = u.id AND c.status = 'pending'
                    RETURNING c.*)""";
    }

    static Statement decline(String id, String declineCode) {
        return new Statement("UPDATE charges SET status = 'declined', decline_code = ?, updated_at = now() "
                + "WHERE id = ? AND status = 'pending' RETURNING " + COLUMNS, List.of(declineCode, id));
    }

    Charge insert(Statement insert) {
        return run(insert).orElseThrow();
    }

    /** Runs a statement that returns charge rows; empty when it matched none. */
    Optional<Charge> run(Statement statement) {
        return jdbc.sql(statement.sql()).params(statement.params()).query(MAPPER).optional();
    }

    Optional<Charge> find(String merchantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM charges WHERE id = ? AND merchant_id = ?")
                .params(id, merchantId).query(MAPPER).optional();
    }

    Optional<Charge> fail(String id, String failureCode) {
        return jdbc.sql("UPDATE charges SET status = 'failed', failure_code = ?, updated_at = now() "
                        + "WHERE id = ? AND status = 'pending' RETURNING " + COLUMNS)
                .params(failureCode, id).query(MAPPER).optional();
    }

    /** authorized → capturing for {@code amount} (null: the whole authorization), if it fits. */
    Optional<Charge> beginCapture(String merchantId, String id, Long amount, String operationKey) {
        return jdbc.sql("""
                        UPDATE charges SET status = 'capturing', capture_pending_amount = coalesce(?, amount),
                               operation_idempotency_key = ?, updated_at = now()
                         WHERE id = ? AND merchant_id = ? AND status = 'authorized' AND coalesce(?, amount) <= amount
                        RETURNING\s""" + COLUMNS)
                .params(amount, operationKey, id, merchantId, amount)
                .query(MAPPER).optional();
    }

    Optional<Charge> finishCapture(String id) {
        return jdbc.sql("""
                        UPDATE charges SET status = 'captured', captured_amount = capture_pending_amount,
                               capture_pending_amount = NULL, operation_idempotency_key = NULL, captured_at = now(),
                               updated_at = now()
                         WHERE id = ? AND status = 'capturing'
                        RETURNING\s""" + COLUMNS)
                .param(id).query(MAPPER).optional();
    }

    Optional<Charge> beginVoid(String merchantId, String id, String operationKey) {
        return jdbc.sql("UPDATE charges SET status = 'voiding', operation_idempotency_key = ?, updated_at = now() "
                        + "WHERE id = ? AND merchant_id = ? AND status = 'authorized' RETURNING " + COLUMNS)
                .params(operationKey, id, merchantId).query(MAPPER).optional();
    }

    Optional<Charge> finishVoid(String id) {
        return jdbc.sql("UPDATE charges SET status = 'voided', operation_idempotency_key = NULL, voided_at = now(), "
                        + "updated_at = now() WHERE id = ? AND status = 'voiding' RETURNING " + COLUMNS)
                .param(id).query(MAPPER).optional();
    }

    /** capturing or voiding → authorized: the acquirer did not do it. */
    Optional<Charge> revertToAuthorized(String id, String from) {
        return jdbc.sql("UPDATE charges SET status = 'authorized', capture_pending_amount = NULL, "
                        + "operation_idempotency_key = NULL, updated_at = now() WHERE id = ? AND status = ? "
                        + "RETURNING " + COLUMNS)
                .params(id, from).query(MAPPER).optional();
    }

    /** What a refund reserved on its charge. */
    record RefundReservation(long amount, String currency, String acquirerReference) {
    }

    /**
     * Reserves a refund on a captured charge by raising {@code refunded_amount} under the row lock;
     * {@code amount} null means what is left. Empty when the charge is not this merchant's, not
     * captured, or has less left than asked: the CHECK {@code refunded_amount <= captured_amount}
     * holds the line even if this condition were wrong.
     */
    Optional<RefundReservation> reserveRefund(String merchantId, String chargeId, Long amount) {
        return jdbc.sql("""
                        WITH target AS (
                            SELECT id, coalesce(?::bigint, captured_amount - refunded_amount) AS refund
                              FROM charges WHERE id = ? AND merchant_id = ? AND status = 'captured' FOR UPDATE)
                        UPDATE charges c SET refunded_amount = c.refunded_amount + t.refund, updated_at = now()
                          FROM target t
                         WHERE c.id = t.id AND t.refund > 0 AND c.refunded_amount + t.refund <= c.captured_amount
                        RETURNING t.refund, c.currency, c.acquirer_reference""")
                .params(amount, chargeId, merchantId)
                .query((rs, i) -> new RefundReservation(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    void giveBackRefund(String chargeId, long amount) {
        jdbc.sql("UPDATE charges SET refunded_amount = refunded_amount - ?, updated_at = now() WHERE id = ?")
                .params(amount, chargeId).update();
    }

    /** A page of the merchant's charges, newest first, keyset-paginated on (created_at, id). */
    List<Charge> page(String merchantId, ChargeFilter filter, int limitPlusOne) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM charges WHERE merchant_id = ?");
        List<Object> params = new ArrayList<>(List.of(merchantId));
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status());
        }
        if (filter.tokenId() != null) {
            sql.append(" AND token_id = ?");
            params.add(filter.tokenId());
        }
        if (filter.createdGte() != null) {
            sql.append(" AND created_at >= ?");
            params.add(Rows.timestamp(filter.createdGte()));
        }
        if (filter.createdLt() != null) {
            sql.append(" AND created_at < ?");
            params.add(Rows.timestamp(filter.createdLt()));
        }
        if (filter.after() != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(Rows.timestamp(filter.after().createdAt()));
            params.add(filter.after().id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limitPlusOne);
        return jdbc.sql(sql.toString()).params(params).query(MAPPER).list();
    }

    /**
     * Locks one charge in one of {@code statuses} unchanged for longer than {@code olderThan}, skipping
     * rows another instance holds and the ids this run already tried.
     */
    Optional<Charge> lockStale(List<String> statuses, Duration olderThan, List<String> tried) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM charges WHERE status = ANY (?) "
                        + "AND updated_at < now() - make_interval(secs => ?) AND id <> ALL (?) "
                        + "ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .params(statuses.toArray(String[]::new), olderThan.toMillis() / 1000.0, tried.toArray(String[]::new))
                .query(MAPPER).optional();
    }

    static final RowMapper<Charge> MAPPER = ChargeRepository::map;

    private static Charge map(ResultSet rs, int row) throws SQLException {
        int stripe = rs.getInt("cap_stripe");
        Integer capStripe = rs.wasNull() ? null : stripe;
        return new Charge(rs.getString("id"), rs.getString("merchant_id"), rs.getLong("token_id"),
                rs.getLong("amount"), rs.getString("currency"), rs.getString("status"), rs.getLong("captured_amount"),
                rs.getLong("refunded_amount"), rs.getBoolean("capture_requested"), rs.getString("channel"),
                rs.getString("description"), rs.getString("reference"), rs.getString("acquirer_reference"),
                rs.getString("decline_code"), rs.getString("failure_code"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "authorized_at"), Rows.instant(rs, "captured_at"), Rows.instant(rs, "voided_at"),
                Rows.nullableLong(rs, "capture_pending_amount"), rs.getString("idempotency_key"),
                rs.getString("operation_idempotency_key"), rs.getObject("cap_day", LocalDate.class), capStripe);
    }

    /** List filters; all optional. */
    record ChargeFilter(String status, Long tokenId, Instant createdGte, Instant createdLt, Position after) {
    }

    /** A keyset position: the last row of the previous page. */
    record Position(Instant createdAt, String id) {
    }
}
