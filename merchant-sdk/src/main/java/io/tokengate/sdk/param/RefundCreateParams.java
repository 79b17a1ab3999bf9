package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of {@code client.refunds().create(...)}: refund {@code amount} (default what is left)
 * of a captured charge. Partial refunds may be repeated; their total never exceeds the capture.
 */
public final class RefundCreateParams {

    /** Why the money goes back. */
    public enum Reason {
        DUPLICATE("duplicate"),
        FRAUDULENT("fraudulent"),
        REQUESTED_BY_CUSTOMER("requested_by_customer"),
        OTHER("other");

        private final String value;

        Reason(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private final Map<String, Object> map;

    private RefundCreateParams(Map<String, Object> map) {
        this.map = Map.copyOf(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JSON body, without unset fields. */
    public Map<String, Object> toMap() {
        return map;
    }

    /** Builder of {@link RefundCreateParams}; {@code charge} is required. */
    public static final class Builder {
        private String charge;
        private Long amount;
        private Reason reason;

        private Builder() {
        }

        /** The captured charge ({@code ch_...}). */
        public Builder charge(String chargeId) {
            this.charge = chargeId;
            return this;
        }

        /** In minor units; default what is left to refund. */
        public Builder amount(long amount) {
            this.amount = amount;
            return this;
        }

        public Builder reason(Reason reason) {
            this.reason = reason;
            return this;
        }

        /** @throws IllegalArgumentException when charge is missing */
        public RefundCreateParams build() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("charge", Params.required(charge, "RefundCreateParams", "charge"));
            Params.put(map, "amount", amount);
            Params.put(map, "reason", reason == null ? null : reason.value());
            return new RefundCreateParams(map);
        }
    }
}
