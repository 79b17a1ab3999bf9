package io.tokengate.gateway.rotation;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.ops.ApprovalHandler;
import io.tokengate.gateway.web.ApiException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Dual control for {@code kek.destroy} (params {@code {"version": n}}): one admin requests the
 * destruction of a retired KEK version, a second, different admin approves it, and only then is it
 * destroyed, after the same checks run again (nothing may have started using it meanwhile).
 */
@Component
class KekDestroyApproval implements ApprovalHandler {

    static final String ACTION = "kek.destroy";

    private final KekDestroyer destroyer;

    KekDestroyApproval(KekDestroyer destroyer) {
        this.destroyer = destroyer;
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public void validate(Map<String, Object> params) {
        destroyer.check(version(params));
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> params, Actor approver) {
        return destroyer.destroy(version(params), approver);
    }

    /** The version from the params as stored (a JSON number); anything else is refused. */
    static int version(Map<String, Object> params) {
        Object value = params == null ? null : params.get("version");
        if (value instanceof Number n && n.longValue() == n.doubleValue() && n.longValue() >= 1
                && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (value instanceof String s && s.matches("[1-9][0-9]{0,8}")) {
            return Integer.parseInt(s);
        }
        throw ApiException.invalid("version", "version must be a positive KEK version number.");
    }
}
