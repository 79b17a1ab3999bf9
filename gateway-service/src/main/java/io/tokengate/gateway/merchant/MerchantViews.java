package io.tokengate.gateway.merchant;

import java.time.Instant;
import java.util.List;

/** JSON shapes of the ops merchant API (snake_case on the wire). */
final class MerchantViews {

    private MerchantViews() {
    }

    record CreateMerchant(String name, List<String> returnOrigins) {
    }

    record IssueKey(List<String> scopes, Instant expiresAt) {
    }

    record RevokeKey(String reason) {
    }

    record SetAcl(List<String> allowedCidrs, Boolean merchantInitiatedAllowed, List<Acl.CurrencyLimit> currencies) {
    }

    record MerchantView(String id, String object, String name, String status, List<String> returnOrigins,
                        Instant createdAt, Instant updatedAt) {
        static MerchantView of(Merchant m) {
            return new MerchantView(m.id(), "merchant", m.name(), m.status(), m.returnOrigins(), m.createdAt(),
                    m.updatedAt());
        }
    }

    record KeyView(String id, String object, String merchant, String secretHint, List<String> scopes, String status,
                   Instant expiresAt, Instant createdAt, Instant revokedAt, Instant lastUsedAt, String secret) {
        static KeyView of(ApiKey k) {
            return of(k, null);
        }

        static KeyView of(ApiKey k, String secret) {
            return new KeyView(k.id(), "api_key", k.merchantId(), k.secretHint(), k.scopes(), k.status(),
                    k.expiresAt(), k.createdAt(), k.revokedAt(), k.lastUsedAt(), secret);
        }
    }

    record AclView(String object, String merchant, List<String> allowedCidrs, boolean merchantInitiatedAllowed,
                   List<Acl.CurrencyLimit> currencies, Instant updatedAt) {
        static AclView of(Acl a) {
            return new AclView("acl", a.merchantId(), a.allowedCidrs(), a.merchantInitiatedAllowed(), a.currencies(),
                    a.updatedAt());
        }
    }
}
