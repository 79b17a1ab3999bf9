package io.tokengate.gateway.checkout;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.token.Cards;
import io.tokengate.gateway.token.IssuedToken;
import io.tokengate.gateway.token.StoredCard;
import io.tokengate.gateway.token.TokenDetails;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.vault.card.CardPayload;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps that vault and issue: a verified card becomes a token (and, in payment mode, a
 * charge); a challenged card waits in the vault, without its CVC, until the passcode is right.
 * Vaulting, issuing, the session's move and the audit rows commit together, so a token exists
 * exactly when the session says it does. The charge is asked for after that commit, with no
 * connection held, under an idempotency key per attempt so a re-driven step never charges twice.
 */
@Component
class CheckoutCompletion {

    private final CheckoutSessionRepository repository;
    private final CheckoutDecisions decisions;
    private final Tokens tokens;
    private final Cards cards;
    private final CheckoutPayments payments;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    CheckoutCompletion(CheckoutSessionRepository repository, CheckoutDecisions decisions, Tokens tokens, Cards cards,
                       CheckoutPayments payments, AuditLog audit, TransactionTemplate tx) {
        this.repository = repository;
        this.decisions = decisions;
        this.tokens = tokens;
        this.cards = cards;
        this.payments = payments;
        this.audit = audit;
        this.tx = tx;
    }

    /** The card network verified the card (and CVC) without asking for the cardholder. */
    Step verified(CheckoutSession c, CardPayload payload, Actor actor) {
        try {
            Issued issued = tx.execute(status -> {
                IssuedToken t = tokens.vaultAndIssue(c.merchantId(), payload, c.tokenControls(), actor);
                return after(c, CheckoutSession.OPEN, t, actor);
            });
            return next(c, issued, false, actor);
        } catch (SessionMoved e) {
            return reroute(c);
        }
    }

    /** The issuer wants the cardholder: vault the card (never the CVC) and ask for the passcode. */
    Step challenge(CheckoutSession c, CardPayload payload, String challengeId, Actor actor) {
        try {
            tx.executeWithoutResult(status -> {
                StoredCard card = cards.store(c.merchantId(), payload);
                if (!repository.toChallenge(c.id(), challengeId, card.cardId(), new CheckoutSession.Card(card.brand(),
                        card.last4(), card.expMonth(), card.expYear()))) {
                    throw new SessionMoved();
                }
                audit.append(entry(c, actor, "checkout.challenge_required").detail("card_reused", card.reused())
                        .build());
            });
            return new Step.Redirect(Pages.challengePath(c.id()));
        } catch (SessionMoved e) {
            return reroute(c);
        }
    }

    /** The cardholder passed the challenge: issue the token on the card already in the vault. */
    Step authenticated(CheckoutSession c, Actor actor) {
        try {
            Issued issued = tx.execute(status -> {
                IssuedToken t = tokens.issue(c.merchantId(), c.cardId(), c.tokenControls(), actor);
                audit.append(entry(c, actor, "checkout.challenge_passed").build());
                return after(c, CheckoutSession.CHALLENGE, t, actor);
            });
            return next(c, issued, true, actor);
        } catch (SessionMoved e) {
            return reroute(c);
        }
    }

    /**
     * Re-asks for the outcome of a charge left in flight (a timeout, or an instance that stopped
     * between its commits): the same idempotency key gives the same charge, never a second one.
     */
    Step resume(CheckoutSession s, Actor actor) {
        String token = tokens.tokenValue(s.merchantId(), s.tokenId()).orElseThrow();
        Issued issued = new Issued(token, s.tokenId(), s.cardId(), s.card(), s.chargeAttempts(), false);
        return decisions.settle(s, issued, authorize(s, issued, s.challengeId() != null, actor), actor);
    }

    /** In the issuing transaction: setup mode succeeds at once, payment mode goes on to the charge. */
    private Issued after(CheckoutSession c, String from, IssuedToken t, Actor actor) {
        TokenDetails.CardSummary s = t.details().card();
        CheckoutSession.Card card = new CheckoutSession.Card(s.brand(), s.last4(), s.expMonth(), s.expYear());
        if (!c.payment()) {
            String code = decisions.succeed(c, from, t.tokenId(), t.cardId(), card, null, actor);
            audit.append(entry(c, actor, "checkout.token_issued").detail("card_reused", t.cardReused()).build());
            return new Issued(t.token(), t.tokenId(), t.cardId(), card, 0, true).withCode(code);
        }
        int attempt = repository.toAuthorizing(c.id(), from, t.tokenId(), t.cardId(), card)
                .orElseThrow(SessionMoved::new);
        audit.append(entry(c, actor, "checkout.token_issued").detail("card_reused", t.cardReused())
                .detail("charge_attempt", attempt).build());
        return new Issued(t.token(), t.tokenId(), t.cardId(), card, attempt, false);
    }

    private Step next(CheckoutSession c, Issued issued, boolean authenticated, Actor actor) {
        if (issued.done()) {
            return successRedirect(c, issued.code());
        }
        return decisions.settle(c, issued, authorize(c, issued, authenticated, actor), actor);
    }

    private CheckoutPayments.Outcome authorize(CheckoutSession c, Issued issued, boolean authenticated, Actor actor) {
        return payments.authorize(c.merchantId(), issued.token(), c.amount(), c.currency(), c.capture(),
                "checkout:" + c.id() + ":" + issued.chargeAttempt(), c.merchantReference(), authenticated, actor);
    }

    static Step successRedirect(CheckoutSession c, String code) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("session_id", c.id());
        query.put("code", code);
        return new Step.Redirect(ReturnUrls.withQuery(c.successUrl(), query));
    }

    /** Someone else moved the session meanwhile (another tab, another instance): show where it is now. */
    static Step reroute(CheckoutSession c) {
        return new Step.Redirect(Pages.pagePath(c.id()));
    }

    static AuditEntry.Builder entry(CheckoutSession s, Actor actor, String action) {
        return AuditEntry.of(actor, action).merchant(s.merchantId()).subject("checkout_session", s.id());
    }

    /** The token this attempt issued; {@code done} with a {@code code} when the session already succeeded. */
    record Issued(String token, long tokenId, String cardId, CheckoutSession.Card card, int chargeAttempt,
                  boolean done, String code) {

        Issued(String token, long tokenId, String cardId, CheckoutSession.Card card, int chargeAttempt, boolean done) {
            this(token, tokenId, cardId, card, chargeAttempt, done, null);
        }

        Issued withCode(String newCode) {
            return new Issued(token, tokenId, cardId, card, chargeAttempt, done, newCode);
        }

        // The generated toString would print the token value and the code.
        @Override
        public String toString() {
            return "Issued[tokenId=" + tokenId + ", attempt=" + chargeAttempt + ", done=" + done + "]";
        }
    }

    /** Thrown inside a transaction when the session's conditional UPDATE found it elsewhere; rolls back. */
    static final class SessionMoved extends RuntimeException {
        SessionMoved() {
            super("checkout session moved on concurrently", null, false, false);
        }
    }
}
