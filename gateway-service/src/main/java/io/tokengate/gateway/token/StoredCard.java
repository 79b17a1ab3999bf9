package io.tokengate.gateway.token;

/**
 * A merchant's vaulted card as the rest of the gateway may see it: ids and display fields only.
 *
 * @param reused whether an active row for the same card number already existed and was used
 */
public record StoredCard(String cardId, String merchantId, boolean reused, String brand, String last4, int expMonth,
                         int expYear) {
}
