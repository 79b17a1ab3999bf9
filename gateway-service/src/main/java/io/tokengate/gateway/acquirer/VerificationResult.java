package io.tokengate.gateway.acquirer;

/** The answer to a zero-amount account verification. */
public sealed interface VerificationResult {

    /** The account is good and the security code (when given) matched. */
    record Verified(String acquirerReference) implements VerificationResult {
    }

    /** The security code did not match; the shopper may correct it. */
    record CvcIncorrect() implements VerificationResult {
    }

    /**
     * The issuer asks the cardholder to authenticate (a 3-D Secure style challenge); answer it with
     * {@link Acquirer#completeChallenge}. The simulator accepts the passcode {@code 123456}.
     */
    record AuthenticationRequired(String challengeId) implements VerificationResult {
    }

    record Declined(DeclineCode code) implements VerificationResult {
    }

    record ProcessingError(String reason) implements VerificationResult {
    }

    record Timeout() implements VerificationResult {
    }
}
