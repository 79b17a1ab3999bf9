package io.tokengate.sdk.exception;

/**
 * The request cannot succeed as sent: a bad parameter (400), an unknown object (404, also another merchant's), an object whose state forbids the action (409 {@code state_conflict}, {@code checkout_session_not_open}), an expired checkout session (410), or a refusal of a well-formed request (422, e.g. {@code token_revoked}, {@code amount_exceeds_available}, {@code checkout_code_invalid}). {@link #getParam()} names the field at fault when there is one.
 */
public class InvalidRequestException extends TokenGateException {

    public InvalidRequestException(String message, Problem problem) {
        super(message, problem, null);
    }
}
