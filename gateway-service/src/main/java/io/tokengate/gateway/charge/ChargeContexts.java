package io.tokengate.gateway.charge;

import io.tokengate.gateway.idempotency.IdempotentRequest;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.security.MerchantPrincipal;
import io.tokengate.gateway.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Builds the {@link ChargeContext} of an API request, validating its Idempotency-Key when it has one. */
@Component
class ChargeContexts {

    private final JsonMapper json;

    ChargeContexts(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param body the parsed body; serialized again for the request hash, so two bodies that differ
     *             only in formatting or field order are the same request
     */
    ChargeContext of(MerchantPrincipal merchant, HttpServletRequest request, Object body) {
        IdempotentRequest idempotency = request.getHeader(IdempotentRequest.HEADER) == null ? null
                : IdempotentRequest.open(request, merchant.merchantId(), json.writeValueAsBytes(body));
        return new ChargeContext(merchant.merchantId(), Actors.current(request), RequestIdFilter.currentId(request),
                idempotency, merchant.aclVersion());
    }
}
