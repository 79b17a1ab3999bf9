package io.tokengate.gateway.security;

import java.util.Set;

/**
 * The merchant behind an authenticated API request: which merchant, through which key, with
 * which scopes. Controllers take every merchant-owned lookup from {@link #merchantId()} so one
 * merchant can never name another's objects.
 */
public record MerchantPrincipal(String merchantId, String keyId, Set<String> scopes, String sourceIp) {

    public MerchantPrincipal {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
