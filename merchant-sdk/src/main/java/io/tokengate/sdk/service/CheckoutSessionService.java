package io.tokengate.sdk.service;

import static io.tokengate.sdk.internal.ApiRequestor.segment;
import static io.tokengate.sdk.internal.ApiRequestor.type;

import io.tokengate.sdk.Operation;
import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.model.CheckoutCompletion;
import io.tokengate.sdk.model.CheckoutSession;
import io.tokengate.sdk.param.CheckoutSessionCompleteParams;
import io.tokengate.sdk.param.CheckoutSessionCreateParams;
import java.util.Map;

/**
 * Hosted checkout ({@code client.checkoutSessions()}): open a session and redirect the shopper to
 * its {@code url}; when the shopper comes back with a {@code code}, exchange it here for the token
 * (and the charge in payment mode). Card data never touches your servers. All calls require the
 * scope {@code checkout:write}.
 */
public final class CheckoutSessionService {

    private final ApiRequestor requestor;

    /** Obtain it from {@code TokenGateClient.checkoutSessions()}. */
    public CheckoutSessionService(ApiRequestor requestor) {
        this.requestor = requestor;
    }

    public CheckoutSession create(CheckoutSessionCreateParams params) {
        return create(params, RequestOptions.defaults());
    }

    /**
     * Opens a session; send the shopper's browser to {@link CheckoutSession#url()} (303 See Other).
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException a return URL not on the merchant's registered
     *                                                            origins, or another bad parameter ({@code param})
     * @throws io.tokengate.sdk.exception.PermissionException     payment mode refused by the ACL ({@code rule})
     */
    @Operation("createCheckoutSession")
    public CheckoutSession create(CheckoutSessionCreateParams params, RequestOptions options) {
        return requestor.post("createCheckoutSession", "/v1/checkout/sessions", params.toMap(),
                type(CheckoutSession.class), options);
    }

    public CheckoutSession get(String sessionId) {
        return get(sessionId, RequestOptions.defaults());
    }

    /**
     * The session's state; its {@code token} once completed (so a lost exchange answer can be
     * recovered).
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 404 for an unknown or another merchant's session
     */
    @Operation("getCheckoutSession")
    public CheckoutSession get(String sessionId, RequestOptions options) {
        return requestor.get("getCheckoutSession", "/v1/checkout/sessions/" + segment(sessionId), Map.of(),
                type(CheckoutSession.class), options);
    }

    public CheckoutCompletion complete(String sessionId, CheckoutSessionCompleteParams params) {
        return complete(sessionId, params, RequestOptions.defaults());
    }

    /**
     * Exchanges the success redirect's code for the token (and, in payment mode, the charge). Call
     * from your server, once, within 10 minutes of the shopper's return.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 422 {@code checkout_code_invalid} (wrong, used
     *                                                            or expired code), 409
     *                                                            {@code checkout_session_not_open}, 410
     *                                                            {@code checkout_session_expired}
     */
    @Operation("completeCheckoutSession")
    public CheckoutCompletion complete(String sessionId, CheckoutSessionCompleteParams params,
                                       RequestOptions options) {
        return requestor.post("completeCheckoutSession", "/v1/checkout/sessions/" + segment(sessionId) + "/complete",
                params.toMap(), type(CheckoutCompletion.class), options);
    }
}
