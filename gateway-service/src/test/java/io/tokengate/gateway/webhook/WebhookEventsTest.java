package io.tokengate.gateway.webhook;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The features that announce themselves through the outbox: charges, refunds, token revocation;
 * and the outbox's promise that an event exists exactly when its change committed.
 */
class WebhookEventsTest extends WebhookTestSupport {

    @Autowired
    WebhookOutbox outbox;
    @Autowired
    TransactionTemplate tx;

    @Test
    void chargeWhenApprovedOrDeclinedThenChargeSucceededAndChargeFailedArrive() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        WebhookReceiver receiver = receiver();
        register(client, receiver.url("/hooks"), "charge.succeeded", "charge.failed");

        // With an Idempotency-Key the event rides in the outcome's statement; without, it is its own.
        HttpTestClient keyed = merchant.client().header("Idempotency-Key", "events-" + merchant.id());
        HttpResponse<String> approved = keyed.post("/v1/charges", """
                {"token": "%s", "amount": 1050, "currency": "EUR", "reference": "order-1"}"""
                .formatted(merchant.importCard("4242424242424242")));
        HttpResponse<String> declined = client.post("/v1/charges", """
                {"token": "%s", "amount": 700, "currency": "EUR"}""".formatted(merchant.importCard("4000000000000002")));
        HttpResponse<String> failed = client.post("/v1/charges", """
                {"token": "%s", "amount": 300, "currency": "EUR"}""".formatted(merchant.importCard("4000000000000119")));
        assertThat(approved.statusCode()).isEqualTo(201);
        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(failed.statusCode()).isEqualTo(502);
        WebhookReceiver.await(WAIT, "three charge events", () -> receiver.delivered().size() == 3);

        List<JsonNode> events = receiver.delivered().stream().map(WebhookReceiver.Received::json).toList();
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("charge.succeeded", "charge.failed", "charge.failed");
        JsonNode succeeded = events.get(0).get("data");
        assertThat(succeeded.get("object").asString()).isEqualTo("charge");
        assertThat(succeeded.get("id").asString()).isEqualTo(json(approved).get("id").asString());
        assertThat(succeeded.get("status").asString()).isEqualTo("captured");
        assertThat(succeeded.get("amount").asLong()).isEqualTo(1050);
        assertThat(succeeded.get("currency").asString()).isEqualTo("EUR");
        assertThat(succeeded.get("reference").asString()).isEqualTo("order-1");
        JsonNode decline = events.get(1).get("data");
        assertThat(decline.get("id").asString()).isEqualTo(json(declined).get("charge").asString());
        assertThat(decline.get("status").asString()).isEqualTo("declined");
        assertThat(decline.get("decline_code").asString()).isEqualTo("generic_decline");
        assertThat(events.get(2).get("data").get("failure_code").asString()).isEqualTo("processing_error");
        // Ids and amounts only: nothing of the card, not even the token.
        for (WebhookReceiver.Received r : receiver.delivered()) {
            String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).doesNotContain("4242", "tok_", "exp_");
        }
    }

    @Test
    void refundWhenSucceededThenRefundSucceededArrives() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        WebhookReceiver receiver = receiver();
        register(client, receiver.url("/hooks"), "refund.succeeded");
        String chargeId = json(client.post("/v1/charges", """
                {"token": "%s", "amount": 1000, "currency": "EUR"}""".formatted(merchant.importCard("4242424242424242"))))
                .get("id").asString();

        HttpResponse<String> refund = client.post("/v1/refunds",
                "{\"charge\": \"" + chargeId + "\", \"amount\": 400, \"reason\": \"requested_by_customer\"}");
        WebhookReceiver.await(WAIT, "the refund event", () -> receiver.delivered().size() == 1);

        JsonNode event = receiver.delivered().getFirst().json();
        assertThat(event.get("type").asString()).isEqualTo("refund.succeeded");
        JsonNode data = event.get("data");
        assertThat(data.get("id").asString()).isEqualTo(json(refund).get("id").asString());
        assertThat(data.get("charge").asString()).isEqualTo(chargeId);
        assertThat(data.get("amount").asLong()).isEqualTo(400);
        assertThat(data.get("status").asString()).isEqualTo("succeeded");
        assertThat(data.get("reason").asString()).isEqualTo("requested_by_customer");
    }

    @Test
    void revokeWhenMerchantRevokesTokenThenTokenRevokedArrivesOnceWithTheValue() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        WebhookReceiver receiver = receiver();
        register(client, receiver.url("/hooks"), "token.revoked");
        String token = merchant.importCard("5555555555554444");

        assertThat(client.delete("/v1/tokens/" + token).statusCode()).isEqualTo(200);
        assertThat(client.delete("/v1/tokens/" + token).statusCode()).isEqualTo(200);
        WebhookReceiver.await(WAIT, "the revocation event", () -> receiver.delivered().size() == 1);

        JsonNode data = receiver.delivered().getFirst().json().get("data");
        assertThat(data.get("object").asString()).isEqualTo("token");
        assertThat(data.get("token").asString()).isEqualTo(token);
        assertThat(data.get("status").asString()).isEqualTo("revoked");
        assertThat(data.get("revoked_reason").asString()).isEqualTo("revoked by merchant");
        assertThat(eventCount(merchant.id())).as("revoking twice announces once").isEqualTo(1);
    }

    @Test
    void chargeWhenRefusedByAclThenNoEventWritten() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        register(client, receiver().url("/hooks"), "*");

        HttpResponse<String> refused = client.post("/v1/charges", """
                {"token": "%s", "amount": 1000, "currency": "GBP"}""".formatted(merchant.importCard("4242424242424242")));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("code").asString()).isEqualTo("acl_denied");
        assertThat(eventCount(merchant.id())).isZero();
    }

    @Test
    void recordWhenTransactionRollsBackThenNoEventAndNoDelivery() {
        TestMerchant merchant = fixture().merchant();
        register(merchant.client("webhooks:write"), receiver().url("/hooks"), "*");

        Integer queued = tx.execute(status -> {
            int n = outbox.record(merchant.id(), "incident.opened", Map.of("object", "incident"));
            assertThat(eventCount(merchant.id())).as("visible inside the transaction").isEqualTo(1);
            status.setRollbackOnly();
            return n;
        });

        assertThat(queued).isEqualTo(1);
        assertThat(eventCount(merchant.id())).isZero();
        assertThatThrownBy(() -> outbox.record(merchant.id(), "incident.opened", Map.of()))
                .as("outside a transaction").isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void chargeWhenNoEndpointSubscribedThenNothingWritten() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        register(client, receiver().url("/hooks"), "token.revoked");

        HttpResponse<String> charged = client.post("/v1/charges", """
                {"token": "%s", "amount": 1000, "currency": "EUR"}""".formatted(merchant.importCard("4242424242424242")));

        assertThat(charged.statusCode()).isEqualTo(201);
        assertThat(eventCount(merchant.id())).isZero();
    }
}
