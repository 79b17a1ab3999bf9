package io.tokengate.gateway.checkout;

import io.tokengate.gateway.token.TokenControls;
import io.tokengate.gateway.token.TokenDetails;
import java.time.Instant;

/** JSON shapes of the checkout API (snake_case on the wire). */
final class CheckoutViews {

    private CheckoutViews() {
    }

    /** Body of {@code POST /v1/checkout/sessions}. */
    record CreateSession(String mode, Long amount, String currency, Boolean capture, String successUrl, String cancelUrl,
                         String merchantReference, TokenControls tokenControls, Long expiresInSeconds,
                         Instant expiresAt) {
    }

    /** Body of {@code POST /v1/checkout/sessions/{id}/complete}. */
    record Complete(String code) {
        // The generated toString would print the code.
        @Override
        public String toString() {
            return "Complete[code=***]";
        }
    }

    /**
     * A session as its merchant sees it. {@code card} appears once a card is on the session;
     * {@code token} only after the code exchange ({@code completed}); never any card data beyond
     * brand, last four and expiry.
     */
    record SessionView(String id, String object, String url, String mode, String status, Long amount,
                       String currency, Boolean capture, String successUrl, String cancelUrl, String merchantReference,
                       ControlsView tokenControls, CardView card, String token, String charge, String lastError,
                       Instant expiresAt, Instant createdAt, Instant completedAt) {

        static SessionView of(CheckoutSession s, String url, Instant now, String token) {
            CardView card = s.card() == null ? null
                    : new CardView(s.card().brand(), s.card().last4(), s.card().expMonth(), s.card().expYear());
            return new SessionView(s.id(), "checkout_session", url, s.mode(), s.effectiveStatus(now), s.amount(),
                    s.currency(), s.payment() ? s.capture() : null, s.successUrl(), s.cancelUrl(), s.merchantReference(),
                    ControlsView.of(s.tokenControls()), card, token, s.chargeId(), s.lastError(), s.expiresAt(),
                    s.createdAt(), s.completedAt());
        }
    }

    /** What the code exchange returns: the session, its token, and the charge in payment mode. */
    record CompletionView(String object, SessionView session, TokenView token, Object charge) {
    }

    /** The token object, in the same shape as {@code GET /v1/tokens/{token}}. */
    record TokenView(String object, String token, String merchant, String status, String format, CardView card,
                     ControlsView controls, boolean used, Instant usedAt, Instant createdAt, Instant revokedAt,
                     String revokedReason) {

        static TokenView of(TokenDetails d) {
            TokenDetails.CardSummary c = d.card();
            return new TokenView("token", d.token(), d.merchantId(), d.status(), d.format().apiName(),
                    new CardView(c.brand(), c.last4(), c.expMonth(), c.expYear()), ControlsView.of(d.controls()),
                    d.usedAt() != null, d.usedAt(), d.createdAt(), d.revokedAt(), d.revokedReason());
        }
    }

    record CardView(String brand, String last4, int expMonth, int expYear) {
    }

    record ControlsView(String usage, Instant expiresAt, Long maxAmount, String maxAmountCurrency, String channel) {
        static ControlsView of(TokenControls c) {
            return new ControlsView(c.usage(), c.expiresAt(), c.maxAmount(), c.maxAmountCurrency(), c.channel());
        }
    }
}
