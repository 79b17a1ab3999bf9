package io.tokengate.gateway.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit fact. Details hold ids, codes and amounts only: never card data or secrets.
 *
 * @param action dotted lower-case verb such as {@code api_key.issued} or {@code charge.authorized}
 */
public record AuditEntry(Actor actor, String action, String merchantId, String subjectType, String subjectId,
                         Map<String, Object> details) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Builder of(Actor actor, String action) {
        return new Builder(actor, action);
    }

    /** Builder so call sites state only what applies. */
    public static final class Builder {
        private final Actor actor;
        private final String action;
        private String merchantId;
        private String subjectType;
        private String subjectId;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(Actor actor, String action) {
            this.actor = actor;
            this.action = action;
        }

        public Builder merchant(String merchantId) {
            this.merchantId = merchantId;
            return this;
        }

        public Builder subject(String type, String id) {
            this.subjectType = type;
            this.subjectId = id;
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(actor, action, merchantId, subjectType, subjectId, details);
        }
    }
}
