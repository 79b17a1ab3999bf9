package io.tokengate.gateway.rotation;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.KekBoundData;
import io.tokengate.gateway.keys.KekBoundData.Batch;
import io.tokengate.gateway.keys.KekInstances;
import io.tokengate.gateway.keys.KekVersions;
import io.tokengate.gateway.keys.KeyRingSync;
import io.tokengate.gateway.keys.KeysProperties;
import io.tokengate.gateway.rotation.KeyRotationRepository.KeyRotation;
import io.tokengate.vault.KeyRing;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background re-wrap: moves everything sealed under an older KEK version to the version of the
 * running rotation, online. Each batch is one short transaction (claim with SKIP LOCKED, re-wrap in
 * memory, one set-based UPDATE, the rotation's progress and an audit row), so charges keep working,
 * a crash loses at most the batch in flight, and any number of instances can work at once.
 *
 * <p>A run walks every kind of {@link KekBoundData} and every older version by key, then completes
 * the rotation only when nothing is left under an older version and no live instance still seals
 * under one (an instance that has not reloaded yet keeps adding cards under the old version; the
 * next run moves those too). Until then it runs again every tick. Runs on threads of its own
 * ({@code workers} batches in parallel), so a long re-wrap never holds up the other scheduled jobs.
 *
 * <p>It yields to live traffic: while the database serves other work ({@link TrafficGauge}) it
 * keeps to {@code tokengate.keys.rewrap.max-rows-per-second} in short batches; on an otherwise idle
 * database it runs at {@code idle-max-rows-per-second} (unbounded by default).
 */
@Component
class RewrapJob {

    private static final Logger log = LoggerFactory.getLogger(RewrapJob.class);
    private static final Actor ACTOR = Actor.system("key-rewrap");

    private final KeyRotationRepository rotations;
    private final KekUsage usage;
    private final KekVersions versions;
    private final KekInstances instances;
    private final KeyRingSync sync;
    private final KeyRing keyRing;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final KeysProperties properties;
    private final RewrapFaults faults;
    private final TrafficGauge traffic;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("key-rewrap").daemon(true).factory());
    private final ExecutorService workers = Executors.newFixedThreadPool(KeysProperties.Rewrap.MAX_WORKERS,
            Thread.ofPlatform().name("key-rewrap-", 1).daemon(true).factory());
    private final AtomicBoolean running = new AtomicBoolean();

    RewrapJob(KeyRotationRepository rotations, KekUsage usage, KekVersions versions, KekInstances instances,
              KeyRingSync sync, KeyRing keyRing, TransactionTemplate tx, AuditLog audit, KeysProperties properties,
              RewrapFaults faults, TrafficGauge traffic) {
        this.traffic = traffic;
        this.rotations = rotations;
        this.usage = usage;
        this.versions = versions;
        this.instances = instances;
        this.sync = sync;
        this.keyRing = keyRing;
        this.tx = tx;
        this.audit = audit;
        this.properties = properties;
        this.faults = faults;
    }

    @Scheduled(fixedDelayString = "${tokengate.keys.rewrap.interval:1s}", initialDelayString = "5s")
    void tick() {
        kick();
    }

    /** Starts a run on this instance's job thread unless one is going; returns at once. */
    void kick() {
        if (running.compareAndSet(false, true)) {
            try {
                executor.execute(this::runGuarded);
            } catch (RejectedExecutionException e) {
                running.set(false); // shutting down
            }
        }
    }

    private void runGuarded() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("key re-wrap interrupted, it resumes on the next run: {}", e.toString());
        } finally {
            running.set(false);
        }
    }

    private void run() {
        Optional<KeyRotation> found = rotations.running();
        if (found.isEmpty() || faults.down()) {
            return;
        }
        KeyRotation rotation = found.get();
        int to = rotation.toVersion();
        // Also reports this instance's version at once, which the completion check waits for.
        if (sync.syncNow() != to) {
            log.debug("kek-v{} is not current on this instance yet; another instance re-wraps meanwhile", to);
            return;
        }
        Set<Integer> destroyed = versions.list().stream().filter(KekVersions.KekVersion::destroyed)
                .map(KekVersions.KekVersion::version).collect(Collectors.toSet());
        int n = properties.getRewrap().getWorkers();
        List<Future<?>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(workers.submit(() -> walkAll(rotation, destroyed, n)));
        }
        try {
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            parts.forEach(p -> p.cancel(true));
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            parts.forEach(p -> p.cancel(true));
            Thread.currentThread().interrupt();
            return;
        }
        completeIfDone(rotation);
    }

    /**
     * One worker's pass over every kind and older version. Workers start together and leapfrog:
     * each claim skips the rows another worker holds.
     */
    private void walkAll(KeyRotation rotation, Set<Integer> destroyed, int workerCount) {
        for (KekBoundData data : usage.data()) {
            for (int version = 1; version < rotation.toVersion(); version++) {
                if (!destroyed.contains(version)) {
                    walk(rotation, data, version, workerCount);
                }
            }
        }
    }

    /** Moves every row of {@code data} under {@code version} that no one holds, batch by batch. */
    private void walk(KeyRotation rotation, KekBoundData data, int version, int workerCount) {
        String after = null;
        while (!Thread.currentThread().isInterrupted() && !faults.down()) {
            long started = System.nanoTime();
            String cursor = after;
            int allowed = traffic.allowedRowsPerSecond();
            int rate = allowed > 0 ? Math.max(1, allowed / workerCount) : 0;
            // Under a rate bound, about ten batches a second: short bursts instead of long ones.
            int limit = rate > 0 ? Math.min(properties.getRewrap().getBatchSize(), Math.max(100, rate / 10))
                    : properties.getRewrap().getBatchSize();
            Batch batch = tx.execute(status -> {
                if (keyRing.currentKekVersion() != rotation.toVersion()) {
                    throw new IllegalStateException("the key ring is no longer at kek-v" + rotation.toVersion());
                }
                Batch b = data.rewrapBatch(version, cursor, limit);
                if (b.rewrapped() > 0) {
                    recordProgress(rotation, data, version, b);
                    faults.beforeCommit();
                }
                return b;
            });
            traffic.own(1);
            if (batch == null || batch.lastKey() == null) {
                return;
            }
            after = batch.lastKey();
            pace(batch.claimed(), rate, started);
        }
    }

    private void recordProgress(KeyRotation rotation, KekBoundData data, int version, Batch batch) {
        long cards = CardRewrap.NAME.equals(data.name()) ? batch.rewrapped() : 0;
        long tokens = TokenValueRewrap.NAME.equals(data.name()) ? batch.rewrapped() : 0;
        rotations.addProgress(rotation.id(), cards, tokens);
        audit.append(AuditEntry.of(ACTOR, "kek.rewrap_batch").subject("key_rotation", rotation.id())
                .detail("kind", data.name()).detail("rows", batch.rewrapped())
                .detail("failed", batch.failed() > 0 ? batch.failed() : null)
                .detail("from_version", version).detail("to_version", rotation.toVersion()).build());
    }

    private void completeIfDone(KeyRotation rotation) {
        int to = rotation.toVersion();
        KekUsage.Count left = usage.olderThan(to);
        long behind = instances.liveBehind(to);
        if (left.total() > 0 || behind > 0) {
            log.debug("rotation {} not done yet: {} row(s) under older versions, {} instance(s) behind",
                    rotation.id(), left.byKind(), behind);
            return;
        }
        tx.executeWithoutResult(status -> {
            if (!rotations.complete(rotation.id())) {
                return; // another instance completed it
            }
            KeyRotation done = rotations.find(rotation.id()).orElseThrow();
            audit.append(AuditEntry.of(ACTOR, "kek.rewrap_completed").subject("key_rotation", done.id())
                    .detail("from_version", done.fromVersion()).detail("to_version", to)
                    .detail("cards", done.cardsRewrapped()).detail("tokens", done.tokensRewrapped()).build());
            log.info("rotation {} completed: everything is under kek-v{} ({} card(s), {} token value(s) re-wrapped)",
                    done.id(), to, done.cardsRewrapped(), done.tokensRewrapped());
        });
    }

    /** Keeps this instance under {@code rate} rows per second, when bounded. */
    private void pace(int rows, int rate, long startedNanos) {
        if (rate <= 0) {
            return;
        }
        long wait = rows * 1_000_000_000L / rate - (System.nanoTime() - startedNanos);
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdownNow();
        workers.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
