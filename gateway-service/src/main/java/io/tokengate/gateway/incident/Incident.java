package io.tokengate.gateway.incident;

import java.time.Instant;

/**
 * A containment incident as stored: who opened it and why, the key that replaced the merchant's
 * keys, the revocation cutoff, and the workers' progress (their lanes' cursors are in
 * {@code incident_lanes}).
 *
 * @param tokenCutoff    tokens of the merchant with a smaller row id were issued before the incident
 * @param tokensTotal    pending tokens counted when the incident opened; the final count once contained
 */
public record Incident(String id, String merchantId, String status, String reason, String openedBy,
                       String newApiKeyId, int apiKeysRevoked, long tokenCutoff, long tokensTotal, long tokensRevoked, long tokensReplaced, int batches, String migrationId,
                       Instant createdAt, Instant updatedAt, Instant completedAt) {

    public static final String CONTAINING = "containing";
    public static final String CONTAINED = "contained";
}
