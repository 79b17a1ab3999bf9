package io.tokengate.sdk.param;

import java.util.Map;

/**
 * Parameters of {@code client.checkoutSessions().complete(...)}: the {@code code} query parameter
 * of the success redirect, unchanged.
 */
public final class CheckoutSessionCompleteParams {

    private final Map<String, Object> map;

    private CheckoutSessionCompleteParams(String code) {
        this.map = Map.of("code", code);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JSON body. */
    public Map<String, Object> toMap() {
        return map;
    }

    /** Builder of {@link CheckoutSessionCompleteParams}; {@code code} is required. */
    public static final class Builder {
        private String code;

        private Builder() {
        }

        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /** @throws IllegalArgumentException when code is missing */
        public CheckoutSessionCompleteParams build() {
            return new CheckoutSessionCompleteParams(Params.required(code, "CheckoutSessionCompleteParams", "code"));
        }
    }
}
