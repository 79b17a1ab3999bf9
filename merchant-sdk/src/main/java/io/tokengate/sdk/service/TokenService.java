package io.tokengate.sdk.service;

import static io.tokengate.sdk.internal.ApiRequestor.segment;
import static io.tokengate.sdk.internal.ApiRequestor.type;

import io.tokengate.sdk.Operation;
import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.model.Page;
import io.tokengate.sdk.model.Token;
import io.tokengate.sdk.param.TokenListParams;
import java.util.Map;

/**
 * The merchant's tokens ({@code client.tokens()}): read, list, revoke. Tokens are issued by the
 * hosted checkout ({@code checkoutSessions().complete(...)}), never created from card data here.
 */
public final class TokenService {

    private final ApiRequestor requestor;

    /** Obtain it from {@code TokenGateClient.tokens()}. */
    public TokenService(ApiRequestor requestor) {
        this.requestor = requestor;
    }

    public Token get(String token) {
        return get(token, RequestOptions.defaults());
    }

    /**
     * A token's status, controls and card display fields. Requires {@code tokens:read}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 404 for an unknown, malformed or another
     *                                                            merchant's token (indistinguishable)
     */
    @Operation("getToken")
    public Token get(String token, RequestOptions options) {
        return requestor.get("getToken", "/v1/tokens/" + segment(token), Map.of(), type(Token.class), options);
    }

    public Page<Token> list() {
        return list(TokenListParams.builder().build(), RequestOptions.defaults());
    }

    public Page<Token> list(TokenListParams params) {
        return list(params, RequestOptions.defaults());
    }

    /** A page of the merchant's tokens, newest first, with their values. Requires {@code tokens:read}. */
    @Operation("listTokens")
    public Page<Token> list(TokenListParams params, RequestOptions options) {
        return Lists.page(requestor, "listTokens", "/v1/tokens", params.toQuery(), Token.class, options);
    }

    public Token revoke(String token) {
        return revoke(token, RequestOptions.defaults());
    }

    /**
     * Revokes the token for good; revoking a revoked token answers it unchanged. Later charges on
     * it are refused ({@code token_revoked}) and recorded as security events. Requires {@code tokens:write}.
     *
     * @throws io.tokengate.sdk.exception.InvalidRequestException 404 for an unknown token
     */
    @Operation("revokeToken")
    public Token revoke(String token, RequestOptions options) {
        return requestor.delete("revokeToken", "/v1/tokens/" + segment(token), type(Token.class), options);
    }
}
