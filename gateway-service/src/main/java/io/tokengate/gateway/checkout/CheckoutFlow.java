package io.tokengate.gateway.checkout;

import io.tokengate.gateway.acquirer.Acquirer;
import io.tokengate.gateway.acquirer.ChallengeResult;
import io.tokengate.gateway.acquirer.VerificationRequest;
import io.tokengate.gateway.acquirer.VerificationResult;
import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.merchant.Merchant;
import io.tokengate.gateway.merchant.Merchants;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The shopper's side of a checkout, one browser request at a time: show the page, take a card,
 * take a passcode, cancel. Every step re-reads the session from PostgreSQL and moves it with a
 * conditional UPDATE, so any instance can serve any step and a double submit cannot run a step
 * twice. No database connection is held while the card network is asked.
 */
@Service
class CheckoutFlow {

    private final CheckoutSessionRepository repository;
    private final CheckoutTransitions transitions;
    private final CheckoutCompletion completion;
    private final CheckoutThrottle throttle;
    private final Acquirer acquirer;
    private final Merchants merchants;
    private final CheckoutProperties props;
    private final Clock clock;

    CheckoutFlow(CheckoutSessionRepository repository, CheckoutTransitions transitions, CheckoutCompletion completion,
                 CheckoutThrottle throttle, Acquirer acquirer, Merchants merchants, CheckoutProperties props,
                 Clock clock) {
        this.repository = repository;
        this.transitions = transitions;
        this.completion = completion;
        this.throttle = throttle;
        this.acquirer = acquirer;
        this.merchants = merchants;
        this.props = props;
        this.clock = clock;
    }

    /** The page for the session's current state. */
    Step show(String id, String ip) {
        Loaded l = load(id);
        if (l.stop() != null) {
            return l.stop();
        }
        CheckoutSession s = l.session();
        return switch (s.status()) {
            case CheckoutSession.OPEN -> Step.Form.blank(s, Messages.banner(s.lastError()));
            case CheckoutSession.CHALLENGE -> new Step.Redirect(Pages.challengePath(id));
            case CheckoutSession.AUTHORIZING -> completion.resume(s, Actor.shopper(id, ip));
            default -> new Step.Message(PageKind.forStatus(s.status()), s);
        };
    }

    Step showChallenge(String id, String ip) {
        Loaded l = load(id);
        if (l.stop() == null && CheckoutSession.CHALLENGE.equals(l.session().status())) {
            return new Step.Challenge(l.session(), null, 200);
        }
        return show(id, ip);
    }

    Step submitCard(String id, CardForm form, String ip) {
        Loaded l = load(id);
        if (l.stop() != null || !CheckoutSession.OPEN.equals(l.session().status())) {
            return show(id, ip);
        }
        CheckoutSession s = l.session();
        if (!throttle.tryAcquire(ip, s)) {
            return new Step.Message(PageKind.THROTTLED, s);
        }
        CardForm.Result checked = form.check(clock);
        if (checked.valid() == null) {
            return new Step.Form(s, checked.errors(), null, form.name(), form.expMonth(), form.expYear(), 422);
        }
        Optional<CheckoutSession> claimed = repository.claimCardAttempt(id, props.getMaxCardAttempts());
        if (claimed.isEmpty()) {
            return show(id, ip);
        }
        CheckoutSession c = claimed.get();
        Actor actor = Actor.shopper(id, ip);
        CardForm.Valid card = checked.valid();
        VerificationResult result = acquirer.verify(
                new VerificationRequest(id + ".v" + c.attempts(), card.payload(), card.cvc()));
        return switch (result) {
            case VerificationResult.Verified v -> completion.verified(c, card.payload(), actor);
            case VerificationResult.AuthenticationRequired a -> completion.challenge(c, card.payload(), a.challengeId(),
                    actor);
            case VerificationResult.CvcIncorrect x -> transitions.refused(c, "incorrect_cvc", actor)
                    ? new Step.Message(PageKind.FAILED, c)
                    : new Step.Form(c, Map.of(CardForm.CVC, Messages.CVC_INCORRECT), null, form.name(),
                            form.expMonth(), form.expYear(), 422);
            case VerificationResult.Declined d -> transitions.refused(c, d.code().code(), actor)
                    ? new Step.Message(PageKind.FAILED, c)
                    : new Step.Declined(c, Messages.decline(d.code().code()), true);
            case VerificationResult.ProcessingError p -> unreachable(c, form, actor);
            case VerificationResult.Timeout t -> unreachable(c, form, actor);
        };
    }

