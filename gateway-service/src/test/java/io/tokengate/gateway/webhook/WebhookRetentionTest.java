package io.tokengate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import io.tokengate.gateway.web.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The outbox retention purge against the real schema: rows are made old by writing their
 * timestamps directly, and the purge is run once per test (the scheduled run would do the same).
 */
class WebhookRetentionTest extends WebhookTestSupport {

    private static final Duration OLD = Duration.ofDays(40);
    private static final Duration RECENT = Duration.ofDays(2);

    @Autowired
    WebhookRetention retention;

    private Duration savedRetention;
    private int savedPurgeBatchSize;
    private TestMerchant merchant;
    private String endpointId;

    @BeforeEach
    void endpoint() {
        savedRetention = properties.getRetention();
        savedPurgeBatchSize = properties.getPurgeBatchSize();
        properties.setRetention(Duration.ofDays(30));
        merchant = fixture().merchant();
        // Never reached: the test's pending deliveries are not due, the others are settled.
        endpointId = register(merchant.client("webhooks:write"), "https://shop.example/hooks", "*")
                .get("id").asString();
    }

    @AfterEach
    void restoreRetention() {
        properties.setRetention(savedRetention);
        properties.setPurgeBatchSize(savedPurgeBatchSize);
    }

    @Test
    void purgeWhenSettledDeliveriesAreOlderThanRetentionThenTheyAndTheirEventsAreDeleted() {
        String delivered = event(OLD);
        long deliveredId = delivery(delivered, "delivered", OLD);
        String failed = event(OLD);
        long failedId = delivery(failed, "failed", OLD);
        // Given up when its endpoint was disabled, never attempted: aged by its creation.
        String neverAttempted = event(OLD);
        long neverAttemptedId = delivery(neverAttempted, "failed", null);

        retention.purge();

        assertThat(deliveryExists(deliveredId)).isFalse();
        assertThat(deliveryExists(failedId)).isFalse();
        assertThat(deliveryExists(neverAttemptedId)).isFalse();
        assertThat(eventExists(delivered)).isFalse();
        assertThat(eventExists(failed)).isFalse();
        assertThat(eventExists(neverAttempted)).isFalse();
    }

    @Test
    void purgeWhenSettledWithinRetentionThenKeptEvenIfCreatedLongAgo() {
        String recent = event(RECENT);
        long recentId = delivery(recent, "delivered", RECENT);
        // Created 40 days ago, retried until 2 days ago: retention counts from the last attempt.
        String lateFailure = event(OLD);
        long lateFailureId = delivery(lateFailure, "failed", OLD, RECENT);

        retention.purge();

        assertThat(deliveryExists(recentId)).isTrue();
        assertThat(deliveryExists(lateFailureId)).isTrue();
        assertThat(eventExists(recent)).isTrue();
        assertThat(eventExists(lateFailure)).isTrue();
    }

    @Test
    void purgeWhenPendingDeliveryIsOldThenItAndItsEventAreKept() {
        String event = event(Duration.ofDays(400));
        long pending = delivery(event, "pending", Duration.ofDays(400));

        retention.purge();

        assertThat(deliveryExists(pending)).isTrue();
        assertThat(eventExists(event)).isTrue();
    }

    @Test
    void purgeWhenEventHasOldDeliveredAndPendingDeliveryThenEventAndPendingKeptUntilBothAreOld() {
        String secondEndpoint = register(merchant.client("webhooks:write"), "https://shop.example/other", "*")
                .get("id").asString();
        String event = event(OLD);
        long delivered = delivery(event, endpointId, "delivered", OLD, OLD);
        long pending = delivery(event, secondEndpoint, "pending", OLD, OLD);

        retention.purge();

        assertThat(deliveryExists(delivered)).isFalse();
        assertThat(deliveryExists(pending)).isTrue();
        assertThat(eventExists(event)).isTrue();

        // Once the last delivery settles and ages out too, the event goes with it.
        jdbc.sql("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = ?")
                .param(pending).update();
        retention.purge();

        assertThat(deliveryExists(pending)).isFalse();
        assertThat(eventExists(event)).isFalse();
    }

    @Test
    void purgeWhenMoreRowsThanOneBatchThenOneRunDeletesThemAll() {
        properties.setPurgeBatchSize(3);
        List<String> events = new ArrayList<>();
        List<Long> deliveries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String event = event(OLD);
            events.add(event);
            deliveries.add(delivery(event, i % 2 == 0 ? "delivered" : "failed", OLD));
        }
        // Two deliveries of one event, likely split across batches.
        String secondEndpoint = register(merchant.client("webhooks:write"), "https://shop.example/other", "*")
                .get("id").asString();
        String shared = event(OLD);
        events.add(shared);
        deliveries.add(delivery(shared, endpointId, "delivered", OLD, OLD));
        deliveries.add(delivery(shared, secondEndpoint, "delivered", OLD, OLD));
        // Old events that never had a delivery, more than a batch of them too.
        for (int i = 0; i < 4; i++) {
            events.add(event(OLD));
        }

