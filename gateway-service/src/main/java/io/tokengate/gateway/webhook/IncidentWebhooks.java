package io.tokengate.gateway.webhook;

import io.tokengate.gateway.incident.IncidentEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns containment's application events into webhook events, in the transaction that published
 * them ({@code BEFORE_COMMIT}), so they are written exactly when the containment step commits:
 * {@code incident.opened} when ops open the incident, and one {@code token.replaced} per token
 * migration once its mapping is complete, not one per token: a containment may replace a million
 * tokens, and the merchant acts on the mapping ({@code GET /v1/token-migrations/{id}}, with the new
 * key), not on single pairs. Per-batch progress is not announced; individual revocations by the
 * merchant are {@code token.revoked}.
 */
@Component
class IncidentWebhooks {

    private final WebhookOutbox outbox;

    IncidentWebhooks(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void opened(IncidentEvents.IncidentOpened e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", "incident");
        data.put("id", e.incidentId());
        data.put("status", "containing");
        data.put("token_migration", e.migrationId());
        data.put("new_api_key_id", e.newApiKeyId());
        data.put("tokens_total", e.tokensTotal());
        data.put("opened_at", e.openedAt());
        outbox.record(e.merchantId(), WebhookEventTypes.INCIDENT_OPENED, data);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void contained(IncidentEvents.IncidentContained e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", "token_migration");
        data.put("id", e.migrationId());
        data.put("incident", e.incidentId());
        data.put("status", "ready");
        data.put("tokens_revoked", e.tokensRevoked());
        data.put("tokens_replaced", e.tokensReplaced());
        data.put("ready_at", e.completedAt());
        outbox.record(e.merchantId(), WebhookEventTypes.TOKEN_REPLACED, data);
    }
}
