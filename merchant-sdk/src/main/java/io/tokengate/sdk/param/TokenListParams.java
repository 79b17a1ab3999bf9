package io.tokengate.sdk.param;

import java.util.LinkedHashMap;
import java.util.Map;

/** Filter and page size of {@code client.tokens().list(...)}; all optional. */
public final class TokenListParams {

    private final Map<String, Object> query;

    private TokenListParams(Map<String, Object> query) {
        this.query = Map.copyOf(query);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query parameters, without unset ones. */
    public Map<String, Object> toQuery() {
        return query;
    }

    /** Builder of {@link TokenListParams}. */
    public static final class Builder {
        private String status;
        private Integer limit;
        private String startingAfter;

        private Builder() {
        }

        /** Only tokens with this status: {@code active}, {@code suspended}, {@code revoked} or {@code expired}. */
        public Builder status(String status) {
            this.status = status;
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

        public TokenListParams build() {
            Map<String, Object> q = new LinkedHashMap<>();
            Params.put(q, "limit", limit);
            Params.put(q, "starting_after", startingAfter);
            Params.put(q, "status", status);
            return new TokenListParams(q);
        }
    }
}
