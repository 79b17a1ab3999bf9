package io.tokengate.gateway.acquirer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.acquirer.*}: the client-side timeout and the simulator's delays. Mutable and
 * read on every call, so an operator (or a test) can change a delay on a running gateway.
 */
@ConfigurationProperties("tokengate.acquirer")
public class AcquirerProperties {

    /** Longest wait for any acquirer answer; after it the call is a {@code Timeout}. */
    private volatile Duration timeout = Duration.ofSeconds(10);
    private final Simulator simulator = new Simulator();

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = requireNonNegative(timeout, "timeout");
    }

    public Simulator getSimulator() {
        return simulator;
    }

    /** {@code tokengate.acquirer.simulator.*}. */
    public static class Simulator {

        /** Added to every simulated operation (benchmarks of a realistic network latency). */
        private volatile Duration delay = Duration.ZERO;
        /** How long the slow test card (4000000000000077) takes. */
        private volatile Duration slowDelay = Duration.ofSeconds(3);

        public Duration getDelay() {
            return delay;
        }

        public void setDelay(Duration delay) {
            this.delay = requireNonNegative(delay, "simulator.delay");
        }

        public Duration getSlowDelay() {
            return slowDelay;
        }

        public void setSlowDelay(Duration slowDelay) {
            this.slowDelay = requireNonNegative(slowDelay, "simulator.slow-delay");
        }
    }

    private static Duration requireNonNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("tokengate.acquirer." + name + " must be zero or positive");
        }
        return value;
    }
}
