package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.Map;

/** Page size and cursor of a list without filters (webhook endpoints, deliveries, migration pairs). */
public final class ListParams {

    private final Map<String, Object> query;

    private ListParams(Map<String, Object> query) {
        this.query = Map.copyOf(query);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query parameters, without unset ones. */
    public Map<String, Object> toQuery() {
        return query;
    }

    /** Builder of {@link ListParams}. */
    public static final class Builder {
        private Integer limit;
        private String startingAfter;

        private Builder() {
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

        public ListParams build() {
            Map<String, Object> q = new LinkedHashMap<>();
            Params.put(q, "limit", limit);
            Params.put(q, "starting_after", startingAfter);
            return new ListParams(q);
        }
    }
}
