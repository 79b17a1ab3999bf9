package io.tokengate.sdk.exception;

/**
 * The gateway's error document (RFC 9457 {@code application/problem+json}) as received. Every
 * field may be null: a proxy in front of the gateway can answer with anything.
 *
 * @param code         the stable machine-readable code, e.g. {@code token_revoked}, {@code acl_denied}
 * @param param        the request field at fault, when there is one
 * @param requestId    the gateway's id of the request; quote it to support
 * @param rule         with {@code acl_denied}, the ACL rule that refused
 * @param requiredScope with {@code scope_missing}, the scope the endpoint needs
 * @param declineCode  with {@code card_declined}, the issuer's reason
 * @param charge       with {@code card_declined} or {@code acquirer_unavailable}, the charge concerned
 * @param refund       with {@code acquirer_unavailable} on a refund, the refund concerned
 * @param reason       with {@code card_invalid}, what is wrong with the card field
 */
public record Problem(String type, String title, Integer status, String detail, String code, String param,
                      String requestId, String rule, String requiredScope, String declineCode, String charge,
                      String refund, String reason) {

    /** A problem known only by its HTTP status (the body was not a problem document). */
    public static Problem ofStatus(int status, String requestId) {
        return new Problem(null, null, status, null, null, null, requestId, null, null, null, null, null, null);
    }
}
