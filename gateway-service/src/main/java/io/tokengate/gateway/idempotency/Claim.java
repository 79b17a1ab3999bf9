package io.tokengate.gateway.idempotency;

/** The outcome of claiming an Idempotency-Key for a request. */
public sealed interface Claim {

    /** The key is this request's now: go ahead, and complete or release it in the outcome's transaction. */
    record Claimed() implements Claim {
    }

    /** The same request already has an answer: send it again, byte for byte. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** The same request is still being processed (or its outcome is being recovered). */
    record InProgress() implements Claim {
    }

    /** The key was used with a different request (method, path or body). */
    record Mismatch() implements Claim {
    }
}
