package io.tokengate.sdk.model;

/**
 * A card's display fields, safe to show the shopper ("visa •••• 4242, 12/2029"); never the number
 * or its first digits.
 *
 * @param brand visa, mastercard, amex, discover, jcb, diners, unionpay or unknown
 */
public record CardSummary(String brand, String last4, int expMonth, int expYear) {
}
