package io.tokengate.gateway.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry schedule: after the n-th failed attempt, wait {@code base x MULTIPLIERS[n-1]}, with
 * +-20 % jitter so that endpoints which failed together do not all retry in the same instant. With
 * the production base of 10 s: 10 s, 30 s, 2 min, 10 min, 1 h, 2 h, 4 h, 8 h, 8 h, so the tenth and
 * last attempt comes about 23 h after the first.
 */
final class Backoff {

    static final long[] MULTIPLIERS = {1, 3, 12, 60, 360, 720, 1_440, 2_880, 2_880};
    private static final double JITTER = 0.2;

    private Backoff() {
    }

    /** The delay after {@code failedAttempts} (1 or more) failures, jittered. */
    static Duration after(int failedAttempts, Duration base) {
        Duration nominal = nominal(failedAttempts, base);
        double factor = 1 - JITTER + ThreadLocalRandom.current().nextDouble() * 2 * JITTER;
        return Duration.ofNanos((long) (nominal.toNanos() * factor));
    }

    /** The delay without jitter. */
    static Duration nominal(int failedAttempts, Duration base) {
        int index = Math.min(Math.max(failedAttempts, 1), MULTIPLIERS.length) - 1;
        return base.multipliedBy(MULTIPLIERS[index]);
    }
}
