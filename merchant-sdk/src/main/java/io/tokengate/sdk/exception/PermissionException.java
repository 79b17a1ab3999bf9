package io.tokengate.sdk.exception;

/**
 * 403: the key is valid but may not do this. {@code scope_missing}: the key lacks
 * {@link #getRequiredScope()}; {@code acl_denied}: the merchant's access-control list refused by
 * {@link #getRule()} ({@code source_network}, {@code currency}, {@code per_charge_max},
 * {@code daily_max}, {@code merchant_initiated}). Ops change keys and ACLs; retrying does not help.
 */
public class PermissionException extends TokenGateException {

    public PermissionException(String message, Problem problem) {
        super(message, problem, null);
    }

    /** With {@code acl_denied}: the ACL rule that refused; otherwise null. */
    public String getRule() {
        return getProblem().rule();
    }

    /** With {@code scope_missing}: the scope the endpoint needs; otherwise null. */
    public String getRequiredScope() {
        return getProblem().requiredScope();
    }
}
