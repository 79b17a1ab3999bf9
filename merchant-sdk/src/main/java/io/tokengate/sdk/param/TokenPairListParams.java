package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Page size and cursor of {@code client.tokenMigrations().listPairs(...)}: up to 1,000 pairs a page
 * (default 100), since a migration can hold millions.
 */
public final class TokenPairListParams {

    private final Map<String, Object> query;

    private TokenPairListParams(Map<String, Object> query) {
        this.query = Map.copyOf(query);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query parameters, without unset ones. */
    public Map<String, Object> toQuery() {
        return query;
    }

    /** Builder of {@link TokenPairListParams}. */
    public static final class Builder {
        private Integer limit;
        private String startingAfter;

        private Builder() {
        }

        /** Pairs per page, 1 to 1000 (default 100). */
        public Builder limit(int limit) {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("limit is 1 to 1000 pairs per page.");
            }
            this.limit = limit;
            return this;
        }

        /** The {@code nextCursor} of the previous page; auto-paging passes it for you. */
        public Builder startingAfter(String cursor) {
            this.startingAfter = cursor;
            return this;
        }

        public TokenPairListParams build() {
            Map<String, Object> q = new LinkedHashMap<>();
            Params.put(q, "limit", limit);
            Params.put(q, "starting_after", startingAfter);
            return new TokenPairListParams(q);
        }
    }
}
