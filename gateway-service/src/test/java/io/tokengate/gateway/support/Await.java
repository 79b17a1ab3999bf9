package io.tokengate.gateway.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, for tests that wait on another thread or session. */
public final class Await {

    private Await() {
    }

    /** Polls every 5 ms; fails with {@code what} when {@code condition} has not held within {@code limit}. */
    public static void until(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(5);
        }
    }
}
