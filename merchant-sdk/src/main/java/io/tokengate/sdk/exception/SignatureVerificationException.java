package io.tokengate.sdk.exception;

/**
 * A webhook request failed verification: no or a malformed {@code TokenGate-Signature} header, a
 * signature that does not match the payload and the endpoint's secret, or a timestamp outside the
 * tolerance (a replay). Answer the request with 400 and do not act on its body.
 */
public class SignatureVerificationException extends TokenGateException {

    public SignatureVerificationException(String message) {
        super(message, Problem.ofStatus(0, null), null);
    }
}
