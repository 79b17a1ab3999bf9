package io.tokengate.gateway.merchant;

import io.tokengate.gateway.web.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The API-key scopes; the database CHECK on {@code api_keys.scopes} holds the same list. */
public final class Scopes {

    public static final String CHECKOUT_WRITE = "checkout:write";
    public static final String CHARGES_WRITE = "charges:write";
    public static final String CHARGES_READ = "charges:read";
    public static final String REFUNDS_WRITE = "refunds:write";
    public static final String REFUNDS_READ = "refunds:read";
    public static final String TOKENS_READ = "tokens:read";
    public static final String TOKENS_WRITE = "tokens:write";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String MIGRATIONS_READ = "migrations:read";

    public static final Set<String> ALL = Set.of(CHECKOUT_WRITE, CHARGES_WRITE, CHARGES_READ, REFUNDS_WRITE,
            REFUNDS_READ, TOKENS_READ, TOKENS_WRITE, WEBHOOKS_WRITE, MIGRATIONS_READ);

    private Scopes() {
    }

    static List<String> validate(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ApiException.missing("scopes");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String scope : requested) {
            if (scope == null || !ALL.contains(scope)) {
                throw ApiException.invalid("scopes", "Unknown scope '" + String.valueOf(scope).replaceAll("[^a-z:_]", "")
                        + "'. Known scopes: " + String.join(", ", ALL.stream().sorted().toList()) + ".");
            }
            out.add(scope);
        }
        return List.copyOf(out);
    }
}
