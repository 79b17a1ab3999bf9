package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KekInstances;
import io.tokengate.gateway.keys.KekVersions.KekVersion;
import io.tokengate.gateway.rotation.KeyRotationRepository.KeyRotation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the key endpoints. */
final class KeyViews {

    private KeyViews() {
    }

    /** {@code "object": "key_rotation"}: a rotation and its re-wrap progress. */
    record RotationView(String id, String object, int fromVersion, int toVersion, String status, long cardsTotal,
                        long cardsRewrapped, long tokensTotal, long tokensRewrapped, String requestedBy,
                        Instant createdAt, Instant updatedAt, Instant completedAt) {

        static RotationView of(KeyRotation r) {
            return new RotationView(r.id(), "key_rotation", r.fromVersion(), r.toVersion(), r.status(),
                    r.cardsTotal(), r.cardsRewrapped(), r.tokensTotal(), r.tokensRewrapped(), r.requestedBy(),
                    r.createdAt(), r.updatedAt(), r.completedAt());
        }
    }

    /** {@code "object": "kek_version"}: a version, its state, and what still names it. */
    record VersionView(String object, int version, String status, long cards, long tokens, Map<String, Long> other,
                       Instant createdAt, Instant retiredAt, Instant destroyedAt, String destroyedBy) {

        static VersionView of(KekVersion v, KekUsage.Count usage) {
            Map<String, Long> other = new LinkedHashMap<>(usage == null ? Map.of() : usage.byKind());
            long cards = nonNull(other.remove(CardRewrap.NAME));
            long tokens = nonNull(other.remove(TokenValueRewrap.NAME));
            return new VersionView("kek_version", v.version(), v.status(), cards, tokens, other, v.createdAt(),
                    v.retiredAt(), v.destroyedAt(), v.destroyedBy());
        }

        private static long nonNull(Long n) {
            return n == null ? 0 : n;
        }
    }

    /** A running gateway instance and the version it seals under. */
    record InstanceView(String id, String host, int kekVersion, Instant startedAt, Instant seenAt) {

        static InstanceView of(KekInstances.Instance i) {
            return new InstanceView(i.instanceId(), i.host(), i.kekVersion(), i.startedAt(), i.seenAt());
        }
    }

    /** {@code "object": "key_ring"}: the versions, the instances, and the rotation re-wrapping now. */
    record KeyRingView(String object, int currentVersion, List<VersionView> versions, List<InstanceView> instances,
                       String rewrapping) {
    }
}
