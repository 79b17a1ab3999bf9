/**
 * Random identifiers and tokens: prefixed base62 ids and secrets ({@link
 * io.tokengate.vault.token.RandomIds}, {@link io.tokengate.vault.token.IdKind}) and
 * format-preserving card-number surrogates ({@link io.tokengate.vault.token.FormatPreservingTokens}).
 */
package io.tokengate.vault.token;
