package io.tokengate.gateway.token;

import java.time.Instant;

/**
 * The token object of the API ({@code "object": "token"}), as the merchant and ops endpoints answer
 * it; public so other features (checkout's code exchange, charges) can embed the same shape. Never
 * holds the card number or its first digits.
 */
public record TokenView(String object, String token, String merchant, String status, String format, CardView card,
                        ControlsView controls, boolean used, Instant usedAt, Instant createdAt, Instant revokedAt,
                        String revokedReason) {

    public static TokenView of(TokenDetails d) {
        TokenControls c = d.controls();
        return new TokenView("token", d.token(), d.merchantId(), d.status(), d.format().apiName(),
                new CardView(d.card().brand(), d.card().last4(), d.card().expMonth(), d.card().expYear()),
                new ControlsView(c.usage(), c.expiresAt(), c.maxAmount(), c.maxAmountCurrency(), c.channel()),
                d.usedAt() != null, d.usedAt(), d.createdAt(), d.revokedAt(), d.revokedReason());
    }

    /** The card's display fields. */
    public record CardView(String brand, String last4, int expMonth, int expYear) {
    }

    /** The domain controls, every field present ({@code null} when not set). */
    public record ControlsView(String usage, Instant expiresAt, Long maxAmount, String maxAmountCurrency,
                               String channel) {
    }
}
