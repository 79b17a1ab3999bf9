package io.tokengate.gateway.token;

/**
 * A newly issued token. The value is shown to the merchant (or handed back through checkout); the
 * database keeps only its keyed hash and a sealed copy.
 *
 * @param cardReused whether the card was already vaulted for this merchant (see {@link Cards})
 */
public record IssuedToken(TokenDetails details, boolean cardReused) {

    public String token() {
        return details.token();
    }

    public long tokenId() {
        return details.id();
    }

    public String cardId() {
        return details.cardId();
    }

    @Override
    public String toString() {
        return "IssuedToken[" + details + ", cardReused=" + cardReused + "]";
    }
}
