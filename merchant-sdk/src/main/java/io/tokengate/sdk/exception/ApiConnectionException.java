package io.tokengate.sdk.exception;

/**
 * No answer from the gateway after the retries: the connection failed or timed out. A POST may
 * or may not have been processed; retry it with the same idempotency key (pass it in
 * {@link io.tokengate.sdk.RequestOptions}) to get its answer without doing it twice.
 */
public class ApiConnectionException extends TokenGateException {

    public ApiConnectionException(String message, Throwable cause) {
        super(message, Problem.ofStatus(0, null), cause);
    }
}
