package io.tokengate.gateway.merchant;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import java.util.Map;

/**
 * An ACL refusal: 403 {@code acl_denied} naming the {@code rule} that refused. Every one is
 * audited by {@link AclDenialAuditor} after the request's transaction has rolled back.
 */
public final class AclDeniedException extends ApiException {

    private final String merchantId;
    private final String rule;

    public AclDeniedException(String merchantId, String rule, String detail, String param) {
        super(ErrorCode.ACL_DENIED, detail, param, Map.of("rule", rule));
        this.merchantId = merchantId;
        this.rule = rule;
    }

    public String merchantId() {
        return merchantId;
    }

    public String rule() {
        return rule;
    }
}
