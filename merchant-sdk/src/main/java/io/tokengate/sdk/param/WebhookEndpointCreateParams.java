package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@code client.webhookEndpoints().create(...)}: the URL (https; http only for
 * localhost in development) and the event types to receive ({@code "*"} for all).
 */
public final class WebhookEndpointCreateParams {

    private final Map<String, Object> map;

    private WebhookEndpointCreateParams(Map<String, Object> map) {
        this.map = Map.copyOf(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JSON body, without unset fields. */
    public Map<String, Object> toMap() {
        return map;
    }

    /** Builder of {@link WebhookEndpointCreateParams}; url and at least one event are required. */
    public static final class Builder {
        private String url;
        private List<String> events;
        private String description;

        private Builder() {
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** Event types such as {@code charge.succeeded}, or {@code "*"} for every type, also later ones. */
        public Builder events(String... events) {
            this.events = List.of(events);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** @throws IllegalArgumentException when url or events are missing */
        public WebhookEndpointCreateParams build() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("url", Params.required(url, "WebhookEndpointCreateParams", "url"));
            if (events == null || events.isEmpty()) {
                throw new IllegalArgumentException("WebhookEndpointCreateParams: events is required "
                        + "(event types, or \"*\" for all).");
            }
            map.put("events", events);
            Params.put(map, "description", description);
            return new WebhookEndpointCreateParams(map);
        }
    }
}
