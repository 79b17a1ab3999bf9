package io.tokengate.vault.card;

/**
 * Access token that unlocks the raw digits of a {@link Pan} or {@link Cvc}, in the manner of
 * Tink's {@code InsecureSecretKeyAccess}. It carries no power of its own: it exists so that every
 * place which reads raw card data says so in a form that code review and {@code grep
 * RawCardAccess.get} find.
 */
public final class RawCardAccess {

    private static final RawCardAccess INSTANCE = new RawCardAccess();

    private RawCardAccess() {
    }

    /** Returns the token. Call it only where reading raw card digits is the point of the code. */
    public static RawCardAccess get() {
        return INSTANCE;
    }
}
