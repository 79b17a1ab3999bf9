package io.tokengate.gateway.charge;

import io.tokengate.gateway.acquirer.Acquirer;
import io.tokengate.gateway.acquirer.RefundRequest;
import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.idempotency.Claim;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.idempotency.StoredResponse;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import io.tokengate.gateway.webhook.WebhookEventTypes;
import io.tokengate.gateway.webhook.WebhookOutbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds, partial and many, never more than was captured, also under concurrent requests: phase
 * one reserves the amount by raising the charge's {@code refunded_amount} under its row lock (the
 * CHECK {@code refunded_amount <= captured_amount} is the database's last word) and commits the
 * pending refund; the acquirer is called with no connection held; phase two marks the refund
 * succeeded, or failed and gives the amount back.
 */
@Service
public class RefundService {

    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;
    private final ChargeRepository charges;
    private final RefundRepository refunds;
    private final ChargeResponses responses;
    private final AuditLog audit;
    private final Acquirer acquirer;
    private final WebhookOutbox webhooks;

    RefundService(TransactionTemplate tx, IdempotencyStore idempotency, ChargeRepository charges,
                  RefundRepository refunds, ChargeResponses responses, AuditLog audit, Acquirer acquirer,
                  WebhookOutbox webhooks) {
        this.tx = tx;
        this.idempotency = idempotency;
        this.charges = charges;
        this.refunds = refunds;
        this.responses = responses;
        this.audit = audit;
        this.acquirer = acquirer;
        this.webhooks = webhooks;
    }

    /**
     * Refunds {@code amount} (null: what is left) of a captured charge: 201 with the refund, which
     * is {@code succeeded}, or {@code failed} when the acquirer refused it (the amount is available
     * again).
     */
    public ResponseEntity<byte[]> create(ChargeContext context, String chargeId, Long requestedAmount, String reason) {
        Object begun = tx.execute(status -> {
            if (context.idempotency() != null) {
                Claim claim = idempotency.claim(context.idempotency());
                if (!(claim instanceof Claim.Claimed)) {
                    return claim;
                }
            }
            String charge = ChargeValidation.chargeId(chargeId, "charge");
            Long amount = ChargeValidation.optionalAmount(requestedAmount);
            String why = ChargeValidation.refundReason(reason);
            ChargeRepository.RefundReservation reserved = charges.reserveRefund(context.merchantId(), charge, amount)
                    .orElseThrow(() -> refusal(context.merchantId(), charge, amount));
            Refund refund = refunds.insertPending(Ids.generate("re_"), context.merchantId(), charge,
                    reserved.amount(), reserved.currency(), why, context.idempotencyKey());
            return new InFlight(refund, reserved.acquirerReference());
        });
        if (begun instanceof Claim claim) {
            return context.idempotency().answer(claim);
        }
        if (context.idempotency() != null) {
            context.idempotency().recordedByService();
        }
        InFlight inFlight = (InFlight) begun;
        Refund refund = inFlight.refund();
        AcquirerOutcome outcome = AcquirerOutcome.of(acquirer.refund(new RefundRequest(refund.id(),
                refund.chargeId(), inFlight.acquirerReference(), refund.amount(), refund.currency())));
        return switch (outcome) {
            case AcquirerOutcome.Unknown u -> throw new ApiException(ErrorCode.ACQUIRER_UNAVAILABLE,
                    "The card network did not answer in time; the refund is being confirmed. Retry with the same "
                            + "Idempotency-Key to get it.", null, Map.of("refund", refund.id()));
            case AcquirerOutcome.Failed f -> {
                tx.executeWithoutResult(status -> {
                    fail(refund, f.failureCode(), context.actor());
                    if (context.idempotency() != null) {
                        idempotency.release(context.merchantId(), context.idempotencyKey());
                    }
                });
                throw new ApiException(ErrorCode.ACQUIRER_UNAVAILABLE, "The card network reported a processing "
                        + "error; nothing was refunded. Retry with the same Idempotency-Key.", null,
                        Map.of("refund", refund.id()));
            }
            case AcquirerOutcome.Approved a -> record(context, refund, () -> succeed(refund, a.acquirerReference(),
                    context.actor()));
            case AcquirerOutcome.Declined d -> record(context, refund, () -> fail(refund, d.declineCode(),
                    context.actor()));
        };
    }

    private record InFlight(Refund refund, String acquirerReference) {
    }

    private ResponseEntity<byte[]> record(ChargeContext context, Refund refund,
                                          Supplier<Optional<Refund>> outcome) {
        return tx.execute(status -> {
            Optional<Refund> recorded = outcome.get();
            Refund settled = recorded.orElseGet(() -> refunds.find(context.merchantId(), refund.id()).orElseThrow());
            StoredResponse response = responses.refund(201, settled);
            if (recorded.isPresent() && context.idempotency() != null) {
                idempotency.complete(context.merchantId(), context.idempotencyKey(), response);
            }
            return response;
        }).toResponse();
    }

    /** pending → succeeded, audited; in the caller's transaction (shared with recovery). */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Refund> succeed(Refund refund, String acquirerReference, Actor actor) {
        Optional<Refund> done = refunds.succeed(refund.id(), acquirerReference);
        done.ifPresent(r -> {
            audit.append(entry(r, actor).build());
            webhooks.record(r.merchantId(), WebhookEventTypes.REFUND_SUCCEEDED, eventData(r));
        });
        return done;
    }

    /** pending → failed with the amount given back to the charge, audited; in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Refund> fail(Refund refund, String failureCode, Actor actor) {
        Optional<Refund> done = refunds.fail(refund.id(), failureCode);
        done.ifPresent(r -> {
            charges.giveBackRefund(r.chargeId(), r.amount());
            audit.append(entry(r, actor).build());
        });
        return done;
    }

    /** The {@code refund.succeeded} webhook data: ids, amount, status; nothing of the card. */
    private static Map<String, Object> eventData(Refund r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", "refund");
        data.put("id", r.id());
        data.put("charge", r.chargeId());
        data.put("amount", r.amount());
        data.put("currency", r.currency());
        data.put("status", r.status());
        data.put("reason", r.reason());
        return data;
    }

    private static AuditEntry.Builder entry(Refund r, Actor actor) {
        return AuditEntry.of(actor, "refund." + r.status()).merchant(r.merchantId()).subject("refund", r.id())
                .detail("charge", r.chargeId()).detail("amount", r.amount()).detail("currency", r.currency())
                .detail("reason", r.reason()).detail("failure_code", r.failureCode());
    }

    private ApiException refusal(String merchantId, String chargeId, Long amount) {
        Charge charge = charges.find(merchantId, chargeId)
                .orElseThrow(() -> ChargeValidation.notFound("charge", "charge"));
        if (!Charge.CAPTURED.equals(charge.status())) {
            return new ApiException(ErrorCode.STATE_CONFLICT, "The charge is " + charge.status()
                    + "; only a captured charge can be refunded.", "charge", Map.of("charge_status", charge.status()));
        }
        long left = charge.capturedAmount() - charge.refundedAmount();
        return new ApiException(ErrorCode.AMOUNT_EXCEEDS_AVAILABLE, left == 0
                ? "The charge is already fully refunded."
                : "The amount exceeds what is left to refund: " + left + " " + charge.currency() + ".",
                amount == null ? "charge" : "amount", Map.of("refundable_amount", left));
    }
}
