package io.tokengate.gateway.acquirer;

/** The answer to a cardholder challenge. */
public sealed interface ChallengeResult {

    /** The cardholder passed; the verification counts as {@code Verified}. */
    record Authenticated(String acquirerReference) implements ChallengeResult {
    }

    /** Wrong passcode (or unknown or spent challenge); {@code attemptsLeft} 0 means the challenge is over. */
    record Failed(int attemptsLeft) implements ChallengeResult {
    }

    record ProcessingError(String reason) implements ChallengeResult {
    }

    record Timeout() implements ChallengeResult {
    }
}
