package io.tokengate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several workers at once (as several gateway instances would run them, plus the scheduled one) share
 * the queue without sending anything twice or out of order: the claim locks heads with SKIP LOCKED
 * and leases them.
 */
class WebhookDispatcherConcurrencyTest extends WebhookTestSupport {

    @Autowired
    WebhookOutbox outbox;
    @Autowired
    TransactionTemplate tx;

    @Test
    void deliverDueWhenFourWorkersRaceThenEveryEventOnceAndInOrderPerEndpoint() throws Exception {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        List<WebhookReceiver> receivers = List.of(receiver(), receiver(), receiver());
        // A little latency per request, so the workers really overlap.
        receivers.forEach(r -> r.answer((event, attempt) -> {
            sleep(5);
            return 200;
        }));
        properties.setBatchSize(3);
        for (WebhookReceiver r : receivers) {
            register(client, r.url("/hooks"), "*");
        }
        int events = 30;
        tx.executeWithoutResult(s -> {
            for (int i = 1; i <= events; i++) {
                outbox.record(merchant.id(), "charge.succeeded", Map.of("object", "charge", "seq", i));
            }
        });

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    int made = 0;
                    for (int round = 0; round < 20; round++) {
                        made += dispatcher.deliverDue();
                    }
                    return made;
                }));
            }
            start.countDown();
            for (Future<Integer> f : workers) {
                f.get();
            }
        }
        for (WebhookReceiver r : receivers) {
            WebhookReceiver.await(WAIT, "every event", () -> r.received().size() >= events);
        }

        for (WebhookReceiver r : receivers) {
            assertThat(r.received()).extracting(x -> x.json().get("data").get("seq").asInt())
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, events).boxed().toList());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
