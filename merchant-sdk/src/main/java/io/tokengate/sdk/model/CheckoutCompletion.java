package io.tokengate.sdk.model;

/**
 * The answer to exchanging a checkout code: the completed session, the new token (with its value:
 * store it, it never passed through the browser) and, in payment mode, the charge (null in setup
 * mode).
 */
public record CheckoutCompletion(String object, CheckoutSession session, Token token, Charge charge) {
}
