package io.tokengate.gateway.checkout;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.checkout.CheckoutCompletion.Issued;
import io.tokengate.gateway.checkout.CheckoutCompletion.SessionMoved;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.token.Tokens;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a checkout ends: success with a one-time code for the return trip, or a declined payment
 * that gives the form back (the declined card's new token is revoked at once, so only the card
 * that paid leaves a usable token). The code is 256 random bits, stored only as its keyed hash,
 * bound to the session and valid for {@code tokengate.checkout.code-lifetime}.
 */
@Component
class CheckoutDecisions {

    static final String DECLINE_REVOKE_REASON = "checkout payment declined";

    private final CheckoutSessionRepository repository;
    private final Tokens tokens;
    private final VaultService vault;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final CheckoutProperties props;
    private final Clock clock;

    CheckoutDecisions(CheckoutSessionRepository repository, Tokens tokens, VaultService vault, AuditLog audit,
                      TransactionTemplate tx, CheckoutProperties props, Clock clock) {
        this.repository = repository;
        this.tokens = tokens;
        this.vault = vault;
        this.audit = audit;
        this.tx = tx;
        this.props = props;
        this.clock = clock;
    }

    /**
     * In the caller's transaction: marks the session succeeded and stores the new code's hash.
     *
     * @return the code, to hand to the browser once and never again
     * @throws SessionMoved when the session is no longer in {@code from}
     */
    String succeed(CheckoutSession c, String from, long tokenId, String cardId, CheckoutSession.Card card,
                   String chargeId, Actor actor) {
        String code = vault.newSecret("chk_");
        if (!repository.toSucceeded(c.id(), from, tokenId, cardId, card, chargeId, vault.lookupHash(code),
                clock.instant().plus(props.getCodeLifetime()))) {
            throw new SessionMoved();
        }
        audit.append(CheckoutCompletion.entry(c, actor, "checkout.succeeded").detail("charge", chargeId).build());
        return code;
    }

    /** Turns the charge's outcome into the session's next state and the shopper's next page. */
    Step settle(CheckoutSession c, Issued issued, CheckoutPayments.Outcome outcome, Actor actor) {
        try {
            return switch (outcome) {
                case CheckoutPayments.Outcome.Approved a -> CheckoutCompletion.successRedirect(c, tx.execute(status ->
                        succeed(c, CheckoutSession.AUTHORIZING, issued.tokenId(), issued.cardId(), issued.card(),
                                a.chargeId(), actor)));
                case CheckoutPayments.Outcome.Declined d -> {
                    boolean last = c.attempts() >= props.getMaxCardAttempts();
                    unwind(c, issued, d.chargeId(), d.declineCode(), last, actor);
                    yield last ? new Step.Message(PageKind.FAILED, c)
                            : new Step.Declined(c, Messages.decline(d.declineCode()), true);
                }
                case CheckoutPayments.Outcome.Refused r -> {
                    // ACL or token-control refusals will refuse the next card too: stop here.
                    unwind(c, issued, null, r.code(), true, actor);
                    yield new Step.Declined(c, "The shop cannot accept this payment right now. Nothing was charged. "
                            + "Please contact the shop.", false);
                }
                case CheckoutPayments.Outcome.Pending p -> new Step.Processing(c);
            };
        } catch (SessionMoved e) {
            return CheckoutCompletion.reroute(c);
        }
    }

    private void unwind(CheckoutSession c, Issued issued, String chargeId, String code, boolean fail, Actor actor) {
        tx.executeWithoutResult(status -> {
            if (!repository.declined(c.id(), chargeId, code, fail)) {
                throw new SessionMoved();
            }
            tokens.revoke(c.merchantId(), issued.token(), DECLINE_REVOKE_REASON, actor);
            audit.append(CheckoutCompletion.entry(c, actor, "checkout.payment_declined").detail("charge", chargeId)
                    .detail("reason", code).detail("attempt", c.attempts()).build());
            if (fail) {
                audit.append(CheckoutCompletion.entry(c, actor, "checkout.failed").detail("reason", code).build());
            }
        });
    }
}
