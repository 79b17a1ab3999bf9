package io.tokengate.gateway.acquirer;

import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The simulator's books in {@code acquirer_sim_ledger}, shared by every gateway instance. Writes
 * commit asynchronously ({@code synchronous_commit} off for that transaction only): the ledger
 * stands in for the acquirer's own system, so its durability is not the gateway's, and its writes
 * must not add a second disk flush to every charge the benchmark measures. The gateway's own rows
 * always commit synchronously. Authorizations, one on every charge, are group-committed by an
 * {@link AuthorizationBatcher}: one statement and one transaction for all concurrent callers, which
 * saves the per-statement and per-transaction work; the commit stays asynchronous, since a batch
 * waiting for its flush would hold every caller in it for a disk write.
 */
@Repository
class SimulatorLedger {

    /** Turns off the flush wait for the current transaction only (is_local = true). */
    private static final String ASYNC = "WITH async AS (SELECT set_config('synchronous_commit', 'off', true)) ";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuthorizationBatcher authorizations;

    SimulatorLedger(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.authorizations = AuthorizationBatcher.start(this::insertAuthorizations, "simulator ledger");
    }

    /**
     * Records an authorization with the next group-committed batch (see {@link AuthorizationBatcher});
     * returns the acquirer reference (an existing one when the reference was seen).
     *
     * @throws SimulatedAcquirer.SimulatorInterruptedException when the caller was interrupted while waiting
     * @throws org.springframework.dao.DataAccessException when the row could not be written
     */
    String recordAuthorization(String reference, String acquirerReference, TestCard.Behaviour behaviour, long amount,
                               String currency, boolean captured) {
        Optional<String> inserted;
        try {
            inserted = authorizations.submit(new AuthorizationBatcher.Row(reference, acquirerReference, behaviour.name(),
                    captured ? "captured" : "authorized", amount, currency, captured ? amount : 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatedAcquirer.SimulatorInterruptedException();
        }
        // Looked up on the caller's thread, so a retried reference never holds up a batch.
        return inserted.orElseGet(() -> find(reference).map(AcquirerTransaction::acquirerReference).orElseThrow());
    }

    /**
     * One batch, one statement, one implicit transaction. Rows are inserted in reference order so that
     * two instances' batches sharing references take their row locks in the same order and cannot
     * deadlock; ON CONFLICT makes a retried reference idempotent. The SQL text does not depend on the
     * batch size, so it stays one prepared statement.
     */
    private Map<String, String> insertAuthorizations(List<AuthorizationBatcher.Row> rows) {
        int n = rows.size();
        String[] references = new String[n];
        String[] acquirerReferences = new String[n];
        String[] behaviours = new String[n];
        String[] statuses = new String[n];
        long[] amounts = new long[n];
        String[] currencies = new String[n];
        long[] capturedAmounts = new long[n];
        for (int i = 0; i < n; i++) {
            AuthorizationBatcher.Row row = rows.get(i);
            references[i] = row.reference();
            acquirerReferences[i] = row.acquirerReference();
            behaviours[i] = row.behaviour();
            statuses[i] = row.status();
            amounts[i] = row.amount();
            currencies[i] = row.currency();
            capturedAmounts[i] = row.capturedAmount();
        }
        Map<String, String> inserted = new HashMap<>();
        jdbc.sql(ASYNC + """
                        INSERT INTO acquirer_sim_ledger (reference, kind, acquirer_reference, behaviour, status, amount,
                                                         currency, captured_amount)
                        SELECT r.reference, 'authorization', r.acquirer_reference, r.behaviour, r.status, r.amount,
                               r.currency, r.captured_amount
                          FROM async, unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                                             ?::bigint[])
                               AS r (reference, acquirer_reference, behaviour, status, amount, currency, captured_amount)
                         ORDER BY r.reference
                        ON CONFLICT (reference) DO NOTHING
                        RETURNING reference, acquirer_reference""")
                .params(List.of(references, acquirerReferences, behaviours, statuses, amounts, currencies,
                        capturedAmounts))
                .query(rs -> {
                    inserted.put(rs.getString(1), rs.getString(2));
                });
        return inserted;
    }

    /** Writes what is queued, then fails later authorizations (see {@link AuthorizationBatcher#close()}). */
    @PreDestroy
    void close() {
        authorizations.close();
    }

    /** Tests observe the batching through it. */
    AuthorizationBatcher authorizations() {
        return authorizations;
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
