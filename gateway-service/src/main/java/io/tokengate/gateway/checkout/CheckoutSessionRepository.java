package io.tokengate.gateway.checkout;

import io.tokengate.gateway.token.TokenControls;
import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single queries on {@code checkout_sessions}. Every state change is a conditional UPDATE naming
 * the state it leaves, so two instances (or two tabs) racing through the same step cannot both
 * win: the loser sees an empty result and re-reads the session.
 */
@Repository
class CheckoutSessionRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CheckoutSessionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(String id, String merchantId, NewSession s) {
        jdbc.sql("""
                        INSERT INTO checkout_sessions (id, merchant_id, mode, amount, currency, capture, success_url,
                                                       cancel_url, merchant_reference, token_controls, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(id, merchantId, s.mode(), s.amount(), s.currency(), s.capture(), s.successUrl(), s.cancelUrl(),
                        s.merchantReference(), json.writeValueAsString(s.controls()), Rows.timestamp(s.expiresAt()))
                .update();
    }

    Optional<CheckoutSession> find(String id) {
        return jdbc.sql("SELECT * FROM checkout_sessions WHERE id = ?").param(id).query(this::map).optional();
    }

    Optional<CheckoutSession> find(String merchantId, String id) {
        return jdbc.sql("SELECT * FROM checkout_sessions WHERE id = ? AND merchant_id = ?").params(id, merchantId)
                .query(this::map).optional();
    }

    /** Counts one card submission against the session's limit; empty when the session cannot take it. */
    Optional<CheckoutSession> claimCardAttempt(String id, int maxAttempts) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET attempts = attempts + 1, updated_at = now()
                        WHERE id = ? AND status = 'open' AND expires_at > now() AND attempts < ?
                        RETURNING *""")
                .params(id, maxAttempts).query(this::map).optional();
    }

    /** Counts one passcode try against the session's limit; empty when no challenge can take it. */
    Optional<CheckoutSession> claimChallengeAttempt(String id, int maxAttempts) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET challenge_attempts = challenge_attempts + 1, updated_at = now()
                        WHERE id = ? AND status = 'challenge' AND expires_at > now() AND challenge_attempts < ?
                        RETURNING *""")
                .params(id, maxAttempts).query(this::map).optional();
    }

    /** Records why the last attempt was refused (shown on the page), while the session stays open. */
    void recordError(String id, String status, String error) {
        jdbc.sql("UPDATE checkout_sessions SET last_error = ?, updated_at = now() WHERE id = ? AND status = ?")
                .params(error, id, status).update();
    }

    boolean toChallenge(String id, String challengeId, String cardId, CheckoutSession.Card card) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'challenge', challenge_id = ?, card_id = ?,
                               challenge_attempts = 0, card_brand = ?, card_last4 = ?, card_exp_month = ?,
                               card_exp_year = ?, last_error = NULL, updated_at = now()
                        WHERE id = ? AND status = 'open'""")
                .params(challengeId, cardId, card.brand(), card.last4(), card.expMonth(), card.expYear(), id)
                .update() == 1;
    }

    /** Payment mode: the token exists and the charge goes to the acquirer; returns the charge attempt number. */
    Optional<Integer> toAuthorizing(String id, String from, long tokenId, String cardId, CheckoutSession.Card card) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'authorizing', token_id = ?, card_id = ?,
                               card_brand = ?, card_last4 = ?, card_exp_month = ?, card_exp_year = ?,
                               charge_attempts = charge_attempts + 1, updated_at = now()
                        WHERE id = ? AND status = ?
                        RETURNING charge_attempts""")
                .params(tokenId, cardId, card.brand(), card.last4(), card.expMonth(), card.expYear(), id, from)
                .query(Integer.class).optional();
    }

    /** The shopper is done: token (and charge) recorded, the one-time code's hash stored. */
    boolean toSucceeded(String id, String from, long tokenId, String cardId, CheckoutSession.Card card,
                        String chargeId, byte[] codeHash, Instant codeExpiresAt) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'succeeded', token_id = ?, card_id = ?, card_brand = ?,
                               card_last4 = ?, card_exp_month = ?, card_exp_year = ?, charge_id = ?, code_hash = ?,
                               code_expires_at = ?, last_error = NULL, updated_at = now()
                        WHERE id = ? AND status = ?""")
                .params(tokenId, cardId, card.brand(), card.last4(), card.expMonth(), card.expYear(), chargeId,
                        codeHash, Rows.timestamp(codeExpiresAt), id, from)
                .update() == 1;
    }

    /** Payment declined: back to the card form without the declined card (or failed when out of attempts). */
    boolean declined(String id, String chargeId, String error, boolean fail) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = ?, token_id = NULL, card_id = NULL, challenge_id = NULL,
                               card_brand = NULL, card_last4 = NULL, card_exp_month = NULL, card_exp_year = NULL,
                               charge_id = ?, last_error = ?, updated_at = now()
                        WHERE id = ? AND status = 'authorizing'""")
                .params(fail ? CheckoutSession.FAILED : CheckoutSession.OPEN, chargeId, error, id).update() == 1;
    }

    /** A failed challenge gives the form back, without the challenged card. */
    boolean challengeAbandoned(String id, String error, boolean fail) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = ?, challenge_id = NULL, card_id = NULL, card_brand = NULL,
                               card_last4 = NULL, card_exp_month = NULL, card_exp_year = NULL, last_error = ?,
                               updated_at = now()
                        WHERE id = ? AND status = 'challenge'""")
                .params(fail ? CheckoutSession.FAILED : CheckoutSession.OPEN, error, id).update() == 1;
    }

    boolean fail(String id, String from, String error) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'failed', last_error = ?, updated_at = now()
                        WHERE id = ? AND status = ?""")
                .params(error, id, from).update() == 1;
    }

    boolean cancel(String id) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'cancelled', updated_at = now()
                        WHERE id = ? AND status IN ('open', 'challenge') AND expires_at > now()""")
                .param(id).update() == 1;
    }

    /** Exchanges the one-time code: succeeds once, for the right merchant, code and time. */
    Optional<CheckoutSession> complete(String merchantId, String id, byte[] codeHash) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'completed', code_used_at = now(), completed_at = now(),
                               updated_at = now()
                        WHERE id = ? AND merchant_id = ? AND status = 'succeeded' AND code_hash = ?
                          AND code_used_at IS NULL AND code_expires_at > now()
                        RETURNING *""")
                .params(id, merchantId, codeHash).query(this::map).optional();
    }

    /** Marks sessions whose time is up; returns them so each expiry can be audited. */
    List<CheckoutSession> expireDue(int limit) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'expired', updated_at = now()
                        WHERE id IN (SELECT id FROM checkout_sessions
                                     WHERE status IN ('open', 'challenge') AND expires_at <= now()
                                     ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)
                          AND status IN ('open', 'challenge') AND expires_at <= now()
                        RETURNING *""")
                .param(limit).query(this::map).list();
    }

    /** Marks one session expired when its time is up; true when this call did it. */
    boolean expireIfDue(String id) {
        return jdbc.sql("""
                        UPDATE checkout_sessions SET status = 'expired', updated_at = now()
                        WHERE id = ? AND status IN ('open', 'challenge') AND expires_at <= now()""")
                .param(id).update() == 1;
    }

    private CheckoutSession map(ResultSet rs, int row) throws SQLException {
        String brand = rs.getString("card_brand");
        CheckoutSession.Card card = brand == null ? null : new CheckoutSession.Card(brand, rs.getString("card_last4"),
                rs.getInt("card_exp_month"), rs.getInt("card_exp_year"));
        return new CheckoutSession(rs.getString("id"), rs.getString("merchant_id"), rs.getString("mode"),
                rs.getString("status"), Rows.nullableLong(rs, "amount"), rs.getString("currency"), rs.getBoolean("capture"),
                rs.getString("success_url"), rs.getString("cancel_url"), rs.getString("merchant_reference"),
                json.readValue(rs.getString("token_controls"), TokenControls.class), rs.getInt("attempts"),
                rs.getInt("challenge_attempts"), rs.getString("challenge_id"), rs.getString("card_id"),
                Rows.nullableLong(rs, "token_id"), rs.getString("charge_id"), rs.getInt("charge_attempts"), card,
                rs.getString("last_error"), Rows.instant(rs, "code_expires_at"), Rows.instant(rs, "code_used_at"),
                Rows.instant(rs, "expires_at"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "completed_at"));
    }
}
