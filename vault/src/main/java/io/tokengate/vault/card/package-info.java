/**
 * Card value types that validate on construction and never reveal themselves by accident: {@link
 * io.tokengate.vault.card.Pan}, {@link io.tokengate.vault.card.Cvc}, {@link
 * io.tokengate.vault.card.Expiry} and {@link io.tokengate.vault.card.CardPayload}. Refused input
 * raises {@link io.tokengate.vault.card.InvalidCardException} with a stable reason code; raw digits
 * come out only with {@link io.tokengate.vault.card.RawCardAccess}.
 */
package io.tokengate.vault.card;
