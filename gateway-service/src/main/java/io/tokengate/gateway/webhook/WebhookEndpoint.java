package io.tokengate.gateway.webhook;

import java.time.Instant;
import java.util.List;

/** A merchant's webhook endpoint row (without its sealed secret). */
record WebhookEndpoint(String id, long seq, String merchantId, String url, List<String> events, String description,
                       boolean enabled, Instant createdAt, Instant disabledAt) {

    String status() {
        return enabled ? "enabled" : "disabled";
    }
}
