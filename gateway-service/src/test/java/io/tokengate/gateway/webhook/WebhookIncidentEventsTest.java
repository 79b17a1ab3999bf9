package io.tokengate.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.incident.ContainmentWorker;
import io.tokengate.gateway.incident.Incidents;
import io.tokengate.gateway.support.HttpTestClient;
import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Containment announces itself with two events, whatever the number of tokens: {@code incident.opened}
 * when it starts and one {@code token.replaced} when the mapping is complete; a merchant's own
 * revocation is still {@code token.revoked}, which containment never sends.
 */
class WebhookIncidentEventsTest extends WebhookTestSupport {

    @Autowired
    Incidents incidents;
    @Autowired
    ContainmentWorker containment;

    @Test
    void containWhenMerchantHasEndpointThenIncidentOpenedThenOneTokenReplaced() {
        TestMerchant merchant = fixture().merchant();
        HttpTestClient client = merchant.client();
        WebhookReceiver receiver = receiver();
        register(client, receiver.url("/hooks"), "*");
        for (String card : List.of("4242424242424242", "5555555555554444", "378282246310005")) {
            merchant.importCard(card);
        }

        Incidents.Opened opened = incidents.open(merchant.id(), "store breached", Actor.ops("admin", "127.0.0.1"));
        containment.runPending();
        WebhookReceiver.await(WAIT, "two containment events", () -> receiver.delivered().size() == 2);

        List<JsonNode> events = receiver.delivered().stream().map(WebhookReceiver.Received::json).toList();
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("incident.opened", "token.replaced");
        JsonNode incident = events.get(0).get("data");
        String incidentId = opened.incident().id();
        assertThat(incident.get("object").asString()).isEqualTo("incident");
        assertThat(incident.get("id").asString()).isEqualTo(incidentId);
        assertThat(incident.get("status").asString()).isEqualTo("containing");
        assertThat(incident.get("new_api_key_id").asString()).isEqualTo(opened.newKey().key().id());
        assertThat(incident.get("tokens_total").asLong()).isEqualTo(3);
        assertThat(Instant.parse(incident.get("opened_at").asString())).isBefore(Instant.now());
        JsonNode migration = events.get(1).get("data");
        assertThat(migration.get("object").asString()).isEqualTo("token_migration");
        assertThat(migration.get("id").asString()).isEqualTo(incident.get("token_migration").asString());
        assertThat(migration.get("incident").asString()).isEqualTo(incidentId);
        assertThat(migration.get("status").asString()).isEqualTo("ready");
        assertThat(migration.get("tokens_revoked").asLong()).isEqualTo(3);
        assertThat(migration.get("tokens_replaced").asLong()).isEqualTo(3);
        assertThat(eventCount(merchant.id())).as("no token.revoked per contained token").isEqualTo(2);
        String bodies = receiver.delivered().stream().map(r -> new String(r.body())).reduce("", String::concat);
        assertThat(bodies).doesNotContain("tok_", "whsec_", "sk_");
    }
}
