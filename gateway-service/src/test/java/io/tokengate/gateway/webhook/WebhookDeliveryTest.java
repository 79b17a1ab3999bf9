package io.tokengate.gateway.webhook;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Delivery as a receiver sees it, on a real local HTTP endpoint: signature, retries with backoff,
 * order, filters, disabled endpoints and the delivery log. Events are recorded straight through
 * the outbox so each test states exactly what it sends.
 */
class WebhookDeliveryTest extends WebhookTestSupport {

    @Autowired
    WebhookOutbox outbox;
    @Autowired
    TransactionTemplate tx;

    @Test
    void deliverWhenEventRecordedThenSignedEventArrivesAndVerifies() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver receiver = receiver();
        JsonNode endpoint = register(client, receiver.url("/hooks"), "*");
        String secret = endpoint.get("secret").asString();

        record(merchant.id(), "charge.succeeded", Map.of("object", "charge", "id", "ch_test0000000000000001",
                "amount", 1050));
        WebhookReceiver.await(WAIT, "a delivery", () -> !receiver.delivered().isEmpty());

        WebhookReceiver.Received r = receiver.delivered().getFirst();
        JsonNode event = r.json();
        assertThat(event.get("id").asString()).startsWith("evt_").isEqualTo(r.eventId());
        assertThat(event.get("object").asString()).isEqualTo("event");
        assertThat(event.get("type").asString()).isEqualTo("charge.succeeded");
        assertThat(Instant.parse(event.get("created_at").asString())).isBefore(Instant.now());
        assertThat(event.get("data").get("id").asString()).isEqualTo("ch_test0000000000000001");
        assertThat(event.get("data").get("amount").asLong()).isEqualTo(1050);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.userAgent()).startsWith("TokenGate-Webhooks/");
        assertThat(r.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        long t = Long.parseLong(r.signature().substring(2, r.signature().indexOf(',')));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(60);

        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;
        assertThat(WebhookSignature.verify(secret, r.signature(), r.body(), Instant.now(), tolerance)).isTrue();
        byte[] tampered = new String(r.body(), StandardCharsets.UTF_8).replace("1050", "9050")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(secret, r.signature(), tampered, Instant.now(), tolerance)).isFalse();
        assertThat(WebhookSignature.verify(secret + "x", r.signature(), r.body(), Instant.now(), tolerance)).isFalse();
        assertThat(WebhookSignature.verify(secret, r.signature(), r.body(), Instant.now().plus(Duration.ofMinutes(6)),
                tolerance)).as("a replay six minutes later").isFalse();
        assertThat(WebhookSignature.verify(secret, "t=" + t + ",v1=zz", r.body(), Instant.now(), tolerance)).isFalse();
        assertThat(IndependentVerifier.verify(secret, r.signature(), r.body())).as("an independent JDK-only verifier").isTrue();
        assertThat(IndependentVerifier.verify(secret, r.signature(), tampered)).isFalse();
        assertThat(IndependentVerifier.verify(secret, "t=soon,v1=00", r.body())).isFalse();
        assertThat(WebhookSignature.verify(secret, "t=soon,v1=00", r.body(), Instant.now(), tolerance)).isFalse();

        // The receiver has the event before the dispatcher records the outcome: wait for the log.
        WebhookReceiver.await(WAIT, "the delivery to be logged", () -> "delivered".equals(
                deliveries(client, endpoint.get("id").asString()).get(0).get("status").asString()));
        JsonNode log = deliveries(client, endpoint.get("id").asString()).get(0);
        assertThat(log.get("event").asString()).isEqualTo(r.eventId());
        assertThat(log.get("type").asString()).isEqualTo("charge.succeeded");
        assertThat(log.get("status").asString()).isEqualTo("delivered");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("last_status_code").asInt()).isEqualTo(200);
        assertThat(log.get("last_duration_ms").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(log.get("next_attempt_at").isNull()).isTrue();
    }

    @Test
    void deliverWhenReceiverFailsTwiceThenRetriedWithGrowingBackoffAndDelivered() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver receiver = receiver().answer((event, attempt) -> attempt <= 2 ? 500 : 204);
        String endpointId = register(client, receiver.url("/hooks"), "*").get("id").asString();

        record(merchant.id(), "refund.succeeded", Map.of("object", "refund", "id", "re_test0000000000000001"));
        WebhookReceiver.await(WAIT, "a successful retry", () -> !receiver.delivered().isEmpty());

        List<WebhookReceiver.Received> all = receiver.received();
        assertThat(all).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 204);
        assertThat(all).extracting(WebhookReceiver.Received::eventId).containsOnly(all.getFirst().eventId());
        Duration firstWait = Duration.between(all.get(0).at(), all.get(1).at());
        Duration secondWait = Duration.between(all.get(1).at(), all.get(2).at());
        // base 100 ms x 1 then x 3, each -20 % at worst
        assertThat(firstWait).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        assertThat(secondWait).isGreaterThanOrEqualTo(Duration.ofMillis(240));
        WebhookReceiver.await(WAIT, "the delivery to be logged",
                () -> "delivered".equals(deliveries(client, endpointId).get(0).get("status").asString()));
        JsonNode log = deliveries(client, endpointId).get(0);
        assertThat(log.get("status").asString()).isEqualTo("delivered");
        assertThat(log.get("attempts").asInt()).isEqualTo(3);
        assertThat(log.get("last_status_code").asInt()).isEqualTo(204);
        assertThat(log.get("last_error").isNull()).isTrue();
    }

    @Test
    void deliverWhenReceiverAlwaysFailsThenFailedAfterMaxAttemptsAndLogged() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        properties.setMaxAttempts(3);
        WebhookReceiver receiver = receiver().answer((event, attempt) -> 503);
        String endpointId = register(client, receiver.url("/hooks"), "*").get("id").asString();

        record(merchant.id(), "token.revoked", Map.of("object", "token", "token", "tok_x"));
        WebhookReceiver.await(WAIT, "the delivery to be given up",
                () -> "failed".equals(deliveries(client, endpointId).get(0).get("status").asString()));

        JsonNode log = deliveries(client, endpointId).get(0);
        assertThat(log.get("attempts").asInt()).isEqualTo(3);
        assertThat(log.get("last_status_code").asInt()).isEqualTo(503);
        assertThat(log.get("last_error").asString()).isEqualTo("http_status");
        assertThat(log.get("next_attempt_at").isNull()).isTrue();
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void deliverWhenEarlierEventIsRetriedThenLaterEventsWaitAndArriveInOrder() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver receiver = receiver();
        register(client, receiver.url("/hooks"), "*");
        // The first event fails twice; while it waits for its retries nothing after it may go out.
        String[] first = new String[1];
        receiver.answer((event, attempt) -> {
            if (first[0] == null) {
                first[0] = event;
            }
            return event.equals(first[0]) && attempt <= 2 ? 500 : 200;
        });

        tx.executeWithoutResult(s -> {
            for (int i = 1; i <= 5; i++) {
                outbox.record(merchant.id(), "charge.succeeded", Map.of("object", "charge", "seq", i));
            }
        });
        record(merchant.id(), "charge.failed", Map.of("object", "charge", "seq", 6));
        WebhookReceiver.await(WAIT, "six deliveries", () -> receiver.delivered().size() == 6);

        List<WebhookReceiver.Received> all = receiver.received();
        assertThat(all.subList(0, 3)).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 200);
        assertThat(all).hasSize(8);
        assertThat(receiver.delivered()).extracting(r -> r.json().get("data").get("seq").asInt())
                .containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void deliverWhenEndpointSubscribesToSomeTypesThenOnlyThoseArrive() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver refunds = receiver();
        WebhookReceiver everything = receiver();
        register(client, refunds.url("/refunds"), "refund.succeeded", "charge.failed");
        register(client, everything.url("/all"), "*");

        for (String type : List.of("charge.succeeded", "refund.succeeded", "token.revoked", "charge.failed")) {
            record(merchant.id(), type, Map.of("object", "x"));
        }
        WebhookReceiver.await(WAIT, "four deliveries to *", () -> everything.delivered().size() == 4);
        WebhookReceiver.await(WAIT, "two filtered deliveries", () -> refunds.delivered().size() == 2);

        assertThat(refunds.delivered()).extracting(WebhookReceiver.Received::type)
                .containsExactly("refund.succeeded", "charge.failed");
        assertThat(everything.delivered()).extracting(WebhookReceiver.Received::type)
                .containsExactly("charge.succeeded", "refund.succeeded", "token.revoked", "charge.failed");
        assertThat(record(merchant.id(), "incident.opened", Map.of("object", "incident"))).isEqualTo(1);
        WebhookReceiver.await(WAIT, "the incident to *", () -> everything.delivered().size() == 5);
    }

    @Test
    void deliverWhenEndpointDisabledThenNothingArrivesAndPendingDeliveriesFail() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver receiver = receiver().answer((event, attempt) -> 500);
        String endpointId = register(client, receiver.url("/hooks"), "*").get("id").asString();
        properties.setBackoffBase(Duration.ofHours(1));
        record(merchant.id(), "charge.succeeded", Map.of("object", "charge"));
        WebhookReceiver.await(WAIT, "a first failed attempt", () -> receiver.received().size() == 1);
        WebhookReceiver.await(WAIT, "the failed attempt to be logged",
                () -> deliveries(client, endpointId).get(0).get("attempts").asInt() == 1);

        client.delete("/v1/webhook-endpoints/" + endpointId);
        properties.setBackoffBase(Duration.ofMillis(1));
        int queued = record(merchant.id(), "charge.succeeded", Map.of("object", "charge"));
        dispatcher.deliverDue();

        assertThat(queued).isZero();
        assertThat(receiver.received()).hasSize(1);
        JsonNode log = deliveries(client, endpointId);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("status").asString()).isEqualTo("failed");
        assertThat(log.get(0).get("last_error").asString()).isEqualTo("endpoint_disabled");
    }

    @Test
    void deliverWhenHostIsNoLongerAllowedThenAttemptRefusedWithoutRequest() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver receiver = receiver();
        String endpointId = register(client, receiver.url("/hooks"), "*").get("id").asString();
        properties.setAllowLocalhost(false);
        properties.setBackoffBase(Duration.ofHours(1));

        record(merchant.id(), "charge.succeeded", Map.of("object", "charge"));
        WebhookReceiver.await(WAIT, "a refused attempt",
                () -> deliveries(client, endpointId).get(0).get("attempts").asInt() == 1);

        assertThat(receiver.received()).isEmpty();
        assertThat(deliveries(client, endpointId).get(0).get("last_error").asString()).isEqualTo("address_not_allowed");
    }

    @Test
    void deliveriesWhenManyThenLogPagesNewestFirst() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver receiver = receiver();
        String endpointId = register(client, receiver.url("/hooks"), "*").get("id").asString();
        for (int i = 0; i < 3; i++) {
            record(merchant.id(), "charge.succeeded", Map.of("object", "charge", "seq", i));
        }
        WebhookReceiver.await(WAIT, "three deliveries", () -> receiver.delivered().size() == 3);

        JsonNode first = json(client.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=2"));
        JsonNode second = json(client.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=2&starting_after="
                + first.get("next_cursor").asString()));

        List<String> ids = receiver.delivered().stream().map(WebhookReceiver.Received::eventId).toList();
        assertThat(first.get("data").valueStream().map(d -> d.get("event").asString()).toList())
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(second.get("data").valueStream().map(d -> d.get("event").asString()).toList())
                .containsExactly(ids.get(0));
        assertThat(second.get("has_more").asBoolean()).isFalse();
    }

    private int record(String merchantId, String type, Map<String, ?> data) {
        Integer queued = tx.execute(s -> outbox.record(merchantId, type, data));
        return queued == null ? 0 : queued;
    }
}
