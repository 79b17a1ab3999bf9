package io.tokengate.gateway.incident;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.token.TokenReplacements;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background half of containment: revokes and replaces the pre-incident tokens of every
 * {@code containing} incident, one batch per transaction. An incident's tokens are split by id
 * into lanes; each step claims a lane with {@code FOR UPDATE SKIP LOCKED} (one runner per lane
 * across all threads and instances, so lanes run in parallel), handles the next batch after the
 * lane's cursor, and moves the cursor, the incident's counters and a batch audit row in the same
 * transaction. A worker killed mid-batch rolls the batch back; the next step, here or on another
 * instance, does it again: no token is ever revoked without its replacement.
 *
 * <p>When every lane is done, a completion step (claiming the incident row the same way) sweeps for
 * a pending token below the cutoff that committed late, behind a cursor; it reopens that lane, or,
 * when there is none, marks the incident {@code contained} and its migration {@code ready}.
 */
@Component
public class ContainmentWorker {

    private static final Logger log = LoggerFactory.getLogger(ContainmentWorker.class);
    private static final Actor WORKER = Actor.system("containment");

    private final IncidentRepository incidents;
    private final TokenReplacements replacements;
    private final ContainmentProperties props;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final ExecutorService executor = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("containment-", 1).daemon(true).factory());
    private final AtomicInteger running = new AtomicInteger();

    ContainmentWorker(IncidentRepository incidents, TokenReplacements replacements, ContainmentProperties props,
                      AuditLog audit, ApplicationEventPublisher events, TransactionTemplate tx) {
        this.incidents = incidents;
        this.replacements = replacements;
        this.props = props;
        this.audit = audit;
        this.events = events;
        this.tx = tx;
    }

    /**
     * Tops this instance up to {@code lanes} containment threads and returns at once: a containment
     * takes minutes, and the scheduler's thread is shared with the audit sealer and other jobs.
     */
    @Scheduled(fixedDelayString = "${tokengate.containment.poll-interval:1s}", initialDelayString = "5s")
    void poll() {
        if (props.isPaused() || running.get() >= props.getLanes() || !hasWork()) {
            return;
        }
        for (int attempt = 0; attempt < props.getLanes(); attempt++) {
            int now = running.get();
            if (now >= props.getLanes()) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running.decrementAndGet(); // shutting down
                return;
            }
        }
    }

    private boolean hasWork() {
        return Boolean.TRUE.equals(tx.execute(s -> incidents.anyContaining()));
    }

    private void drain() {
        try {
            while (!props.isPaused() && runOneStep()) {
                // one transaction per step; the pause is checked between batches
            }
        } catch (RuntimeException e) {
            log.warn("containment step failed; it is rolled back and will be retried: {}", e.toString());
        } finally {
            running.decrementAndGet();
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /**
     * Runs steps on the calling thread until no claimable incident has work left, whether or not the
     * scheduled poller is paused (operators and tests drive it by hand); returns the steps run.
     */
    public int runPending() {
        int steps = 0;
        while (runOneStep()) {
            steps++;
        }
        return steps;
    }

    /** One step in its own transaction: a batch, a lane finished, or a completion; false when none was claimable. */
    public boolean runOneStep() {
        return Boolean.TRUE.equals(tx.execute(s -> step()));
    }

    private boolean step() {
        Optional<IncidentRepository.Lane> lane = incidents.claimLane();
        if (lane.isPresent()) {
            batch(lane.get());
            return true;
        }
        Optional<Incident> finished = incidents.claimCompletion();
        if (finished.isEmpty()) {
            return false;
        }
        complete(finished.get());
        return true;
    }

    private void batch(IncidentRepository.Lane lane) {
        Incident i = lane.incident();
        int fault = props.takeFault();
        int limit = fault >= 0 ? Math.max(1, Math.min(fault, props.getBatchSize())) : props.getBatchSize();
        TokenReplacements.Batch batch = replacements.replaceBatch(i.merchantId(), i.migrationId(), "incident " + i.id(),
                lane.cursor(), lane.upper(), limit);
        if (fault >= 0) {
            throw new SimulatedCrash(i.id(), batch.revoked());
        }
        if (batch.isEmpty()) {
            incidents.laneDone(i.id(), lane.lane());
            return;
        }
        incidents.recordBatch(i.id(), lane.lane(), batch.lastTokenId(), batch.revoked(), batch.replaced());
        audit.append(AuditEntry.of(WORKER, "incident.batch").merchant(i.merchantId()).subject("incident", i.id())
                .detail("lane", lane.lane()).detail("tokens_revoked", batch.revoked())
                .detail("tokens_replaced", batch.replaced())
                .detail("first_token_id", batch.replacements().getFirst().oldTokenId())
                .detail("last_token_id", batch.lastTokenId()).build());
        events.publishEvent(new IncidentEvents.TokensReplaced(i.id(), i.merchantId(), i.migrationId(),
                batch.replacements()));
    }

    private void complete(Incident i) {
        OptionalLong straggler = replacements.firstPending(i.merchantId(), i.tokenCutoff());
        if (straggler.isPresent()) {
            incidents.reopenAt(i.id(), straggler.getAsLong());
            return;
        }
        Instant completedAt = incidents.complete(i.id());
        audit.append(AuditEntry.of(WORKER, "incident.contained").merchant(i.merchantId()).subject("incident", i.id())
                .detail("tokens_revoked", i.tokensRevoked()).detail("tokens_replaced", i.tokensReplaced())
                .detail("batches", i.batches()).detail("token_migration", i.migrationId()).build());
        events.publishEvent(new IncidentEvents.IncidentContained(i.id(), i.merchantId(), i.migrationId(),
                i.tokensRevoked(), i.tokensReplaced(), completedAt));
        log.info("incident {} contained: {} tokens revoked, {} replaced, {} batches, {} after opening", i.id(),
                i.tokensRevoked(), i.tokensReplaced(), i.batches(), Duration.between(i.createdAt(), completedAt));
    }

    /** The injected fault of {@link ContainmentProperties#getFailNextBatchAfter()}: rolls the batch back. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String incidentId, int written) {
            super("simulated crash of the containment worker on incident " + incidentId + " after " + written
                    + " tokens of a batch", null, false, false);
        }
    }
}
