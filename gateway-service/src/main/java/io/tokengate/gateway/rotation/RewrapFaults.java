package io.tokengate.gateway.rotation;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * A fault-injection switch for this instance's re-wrap job, off unless armed. Armed with
 * {@link #crashAfter}, it lets that many batches commit and fails the next one after it wrote its
 * rows but before its commit, where a crash loses the most; the job then stays down, like a
 * crashed instance, until {@link #recover()}. Tests and recovery drills use it through the bean.
 */
@Component
public class RewrapFaults {

    /** The failure the switch throws; the job treats it like any other failure of a batch. */
    static final class InjectedCrash extends RuntimeException {
        InjectedCrash() {
            super("injected crash of a re-wrap batch", null, false, false);
        }
    }

    private final AtomicInteger batchesBeforeCrash = new AtomicInteger(-1);
    private final AtomicInteger crashes = new AtomicInteger();
    private volatile boolean down;

    /** Lets {@code batches} more batches commit, then fails the next one and keeps the job down. */
    public void crashAfter(int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("batches must not be negative");
        }
        batchesBeforeCrash.set(batches);
    }

    /** Disarms the switch and lets the job run again, as a restarted instance would. */
    public void recover() {
        batchesBeforeCrash.set(-1);
        down = false;
    }

    /** How many batches the switch has failed so far. */
    public int crashes() {
        return crashes.get();
    }

    /** Whether the job is held down after an injected crash. */
    boolean down() {
        return down;
    }

    /**
     * Called by each batch that moved rows, right before its commit. Once tripped, every batch in
     * flight on this instance fails too, as they would in a crash.
     */
    synchronized void beforeCommit() {
        if (down) {
            throw new InjectedCrash();
        }
        int left = batchesBeforeCrash.getAndUpdate(n -> n > 0 ? n - 1 : n == 0 ? -1 : n);
        if (left == 0) {
            down = true;
            crashes.incrementAndGet();
            throw new InjectedCrash();
        }
    }
}
