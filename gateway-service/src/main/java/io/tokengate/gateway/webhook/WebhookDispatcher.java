package io.tokengate.gateway.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery worker. Every {@code tokengate.webhooks.poll-interval} each instance claims due
 * deliveries ({@link WebhookDeliveryRepository#claim}: one short statement that leases them, so no
 * connection is held afterwards), posts them with no connection held, and records each outcome in
 * its own short statement; it repeats until nothing is due. Endpoints are served in parallel,
 * the deliveries of one endpoint strictly one after another in event order: a failed attempt puts
 * the delivery back with a backoff and stops the endpoint's batch, so a later event never overtakes
 * an earlier one that is waiting for its retry. A delivery given up for good no longer holds the
 * queue.
 */
@Component
class WebhookDispatcher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookSender sender;
    private final WebhookSecrets secrets;
    private final WebhookProperties properties;
    private final JsonMapper json;

    WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookSender sender, WebhookSecrets secrets,
                      WebhookProperties properties, JsonMapper json) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.secrets = secrets;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // A trigger rather than a fixed delay, so the poll interval can change on a live gateway.
        registrar.addTriggerTask(this::scheduled, context -> {
            Instant last = context.lastCompletion();
            return (last == null ? Instant.now() : last).plus(properties.getPollInterval());
        });
    }

    void scheduled() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("webhook delivery round failed, will retry: {}", e.toString());
        }
    }

    /** Delivers until nothing is due; returns the number of attempts made. Safe to call concurrently. */
    int deliverDue() {
        int attempts = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                Duration lease = properties.lease();
                long claimedAt = System.nanoTime();
                List<WebhookDeliveryRepository.Claimed> claimed = deliveries.claim(properties.getConcurrency(),
                        properties.getBatchSize(), lease);
                if (claimed.isEmpty()) {
                    return attempts;
                }
                Map<String, List<WebhookDeliveryRepository.Claimed>> byEndpoint = new LinkedHashMap<>();
                claimed.stream().sorted((a, b) -> Long.compare(a.id(), b.id()))
                        .forEach(c -> byEndpoint.computeIfAbsent(c.endpointId(), k -> new ArrayList<>()).add(c));
                List<Future<Integer>> running = new ArrayList<>();
                for (List<WebhookDeliveryRepository.Claimed> batch : byEndpoint.values()) {
                    running.add(executor.submit(() -> deliverBatch(batch, claimedAt, lease)));
                }
                for (Future<Integer> f : running) {
                    attempts += await(f);
                }
            }
        }
    }

    /** Posts one endpoint's leased deliveries in order; returns the attempts made. */
    private int deliverBatch(List<WebhookDeliveryRepository.Claimed> batch, long claimedAt, Duration lease) {
        WebhookDeliveryRepository.Claimed first = batch.getFirst();
        String secret;
        try {
            secret = secrets.open(first.endpointId(), first.secretSealed());
        } catch (RuntimeException e) {
            // Not the receiver's fault: leave the lease to run out and try again later, loudly.
            log.error("cannot open the signing secret of webhook endpoint {}: {}", first.endpointId(), e.toString());
            return 0;
        }
        // Each post may take connect + request timeout; stop before the lease could run out mid-post.
        Duration perPost = properties.getConnectTimeout().plus(properties.getRequestTimeout());
        int made = 0;
        for (int i = 0; i < batch.size(); i++) {
            WebhookDeliveryRepository.Claimed d = batch.get(i);
            Duration used = Duration.ofNanos(System.nanoTime() - claimedAt);
            if (used.plus(perPost).plusSeconds(5).compareTo(lease) > 0) {
                deliveries.release(ids(batch.subList(i, batch.size())));
                return made;
            }
            WebhookSender.Attempt attempt = sender.post(d.url(), d.eventId(), secret, body(d));
            made++;
            if (attempt.delivered()) {
                deliveries.delivered(d.id(), attempt.status(), attempt.durationMs());
                continue;
            }
            int failures = d.attempts() + 1;
            Duration retryIn = failures >= properties.getMaxAttempts() ? null
                    : Backoff.after(failures, properties.getBackoffBase());
            deliveries.attemptFailed(d.id(), attempt.status(), attempt.error(), attempt.durationMs(), retryIn);
            if (retryIn != null) {
                // Keep the order: nothing after this delivery goes out before it does.
                deliveries.release(ids(batch.subList(i + 1, batch.size())));
                return made;
            }
        }
        return made;
    }

    /** {@code {id, object: "event", type, created_at, data}}, rendered by the API's JSON mapper. */
    byte[] body(WebhookDeliveryRepository.Claimed d) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", d.eventId());
        event.put("object", "event");
        event.put("type", d.type());
        event.put("created_at", d.createdAt());
        event.put("data", json.readTree(d.payload()));
        return json.writeValueAsBytes(event);
    }

    private static List<Long> ids(List<WebhookDeliveryRepository.Claimed> claimed) {
        return claimed.stream().map(WebhookDeliveryRepository.Claimed::id).toList();
    }

    private static int await(Future<Integer> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
