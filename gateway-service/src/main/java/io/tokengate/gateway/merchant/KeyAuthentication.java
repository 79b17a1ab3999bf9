package io.tokengate.gateway.merchant;

import java.time.Instant;
import java.util.List;

/**
 * What authentication needs to know about the key a secret hashes to, read in one query.
 *
 * @param aclVersion the version of the merchant's ACL row read with it ({@code null} without an ACL)
 */
public record KeyAuthentication(String keyId, String merchantId, List<String> scopes, String keyStatus,
                                Instant expiresAt, String merchantStatus, boolean networkAllowed, Instant lastUsedAt,
                                String aclVersion) {

    /** Whether {@code last_used_at} is old enough to be worth a write (at most one a minute per key). */
    public boolean usageStale(Instant now) {
        return lastUsedAt == null || lastUsedAt.isBefore(now.minusSeconds(60));
    }
}
