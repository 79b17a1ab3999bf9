package io.tokengate.sdk.model;

import java.time.Instant;
import java.util.List;

/**
 * A URL that receives the merchant's events as signed POST requests.
 *
 * @param events the subscribed event types, or {@code ["*"]} for all
 * @param status {@code enabled} or {@code disabled}
 * @param secret the signing secret ({@code whsec_...}): only in the answer that created the
 *               endpoint, null afterwards; store it now. Hidden by {@link #toString()}.
 */
public record WebhookEndpoint(String id, String object, String url, List<String> events, String description,
                              String status, Instant createdAt, Instant disabledAt, String secret) {

    @Override
    public String toString() {
        return "WebhookEndpoint[id=" + id + ", url=" + url + ", events=" + events + ", status=" + status
                + ", secret=" + (secret == null ? "null" : "****") + "]";
    }
}
