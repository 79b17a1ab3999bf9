package io.tokengate.gateway.checkout;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.charge.ChargeContext;
import io.tokengate.gateway.charge.ChargeLookup;
import io.tokengate.gateway.charge.ChargeRequest;
import io.tokengate.gateway.charge.ChargeService;
import io.tokengate.gateway.idempotency.IdempotentRequest;
import io.tokengate.gateway.merchant.AclDeniedException;
import io.tokengate.gateway.token.TokenControls;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CheckoutPayments} on the charge feature's public service: the checkout's charge is an
 * ordinary customer-initiated charge on the new token, made under an Idempotency-Key of the
 * merchant's (derived from the session and attempt), so asking again for the same attempt replays
 * the first answer instead of charging twice.
 */
@Component
class ChargeBackedPayments implements CheckoutPayments {

    private static final String PATH = "/v1/charges";

    private final ChargeService charges;
    private final ChargeLookup lookup;
    private final AuditLog audit;
    private final JsonMapper json;

    ChargeBackedPayments(ChargeService charges, ChargeLookup lookup, AuditLog audit, JsonMapper json) {
        this.charges = charges;
        this.lookup = lookup;
        this.audit = audit;
        this.json = json;
    }

    @Override
    public Outcome authorize(String merchantId, String token, long amount, String currency, boolean capture,
                             String idempotencyKey, String reference, boolean authenticated, Actor actor) {
        ChargeRequest request = new ChargeRequest(token, amount, currency, capture, "Hosted checkout", reference,
                TokenControls.CUSTOMER_INITIATED);
        IdempotentRequest idempotent = IdempotentRequest.of(merchantId, idempotencyKey, "POST", PATH,
                json.writeValueAsBytes(request));
        ResponseEntity<byte[]> response;
        try {
            response = charges.create(new ChargeContext(merchantId, actor, null, idempotent), request, authenticated);
        } catch (AclDeniedException e) {
            // The API's advice audits ACL denials; this call does not pass through it.
            audit.appendIndependently(AuditEntry.of(actor, "acl.denied").merchant(merchantId)
                    .detail("rule", e.rule()).detail("path", "checkout").build());
            return new Outcome.Refused(e.code().code());
        } catch (ApiException e) {
            if (e.code() == ErrorCode.ACQUIRER_UNAVAILABLE || e.code() == ErrorCode.IDEMPOTENCY_IN_PROGRESS
                    || e.code() == ErrorCode.SERVICE_UNAVAILABLE) {
                Object charge = e.extensions().get("charge");
                return new Outcome.Pending(charge == null ? null : charge.toString());
            }
            return new Outcome.Refused(e.code().code());
        }
        JsonNode body = json.readTree(response.getBody());
        int status = response.getStatusCode().value();
        if (status == 201 || status == 200) {
            return new Outcome.Approved(body.path("id").asString());
        }
        if (status == ErrorCode.CARD_DECLINED.status().value()) {
            return new Outcome.Declined(body.path("charge").asString(), body.path("decline_code").asString());
        }
        String code = body.path("code").asString();
        if (status >= 500) {
            return new Outcome.Pending(body.path("charge").isMissingNode() ? null : body.path("charge").asString());
        }
        return new Outcome.Refused(code == null || code.isEmpty() ? "charge_refused" : code);
    }

    @Override
    public Object view(String merchantId, String chargeId) {
        return lookup.charge(merchantId, chargeId);
    }
}
