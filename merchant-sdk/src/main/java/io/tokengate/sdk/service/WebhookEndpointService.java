package io.tokengate.sdk.service;

import static io.tokengate.sdk.internal.ApiRequestor.segment;
import static io.tokengate.sdk.internal.ApiRequestor.type;

import io.tokengate.sdk.Operation;
import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.model.Page;
import io.tokengate.sdk.model.WebhookDelivery;
import io.tokengate.sdk.model.WebhookEndpoint;
import io.tokengate.sdk.param.ListParams;
import io.tokengate.sdk.param.WebhookEndpointCreateParams;
import java.util.Map;

/**
 * The merchant's webhook endpoints ({@code client.webhookEndpoints()}): register, read, list,
 * disable, and read an endpoint's delivery log. Verify what arrives with
 * {@link io.tokengate.sdk.webhook.Webhooks#constructEvent(String, String, String)}. All calls require
 * the scope {@code webhooks:write}.
 */
public final class WebhookEndpointService {

    private final ApiRequestor requestor;

    /** Obtain it from {@code TokenGateClient.webhookEndpoints()}. */
    public WebhookEndpointService(ApiRequestor requestor) {
        this.requestor = requestor;
    }

    public WebhookEndpoint create(WebhookEndpointCreateParams params) {
        return create(params, RequestOptions.defaults());
    }

    /**
     * Registers an endpoint. The answer's {@link WebhookEndpoint#secret()} is shown this once: store
     * it to verify signatures.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException a URL that is not https on a public address
     *                                                            ({@code param} url), an unknown event type, or
     *                                                            409 when the merchant has the most endpoints
     */
    @Operation("createWebhookEndpoint")
    public WebhookEndpoint create(WebhookEndpointCreateParams params, RequestOptions options) {
        return requestor.post("createWebhookEndpoint", "/v1/webhook-endpoints", params.toMap(),
                type(WebhookEndpoint.class), options);
    }

    public WebhookEndpoint get(String endpointId) {
        return get(endpointId, RequestOptions.defaults());
    }

    /** One endpoint, without its secret. @throws io.tokengate.sdk.exception.InvalidRequestException 404 */
    @Operation("getWebhookEndpoint")
    public WebhookEndpoint get(String endpointId, RequestOptions options) {
        return requestor.get("getWebhookEndpoint", "/v1/webhook-endpoints/" + segment(endpointId), Map.of(),
                type(WebhookEndpoint.class), options);
    }

    public Page<WebhookEndpoint> list() {
        return list(ListParams.builder().build(), RequestOptions.defaults());
    }

    /** A page of the endpoints, enabled and disabled, newest first. */
    @Operation("listWebhookEndpoints")
    public Page<WebhookEndpoint> list(ListParams params, RequestOptions options) {
        return Lists.page(requestor, "listWebhookEndpoints", "/v1/webhook-endpoints", params.toQuery(),
                WebhookEndpoint.class, options);
    }

    public WebhookEndpoint disable(String endpointId) {
        return disable(endpointId, RequestOptions.defaults());
    }

    /**
     * Disables the endpoint for good (register a new one to resume); idempotent.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 404 for an unknown endpoint
     */
    @Operation("disableWebhookEndpoint")
    public WebhookEndpoint disable(String endpointId, RequestOptions options) {
        return requestor.delete("disableWebhookEndpoint", "/v1/webhook-endpoints/" + segment(endpointId),
                type(WebhookEndpoint.class), options);
    }

    public Page<WebhookDelivery> listDeliveries(String endpointId) {
        return listDeliveries(endpointId, ListParams.builder().build(), RequestOptions.defaults());
    }

    /** The endpoint's delivery log, newest first. */
    @Operation("listWebhookDeliveries")
    public Page<WebhookDelivery> listDeliveries(String endpointId, ListParams params, RequestOptions options) {
        return Lists.page(requestor, "listWebhookDeliveries",
                "/v1/webhook-endpoints/" + segment(endpointId) + "/deliveries", params.toQuery(),
                WebhookDelivery.class, options);
    }
}
