package io.tokengate.gateway.merchant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A merchant's access-control list. An empty {@code allowedCidrs} admits any network; a currency
 * without a limit row is refused, so a new merchant can charge nothing until ops allow currencies.
 */
public record Acl(String merchantId, List<String> allowedCidrs, boolean merchantInitiatedAllowed,
                  List<CurrencyLimit> currencies, Instant updatedAt) {

    /** Caps for one allowed currency; a null cap means no cap of that kind. */
    public record CurrencyLimit(String currency, Long perChargeMax, Long dailyMax) {
    }

    public Optional<CurrencyLimit> limitFor(String currency) {
        return currencies.stream().filter(c -> c.currency().equals(currency)).findFirst();
    }
}
