package io.tokengate.sdk.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of
 * {@code min(initial * 2^n, max)}, so clients that failed together do not come back together.
 * A {@code Retry-After} from the gateway is a floor (capped at {@link #MAX_RETRY_AFTER}). Internal.
 */
public record Backoff(Duration initial, Duration max) {

    /** A Retry-After longer than this is not waited for in-line; the caller gets the error instead. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry delays: 0 <= initial <= max");
        }
    }

    /** The wait before retry number {@code retry} (0 for the first retry). */
    public Duration delay(int retry, Duration retryAfter) {
        long ceiling = initial.toMillis() << Math.min(retry, 20);
        ceiling = Math.min(Math.max(ceiling, 0), max.toMillis());
        long half = ceiling / 2;
        long jittered = half + (ceiling - half == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling - half + 1));
        Duration wait = Duration.ofMillis(jittered);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        return wait;
    }
}
