package io.tokengate.sdk.param;

import io.tokengate.sdk.model.TokenControls;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of {@code client.checkoutSessions().create(...)}. {@code successUrl} and
 * {@code cancelUrl} must be https (http only on localhost) on one of the merchant's registered
 * return origins. Payment mode needs {@code amount} and {@code currency}.
 */
public final class CheckoutSessionCreateParams {

    /** What the hosted page does. */
    public enum Mode {
        /** Verify and save the card; the result is a token. */
        SETUP("setup"),
        /** Save the card and charge {@code amount} in {@code currency}. */
        PAYMENT("payment");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private final Map<String, Object> map;

    private CheckoutSessionCreateParams(Map<String, Object> map) {
        this.map = Map.copyOf(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JSON body (token controls as a record, serialized by the SDK), without unset fields. */
    public Map<String, Object> toMap() {
        return map;
    }

    /** Builder of {@link CheckoutSessionCreateParams}; mode, successUrl and cancelUrl are required. */
    public static final class Builder {
        private Mode mode;
        private Long amount;
        private String currency;
        private Boolean capture;
        private String successUrl;
        private String cancelUrl;
        private String merchantReference;
        private TokenControls tokenControls;
        private Integer expiresInSeconds;
        private Instant expiresAt;

        private Builder() {
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Payment mode: minor units (4999 = 49.99 EUR). */
        public Builder amount(long amount) {
            this.amount = amount;
            return this;
        }

        /** Payment mode: ISO 4217, allowed by the merchant's ACL. */
        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        /** Payment mode: false to authorize only. */
        public Builder capture(boolean capture) {
            this.capture = capture;
            return this;
        }

        /** Where the shopper returns with {@code session_id} and {@code code} added to the query. */
        public Builder successUrl(String successUrl) {
            this.successUrl = successUrl;
            return this;
        }

        /** Where the shopper lands after cancelling, with {@code session_id} added. */
        public Builder cancelUrl(String cancelUrl) {
            this.cancelUrl = cancelUrl;
            return this;
        }

        /** Your own reference (order number); also the charge's reference in payment mode. */
        public Builder merchantReference(String merchantReference) {
            this.merchantReference = merchantReference;
            return this;
        }

        /** The controls of the token the session issues. */
        public Builder tokenControls(TokenControls tokenControls) {
            this.tokenControls = tokenControls;
            return this;
        }

        /** Session lifetime, 60 to 86400 seconds (default 30 minutes). */
        public Builder expiresInSeconds(int seconds) {
            this.expiresInSeconds = seconds;
            return this;
        }

        /** Instead of {@link #expiresInSeconds(int)}. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** @throws IllegalArgumentException when mode, successUrl or cancelUrl is missing */
        public CheckoutSessionCreateParams build() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("mode", Params.required(mode, "CheckoutSessionCreateParams", "mode").value());
            Params.put(map, "amount", amount);
            Params.put(map, "currency", currency);
            Params.put(map, "capture", capture);
            map.put("success_url", Params.required(successUrl, "CheckoutSessionCreateParams", "successUrl"));
            map.put("cancel_url", Params.required(cancelUrl, "CheckoutSessionCreateParams", "cancelUrl"));
            Params.put(map, "merchant_reference", merchantReference);
            Params.put(map, "token_controls", tokenControls);
            Params.put(map, "expires_in_seconds", expiresInSeconds);
            Params.put(map, "expires_at", expiresAt == null ? null : expiresAt.toString());
            return new CheckoutSessionCreateParams(map);
        }
    }
}
