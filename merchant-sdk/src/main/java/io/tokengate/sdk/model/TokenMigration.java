package io.tokengate.sdk.model;

import java.time.Instant;

/**
 * After a containment of the merchant (ops revoked every key and token and issued replacements for
 * the same cards), the old → new mapping of its tokens. Read it with the key issued at containment,
 * replace the stored tokens, then mark it done.
 *
 * @param incident the containment incident that produced it
 * @param status   {@code in_progress} while pairs are being recorded, {@code ready} once every
 *                 pair is readable, {@code done} once the merchant marked it done
 */
public record TokenMigration(String id, String object, String incident, String status, long tokensTotal,
                             long tokensRevoked, long tokensReplaced, Instant createdAt, Instant readyAt,
                             Instant doneAt) {
}
