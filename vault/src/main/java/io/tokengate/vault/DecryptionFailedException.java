package io.tokengate.vault;

/**
 * A sealed card could not be opened. Deliberately uninformative, like Tink's "decryption failed":
 * a flipped bit, a truncated or malformed blob, an unknown format, a blob presented under another
 * card's reference and a key version that no longer exists all end here with the same message and
 * no cause, so the failure teaches an attacker nothing. Treat it as a server-side integrity error
 * and a security event, not as a client error.
 */
public final class DecryptionFailedException extends VaultException {

    private static final long serialVersionUID = 1L;

    /** The one message this exception ever carries. */
    public static final String MESSAGE = "card decryption failed";

    /** Creates the exception; it carries no detail by design. */
    public DecryptionFailedException() {
        super(MESSAGE);
    }
}
