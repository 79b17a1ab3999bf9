package io.tokengate.sdk.exception;

/**
 * 401: no, an unknown, expired or revoked secret key, or a suspended merchant (codes {@code authentication_required}, {@code api_key_invalid}, {@code api_key_expired}, {@code api_key_revoked}, {@code merchant_suspended}). Retrying does not help: fix the key.
 */
public class AuthenticationException extends TokenGateException {

    public AuthenticationException(String message, Problem problem) {
        super(message, problem, null);
    }
}
