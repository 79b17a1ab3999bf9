package io.tokengate.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call settings that override the client's: the {@code Idempotency-Key} of a POST, the
 * request timeout and the number of retries. Immutable; build with {@link #builder()}.
 *
 * <p>Without an idempotency key the SDK generates a random UUID for every POST and reuses it on
 * that call's retries. Pass your own (an order number, for example) when the same logical
 * request may be sent again by your application itself, e.g. after a crash: the gateway then
 * replays the first answer instead of charging twice.
 */
public final class RequestOptions {

    private static final RequestOptions DEFAULTS = new Builder().build();

    private final String idempotencyKey;
    private final Duration timeout;
    private final Integer maxRetries;

    private RequestOptions(Builder builder) {
        this.idempotencyKey = builder.idempotencyKey;
        this.timeout = builder.timeout;
        this.maxRetries = builder.maxRetries;
    }

    /** No overrides: the client's settings and a generated idempotency key. */
    public static RequestOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public Optional<Integer> maxRetries() {
        return Optional.ofNullable(maxRetries);
    }

    @Override
    public String toString() {
        return "RequestOptions{idempotencyKey=" + idempotencyKey + ", timeout=" + timeout + ", maxRetries="
                + maxRetries + "}";
    }

    /** Builder of {@link RequestOptions}. */
    public static final class Builder {

        private String idempotencyKey;
        private Duration timeout;
        private Integer maxRetries;

        private Builder() {
        }

        /**
         * The {@code Idempotency-Key} for a POST: 1 to 255 printable ASCII characters, unique per
         * request you mean to make once. Ignored for GET and DELETE.
         *
         * @throws IllegalArgumentException if the key is empty, longer than 255 characters or
         *                                  contains anything but printable ASCII
         */
        public Builder idempotencyKey(String idempotencyKey) {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            if (idempotencyKey.isEmpty() || idempotencyKey.length() > 255
                    || !idempotencyKey.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
                throw new IllegalArgumentException("An idempotency key is 1 to 255 printable ASCII characters "
                        + "(a UUID or your order number is a good choice).");
            }
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * How long one attempt may take, from sending the request to the end of the answer.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The timeout must be positive.");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How many times this call is retried after a connection error, 409
         * {@code idempotency_in_progress}, 429 or 5xx (0 disables retries).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more.");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
