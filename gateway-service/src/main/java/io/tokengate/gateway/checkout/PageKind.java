package io.tokengate.gateway.checkout;

import org.springframework.http.HttpStatus;

/**
 * The hosted pages that only tell the shopper something: why a checkout cannot go on, in plain
 * words, never a stack trace or a JSON document.
 */
enum PageKind {
    NOT_FOUND(HttpStatus.NOT_FOUND, "Checkout not found",
            "This checkout link is not valid. Go back to the shop and start the payment again."),
    INVALID(HttpStatus.BAD_REQUEST, "Request not understood",
            "This checkout link or form could not be read. Go back to the shop and start the payment again."),
    TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Form too large",
            "What was sent is far larger than this form. Go back to the checkout, reload it and try again."),
    EXPIRED(HttpStatus.GONE, "This checkout has expired",
            "The time to complete this checkout has run out. Go back to the shop and start again."),
    CANCELLED(HttpStatus.GONE, "This checkout was cancelled",
            "Nothing was charged and no card was saved. Go back to the shop to start again."),
    FAILED(HttpStatus.GONE, "This checkout could not be completed",
            "Too many attempts did not succeed, so this checkout has been closed. Nothing was charged."),
    DONE(HttpStatus.CONFLICT, "This checkout is already complete",
            "Your card details were received. You can close this page."),
    UNAVAILABLE(HttpStatus.FORBIDDEN, "Checkout unavailable",
            "This shop cannot take payments at the moment. Please contact the shop."),
    THROTTLED(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts",
            "There have been too many attempts from your connection. Wait a few minutes and try again."),
    CSRF(HttpStatus.FORBIDDEN, "This form has expired",
            "The page was open too long or in another window. Go back to the checkout, reload it and try again."),
    BUSY(HttpStatus.SERVICE_UNAVAILABLE, "Checkout temporarily unavailable",
            "We could not process your request just now. Nothing was charged. Please try again in a moment."),
    ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
            "We could not process your request. Nothing was charged. Please try again later.");

    private final HttpStatus status;
    private final String title;
    private final String text;

    PageKind(HttpStatus status, String title, String text) {
        this.status = status;
        this.title = title;
        this.text = text;
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    String text() {
        return text;
    }

    /** The page for a session that can no longer take a card, by its (effective) status. */
    static PageKind forStatus(String status) {
        return switch (status) {
            case CheckoutSession.EXPIRED -> EXPIRED;
            case CheckoutSession.CANCELLED -> CANCELLED;
            case CheckoutSession.FAILED -> FAILED;
            case CheckoutSession.SUCCEEDED, CheckoutSession.COMPLETED -> DONE;
            default -> ERROR;
        };
    }
}
