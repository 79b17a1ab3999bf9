package io.tokengate.gateway.merchant;

import java.time.Instant;
import java.util.List;

/** What authentication needs to know about the key a secret hashes to, read in one query. */
public record KeyAuthentication(String keyId, String merchantId, List<String> scopes, String keyStatus,
                                Instant expiresAt, String merchantStatus, boolean networkAllowed, Instant lastUsedAt) {

    /** Whether {@code last_used_at} is old enough to be worth a write (at most one a minute per key). */
    public boolean usageStale(Instant now) {
        return lastUsedAt == null || lastUsedAt.isBefore(now.minusSeconds(60));
    }
}
