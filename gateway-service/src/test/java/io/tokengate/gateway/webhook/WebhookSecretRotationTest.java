package io.tokengate.gateway.webhook;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Signing secrets are KEK-bound data: a key rotation re-wraps them and signing goes on unchanged. */
class WebhookSecretRotationTest extends WebhookTestSupport {

    @Autowired
    WebhookOutbox outbox;
    @Autowired
    TransactionTemplate tx;

    @Test
    void rotateWhenEndpointsExistThenSecretsRewrappedAndSignaturesStillVerify() throws InterruptedException {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client("webhooks:write");
        WebhookReceiver receiver = receiver();
        JsonNode endpoint = register(client, receiver.url("/hooks"), "*");
        String id = endpoint.get("id").asString();
        int before = kekVersionOf(id);

        HttpResponse<String> rotated = ops().send("POST", "/ops/keys/rotate", null, null);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        int to = json(rotated).get("to_version").asInt();
        String rotation = json(rotated).get("id").asString();
        WebhookReceiver.await(WAIT, "the re-wrap", () -> "completed".equals(
                json(ops().get("/ops/keys/rotations/" + rotation)).get("status").asString()));

        assertThat(to).isGreaterThan(before);
        assertThat(kekVersionOf(id)).isEqualTo(to);
        tx.executeWithoutResult(s -> outbox.record(merchant.id(), "incident.opened", Map.of("object", "incident")));
        WebhookReceiver.await(WAIT, "a delivery", () -> receiver.delivered().size() == 1);
        WebhookReceiver.Received r = receiver.delivered().getFirst();
        assertThat(WebhookSignature.verify(endpoint.get("secret").asString(), r.signature(), r.body(), Instant.now(),
                WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
    }

    private int kekVersionOf(String endpointId) {
        return jdbc.sql("SELECT secret_kek_version FROM webhook_endpoints WHERE id = ?").param(endpointId)
                .query(Integer.class).single();
    }
}
