package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.Map;

/** Filter and page size of {@code client.refunds().list(...)}; all optional. */
public final class RefundListParams {

    private final Map<String, Object> query;

    private RefundListParams(Map<String, Object> query) {
        this.query = Map.copyOf(query);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query parameters, without unset ones. */
    public Map<String, Object> toQuery() {
        return query;
    }

    /** Builder of {@link RefundListParams}. */
    public static final class Builder {
        private String charge;
        private Integer limit;
        private String startingAfter;

        private Builder() {
        }

        /** Only the refunds of this charge. */
        public Builder charge(String chargeId) {
            this.charge = chargeId;
            return this;
        }

        /** Items per page, 1 to 100 (default 20). */
        public Builder limit(int limit) {
            this.limit = Params.limit(limit);
            return this;
        }

        /** The {@code nextCursor} of the previous page; auto-paging passes it for you. */
        public Builder startingAfter(String cursor) {
            this.startingAfter = cursor;
            return this;
        }

        public RefundListParams build() {
            Map<String, Object> q = new LinkedHashMap<>();
            Params.put(q, "charge", charge);
            Params.put(q, "limit", limit);
            Params.put(q, "starting_after", startingAfter);
            return new RefundListParams(q);
        }
    }
}
