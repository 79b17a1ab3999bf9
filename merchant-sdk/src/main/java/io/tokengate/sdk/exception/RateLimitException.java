package io.tokengate.sdk.exception;

import java.time.Duration;
import java.util.Optional;

/**
 * 429 {@code rate_limited} still after the retries: too many failed authentications came from
 * this address. Fix the credential first (the failures are what is counted), then wait
 * {@link #getRetryAfter()}.
 */
public class RateLimitException extends TokenGateException {

    private final Duration retryAfter;

    public RateLimitException(String message, Problem problem, Duration retryAfter) {
        super(message, problem, null);
        this.retryAfter = retryAfter;
    }

    /** The gateway's {@code Retry-After}, when it sent one. */
    public Optional<Duration> getRetryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
