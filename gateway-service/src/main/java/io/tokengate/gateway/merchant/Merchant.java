package io.tokengate.gateway.merchant;

import java.time.Instant;
import java.util.List;

/** A retailer as ops onboarded it. */
public record Merchant(String id, String name, String status, List<String> returnOrigins, Instant createdAt,
                       Instant updatedAt) {

    public boolean active() {
        return "active".equals(status);
    }
}
