package io.tokengate.gateway.incident;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.containment.*}: how the background containment worker runs. Mutable at run time
 * (volatile), so an operator, or a test, can pause the worker or change the batch size on a running
 * gateway; the work itself is in PostgreSQL, so pausing one instance only moves it to another.
 */
@ConfigurationProperties("tokengate.containment")
public class ContainmentProperties {

    /** Tokens per batch; each batch is one transaction. */
    private volatile int batchSize = 5_000;
    /**
     * Lanes a new incident's tokens are split into (by id range), processed in parallel; also the
     * number of containment threads of each instance.
     */
    private volatile int lanes = 2;
    /** While true this instance claims no containment work (it finishes the batch in flight). */
    private volatile boolean paused;
    /**
     * Fault injection, off unless set (negative): the next batch writes this many tokens and then
     * fails before committing, as a worker killed mid-batch would. One shot: it resets itself.
     */
    private volatile int failNextBatchAfter = -1;

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > 50_000) {
            throw new IllegalArgumentException("tokengate.containment.batch-size must be 1 to 50000");
        }
        this.batchSize = batchSize;
    }

    public int getLanes() {
        return lanes;
    }

    public void setLanes(int lanes) {
        if (lanes < 1 || lanes > 16) {
            throw new IllegalArgumentException("tokengate.containment.lanes must be 1 to 16");
        }
        this.lanes = lanes;
    }

    public boolean isPaused() {
        return paused;
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    public int getFailNextBatchAfter() {
        return failNextBatchAfter;
    }

    public void setFailNextBatchAfter(int failNextBatchAfter) {
        this.failNextBatchAfter = failNextBatchAfter;
    }

    /** Takes the one-shot fault, if armed: the token count after which the batch fails, or -1. */
    synchronized int takeFault() {
        int armed = failNextBatchAfter;
        failNextBatchAfter = -1;
        return armed;
    }
}
