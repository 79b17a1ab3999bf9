package io.tokengate.sdk.model;

import java.time.Instant;

/**
 * A token's domain controls, fixed when the token is issued: in checkout session parameters they
 * ask for them, in a {@link Token} they report them. Null fields take the gateway's defaults
 * ({@code multi_use}, no expiry, no cap, channel {@code any}).
 *
 * @param usage             {@code single_use} or {@code multi_use}
 * @param expiresAt         after this instant the token is {@code expired}
 * @param maxAmount         highest amount per charge in minor units, with {@code maxAmountCurrency}
 * @param maxAmountCurrency the only currency the token may be charged in, when {@code maxAmount} is set
 * @param channel           {@code customer_initiated}, {@code merchant_initiated} or {@code any}
 */
public record TokenControls(String usage, Instant expiresAt, Long maxAmount, String maxAmountCurrency,
                            String channel) {

    public static final String SINGLE_USE = "single_use";
    public static final String MULTI_USE = "multi_use";
    public static final String CUSTOMER_INITIATED = "customer_initiated";
    public static final String MERCHANT_INITIATED = "merchant_initiated";
    public static final String ANY = "any";

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TokenControls}; unset fields take the gateway's defaults. */
    public static final class Builder {
        private String usage;
        private Instant expiresAt;
        private Long maxAmount;
        private String maxAmountCurrency;
        private String channel;

        private Builder() {
        }

        /** {@link #SINGLE_USE} or {@link #MULTI_USE}. */
        public Builder usage(String usage) {
            this.usage = usage;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** A cap per charge: amount in minor units and the only currency allowed. */
        public Builder maxAmount(long maxAmount, String currency) {
            this.maxAmount = maxAmount;
            this.maxAmountCurrency = currency;
            return this;
        }

        /** {@link #CUSTOMER_INITIATED}, {@link #MERCHANT_INITIATED} or {@link #ANY}. */
        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public TokenControls build() {
            return new TokenControls(usage, expiresAt, maxAmount, maxAmountCurrency, channel);
        }
    }
}
