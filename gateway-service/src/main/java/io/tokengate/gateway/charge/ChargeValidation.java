package io.tokengate.gateway.charge;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Money;
import java.util.Set;

/** Checks the fields of money-moving requests and fills their defaults. */
final class ChargeValidation {

    static final int MAX_DESCRIPTION = 500;
    static final int MAX_REFERENCE = 200;
    private static final Set<String> CHANNELS = Set.of(Charge.CUSTOMER_INITIATED, Charge.MERCHANT_INITIATED);
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer",
            "other");

    private ChargeValidation() {
    }

    /** A checked charge request. */
    record ValidCharge(String token, long amount, String currency, boolean capture, String description,
                       String reference, String channel) {

        boolean merchantInitiated() {
            return Charge.MERCHANT_INITIATED.equals(channel);
        }

        @Override
        public String toString() {
            return "ValidCharge[amount=" + amount + " " + currency + ", channel=" + channel + "]";
        }
    }

    static ValidCharge charge(ChargeRequest r) {
        if (r.token() == null || r.token().isEmpty()) {
            throw ApiException.missing("token");
        }
        long amount = Money.amount(r.amount(), "amount");
        String currency = Money.currency(r.currency(), "currency");
        String channel = r.channel() == null ? Charge.CUSTOMER_INITIATED : r.channel();
        if (!CHANNELS.contains(channel)) {
            throw ApiException.invalid("channel", "channel must be customer_initiated or merchant_initiated.");
        }
        return new ValidCharge(r.token(), amount, currency, r.capture() == null || r.capture(),
                text(r.description(), "description", MAX_DESCRIPTION), text(r.reference(), "reference", MAX_REFERENCE),
                channel);
    }

    /** An optional partial amount: null stays null (the whole), otherwise a valid amount. */
    static Long optionalAmount(Long amount) {
        return amount == null ? null : Money.amount(amount, "amount");
    }

    static String chargeId(String id, String param) {
        if (id == null || id.isEmpty()) {
            throw ApiException.missing(param);
        }
        return id;
    }

    static String refundReason(String reason) {
        if (reason != null && !REFUND_REASONS.contains(reason)) {
            throw ApiException.invalid("reason",
                    "reason must be duplicate, fraudulent, requested_by_customer or other.");
        }
        return reason;
    }

    static ApiException notFound(String what, String param) {
        return new ApiException(ErrorCode.NOT_FOUND, "No such " + what + ".", param);
    }

    private static String text(String value, String param, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw ApiException.invalid(param, param + " may be at most " + max + " characters.");
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw ApiException.invalid(param, param + " may not contain control characters.");
        }
        return value;
    }
}
