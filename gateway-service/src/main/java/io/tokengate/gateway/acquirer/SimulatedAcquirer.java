package io.tokengate.gateway.acquirer;

import io.tokengate.gateway.web.Ids;
import io.tokengate.vault.card.Cvc;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The built-in card network: answers by {@link TestCard} and keeps its books in
 * {@link SimulatorLedger} (PostgreSQL), so any number of gateway instances see one acquirer. It
 * deduplicates on the gateway's reference like a real acquirer: the same charge id authorized
 * twice is one authorization.
 */
final class SimulatedAcquirer implements Acquirer {

    /** The one passcode the simulated issuer accepts in a cardholder challenge. */
    static final String CHALLENGE_PASSCODE = "123456";
    static final int CHALLENGE_ATTEMPTS = 3;

    private final SimulatorLedger ledger;
    private final AcquirerProperties properties;
    private final Clock clock;

    SimulatedAcquirer(SimulatorLedger ledger, AcquirerProperties properties, Clock clock) {
        this.ledger = ledger;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public AcquirerResult authorize(AuthorizationRequest request) {
        TestCard.Behaviour behaviour = TestCard.behaviourOf(request.card().pan());
        pause(behaviour);
        if (behaviour == TestCard.Behaviour.PROCESSING_ERROR) {
            return new AcquirerResult.ProcessingError("processing_error");
        }
        if (behaviour.decline() != null) {
            return new AcquirerResult.Declined(behaviour.decline());
        }
        if (behaviour == TestCard.Behaviour.INCORRECT_CVC) {
            return new AcquirerResult.Declined(DeclineCode.INCORRECT_CVC);
        }
        if (request.card().expiry().isExpired(clock)) {
            return new AcquirerResult.Declined(DeclineCode.EXPIRED_CARD);
        }
        if (behaviour == TestCard.Behaviour.AUTHENTICATION_REQUIRED && !request.merchantInitiated()
                && !request.cardholderAuthenticated()) {
            return new AcquirerResult.Declined(DeclineCode.AUTHENTICATION_REQUIRED);
        }
        String reference = ledger.recordAuthorization(request.reference(), newReference(), behaviour, request.amount(),
                request.currency(), request.capture());
        return new AcquirerResult.Approved(reference);
    }

    @Override
    public AcquirerResult capture(String reference, String acquirerReference, long amount) {
        pause(null);
        return ledger.capture(reference, acquirerReference, amount) ? new AcquirerResult.Approved(acquirerReference)
                : new AcquirerResult.Declined(DeclineCode.TRANSACTION_NOT_ALLOWED);
    }

    @Override
    public AcquirerResult voidAuthorization(String reference, String acquirerReference) {
        pause(null);
        return ledger.voidAuthorization(reference, acquirerReference)
                ? new AcquirerResult.Approved(acquirerReference)
                : new AcquirerResult.Declined(DeclineCode.TRANSACTION_NOT_ALLOWED);
    }

    @Override
    public AcquirerResult refund(RefundRequest request) {
        pause(null);
        Optional<String> reference = ledger.refund(request, newReference());
        return reference.<AcquirerResult>map(AcquirerResult.Approved::new)
                .orElseGet(() -> new AcquirerResult.Declined(DeclineCode.TRANSACTION_NOT_ALLOWED));
    }

    @Override
    public VerificationResult verify(VerificationRequest request) {
        TestCard.Behaviour behaviour = TestCard.behaviourOf(request.card().pan());
        pause(behaviour);
        if (behaviour == TestCard.Behaviour.PROCESSING_ERROR) {
            return new VerificationResult.ProcessingError("processing_error");
        }
        if (behaviour.decline() != null) {
            return new VerificationResult.Declined(behaviour.decline());
        }
        if (request.card().expiry().isExpired(clock)) {
            return new VerificationResult.Declined(DeclineCode.EXPIRED_CARD);
        }
        Cvc cvc = request.cvc();
        if (behaviour == TestCard.Behaviour.INCORRECT_CVC) {
            return new VerificationResult.CvcIncorrect();
        }
        if (cvc != null && !cvc.fits(request.card().pan().brand())) {
            return new VerificationResult.CvcIncorrect();
        }
        if (behaviour == TestCard.Behaviour.AUTHENTICATION_REQUIRED) {
            String challengeId = Ids.generate("chl_");
            ledger.recordChallenge(challengeId, newReference());
            return new VerificationResult.AuthenticationRequired(challengeId);
        }
        return new VerificationResult.Verified(newReference());
    }

    @Override
    public ChallengeResult completeChallenge(String challengeId, String passcode) {
        pause(null);
        boolean correct = passcode != null && MessageDigest.isEqual(passcode.getBytes(StandardCharsets.UTF_8),
                CHALLENGE_PASSCODE.getBytes(StandardCharsets.UTF_8));
        return ledger.answerChallenge(challengeId, correct, CHALLENGE_ATTEMPTS)
                .<ChallengeResult>map(state -> "authenticated".equals(state.status())
                        ? new ChallengeResult.Authenticated(state.acquirerReference())
                        : new ChallengeResult.Failed(Math.max(0, CHALLENGE_ATTEMPTS - state.failedAttempts())))
                .orElseGet(() -> new ChallengeResult.Failed(0));
    }

    @Override
    public LookupResult lookup(String reference) {
        return ledger.find(reference).<LookupResult>map(LookupResult.Found::new)
                .orElseGet(LookupResult.NotFound::new);
    }

    /** The configured network latency, plus the slow card's own delay. */
    private void pause(TestCard.Behaviour behaviour) {
        Duration delay = properties.getSimulator().getDelay();
        if (behaviour == TestCard.Behaviour.SLOW) {
            delay = delay.plus(properties.getSimulator().getSlowDelay());
        }
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            // The caller gave up (timeout): record nothing, as a network that never got the message.
            Thread.currentThread().interrupt();
            throw new SimulatorInterruptedException();
        }
    }

    private static String newReference() {
        return Ids.generate("acq_");
    }

    /**
     * The caller stopped waiting; the operation was not performed, or, for an authorization whose
     * ledger batch was already being written, its outcome is unknown (as after a timeout).
     */
    static final class SimulatorInterruptedException extends RuntimeException {
        SimulatorInterruptedException() {
            super("simulated acquirer call abandoned by its caller", null, false, false);
        }
    }
}
