package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of {@code client.charges().capture(...)}: the amount to capture (default the whole
 * authorization). A charge is captured once; an uncaptured remainder is released.
 */
public final class ChargeCaptureParams {

    private final Map<String, Object> map;

    private ChargeCaptureParams(Map<String, Object> map) {
        this.map = Map.copyOf(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JSON body, without unset fields. */
    public Map<String, Object> toMap() {
        return map;
    }

    /** Builder of {@link ChargeCaptureParams}. */
    public static final class Builder {
        private Long amount;

        private Builder() {
        }

        /** At most the authorized amount, in minor units. */
        public Builder amount(long amount) {
            this.amount = amount;
            return this;
        }

        public ChargeCaptureParams build() {
            Map<String, Object> map = new LinkedHashMap<>();
            Params.put(map, "amount", amount);
            return new ChargeCaptureParams(map);
        }
    }
}
