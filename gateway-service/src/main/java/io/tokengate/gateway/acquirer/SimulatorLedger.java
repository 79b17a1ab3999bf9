package io.tokengate.gateway.acquirer;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The simulator's books in {@code acquirer_sim_ledger}, shared by every gateway instance. Writes
 * commit asynchronously ({@code synchronous_commit} off for that transaction only): the ledger
 * stands in for the acquirer's own system, so its durability is not the gateway's, and its writes
 * must not add a second disk flush to every charge the benchmark measures. The gateway's own rows
 * always commit synchronously.
 */
@Repository
class SimulatorLedger {

    /** Turns off the flush wait for the current transaction only (is_local = true). */
    private static final String ASYNC = "WITH async AS (SELECT set_config('synchronous_commit', 'off', true)) ";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    SimulatorLedger(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Records an authorization; returns the acquirer reference (an existing one when the reference was seen). */
    String recordAuthorization(String reference, String acquirerReference, TestCard.Behaviour behaviour, long amount,
                               String currency, boolean captured) {
        // One statement in its own implicit transaction: ON CONFLICT makes a retried reference idempotent.
        Optional<String> inserted = jdbc.sql(ASYNC + """
                        INSERT INTO acquirer_sim_ledger (reference, kind, acquirer_reference, behaviour, status, amount,
                                                         currency, captured_amount)
                        SELECT ?, 'authorization', ?, ?, ?, ?, ?, ? FROM async
                        ON CONFLICT (reference) DO NOTHING
                        RETURNING acquirer_reference""")
                .params(reference, acquirerReference, behaviour.name(), captured ? "captured" : "authorized", amount,
                        currency, captured ? amount : 0)
                .query(String.class).optional();
        return inserted.orElseGet(() -> find(reference).map(AcquirerTransaction::acquirerReference).orElseThrow());
    }

    /** Captures an authorization; true when it is (now or already) captured for exactly {@code amount}. */
    boolean capture(String reference, String acquirerReference, long amount) {
        int updated = jdbc.sql(ASYNC + """
                        UPDATE acquirer_sim_ledger SET status = 'captured', captured_amount = ?, updated_at = now()
                          FROM async
                         WHERE reference = ? AND acquirer_reference = ? AND kind = 'authorization'
                           AND status = 'authorized' AND ? <= amount""")
                .params(amount, reference, acquirerReference, amount).update();
        return updated == 1 || find(reference).filter(t -> t.acquirerReference().equals(acquirerReference)
                && t.captured() && t.capturedAmount() == amount).isPresent();
    }

    /** Voids an authorization; true when it is (now or already) voided. */
    boolean voidAuthorization(String reference, String acquirerReference) {
        int updated = jdbc.sql(ASYNC + """
                        UPDATE acquirer_sim_ledger SET status = 'voided', updated_at = now() FROM async
                         WHERE reference = ? AND acquirer_reference = ? AND kind = 'authorization'
                           AND status = 'authorized'""")
                .params(reference, acquirerReference).update();
        return updated == 1 || find(reference).filter(t -> t.acquirerReference().equals(acquirerReference)
                && t.voided()).isPresent();
    }

    /** The refund's acquirer reference, or empty when the authorization cannot be refunded that much. */
    Optional<String> refund(RefundRequest request, String newAcquirerReference) {
        return tx.execute(status -> {
            jdbc.sql("SELECT set_config('synchronous_commit', 'off', true)").query().singleValue();
            Optional<AcquirerTransaction> done = find(request.reference());
            if (done.isPresent()) {
                return Optional.of(done.get().acquirerReference());
            }
            int updated = jdbc.sql("""
                            UPDATE acquirer_sim_ledger SET refunded_amount = refunded_amount + ?, updated_at = now()
                             WHERE reference = ? AND acquirer_reference = ? AND kind = 'authorization'
                               AND status = 'captured' AND behaviour <> ?
                               AND refunded_amount + ? <= captured_amount""")
                    .params(request.amount(), request.chargeReference(), request.acquirerReference(),
                            TestCard.Behaviour.REFUND_DECLINED.name(), request.amount())
                    .update();
            if (updated == 0) {
                return Optional.<String>empty();
            }
            jdbc.sql("""
                            INSERT INTO acquirer_sim_ledger (reference, kind, acquirer_reference, parent_reference,
                                                             behaviour, status, amount, currency, captured_amount)
                            VALUES (?, 'refund', ?, ?, 'APPROVE', 'succeeded', ?, ?, 0)""")
                    .params(request.reference(), newAcquirerReference, request.chargeReference(), request.amount(),
                            request.currency())
                    .update();
            return Optional.of(newAcquirerReference);
        });
    }

    void recordChallenge(String challengeId, String acquirerReference) {
        jdbc.sql(ASYNC + """
                        INSERT INTO acquirer_sim_ledger (reference, kind, acquirer_reference, behaviour, status, amount)
                        SELECT ?, 'challenge', ?, 'AUTHENTICATION_REQUIRED', 'challenge_pending', 0 FROM async""")
                .params(challengeId, acquirerReference).update();
    }

    /**
     * Settles one passcode attempt: {@code authenticated} when right, otherwise counts the failure;
     * returns the challenge's status and failed attempts after it, or empty for an unknown challenge.
     */
    Optional<ChallengeState> answerChallenge(String challengeId, boolean correct, int maxAttempts) {
        return jdbc.sql(ASYNC + """
                        UPDATE acquirer_sim_ledger
                           SET status = CASE WHEN ? THEN 'authenticated'
                                             WHEN failed_attempts + 1 >= ? THEN 'challenge_failed'
                                             ELSE status END,
                               failed_attempts = failed_attempts + CASE WHEN ? THEN 0 ELSE 1 END,
                               updated_at = now()
                          FROM async
                         WHERE reference = ? AND kind = 'challenge' AND status = 'challenge_pending'
                        RETURNING status, failed_attempts, acquirer_reference""")
                .params(correct, maxAttempts, correct, challengeId)
                .query((rs, i) -> new ChallengeState(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .optional();
    }

    record ChallengeState(String status, int failedAttempts, String acquirerReference) {
    }

    Optional<AcquirerTransaction> find(String reference) {
        return jdbc.sql("""
                        SELECT reference, acquirer_reference, kind, status, amount, captured_amount, refunded_amount
                          FROM acquirer_sim_ledger WHERE reference = ? AND kind <> 'challenge'""")
                .param(reference)
                .query((rs, i) -> new AcquirerTransaction(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)))
                .optional();
    }
}
