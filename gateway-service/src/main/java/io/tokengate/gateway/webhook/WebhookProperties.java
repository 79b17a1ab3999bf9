package io.tokengate.gateway.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.webhooks.*}. Mutable and read on every use, so the delivery schedule can be tuned
 * on a live gateway (and the tests run it in milliseconds instead of minutes).
 */
@ConfigurationProperties("tokengate.webhooks")
public class WebhookProperties {

    /** The first retry delay; later ones are multiples of it (see {@link Backoff}). */
    private volatile Duration backoffBase = Duration.ofSeconds(10);
    /** Attempts before a delivery is given up as {@code failed}. */
    private volatile int maxAttempts = 10;
    /** How often each instance looks for due deliveries. */
    private volatile Duration pollInterval = Duration.ofSeconds(1);
    /** Consecutive deliveries of one endpoint taken per claim (posted in order, one at a time). */
    private volatile int batchSize = 10;
    /** Endpoints served concurrently per poll by one instance. */
    private volatile int concurrency = 8;
    private volatile Duration connectTimeout = Duration.ofSeconds(3);
    private volatile Duration requestTimeout = Duration.ofSeconds(10);
    /** Enabled endpoints a merchant may have; each is one more delivery row per event. */
    private volatile int maxEndpointsPerMerchant = 16;
    /**
     * Whether http://localhost (and 127.0.0.1, [::1]) endpoints are accepted and delivered to: for
     * development only. Set false in production, where a receiver on the gateway's own host is a
     * server-side request forgery target.
     */
    private volatile boolean allowLocalhost = true;
    /**
     * How long settled deliveries (and then their events) are kept, counted from their last attempt;
     * pending ones are kept whatever their age. The merchant's delivery log shows this window.
     */
    private volatile Duration retention = Duration.ofDays(30);
    /** How often each instance runs the retention purge. */
    private volatile Duration purgeInterval = Duration.ofHours(1);
    /** Deliveries deleted per purge transaction, so no run holds its locks for long. */
    private volatile int purgeBatchSize = 5_000;

    public Duration getBackoffBase() {
        return backoffBase;
    }

    public void setBackoffBase(Duration backoffBase) {
        this.backoffBase = positive(backoffBase, "backoff-base");
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = atLeastOne(maxAttempts, "max-attempts");
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = positive(pollInterval, "poll-interval");
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = atLeastOne(batchSize, "batch-size");
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = atLeastOne(concurrency, "concurrency");
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connect-timeout");
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = positive(requestTimeout, "request-timeout");
    }

    public int getMaxEndpointsPerMerchant() {
        return maxEndpointsPerMerchant;
    }

    public void setMaxEndpointsPerMerchant(int maxEndpointsPerMerchant) {
        this.maxEndpointsPerMerchant = atLeastOne(maxEndpointsPerMerchant, "max-endpoints-per-merchant");
    }

    public boolean isAllowLocalhost() {
        return allowLocalhost;
    }

    public void setAllowLocalhost(boolean allowLocalhost) {
        this.allowLocalhost = allowLocalhost;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = positive(retention, "retention");
    }

    public Duration getPurgeInterval() {
        return purgeInterval;
    }

    public void setPurgeInterval(Duration purgeInterval) {
        this.purgeInterval = positive(purgeInterval, "purge-interval");
    }

    public int getPurgeBatchSize() {
        return purgeBatchSize;
    }

    public void setPurgeBatchSize(int purgeBatchSize) {
        this.purgeBatchSize = atLeastOne(purgeBatchSize, "purge-batch-size");
    }

    /** How long a claim holds its deliveries: enough for every post of a batch to time out. */
    Duration lease() {
        return connectTimeout.plus(requestTimeout).multipliedBy(batchSize).plusSeconds(30);
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("tokengate.webhooks." + name + " must be positive");
        }
        return value;
    }

    private static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("tokengate.webhooks." + name + " must be at least 1");
        }
        return value;
    }
}
