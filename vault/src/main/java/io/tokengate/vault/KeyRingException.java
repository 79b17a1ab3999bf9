package io.tokengate.vault;

import java.util.Objects;

/**
 * The key ring could not be opened, created or changed, or refused a change. {@link #reason()}
 * tells which; the message says what to do and never contains key material or the password.
 */
public final class KeyRingException extends VaultException {

    private static final long serialVersionUID = 1L;

    /** Why the key ring failed or refused. */
    public enum Reason {
        /** The key store file does not exist and creating one was not allowed. */
        STORE_MISSING,
        /** The key store file exists but the password is wrong or the file is damaged. */
        STORE_UNREADABLE,
        /** The key store opened but lacks an entry the vault needs, or holds one of the wrong kind. */
        STORE_INVALID,
        /** The key store file could not be written; nothing changed. */
        STORE_WRITE_FAILED,
        /** No key-encryption key has the requested version. */
        KEK_UNKNOWN,
        /** The version is the current key-encryption key and cannot be destroyed. */
        KEK_CURRENT,
        /** Cards still use the version; re-wrap them first. */
        KEK_IN_USE
    }

    private final Reason reason;

    KeyRingException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    KeyRingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }
}
