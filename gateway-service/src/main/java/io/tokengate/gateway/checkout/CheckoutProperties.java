package io.tokengate.gateway.checkout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.checkout.*}: session lifetimes and the attempt limits against card testing.
 * Mutable and read on every request, so an operator (or a test) can tighten a limit on a running
 * gateway; the counters themselves live in PostgreSQL, so every instance enforces the same limit.
 */
@ConfigurationProperties("tokengate.checkout")
public class CheckoutProperties {

    /** Lifetime of a session when the merchant names none. */
    private volatile Duration defaultLifetime = Duration.ofMinutes(30);
    /** Longest lifetime a merchant may ask for. */
    private volatile Duration maxLifetime = Duration.ofHours(24);
    /** How long the one-time code in the success redirect may be exchanged. */
    private volatile Duration codeLifetime = Duration.ofMinutes(10);
    /** Card submissions that reach the card network, per session; then the session fails. */
    private volatile int maxCardAttempts = 5;
    /** Wrong passcodes per session; then the session fails. */
    private volatile int maxChallengeAttempts = 3;
    /** Card submissions and passcode tries per client address within {@link #clientWindow}. */
    private volatile int clientMaxAttempts = 20;
    private volatile Duration clientWindow = Duration.ofMinutes(10);

    public Duration getDefaultLifetime() {
        return defaultLifetime;
    }

    public void setDefaultLifetime(Duration defaultLifetime) {
        this.defaultLifetime = positive(defaultLifetime, "default-lifetime");
    }

    public Duration getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(Duration maxLifetime) {
        this.maxLifetime = positive(maxLifetime, "max-lifetime");
    }

    public Duration getCodeLifetime() {
        return codeLifetime;
    }

    public void setCodeLifetime(Duration codeLifetime) {
        this.codeLifetime = positive(codeLifetime, "code-lifetime");
    }

    public int getMaxCardAttempts() {
        return maxCardAttempts;
    }

    public void setMaxCardAttempts(int maxCardAttempts) {
        this.maxCardAttempts = atLeastOne(maxCardAttempts, "max-card-attempts");
    }

    public int getMaxChallengeAttempts() {
        return maxChallengeAttempts;
    }

    public void setMaxChallengeAttempts(int maxChallengeAttempts) {
        this.maxChallengeAttempts = atLeastOne(maxChallengeAttempts, "max-challenge-attempts");
    }

    public int getClientMaxAttempts() {
        return clientMaxAttempts;
    }

    public void setClientMaxAttempts(int clientMaxAttempts) {
        this.clientMaxAttempts = atLeastOne(clientMaxAttempts, "client-max-attempts");
    }

    public Duration getClientWindow() {
        return clientWindow;
    }

    public void setClientWindow(Duration clientWindow) {
        this.clientWindow = positive(clientWindow, "client-window");
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("tokengate.checkout." + name + " must be positive");
        }
        return value;
    }

    private static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("tokengate.checkout." + name + " must be at least 1");
        }
        return value;
    }
}
