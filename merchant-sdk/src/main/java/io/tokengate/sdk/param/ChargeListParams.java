package io.tokengate.sdk.param;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Filters and page size of {@code client.charges().list(...)}; all optional. */
public final class ChargeListParams {

    private final Map<String, Object> query;

    private ChargeListParams(Map<String, Object> query) {
        this.query = Map.copyOf(query);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The query parameters, without unset ones. */
    public Map<String, Object> toQuery() {
        return query;
    }

    /** Builder of {@link ChargeListParams}. */
    public static final class Builder {
        private Integer limit;
        private String startingAfter;
        private String status;
        private String token;
        private Instant createdGte;
        private Instant createdLt;

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

        /** Only charges with this status, e.g. {@code captured}. */
        public Builder status(String status) {
            this.status = status;
            return this;
        }

        /** Only the charges of this token. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Only charges created at or after this instant. */
        public Builder createdGte(Instant createdGte) {
            this.createdGte = createdGte;
            return this;
        }

        /** Only charges created before this instant. */
        public Builder createdLt(Instant createdLt) {
            this.createdLt = createdLt;
            return this;
        }

        public ChargeListParams build() {
            Map<String, Object> q = new LinkedHashMap<>();
            Params.put(q, "limit", limit);
            Params.put(q, "starting_after", startingAfter);
            Params.put(q, "status", status);
            Params.put(q, "token", token);
            Params.put(q, "created_gte", createdGte == null ? null : createdGte.toString());
            Params.put(q, "created_lt", createdLt == null ? null : createdLt.toString());
            return new ChargeListParams(q);
        }
    }
}
