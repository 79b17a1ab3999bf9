package io.tokengate.gateway.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention of the outbox. Every {@code tokengate.webhooks.purge-interval} each instance deletes the
 * settled deliveries ({@code delivered} or {@code failed}) whose last activity (the last attempt, or
 * the creation when there was none) is older than {@code tokengate.webhooks.retention}, then the
 * events left without any delivery, and finally any older event that has no delivery at all. A
 * pending delivery is never deleted, whatever its age, and neither is its event.
 *
 * <p>Bounded: each batch of at most {@code purge-batch-size} deliveries is its own short transaction,
 * so a first run on a large table never holds its locks for long. Safe on many instances at once: a
 * batch claims its deliveries with {@code SKIP LOCKED} and locks their events (in id order) before
 * deleting, so when two instances delete the last deliveries of one event concurrently, the second
 * waits for the first and then sees that nothing is left: the event goes, it is never orphaned.
 */
@Component
class WebhookRetention implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WebhookRetention.class);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);

    private static final String OLD_SETTLED = """
            SELECT id, event_id FROM webhook_deliveries
            WHERE status <> 'pending' AND COALESCE(last_attempt_at, created_at) < now() - make_interval(secs => ?)
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;
    private static final String LOCK_EVENTS = "SELECT id FROM webhook_events WHERE id = ANY (?) ORDER BY id FOR UPDATE";
    private static final String DELETE_DELIVERIES = "DELETE FROM webhook_deliveries WHERE id = ANY (?)";
    private static final String DELETE_EMPTIED_EVENTS = """
            DELETE FROM webhook_events e
            WHERE e.id = ANY (?) AND e.created_at < now() - make_interval(secs => ?)
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
            """;
    private static final String DELETE_ORPHANS = """
            DELETE FROM webhook_events WHERE ctid = ANY (ARRAY(
                SELECT e.ctid FROM webhook_events e
                WHERE e.created_at < now() - make_interval(secs => ?)
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
                ORDER BY e.created_at
                LIMIT ?))
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final WebhookProperties properties;

    WebhookRetention(JdbcClient jdbc, TransactionTemplate tx, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
    }

    /** What one run deleted. */
    record Purged(int deliveries, int events) {
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // A trigger rather than a fixed delay, so the interval can change on a live gateway; the first
        // run a minute after start, so a gateway restarted more often than the interval still purges.
        registrar.addTriggerTask(this::scheduled, context -> {
            Instant last = context.lastCompletion();
            return last == null ? Instant.now().plus(FIRST_RUN) : last.plus(properties.getPurgeInterval());
        });
    }

    void scheduled() {
        try {
            Purged purged = purge();
            if (purged.deliveries() > 0 || purged.events() > 0) {
                log.info("webhook retention: deleted {} deliveries and {} events older than {}",
                        purged.deliveries(), purged.events(), properties.getRetention());
            }
        } catch (RuntimeException e) {
            log.warn("webhook retention purge failed, will retry: {}", e.toString());
        }
    }

    /** Deletes everything past the retention, batch by batch, until nothing old is left. */
    Purged purge() {
        double retention = properties.getRetention().toNanos() / 1e9;
        int batchSize = properties.getPurgeBatchSize();
        int deliveries = 0;
        int events = 0;
        Purged batch;
        do {
            batch = tx.execute(status -> purgeBatch(retention, batchSize));
            deliveries += batch.deliveries();
            events += batch.events();
        } while (batch.deliveries() == batchSize);
        int orphans;
        do {
            orphans = jdbc.sql(DELETE_ORPHANS).params(retention, batchSize).update();
            events += orphans;
        } while (orphans == batchSize);
        return new Purged(deliveries, events);
    }

    /** One transaction: a batch of old settled deliveries, and their events if nothing else holds them. */
    private Purged purgeBatch(double retention, int batchSize) {
        record Old(long id, String eventId) {
        }
        List<Old> old = jdbc.sql(OLD_SETTLED).params(retention, batchSize)
                .query((rs, i) -> new Old(rs.getLong("id"), rs.getString("event_id"))).list();
        if (old.isEmpty()) {
            return new Purged(0, 0);
        }
        String[] eventIds = old.stream().map(Old::eventId).distinct().toArray(String[]::new);
        jdbc.sql(LOCK_EVENTS).param(eventIds).query(String.class).list();
        int deliveries = jdbc.sql(DELETE_DELIVERIES).param(old.stream().map(Old::id).toArray(Long[]::new)).update();
        int events = jdbc.sql(DELETE_EMPTIED_EVENTS).params(eventIds, retention).update();
        return new Purged(deliveries, events);
    }
}
