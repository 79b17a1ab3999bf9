package io.tokengate.gateway.token;

/**
 * What a charge needs from its token, read by {@link Tokens#reserveForCharge} in the charge's first
 * transaction, or by {@link Tokens#checkReusableForCharge} outside one. The card is still sealed;
 * {@link Tokens#openCard} opens it for the acquirer call only. {@code spent}: reserving it spent a
 * single-use token, a write in that transaction, so the charge must be recorded in the same one.
 */
public record ChargeableCard(long tokenId, String cardId, String merchantId, byte[] sealedCard, String brand,
                             String last4, int expMonth, int expYear, boolean spent) {

    @Override
    public String toString() {
        return "ChargeableCard[tokenId=" + tokenId + ", card=" + cardId + ", merchant=" + merchantId + ", brand="
                + brand + ", last4=" + last4 + "]";
    }
}