    Step submitPasscode(String id, String passcode, String ip) {
        Loaded l = load(id);
        if (l.stop() != null || !CheckoutSession.CHALLENGE.equals(l.session().status())) {
            return show(id, ip);
        }
        CheckoutSession s = l.session();
        if (!throttle.tryAcquire(ip, s)) {
            return new Step.Message(PageKind.THROTTLED, s);
        }
        String code = passcode == null ? "" : passcode.strip();
        if (!code.matches("[0-9]{4,10}")) {
            return new Step.Challenge(s, "Enter the passcode your bank sent you (digits only).", 422);
        }
        Optional<CheckoutSession> claimed = repository.claimChallengeAttempt(id, props.getMaxChallengeAttempts());
        if (claimed.isEmpty()) {
            return show(id, ip);
        }
        CheckoutSession c = claimed.get();
        Actor actor = Actor.shopper(id, ip);
        ChallengeResult result = acquirer.completeChallenge(c.challengeId(), code);
        return switch (result) {
            case ChallengeResult.Authenticated a -> completion.authenticated(c, actor);
            case ChallengeResult.Failed f -> {
                int left = Math.min(f.attemptsLeft(), props.getMaxChallengeAttempts() - c.challengeAttempts());
                if (transitions.challengeFailed(c, left, actor)) {
                    yield new Step.Message(PageKind.FAILED, c);
                }
                yield new Step.Challenge(c, "That passcode is not correct. You have " + left
                        + (left == 1 ? " try" : " tries") + " left.", 422);
            }
            case ChallengeResult.ProcessingError p -> challengeUnreachable(c, actor);
            case ChallengeResult.Timeout t -> challengeUnreachable(c, actor);
        };
    }

    /** The bank did not answer; the try still counts, so a challenge cannot be retried for ever. */
    private Step challengeUnreachable(CheckoutSession c, Actor actor) {
        if (c.challengeAttempts() >= props.getMaxChallengeAttempts() && transitions.challengeFailed(c, 0, actor)) {
            return new Step.Message(PageKind.FAILED, c);
        }
        return new Step.Challenge(c, Messages.UNREACHABLE, 503);
    }

    /** Cancels a live session and sends the shopper to the cancel URL (again, on a repeated click). */
    Step cancel(String id, String ip) {
        Optional<CheckoutSession> found = repository.find(id);
        if (found.isEmpty()) {
            return new Step.Message(PageKind.NOT_FOUND, null);
        }
        CheckoutSession s = found.get();
        if (s.live() && !s.overdue(clock.instant())) {
            if (!transitions.cancel(s, Actor.shopper(id, ip))) {
                return show(id, ip);
            }
            return new Step.Redirect(ReturnUrls.withQuery(s.cancelUrl(), Map.of("session_id", id)));
        }
        if (CheckoutSession.CANCELLED.equals(s.status())) {
            return new Step.Redirect(ReturnUrls.withQuery(s.cancelUrl(), Map.of("session_id", id)));
        }
        return show(id, ip);
    }

    private Step unreachable(CheckoutSession c, CardForm form, Actor actor) {
        if (transitions.refused(c, "processing_error", actor)) {
            return new Step.Message(PageKind.FAILED, c);
        }
        return new Step.Form(c, Map.of(), Messages.UNREACHABLE, form.name(), form.expMonth(), form.expYear(), 503);
    }

    /** The session with its merchant, or the page that says why the shopper cannot go on. */
    private Loaded load(String id) {
        if (!Pages.wellFormedId(id)) {
            return new Loaded(null, null, new Step.Message(PageKind.NOT_FOUND, null));
        }
        Optional<CheckoutSession> found = repository.find(id);
        if (found.isEmpty()) {
            return new Loaded(null, null, new Step.Message(PageKind.NOT_FOUND, null));
        }
        CheckoutSession s = found.get();
        if (s.overdue(clock.instant())) {
            transitions.expire(s);
            return new Loaded(s, null, new Step.Message(PageKind.EXPIRED, s));
        }
        Merchant merchant = merchants.find(s.merchantId()).orElse(null);
        if (merchant == null || !merchant.active()) {
            return new Loaded(s, merchant, new Step.Message(PageKind.UNAVAILABLE, s));
        }
        return new Loaded(s, merchant, null);
    }

    private record Loaded(CheckoutSession session, Merchant merchant, Step stop) {
    }
}
