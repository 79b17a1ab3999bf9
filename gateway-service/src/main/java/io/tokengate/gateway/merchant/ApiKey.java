package io.tokengate.gateway.merchant;

import java.time.Instant;
import java.util.List;

/** An API key as listed to ops: never the secret, only its last characters. */
public record ApiKey(String id, String merchantId, String secretHint, List<String> scopes, String status,
                     Instant expiresAt, Instant createdAt, Instant revokedAt, Instant lastUsedAt) {
}
