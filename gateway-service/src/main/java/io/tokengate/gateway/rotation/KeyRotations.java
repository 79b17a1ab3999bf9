package io.tokengate.gateway.rotation;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.KekVersionAdopted;
import io.tokengate.gateway.keys.KekVersions;
import io.tokengate.gateway.keys.KekVersions.KekVersion;
import io.tokengate.gateway.rotation.KeyRotationRepository.KeyRotation;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import io.tokengate.vault.KeyRing;
import java.util.List;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Starting key rotations and reading them. A rotation adds a KEK version to the shared key store,
 * records it as current in {@code kek_versions} (other instances reload within seconds) and a
 * {@code key_rotations} row the re-wrap job works from. One rotation re-wraps at a time.
 */
@Service
class KeyRotations {

    private static final Logger log = LoggerFactory.getLogger(KeyRotations.class);

    private final KeyRing keyRing;
    private final KekVersions versions;
    private final KekUsage usage;
    private final KeyRotationRepository rotations;
    private final AuditLog audit;
    private final RewrapJob job;

    KeyRotations(KeyRing keyRing, KekVersions versions, KekUsage usage, KeyRotationRepository rotations,
                 AuditLog audit, RewrapJob job) {
        this.keyRing = keyRing;
        this.versions = versions;
        this.usage = usage;
        this.rotations = rotations;
        this.audit = audit;
        this.job = job;
    }

    /**
     * Rotates: a new KEK version, current at once on this instance and within a sync interval on
     * the others, and a rotation whose re-wrap starts right after the commit.
     *
     * @throws ApiException 409 {@code state_conflict} while another rotation is still re-wrapping
     */
    @Transactional
    public KeyRotation rotate(Actor actor) {
        versions.lock();
        rotations.running().ifPresent(r -> {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "Rotation " + r.id() + " to kek-v" + r.toVersion()
                    + " is still re-wrapping; rotate again once it has completed.");
        });
        int from = versions.active().orElse(keyRing.currentKekVersion());
        requireKeyStoreInStep();
        // The key store changes last but one: if the commit below fails, the new version is in the
        // file only, and the next key ring sync adopts it and starts its re-wrap (KekVersionAdopted).
        int to = keyRing.rotate();
        versions.activate(to);
        KeyRotation rotation = start(from, to, actor);
        log.info("{} rotated the KEK: kek-v{} -> kek-v{} ({})", actor.id(), from, to, rotation.id());
        return rotation;
    }

    @EventListener
    void adopted(KekVersionAdopted event) {
        if (rotations.running().isEmpty()) {
            start(event.previous(), event.current(), Actor.system("key-ring-sync"));
        }
    }

    public KeyRotation get(String id) {
        return rotations.find(id).orElseThrow(() -> ApiException.notFound("key rotation"));
    }

    /** The rotation re-wrapping now, if any. */
    public java.util.Optional<KeyRotation> running() {
        return rotations.running();
    }

    /** Newest first; {@code limitPlusOne} rows after the rotation to {@code beforeToVersion}. */
    public List<KeyRotation> page(Integer beforeToVersion, int limitPlusOne) {
        return rotations.page(beforeToVersion, limitPlusOne);
    }

    private KeyRotation start(int from, int to, Actor actor) {
        KekUsage.Count pending = usage.olderThan(to);
        String id = Ids.generate("rot_");
        rotations.insert(id, from, to, pending.of(CardRewrap.NAME), pending.of(TokenValueRewrap.NAME), actor.id());
        audit.append(AuditEntry.of(actor, "kek.rotated").subject("key_rotation", id)
                .detail("from_version", from).detail("to_version", to)
                .detail("cards", pending.of(CardRewrap.NAME)).detail("tokens", pending.of(TokenValueRewrap.NAME))
                .build());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                job.kick();
            }
        });
        return rotations.find(id).orElseThrow();
    }

    /**
     * Refuses to rotate with a key store that lacks a version the database names (instances not
     * sharing one file, or a file restored from an old backup): the new version would reuse a
     * number that other ciphertexts already name.
     */
    private void requireKeyStoreInStep() {
        List<KekVersion> known = versions.list();
        if (lacksAny(known, keyRing.kekVersions())) {
            keyRing.reload(); // this instance may just not have caught up yet
            if (lacksAny(known, keyRing.kekVersions())) {
                throw new IllegalStateException("the key store at " + keyRing.path() + " lacks a KEK version that "
                        + "the database names; refusing to rotate");
            }
        }
    }

    private static boolean lacksAny(List<KekVersion> known, SortedSet<Integer> ring) {
        return known.stream().anyMatch(v -> !v.destroyed() && !ring.contains(v.version()) || v.version() > ring.last());
    }
}
