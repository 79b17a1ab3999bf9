package io.tokengate.gateway.keys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokengate.keys.*}: how instances follow KEK changes and how fast the re-wrap job moves
 * ciphertexts. Mutable and read on every run, so an operator (or a test) can tune a live gateway;
 * the polling interval itself is read once at start-up.
 */
@ConfigurationProperties("tokengate.keys")
public class KeysProperties {

    /** How often each instance checks {@code kek_versions} and reports its version. */
    private volatile Duration syncInterval = Duration.ofSeconds(2);
    /** An instance not heard from for this long no longer holds a re-wrap back from completing. */
    private volatile Duration instanceLiveness = Duration.ofSeconds(15);
    private final Rewrap rewrap = new Rewrap();

    public Duration getSyncInterval() {
        return syncInterval;
    }

    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = positive(syncInterval, "sync-interval");
    }

    public Duration getInstanceLiveness() {
        return instanceLiveness;
    }

    public void setInstanceLiveness(Duration instanceLiveness) {
        this.instanceLiveness = positive(instanceLiveness, "instance-liveness");
    }

    public Rewrap getRewrap() {
        return rewrap;
    }

    /** {@code tokengate.keys.rewrap.*}. */
    public static class Rewrap {

        /** The most parallel batches one instance runs. */
        public static final int MAX_WORKERS = 8;

        /** Rows per transaction: large enough to amortise the commit, small enough to lock briefly. */
        private volatile int batchSize = 2_000;
        /** Parallel batches per instance (1 to 8): the database work of one overlaps the vault work of another. */
        private volatile int workers = 2;
        /** From this many rows under a version, the walk goes by heap page rather than by key. */
        private volatile long physicalWalkMinRows = 20_000;
        /**
         * Upper bound on rows re-wrapped per second by one instance while the database serves other
         * traffic (0 = no bound), so that a large re-wrap leaves the charge path its share of the
         * CPU and the database.
         */
        private volatile int maxRowsPerSecond = 2_000;
        /** The same bound while the database is otherwise idle (0 = no bound: a maintenance window). */
        private volatile int idleMaxRowsPerSecond = 0;
        /** Other transactions per second on the database above which it counts as busy. */
        private volatile int busyTransactionsPerSecond = 50;

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 50_000) {
                throw new IllegalArgumentException("tokengate.keys.rewrap.batch-size must be 1 to 50000");
            }
            this.batchSize = batchSize;
        }

        public int getWorkers() {
            return workers;
        }

        public void setWorkers(int workers) {
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("tokengate.keys.rewrap.workers must be 1 to " + MAX_WORKERS);
            }
            this.workers = workers;
        }

        public long getPhysicalWalkMinRows() {
            return physicalWalkMinRows;
        }

        public void setPhysicalWalkMinRows(long physicalWalkMinRows) {
            if (physicalWalkMinRows < 0) {
                throw new IllegalArgumentException("tokengate.keys.rewrap.physical-walk-min-rows must not be negative");
            }
            this.physicalWalkMinRows = physicalWalkMinRows;
        }

        public int getMaxRowsPerSecond() {
            return maxRowsPerSecond;
        }

        public void setMaxRowsPerSecond(int maxRowsPerSecond) {
            this.maxRowsPerSecond = notNegative(maxRowsPerSecond, "max-rows-per-second");
        }

        public int getIdleMaxRowsPerSecond() {
            return idleMaxRowsPerSecond;
        }

        public void setIdleMaxRowsPerSecond(int idleMaxRowsPerSecond) {
            this.idleMaxRowsPerSecond = notNegative(idleMaxRowsPerSecond, "idle-max-rows-per-second");
        }

        public int getBusyTransactionsPerSecond() {
            return busyTransactionsPerSecond;
        }

        public void setBusyTransactionsPerSecond(int busyTransactionsPerSecond) {
            this.busyTransactionsPerSecond = notNegative(busyTransactionsPerSecond, "busy-transactions-per-second");
        }

        private static int notNegative(int value, String name) {
            if (value < 0) {
                throw new IllegalArgumentException("tokengate.keys.rewrap." + name + " must not be negative");
            }
            return value;
        }
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("tokengate.keys." + name + " must be positive");
        }
        return value;
    }
}
