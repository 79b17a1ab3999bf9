package io.tokengate.gateway.rotation;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.KekInstances;
import io.tokengate.gateway.keys.KekVersions;
import io.tokengate.gateway.keys.KekVersions.KekVersion;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.vault.KeyRing;
import io.tokengate.vault.KeyRingException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Destroying a retired KEK version: the checks (asked when the destruction is requested and again
 * right before it runs) and the destruction itself. A version is destroyed only when it is not
 * current, no card, token value or other sealed row names it (counted in PostgreSQL), and no live
 * instance still seals under it. Destruction is irreversible: whatever still named it could never
 * be opened again.
 */
@Component
class KekDestroyer {

    private static final Logger log = LoggerFactory.getLogger(KekDestroyer.class);

    private final KekVersions versions;
    private final KekUsage usage;
    private final KekInstances instances;
    private final KeyRing keyRing;
    private final AuditLog audit;

    KekDestroyer(KekVersions versions, KekUsage usage, KekInstances instances, KeyRing keyRing, AuditLog audit) {
        this.versions = versions;
        this.usage = usage;
        this.instances = instances;
        this.keyRing = keyRing;
        this.audit = audit;
    }

    /**
     * Checks that {@code version} may be destroyed now.
     *
     * @throws ApiException 404 {@code not_found} for an unknown version; 409 {@code state_conflict}
     *                      for the current or an already destroyed version; 409 {@code kek_in_use}
     *                      (with the counts) while anything still names it
     */
    void check(int version) {
        KekVersion v = versions.find(version).orElseThrow(() -> ApiException.notFound("KEK version"));
        if (v.destroyed()) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "kek-v" + version + " is already destroyed.");
        }
        if (KekVersion.ACTIVE.equals(v.status())) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "kek-v" + version + " is the current KEK; rotate, let "
                    + "the re-wrap complete, then destroy it.");
        }
        KekUsage.Count using = usage.using(version);
        long behind = instances.liveBehind(version + 1);
        if (using.total() > 0 || behind > 0) {
            Map<String, Object> extensions = Map.of("usage", using.byKind(), "instances", behind);
            throw new ApiException(ErrorCode.KEK_IN_USE, "kek-v" + version + " is still in use (" + describe(using,
                    behind) + "); wait for the re-wrap to complete, or rotate again to start one.", null, extensions);
        }
    }

    /**
     * Destroys {@code version} in the caller's transaction: checked again under the key-management
     * lock, marked destroyed in {@code kek_versions} (other instances reload within seconds), then
     * removed from the key store. The key store changes last, so a failure before it changes
     * nothing; a commit lost after it leaves a retired row for a version the store no longer has,
     * which a repeated destruction completes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Map<String, Object> destroy(int version, Actor approver) {
        versions.lock();
        check(version);
        versions.markDestroyed(version, approver.id());
        audit.append(AuditEntry.of(approver, "kek.destroyed").subject("kek_version", Integer.toString(version))
                .detail("version", version).build());
        try {
            keyRing.destroyKekVersion(version, usage.using(version).total());
        } catch (KeyRingException e) {
            if (e.reason() != KeyRingException.Reason.KEK_UNKNOWN) {
                throw e;
            }
            log.warn("kek-v{} was already gone from the key store; recording its destruction", version);
        }
        return Map.of("version", version, "status", KekVersion.DESTROYED);
    }

    private static String describe(KekUsage.Count using, long behind) {
        StringBuilder s = new StringBuilder();
        using.byKind().forEach((kind, n) -> {
            if (n > 0) {
                s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(kind);
            }
        });
        if (behind > 0) {
            s.append(s.isEmpty() ? "" : ", ").append(behind).append(" instance(s) still sealing under it");
        }
        return s.toString();
    }
}
