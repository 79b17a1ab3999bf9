/**
 * The card vault: envelope encryption of card payloads bound to their database rows, a versioned
 * key ring in a BCFKS key store, card fingerprints and lookup hashes.
 *
 * <p>Entry points: {@link io.tokengate.vault.KeyRing} (open or create the keys, rotate, destroy
 * retired versions) and {@link io.tokengate.vault.CardVault} (seal, open, re-wrap, fingerprint,
 * lookup hash). Callers never see keys, nonces or cipher modes; the primitives in this package are
 * package-private. Card value types live in {@link io.tokengate.vault.card}, identifier and token
 * generation in {@link io.tokengate.vault.token}.
 */
package io.tokengate.vault;
