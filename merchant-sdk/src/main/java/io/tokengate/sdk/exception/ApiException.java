package io.tokengate.sdk.exception;

/**
 * The gateway failed (5xx): {@code acquirer_unavailable} (502: the card network gave no answer; {@link Problem#charge()} names the charge), {@code service_unavailable} (503) or {@code internal_error} (500, quote {@link #getRequestId()}). Thrown after the retries; retrying later with the same idempotency key is safe.
 */
public class ApiException extends TokenGateException {

    public ApiException(String message, Problem problem) {
        super(message, problem, null);
    }

    public ApiException(String message, Problem problem, Throwable cause) {
        super(message, problem, cause);
    }
}
