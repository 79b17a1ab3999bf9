package io.tokengate.gateway.checkout;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The session's state changes that issue nothing, each in a short transaction with its audit row:
 * a refused attempt, a failed passcode, a cancel, an expiry. Running out of attempts fails the
 * session and is audited as {@code checkout.throttled} (scope {@code session}).
 */
@Component
class CheckoutTransitions {

    private static final int SWEEP_BATCH = 500;

    private final CheckoutSessionRepository repository;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final CheckoutProperties props;

    CheckoutTransitions(CheckoutSessionRepository repository, AuditLog audit, TransactionTemplate tx,
                        CheckoutProperties props) {
        this.repository = repository;
        this.audit = audit;
        this.tx = tx;
        this.props = props;
    }

    /**
     * Records a card the network refused; fails the session when that was its last attempt.
     *
     * @return true when the session is now failed
     */
    boolean refused(CheckoutSession s, String code, Actor actor) {
        boolean last = s.attempts() >= props.getMaxCardAttempts();
        return Boolean.TRUE.equals(tx.execute(status -> {
            audit.append(entry(s, actor, "checkout.card_refused").detail("reason", code)
                    .detail("attempt", s.attempts()).build());
            if (last && repository.fail(s.id(), CheckoutSession.OPEN, "too_many_attempts")) {
                exhausted(s, actor, "card_attempts", props.getMaxCardAttempts());
                return true;
            }
            repository.recordError(s.id(), CheckoutSession.OPEN, code);
            return false;
        }));
    }

    /**
     * Records a wrong passcode; with no tries left the session fails.
     *
     * @return true when the session is now failed
     */
    boolean challengeFailed(CheckoutSession s, int triesLeft, Actor actor) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            audit.append(entry(s, actor, "checkout.challenge_failed").detail("attempt", s.challengeAttempts()).build());
            if (triesLeft <= 0 && repository.challengeAbandoned(s.id(), "too_many_attempts", true)) {
                exhausted(s, actor, "challenge_attempts", props.getMaxChallengeAttempts());
                return true;
            }
            return false;
        }));
    }

    boolean cancel(CheckoutSession s, Actor actor) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!repository.cancel(s.id())) {
                return false;
            }
            audit.append(entry(s, actor, "checkout.cancelled").detail("from", s.status()).build());
            return true;
        }));
    }

    /** Marks a session whose time is up (the sweep would, a little later). */
    void expire(CheckoutSession s) {
        tx.executeWithoutResult(status -> {
            if (repository.expireIfDue(s.id())) {
                audit.append(entry(s, Actor.system("checkout-expiry"), "checkout.expired").build());
            }
        });
    }

    /** Expires overdue sessions in batches; safe on many instances (SKIP LOCKED, conditional UPDATE). */
    @Scheduled(fixedDelayString = "${tokengate.checkout.sweep-interval:PT1M}", initialDelayString = "PT30S")
    void sweep() {
        Integer expired;
        do {
            expired = tx.execute(status -> {
                var due = repository.expireDue(SWEEP_BATCH);
                due.forEach(s -> audit.append(entry(s, Actor.system("checkout-expiry"), "checkout.expired").build()));
                return due.size();
            });
        } while (expired != null && expired == SWEEP_BATCH);
    }

    private void exhausted(CheckoutSession s, Actor actor, String scope, int limit) {
        audit.append(entry(s, actor, "checkout.throttled").detail("scope", "session").detail("limit_kind", scope)
                .detail("limit", limit).build());
        audit.append(entry(s, actor, "checkout.failed").detail("reason", "too_many_attempts").build());
    }

    private static AuditEntry.Builder entry(CheckoutSession s, Actor actor, String action) {
        return AuditEntry.of(actor, action).merchant(s.merchantId()).subject("checkout_session", s.id());
    }
}
