package io.tokengate.gateway.security;

import java.util.Set;

/**
 * The merchant behind an authenticated API request: which merchant, through which key, with
 * which scopes. Controllers take every merchant-owned lookup from {@link #merchantId()} so one
 * merchant can never name another's objects.
 *
 * @param aclVersion the version of the merchant's ACL seen at authentication ({@code null} without an
 *                   ACL): the ACL the request's charges are checked against
 */
public record MerchantPrincipal(String merchantId, String keyId, Set<String> scopes, String sourceIp,
                                String aclVersion) {

    public MerchantPrincipal {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
