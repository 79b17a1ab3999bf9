package io.tokengate.sdk.service;

import static io.tokengate.sdk.internal.ApiRequestor.segment;
import static io.tokengate.sdk.internal.ApiRequestor.type;

import io.tokengate.sdk.Operation;
import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.model.Page;
import io.tokengate.sdk.model.Refund;
import io.tokengate.sdk.param.RefundCreateParams;
import io.tokengate.sdk.param.RefundListParams;
import java.util.Map;

/**
 * Refunds of captured charges ({@code client.refunds()}). A refund the card network refuses comes
 * back with {@code status} {@code failed} rather than as an exception.
 */
public final class RefundService {

    private final ApiRequestor requestor;

    /** Obtain it from {@code TokenGateClient.refunds()}. */
    public RefundService(ApiRequestor requestor) {
        this.requestor = requestor;
    }

    public Refund create(RefundCreateParams params) {
        return create(params, RequestOptions.defaults());
    }

    /**
     * Refunds (part of) a captured charge; the total never exceeds the capture, also under
     * concurrent calls. Requires {@code refunds:write}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 422 {@code amount_exceeds_available}, 409
     *                                                            {@code state_conflict} for a charge not captured,
     *                                                            404 for an unknown charge
     * @throws io.tokengate.sdk.exception.ApiException            {@code acquirer_unavailable} after the retries
     */
    @Operation("createRefund")
    public Refund create(RefundCreateParams params, RequestOptions options) {
        return requestor.post("createRefund", "/v1/refunds", params.toMap(), type(Refund.class), options);
    }

    public Refund get(String refundId) {
        return get(refundId, RequestOptions.defaults());
    }

    /**
     * One of the merchant's refunds. Requires {@code refunds:read}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 404 for an unknown or another merchant's refund
     */
    @Operation("getRefund")
    public Refund get(String refundId, RequestOptions options) {
        return requestor.get("getRefund", "/v1/refunds/" + segment(refundId), Map.of(), type(Refund.class), options);
    }

    public Page<Refund> list(RefundListParams params) {
        return list(params, RequestOptions.defaults());
    }

    /** A page of the merchant's refunds, newest first (optionally of one charge). Requires {@code refunds:read}. */
    @Operation("listRefunds")
    public Page<Refund> list(RefundListParams params, RequestOptions options) {
        return Lists.page(requestor, "listRefunds", "/v1/refunds", params.toQuery(), Refund.class, options);
    }
}
