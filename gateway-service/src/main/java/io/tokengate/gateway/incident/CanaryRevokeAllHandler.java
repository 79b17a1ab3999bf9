package io.tokengate.gateway.incident;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.merchant.Merchants;
import io.tokengate.gateway.ops.ApprovalHandler;
import io.tokengate.gateway.token.CanaryTokens;
import io.tokengate.gateway.web.ApiException;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Dual-control action {@code canary.revoke_all} (params {@code {"merchant": "mer_..."}}): retires
 * every live canary of the merchant. Dual control because it silences the tripwires that would
 * reveal a leak; one admin alone must not be able to do that.
 */
@Component
class CanaryRevokeAllHandler implements ApprovalHandler {

    static final String ACTION = "canary.revoke_all";

    private final Merchants merchants;
    private final CanaryTokens canaries;

    CanaryRevokeAllHandler(Merchants merchants, CanaryTokens canaries) {
        this.merchants = merchants;
        this.canaries = canaries;
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public void validate(Map<String, Object> params) {
        if (!Set.of("merchant").containsAll(params.keySet())) {
            throw ApiException.invalid("params", "canary.revoke_all takes only params.merchant.");
        }
        if (!(params.get("merchant") instanceof String merchant)) {
            throw ApiException.missing("params.merchant");
        }
        merchants.get(merchant);
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> params, Actor approver) {
        String merchant = (String) params.get("merchant");
        return Map.of("merchant", merchant, "revoked", canaries.revokeAll(merchant, approver));
    }
}
