package io.tokengate.sdk.exception;

/**
 * The {@code Idempotency-Key} got in the way: 422 {@code idempotency_key_reused} (the key was used
 * with a different request: use a new key for a new request) or 409
 * {@code idempotency_in_progress} still after the retries (the first request with this key is
 * still being processed or recovered: retry later with the same key to get its answer).
 */
public class IdempotencyException extends TokenGateException {

    public IdempotencyException(String message, Problem problem) {
        super(message, problem, null);
    }
}
