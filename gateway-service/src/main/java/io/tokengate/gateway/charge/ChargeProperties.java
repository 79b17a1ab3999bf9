package io.tokengate.gateway.charge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.charges.*}. Mutable and read on every run, so it can be tuned on a live gateway.
 */
@ConfigurationProperties("tokengate.charges")
public class ChargeProperties {

    /**
     * How long a charge, capture, void or refund may stay in flight before recovery asks the
     * acquirer what happened. Keep it well above {@code tokengate.acquirer.timeout}, so a request
     * still waiting for its answer is never second-guessed.
     */
    private volatile Duration recoveryAfter = Duration.ofSeconds(30);

    public Duration getRecoveryAfter() {
        return recoveryAfter;
    }

    public void setRecoveryAfter(Duration recoveryAfter) {
        if (recoveryAfter == null || recoveryAfter.isNegative()) {
            throw new IllegalArgumentException("tokengate.charges.recovery-after must be zero or positive");
        }
        this.recoveryAfter = recoveryAfter;
    }
}
