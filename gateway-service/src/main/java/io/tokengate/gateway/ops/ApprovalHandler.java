package io.tokengate.gateway.ops;

import io.tokengate.gateway.audit.Actor;
import java.util.Map;

/**
 * A dual-control action: one admin requests it, a second, different admin approves it, and only
 * then does it run. Features register one bean per action (for example {@code kek.destroy},
 * {@code canary.revoke_all}, {@code export.audit}); the approvals service stores requests in
 * PostgreSQL, refuses self-approval, and calls {@link #execute} once on approval.
 */
public interface ApprovalHandler {

    /** The action name, dotted lower case, unique among handlers. */
    String action();

    /**
     * Checks the parameters when the request is made, so a request that cannot run is refused at
     * once (throw an {@code ApiException}); called again right before execution.
     */
    void validate(Map<String, Object> params);

    /**
     * Runs the action on approval, inside the approval's transaction, and returns a small result
     * (ids, counts) stored with the approval and shown to ops.
     */
    Map<String, Object> execute(Map<String, Object> params, Actor approver);
}
