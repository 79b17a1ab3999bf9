package io.tokengate.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * The stable error catalogue. The string is the API contract ({@code code} in every problem
 * response) and never changes once published; the HTTP status travels with it.
 */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json", HttpStatus.BAD_REQUEST, "The request body is not valid JSON."),
    REQUEST_INVALID("request_invalid", HttpStatus.BAD_REQUEST, "The HTTP request is malformed: its line, path or headers."),
    UNKNOWN_FIELD("unknown_field", HttpStatus.BAD_REQUEST, "The request body has a field this endpoint does not accept."),
    PARAMETER_MISSING("parameter_missing", HttpStatus.BAD_REQUEST, "A required parameter is missing."),
    PARAMETER_INVALID("parameter_invalid", HttpStatus.BAD_REQUEST, "A parameter has an invalid value."),
    AMOUNT_INVALID("amount_invalid", HttpStatus.BAD_REQUEST, "The amount must be a positive integer in minor units."),
    CURRENCY_INVALID("currency_invalid", HttpStatus.BAD_REQUEST, "The currency is not an ISO 4217 code this gateway supports."),
    CURSOR_INVALID("cursor_invalid", HttpStatus.BAD_REQUEST, "The pagination cursor is not valid for this list."),
    IDEMPOTENCY_KEY_INVALID("idempotency_key_invalid", HttpStatus.BAD_REQUEST, "The Idempotency-Key header must be 1 to 255 printable ASCII characters."),
    CARD_INVALID("card_invalid", HttpStatus.BAD_REQUEST, "The card details are not valid."),

    AUTHENTICATION_REQUIRED("authentication_required", HttpStatus.UNAUTHORIZED, "Authentication is required."),
    API_KEY_INVALID("api_key_invalid", HttpStatus.UNAUTHORIZED, "The API key is not valid."),
    API_KEY_EXPIRED("api_key_expired", HttpStatus.UNAUTHORIZED, "The API key has expired."),
    API_KEY_REVOKED("api_key_revoked", HttpStatus.UNAUTHORIZED, "The API key has been revoked."),
    MERCHANT_SUSPENDED("merchant_suspended", HttpStatus.UNAUTHORIZED, "The merchant account is suspended."),

    SCOPE_MISSING("scope_missing", HttpStatus.FORBIDDEN, "The API key lacks the scope this endpoint needs."),
    ACL_DENIED("acl_denied", HttpStatus.FORBIDDEN, "The merchant's access-control list refuses this request."),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "This credential may not perform this action."),

    NOT_FOUND("not_found", HttpStatus.NOT_FOUND, "No such object."),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "This method is not allowed on this path."),
    NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, "The gateway answers application/json only."),

    IDEMPOTENCY_IN_PROGRESS("idempotency_in_progress", HttpStatus.CONFLICT, "A request with this Idempotency-Key is still in progress; retry later."),
    STATE_CONFLICT("state_conflict", HttpStatus.CONFLICT, "The object is not in a state that allows this action."),
    DUAL_CONTROL_REQUIRED("dual_control_required", HttpStatus.CONFLICT, "A second, different admin must approve this action."),

    BODY_TOO_LARGE("body_too_large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large."),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json."),

    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", HttpStatus.UNPROCESSABLE_CONTENT, "This Idempotency-Key was used with a different request."),
    TOKEN_REVOKED("token_revoked", HttpStatus.UNPROCESSABLE_CONTENT, "The token has been revoked."),
    TOKEN_SUSPENDED("token_suspended", HttpStatus.UNPROCESSABLE_CONTENT, "The token is suspended."),
    TOKEN_EXPIRED("token_expired", HttpStatus.UNPROCESSABLE_CONTENT, "The token has expired."),
    TOKEN_ALREADY_USED("token_already_used", HttpStatus.UNPROCESSABLE_CONTENT, "The single-use token has already been used."),
    TOKEN_LIMIT_EXCEEDED("token_limit_exceeded", HttpStatus.UNPROCESSABLE_CONTENT, "The charge exceeds the token's maximum amount or currency."),
    TOKEN_CHANNEL_DENIED("token_channel_denied", HttpStatus.UNPROCESSABLE_CONTENT, "The token may not be charged on this channel."),
    CARD_EXPIRED("card_expired", HttpStatus.UNPROCESSABLE_CONTENT, "The card has expired."),
    AMOUNT_EXCEEDS_AVAILABLE("amount_exceeds_available", HttpStatus.UNPROCESSABLE_CONTENT, "The amount exceeds what is available to capture or refund."),

    CARD_DECLINED("card_declined", HttpStatus.PAYMENT_REQUIRED, "The card was declined."),

    RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests; slow down and retry later."),

    CHECKOUT_CODE_INVALID("checkout_code_invalid", HttpStatus.UNPROCESSABLE_CONTENT, "The checkout code is unknown, already used, expired or belongs to another session."),
    CHECKOUT_SESSION_EXPIRED("checkout_session_expired", HttpStatus.GONE, "The checkout session has expired; create a new one."),
    CHECKOUT_SESSION_NOT_OPEN("checkout_session_not_open", HttpStatus.CONFLICT, "The checkout session is not in a state that allows this action."),
    KEK_IN_USE("kek_in_use", HttpStatus.CONFLICT, "Cards, tokens or instances still use this key-encryption key version."),

    INTERNAL_ERROR("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, "An internal error occurred; it has been logged."),
    ACQUIRER_UNAVAILABLE("acquirer_unavailable", HttpStatus.BAD_GATEWAY, "The card network did not give an answer; retry with the same Idempotency-Key."),
    SERVICE_UNAVAILABLE("service_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "The service is temporarily unavailable; retry later.");

    private final String code;
    private final HttpStatus status;
    private final String title;

    ErrorCode(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
