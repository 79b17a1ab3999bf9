package io.tokengate.gateway.token;

/**
 * One token revoked by a containment batch and its replacement: row ids only (never values).
 *
 * @param newTokenId the replacement's row id, or {@code null} when the token was revoked without one
 *                   (a spent single-use token, an expired token, a token whose card was deleted)
 */
public record TokenReplacement(long oldTokenId, Long newTokenId) {
}
