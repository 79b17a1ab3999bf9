package io.tokengate.vault.card;

import java.util.Objects;

/**
 * Card input was refused. The message names only the {@link InvalidCardReason} and never contains
 * the card number, security code, cardholder name or any other part of the input, so the exception
 * is safe to log and to map to an API error.
 */
public final class InvalidCardException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final InvalidCardReason reason;

    /** Creates the exception for {@code reason}; the message is derived from the reason alone. */
    public InvalidCardException(InvalidCardReason reason) {
        super("card rejected: " + Objects.requireNonNull(reason, "reason").code());
        this.reason = reason;
    }

    /** Why the input was refused. */
    public InvalidCardReason reason() {
        return reason;
    }

    // A refusal is a normal outcome at checkout: skip the stack walk, it would tell nothing.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
