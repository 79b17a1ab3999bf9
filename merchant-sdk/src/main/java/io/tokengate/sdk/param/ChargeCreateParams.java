package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of {@code client.charges().create(...)}: charge {@code amount} (minor units) in
 * {@code currency} on one of the merchant's tokens. Captured at once unless {@code capture(false)}.
 * Immutable; build with {@link #builder()}.
 */
public final class ChargeCreateParams {

    /** Who starts the charge: the shopper at checkout, or the merchant without the shopper present. */
    public enum Channel {
        CUSTOMER_INITIATED("customer_initiated"),
        /** Must be allowed by the merchant's ACL and the token's controls. */
        MERCHANT_INITIATED("merchant_initiated");

        private final String value;

        Channel(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private final Map<String, Object> map;

    private ChargeCreateParams(Map<String, Object> map) {
        this.map = Map.copyOf(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JSON body, snake_case, without unset fields. */
    public Map<String, Object> toMap() {
        return map;
    }

    /** Builder of {@link ChargeCreateParams}: {@code token}, {@code amount} and {@code currency} are required. */
    public static final class Builder {
        private String token;
        private Long amount;
        private String currency;
        private Boolean capture;
        private String description;
        private String reference;
        private Channel channel;

        private Builder() {
        }

        /** The merchant's token ({@code tok_...} or a format-preserving value). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** In minor units: 1050 for 10.50 EUR, 1000 for 1000 JPY. */
        public Builder amount(long amount) {
            this.amount = amount;
            return this;
        }

        /** ISO 4217, upper case, allowed by the merchant's ACL. */
        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        /** False to only authorize now and capture later ({@code charges().capture(...)}). */
        public Builder capture(boolean capture) {
            this.capture = capture;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Your own reference, e.g. an order number. */
        public Builder reference(String reference) {
            this.reference = reference;
            return this;
        }

        public Builder channel(Channel channel) {
            this.channel = channel;
            return this;
        }

        /** @throws IllegalArgumentException when token, amount or currency is missing */
        public ChargeCreateParams build() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("token", Params.required(token, "ChargeCreateParams", "token"));
            map.put("amount", Params.required(amount, "ChargeCreateParams", "amount"));
            map.put("currency", Params.required(currency, "ChargeCreateParams", "currency"));
            Params.put(map, "capture", capture);
            Params.put(map, "description", description);
            Params.put(map, "reference", reference);
            Params.put(map, "channel", channel == null ? null : channel.value());
            return new ChargeCreateParams(map);
        }
    }
}