        WebhookRetention.Purged purged = retention.purge();

        assertThat(deliveries).noneMatch(this::deliveryExists);
        assertThat(events).noneMatch(this::eventExists);
        assertThat(purged.deliveries()).isGreaterThanOrEqualTo(deliveries.size());
    }

    @Test
    void purgeWhenTwoInstancesRunAtOnceThenEverythingOldGoesWithoutErrors() throws Exception {
        properties.setPurgeBatchSize(1);
        String secondEndpoint = register(merchant.client("webhooks:write"), "https://shop.example/other", "*")
                .get("id").asString();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String event = event(OLD);
            events.add(event);
            delivery(event, endpointId, "delivered", OLD, OLD);
            delivery(event, secondEndpoint, "failed", OLD, OLD);
        }

        try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
            Future<WebhookRetention.Purged> first = executor.submit(retention::purge);
            Future<WebhookRetention.Purged> second = executor.submit(retention::purge);
            first.get();
            second.get();
        }

        assertThat(events).noneMatch(this::eventExists);
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id IN (?, ?)")
                .params(endpointId, secondEndpoint).query(Integer.class).single()).isZero();
    }

    @Test
    void purgeWhenEventWithoutDeliveryIsOldThenDeletedAndWhenRecentThenKept() {
        String old = event(OLD);
        String recent = event(RECENT);

        retention.purge();

        assertThat(eventExists(old)).isFalse();
        assertThat(eventExists(recent)).isTrue();
    }

    @Test
    void deliveryLogWhenPurgedThenShowsOnlyTheRetentionWindow() {
        HttpTestClient client = merchant.client("webhooks:write");
        delivery(event(OLD), "delivered", OLD);
        String recent = event(RECENT);
        delivery(recent, "failed", RECENT);
        String pending = event(OLD);
        delivery(pending, "pending", OLD);
        assertThat(deliveries(client, endpointId)).hasSize(3);

        retention.purge();

        JsonNode log = deliveries(client, endpointId);
        assertThat(log).extracting(d -> d.get("event").asString()).containsExactly(pending, recent);
    }

    @Test
    void retentionWhenNotPositiveThenRefused() {
        assertThatThrownBy(() -> properties.setRetention(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> properties.setPurgeBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purge-batch-size");
    }

    private String event(Duration age) {
        String id = Ids.generate("evt_");
        jdbc.sql("""
                        INSERT INTO webhook_events (id, merchant_id, type, payload, created_at)
                        VALUES (?, ?, 'charge.succeeded', '{"object": "charge"}', now() - make_interval(secs => ?))""")
                .params(id, merchant.id(), (double) age.toSeconds()).update();
        return id;
    }

    /** A delivery to the test's endpoint, created and (unless null) last attempted {@code age} ago. */
    private long delivery(String eventId, String status, Duration age) {
        return delivery(eventId, endpointId, status, age == null ? OLD : age, age);
    }

    private long delivery(String eventId, String status, Duration created, Duration lastAttempt) {
        return delivery(eventId, endpointId, status, created, lastAttempt);
    }

    /** Pending deliveries are due only tomorrow, so the live dispatcher leaves them alone. */
    private long delivery(String eventId, String endpoint, String status, Duration created, Duration lastAttempt) {
        return jdbc.sql("""
                        INSERT INTO webhook_deliveries (event_id, endpoint_id, status, attempts, next_attempt_at,
                                                        last_attempt_at, last_status, delivered_at, created_at)
                        SELECT ?, ?, ?, CASE WHEN l IS NULL THEN 0 ELSE 1 END,
                               CASE WHEN ? = 'pending' THEN now() + interval '1 day' END,
                               l, CASE WHEN l IS NOT NULL THEN 500 END,
                               CASE WHEN ? = 'delivered' THEN coalesce(l, now()) END,
                               now() - make_interval(secs => ?)
                        FROM (SELECT now() - make_interval(secs => ?::float8) AS l) a
                        RETURNING id""")
                .params(eventId, endpoint, status, status, status, (double) created.toSeconds(),
                        lastAttempt == null ? null : (double) lastAttempt.toSeconds())
                .query(Long.class).single();
    }

    private boolean deliveryExists(long id) {
        return jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE id = ?").param(id).query(Integer.class)
                .single() == 1;
    }

    private boolean eventExists(String id) {
        return jdbc.sql("SELECT count(*) FROM webhook_events WHERE id = ?").param(id).query(Integer.class)
                .single() == 1;
    }
}
