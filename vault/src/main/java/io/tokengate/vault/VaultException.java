package io.tokengate.vault;

/**
 * Base of the vault's own failures (as opposed to refused input, which is {@link
 * io.tokengate.vault.card.InvalidCardException}). Messages never contain card data or key
 * material.
 */
public abstract class VaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected VaultException(String message) {
        super(message);
    }

    protected VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
