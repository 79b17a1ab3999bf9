package io.tokengate.gateway.charge;

import io.tokengate.gateway.acquirer.Acquirer;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.idempotency.Claim;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.idempotency.StoredResponse;
import io.tokengate.gateway.merchant.AclEnforcer;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Capture and void of an authorized charge, two-phase like the authorization: the transition to
 * {@code capturing} / {@code voiding} is claimed and committed (so of two concurrent requests
 * exactly one wins, and no row lock is held across the call), the acquirer is called, then the
 * outcome is recorded. An acquirer refusal or failure puts the charge back to {@code authorized};
 * no answer leaves it in flight for {@link ChargeRecovery}.
 */
@Service
public class ChargeOperations {

    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;
    private final ChargeRepository charges;
    private final ChargeResponses responses;
    private final ChargeReader reader;
    private final AclEnforcer acl;
    private final AuditLog audit;
    private final Acquirer acquirer;

    ChargeOperations(TransactionTemplate tx, IdempotencyStore idempotency, ChargeRepository charges,
                     ChargeResponses responses, ChargeReader reader, AclEnforcer acl, AuditLog audit,
                     Acquirer acquirer) {
        this.tx = tx;
        this.idempotency = idempotency;
        this.charges = charges;
        this.responses = responses;
        this.reader = reader;
        this.acl = acl;
        this.audit = audit;
        this.acquirer = acquirer;
    }

    /** Captures {@code amount} (null: all) of an authorized charge, once. */
    public ResponseEntity<byte[]> capture(ChargeContext context, String chargeId, Long requestedAmount) {
        Object begun = tx.execute(status -> {
            Optional<Claim> answered = claim(context);
            if (answered.isPresent()) {
                return answered.get();
            }
            Long amount = ChargeValidation.optionalAmount(requestedAmount);
            return charges.beginCapture(context.merchantId(), chargeId, amount, context.idempotencyKey())
                    .orElseThrow(() -> refusal(context, chargeId, amount, "captured"));
        });
        if (begun instanceof Claim claim) {
            return context.idempotency().answer(claim);
        }
        Charge charge = (Charge) begun;
        ownedByService(context);
        AcquirerOutcome outcome = AcquirerOutcome.of(acquirer.capture(charge.id(), charge.acquirerReference(),
                charge.capturePendingAmount()));
        return finish(context, charge, outcome, Charge.CAPTURING, () -> charges.finishCapture(charge.id()));
    }

    /** Voids an authorized charge (only before capture) and gives its daily-cap reservation back. */
    public ResponseEntity<byte[]> voidCharge(ChargeContext context, String chargeId) {
        Object begun = tx.execute(status -> {
            Optional<Claim> answered = claim(context);
            if (answered.isPresent()) {
                return answered.get();
            }
            return charges.beginVoid(context.merchantId(), chargeId, context.idempotencyKey())
                    .orElseThrow(() -> refusal(context, chargeId, null, "voided"));
        });
        if (begun instanceof Claim claim) {
            return context.idempotency().answer(claim);
        }
        Charge charge = (Charge) begun;
        ownedByService(context);
        AcquirerOutcome outcome = AcquirerOutcome.of(acquirer.voidAuthorization(charge.id(),
                charge.acquirerReference()));
        return finish(context, charge, outcome, Charge.VOIDING, () -> charges.finishVoid(charge.id()).map(c -> {
            acl.release(c.capReservation());
            return c;
        }));
    }

    private ResponseEntity<byte[]> finish(ChargeContext context, Charge inFlight, AcquirerOutcome outcome,
                                          String inFlightStatus, Supplier<Optional<Charge>> done) {
        return switch (outcome) {
            case AcquirerOutcome.Unknown u -> throw new ApiException(ErrorCode.ACQUIRER_UNAVAILABLE,
                    "The card network did not answer in time; the outcome is being confirmed. Retry with the same "
                            + "Idempotency-Key to get it.", null, Map.of("charge", inFlight.id()));
            case AcquirerOutcome.Failed f -> {
                tx.executeWithoutResult(status -> {
                    charges.revertToAuthorized(inFlight.id(), inFlightStatus);
                    if (context.idempotency() != null) {
                        idempotency.release(context.merchantId(), context.idempotencyKey());
                    }
                });
                throw new ApiException(ErrorCode.ACQUIRER_UNAVAILABLE, "The card network reported a processing "
                        + "error; the charge is unchanged. Retry with the same Idempotency-Key.", null,
                        Map.of("charge", inFlight.id()));
            }
            case AcquirerOutcome.Approved a -> store(context, inFlight, () -> done.get().map(c -> {
                audit.append(ChargeOutcomes.entry(c, context.actor()).build());
                return c;
            }), false);
            case AcquirerOutcome.Declined d -> store(context, inFlight, () -> charges
                    .revertToAuthorized(inFlight.id(), inFlightStatus).map(c -> {
                        audit.append(ChargeOutcomes.entry(c, context.actor())
                                .detail("refused", Charge.CAPTURING.equals(inFlightStatus) ? "capture" : "void")
                                .detail("decline_code", d.declineCode()).build());
                        return c;
                    }), true);
        };
    }

    private ResponseEntity<byte[]> store(ChargeContext context, Charge inFlight,
                                         Supplier<Optional<Charge>> transition, boolean declined) {
        return tx.execute(status -> {
            Optional<Charge> changed = transition.get();
            Charge charge = changed.orElseGet(() -> charges.find(context.merchantId(), inFlight.id()).orElseThrow());
            StoredResponse response = declined && changed.isPresent()
                    ? responses.declined(charge.id(), "transaction_not_allowed",
                            "The card network refused the operation; the charge is unchanged.", context.requestId())
                    : responses.charge(200, charge, reader.tokenValue(charge));
            if (changed.isPresent() && context.idempotency() != null) {
                idempotency.complete(context.merchantId(), context.idempotencyKey(), response);
            }
            return response;
        }).toResponse();
    }

    private Optional<Claim> claim(ChargeContext context) {
        if (context.idempotency() == null) {
            return Optional.empty();
        }
        Claim claim = idempotency.claim(context.idempotency());
        return claim instanceof Claim.Claimed ? Optional.empty() : Optional.of(claim);
    }

    private static void ownedByService(ChargeContext context) {
        if (context.idempotency() != null) {
            context.idempotency().recordedByService();
        }
    }

    /** Why the transition did not match: unknown charge, wrong state, or too much. */
    private ApiException refusal(ChargeContext context, String chargeId, Long amount, String verb) {
        Charge charge = charges.find(context.merchantId(), chargeId)
                .orElseThrow(() -> ChargeValidation.notFound("charge", "id"));
        if (!Charge.AUTHORIZED.equals(charge.status())) {
            return new ApiException(ErrorCode.STATE_CONFLICT, "The charge is " + charge.status()
                    + "; only an authorized charge can be " + verb + ".", null, Map.of("charge_status", charge.status()));
        }
        return new ApiException(ErrorCode.AMOUNT_EXCEEDS_AVAILABLE, "The amount exceeds the authorized amount of "
                + charge.amount() + " " + charge.currency() + ".", "amount");
    }
}
