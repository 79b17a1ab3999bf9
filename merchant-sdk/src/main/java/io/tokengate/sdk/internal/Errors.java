package io.tokengate.sdk.internal;

import io.tokengate.sdk.exception.ApiException;
import io.tokengate.sdk.exception.AuthenticationException;
import io.tokengate.sdk.exception.CardDeclinedException;
import io.tokengate.sdk.exception.IdempotencyException;
import io.tokengate.sdk.exception.InvalidRequestException;
import io.tokengate.sdk.exception.PermissionException;
import io.tokengate.sdk.exception.Problem;
import io.tokengate.sdk.exception.RateLimitException;
import io.tokengate.sdk.exception.TokenGateException;
import java.time.Duration;
import java.util.Map;

/**
 * Turns an error answer into the typed exception, with a message that says what to do about it.
 * The gateway's {@code detail} never contains secrets or card data, so it is quoted as is. Internal.
 */
public final class Errors {

    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("authentication_required", "Pass the merchant's secret key to TokenGateClient.builder().secretKey(...)."),
            Map.entry("api_key_invalid", "Check the secret key given to TokenGateClient.builder().secretKey(...): "
                    + "copy the whole sk_... value your TokenGate operator issued."),
            Map.entry("api_key_expired", "Deploy a newer key of this merchant; ask your TokenGate operator to issue one."),
            Map.entry("api_key_revoked", "This key was revoked; deploy a newer key of this merchant "
                    + "(ops issue one with POST /ops/merchants/{id}/keys)."),
            Map.entry("merchant_suspended", "The merchant is suspended by TokenGate ops; contact them."),
            Map.entry("scope_missing", "Use a key that has the required scope; ops issue keys with the scopes you need."),
            Map.entry("acl_denied", "The merchant's access-control list refused this request (see the rule); "
                    + "ops change it with PUT /ops/merchants/{id}/acl."),
            Map.entry("not_found", "Check the id: it is unknown, or belongs to another merchant."),
            Map.entry("state_conflict", "Read the object again to see its current status; the action is not allowed in it."),
            Map.entry("idempotency_in_progress", "The first request with this Idempotency-Key is still being "
                    + "processed; retry later with the same key to get its answer."),
            Map.entry("idempotency_key_reused", "Use a new Idempotency-Key for a different request; reuse a key "
                    + "only to retry the very same request."),
            Map.entry("card_declined", "Ask the shopper for another card; the same charge will be declined again."),
            Map.entry("rate_limited", "Too many failed authentications from this address: fix the secret key, "
                    + "then wait before retrying."),
            Map.entry("acquirer_unavailable", "Retry later with the same Idempotency-Key (RequestOptions) to get the "
                    + "final answer without charging twice."),
            Map.entry("service_unavailable", "Retry later with the same Idempotency-Key."),
            Map.entry("internal_error", "Retry later; if it persists, report the request id to TokenGate support."),
            Map.entry("checkout_code_invalid", "Pass the code of the success redirect unchanged, within 10 minutes, "
                    + "once; read the session with checkoutSessions().get(id) if the exchange answer was lost."),
            Map.entry("checkout_session_expired", "Create a new checkout session and redirect the shopper again."),
            Map.entry("checkout_session_not_open", "The session was cancelled or failed; create a new one."),
            Map.entry("amount_exceeds_available", "Ask for at most what is left to capture or refund; read the charge "
                    + "to see captured_amount and refunded_amount."),
            Map.entry("token_revoked", "The token is revoked for good; collect the card again with a checkout session "
                    + "in setup mode."),
            Map.entry("token_expired", "The token has expired; collect the card again with a checkout session."),
            Map.entry("token_suspended", "The token is suspended by ops; contact them or use another token."),
            Map.entry("token_already_used", "A single-use token charges once; save the card with a multi_use token."),
            Map.entry("token_limit_exceeded", "The token's controls cap the amount or currency; charge within them."),
            Map.entry("token_channel_denied", "The token does not allow this channel (customer_initiated or "
                    + "merchant_initiated); use a token issued with channel any."),
            Map.entry("card_expired", "The card has expired; ask the shopper for a current card."),
            Map.entry("unknown_field", "Update the SDK or remove the field: the gateway refuses fields it does not know."),
            Map.entry("currency_invalid", "Use an upper-case ISO 4217 code such as EUR."),
            Map.entry("amount_invalid", "Give the amount in minor units as a positive integer (1050 for 10.50 EUR)."),
            Map.entry("cursor_invalid", "Pass next_cursor of the previous page of the same list, unchanged."));

    private Errors() {
    }

    /** The exception for an error answer (after the retries). */
    public static TokenGateException of(Problem problem, Duration retryAfter) {
        int status = problem.status() == null ? 0 : problem.status();
        String code = problem.code();
        String message = message(problem, status);
        if ("idempotency_key_reused".equals(code) || "idempotency_in_progress".equals(code)) {
            return new IdempotencyException(message, problem);
        }
        return switch (status) {
            case 401 -> new AuthenticationException(message, problem);
            case 402 -> new CardDeclinedException(message, problem);
            case 403 -> new PermissionException(message, problem);
            case 429 -> new RateLimitException(message, problem, retryAfter);
            default -> status >= 500 || status < 400
                    ? new ApiException(message, problem)
                    : new InvalidRequestException(message, problem);
        };
    }

    static String message(Problem problem, int status) {
        StringBuilder text = new StringBuilder();
        text.append(problem.detail() != null ? problem.detail()
                : problem.title() != null ? problem.title() : "The gateway answered HTTP " + status + ".");
        StringBuilder facts = new StringBuilder("status=").append(status);
        if (problem.code() != null) {
            facts.append(", code=").append(problem.code());
        }
        if (problem.param() != null) {
            facts.append(", param=").append(problem.param());
        }
        if (problem.rule() != null) {
            facts.append(", rule=").append(problem.rule());
        }
        if (problem.requiredScope() != null) {
            facts.append(", required_scope=").append(problem.requiredScope());
        }
        if (problem.declineCode() != null) {
            facts.append(", decline_code=").append(problem.declineCode());
        }
        if (problem.requestId() != null) {
            facts.append(", request_id=").append(problem.requestId());
        }
        text.append(" [").append(facts).append(']');
        String hint = problem.code() == null ? null : HINTS.get(problem.code());
        if (hint == null) {
            hint = byStatus(status);
        }
        if (hint != null) {
            text.append(' ').append(hint);
        }
        return text.toString();
    }

    private static String byStatus(int status) {
        if (status == 400 || status == 422) {
            return "Fix the parameter named by param; the request is refused as sent.";
        }
        if (status >= 500) {
            return "Retry later; quote the request id if it persists.";
        }
        if (status == 404) {
            return "Check the id and the client's base URL.";
        }
        return null;
    }
}
