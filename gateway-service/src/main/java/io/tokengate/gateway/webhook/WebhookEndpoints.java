package io.tokengate.gateway.webhook;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.merchant.ReturnOrigins;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import io.tokengate.gateway.web.PageResponse;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A merchant's webhook endpoints: register (the secret is returned once), read, list, disable, and
 * the delivery log. Every lookup is scoped to the merchant, so another merchant's endpoint is
 * {@code not_found} like one that never existed.
 */
@Service
class WebhookEndpoints {

    static final int MAX_DESCRIPTION = 500;
    static final String DISABLED_ERROR = "endpoint_disabled";

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookSecrets secrets;
    private final WebhookProperties properties;
    private final AuditLog audit;

    WebhookEndpoints(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
                     WebhookSecrets secrets, WebhookProperties properties, AuditLog audit) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.properties = properties;
        this.audit = audit;
    }

    record Created(WebhookEndpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "Created[" + endpoint.id() + "]";
        }
    }

    @Transactional
    public Created create(String merchantId, WebhookViews.CreateEndpoint body, Actor actor) {
        if (body == null) {
            throw ApiException.missing("url");
        }
        String url = WebhookUrls.normalise(body.url(), properties.isAllowLocalhost());
        List<String> events = events(body.events());
        String description = description(body.description());
        endpoints.lockMerchant(merchantId);
        int max = properties.getMaxEndpointsPerMerchant();
        if (endpoints.countEnabled(merchantId) >= max) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "At most " + max + " webhook endpoints may be enabled; "
                    + "disable one first.");
        }
        String id = Ids.generate("we_");
        String secret = secrets.generate();
        byte[] sealed = secrets.seal(id, secret);
        WebhookEndpoint endpoint = endpoints.insert(id, merchantId, url, events, description, sealed);
        // The URL's query may carry the merchant's own secrets: the audit keeps only its origin.
        audit.append(AuditEntry.of(actor, "webhook_endpoint.created").merchant(merchantId)
                .subject("webhook_endpoint", id).detail("origin", ReturnOrigins.originOf(URI.create(url)))
                .detail("events", events).build());
        return new Created(endpoint, secret);
    }

    @Transactional(readOnly = true)
    public WebhookEndpoint get(String merchantId, String id) {
        return endpoints.find(merchantId, id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "No such webhook endpoint.", "id"));
    }

    @Transactional(readOnly = true)
    public PageResponse<WebhookEndpoint> list(String merchantId, Long beforeSeq, int limit) {
        return PageResponse.of(endpoints.page(merchantId, beforeSeq, limit + 1), limit,
                e -> Long.toString(e.seq()), e -> e);
    }

    /**
     * Disables the endpoint for good: no new event is queued for it, and its pending deliveries are
     * given up ({@code failed}, {@code endpoint_disabled}). Disabling a disabled endpoint changes nothing.
     */
    @Transactional
    public WebhookEndpoint disable(String merchantId, String id, Actor actor) {
        get(merchantId, id);
        if (endpoints.disable(merchantId, id)) {
            int dropped = deliveries.failPending(id, DISABLED_ERROR);
            audit.append(AuditEntry.of(actor, "webhook_endpoint.disabled").merchant(merchantId)
                    .subject("webhook_endpoint", id).detail("pending_deliveries_dropped", dropped).build());
        }
        return get(merchantId, id);
    }

    @Transactional(readOnly = true)
    public PageResponse<WebhookDeliveryRepository.LogRow> deliveries(String merchantId, String endpointId,
                                                                      Long beforeId, int limit) {
        get(merchantId, endpointId);
        return PageResponse.of(deliveries.page(endpointId, beforeId, limit + 1), limit,
                r -> Long.toString(r.id()), r -> r);
    }

    private static List<String> events(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ApiException.missing("events");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String type : requested) {
            if (type == null || !(WebhookEventTypes.ALL_EVENTS.equals(type) || WebhookEventTypes.isKnown(type))) {
                throw ApiException.invalid("events", "Unknown event type. Known types: "
                        + String.join(", ", WebhookEventTypes.ALL) + ", or \"*\" for all.");
            }
            out.add(type);
        }
        // "*" already means every type, including types added later.
        return out.contains(WebhookEventTypes.ALL_EVENTS) ? List.of(WebhookEventTypes.ALL_EVENTS) : List.copyOf(out);
    }

    private static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.invalid("description", "The description may be at most " + MAX_DESCRIPTION
                    + " characters.");
        }
        return description;
    }
}
