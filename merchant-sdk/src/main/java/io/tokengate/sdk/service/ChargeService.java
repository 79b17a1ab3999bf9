package io.tokengate.sdk.service;

import static io.tokengate.sdk.internal.ApiRequestor.segment;
import static io.tokengate.sdk.internal.ApiRequestor.type;

import io.tokengate.sdk.Operation;
import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.model.Charge;
import io.tokengate.sdk.model.Page;
import io.tokengate.sdk.param.ChargeCaptureParams;
import io.tokengate.sdk.param.ChargeCreateParams;
import io.tokengate.sdk.param.ChargeListParams;
import java.util.Map;

/**
 * Charges on the merchant's tokens ({@code client.charges()}): create, capture, void, read, list.
 * POSTs carry an {@code Idempotency-Key} (yours from {@link RequestOptions}, or a generated one
 * reused on retries), so a retried call never charges twice.
 *
 * <p>Every method throws a {@link io.tokengate.sdk.exception.TokenGateException} subclass on
 * failure; the ones specific to charges are listed on each method.
 */
public final class ChargeService {

    private final ApiRequestor requestor;

    /** Obtain it from {@code TokenGateClient.charges()}. */
    public ChargeService(ApiRequestor requestor) {
        this.requestor = requestor;
    }

    public Charge create(ChargeCreateParams params) {
        return create(params, RequestOptions.defaults());
    }

    /**
     * Authorizes (and by default captures) the amount on the token's card. Requires {@code charges:write}.
     *
     * @return the charge, {@code captured} (or {@code authorized} with {@code capture(false)})
     * @throws io.tokengate.sdk.exception.CardDeclinedException   the issuer declined (decline code, charge id)
     * @throws io.tokengate.sdk.exception.PermissionException     the ACL refused ({@code rule}) or a scope is missing
     * @throws io.tokengate.sdk.exception.InvalidRequestException a bad parameter, an unknown token, or the token
     *                                                            refused ({@code token_revoked}, ...)
     * @throws io.tokengate.sdk.exception.IdempotencyException    the key was used with another request
     * @throws io.tokengate.sdk.exception.ApiException            {@code acquirer_unavailable} after the retries
     */
    @Operation("createCharge")
    public Charge create(ChargeCreateParams params, RequestOptions options) {
        return requestor.post("createCharge", "/v1/charges", params.toMap(), type(Charge.class), options);
    }

    public Charge get(String chargeId) {
        return get(chargeId, RequestOptions.defaults());
    }

    /**
     * One of the merchant's charges. Requires {@code charges:read}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 404 for an unknown or another merchant's charge
     */
    @Operation("getCharge")
    public Charge get(String chargeId, RequestOptions options) {
        return requestor.get("getCharge", "/v1/charges/" + segment(chargeId), Map.of(), type(Charge.class), options);
    }

    public Page<Charge> list() {
        return list(ChargeListParams.builder().build(), RequestOptions.defaults());
    }

    public Page<Charge> list(ChargeListParams params) {
        return list(params, RequestOptions.defaults());
    }

    /**
     * A page of the merchant's charges, newest first; {@link Page#autoPagingIterable()} walks them all.
     * Requires {@code charges:read}.
     */
    @Operation("listCharges")
    public Page<Charge> list(ChargeListParams params, RequestOptions options) {
        return Lists.page(requestor, "listCharges", "/v1/charges", params.toQuery(), Charge.class, options);
    }

    public Charge capture(String chargeId) {
        return capture(chargeId, ChargeCaptureParams.builder().build(), RequestOptions.defaults());
    }

    public Charge capture(String chargeId, ChargeCaptureParams params) {
        return capture(chargeId, params, RequestOptions.defaults());
    }

    /**
     * Captures an {@code authorized} charge, once (default the whole authorization). Requires {@code charges:write}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 409 {@code state_conflict} when not authorized,
     *                                                            422 {@code amount_exceeds_available}
     */
    @Operation("captureCharge")
    public Charge capture(String chargeId, ChargeCaptureParams params, RequestOptions options) {
        return requestor.post("captureCharge", "/v1/charges/" + segment(chargeId) + "/capture", params.toMap(),
                type(Charge.class), options);
    }

    public Charge voidCharge(String chargeId) {
        return voidCharge(chargeId, RequestOptions.defaults());
    }

    /**
     * Releases the authorization of an {@code authorized} charge (before capture; refund a captured
     * one instead). Requires {@code charges:write}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 409 {@code state_conflict} when not authorized
     */
    @Operation("voidCharge")
    public Charge voidCharge(String chargeId, RequestOptions options) {
        return requestor.post("voidCharge", "/v1/charges/" + segment(chargeId) + "/void", Map.of(),
                type(Charge.class), options);
    }
}
