package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KekInstances;
import io.tokengate.gateway.keys.KekVersions;
import io.tokengate.gateway.ops.Approval;
import io.tokengate.gateway.ops.Approvals;
import io.tokengate.gateway.rotation.KeyViews.InstanceView;
import io.tokengate.gateway.rotation.KeyViews.KeyRingView;
import io.tokengate.gateway.rotation.KeyViews.RotationView;
import io.tokengate.gateway.rotation.KeyViews.VersionView;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import io.tokengate.vault.KeyRing;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key management for ops: the KEK versions and what uses them, rotation with its re-wrap progress,
 * and the destruction of a retired version under dual control. Writes need the admin role; the
 * auditor may read.
 */
@RestController
@RequestMapping(path = "/ops/keys", produces = "application/json")
class KeyController {

    private final KeyRotations rotations;
    private final KekVersions versions;
    private final KekInstances instances;
    private final KekUsage usage;
    private final KeyRing keyRing;
    private final Approvals approvals;

    KeyController(KeyRotations rotations, KekVersions versions, KekInstances instances, KekUsage usage,
                  KeyRing keyRing, Approvals approvals) {
        this.approvals = approvals;
        this.rotations = rotations;
        this.versions = versions;
        this.instances = instances;
        this.usage = usage;
        this.keyRing = keyRing;
    }

    @GetMapping
    @Transactional(readOnly = true)
    KeyRingView keyRing() {
        Map<Integer, KekUsage.Count> counts = usage.byVersion();
        return new KeyRingView("key_ring", versions.active().orElse(keyRing.currentKekVersion()),
                versions.list().stream().map(v -> VersionView.of(v, counts.get(v.version()))).toList(),
                instances.live().stream().map(InstanceView::of).toList(),
                rotations.running().map(r -> r.id()).orElse(null));
    }

    @PostMapping("/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    RotationView rotate(HttpServletRequest request) {
        return RotationView.of(rotations.rotate(Actors.current(request)));
    }

    @GetMapping("/rotations")
    PageResponse<RotationView> list(@RequestParam(required = false) Integer limit,
                                    @RequestParam(name = "starting_after", required = false) String cursor) {
        int size = PageResponse.limit(limit);
        Long before = Cursors.decodeLong(cursor);
        if (before != null && before > Integer.MAX_VALUE) {
            throw ApiException.invalid("starting_after", "The cursor is not valid for this list.");
        }
        return PageResponse.of(rotations.page(before == null ? null : before.intValue(), size + 1), size,
                r -> Integer.toString(r.toVersion()), RotationView::of);
    }

    @GetMapping("/rotations/{id}")
    RotationView get(@PathVariable String id) {
        return RotationView.of(rotations.get(id));
    }

    /**
     * Asks for the destruction of a retired version: checked now (404, 409 {@code state_conflict}
     * for the current or a destroyed version, 409 {@code kek_in_use} while anything names it), then
     * a dual-control approval (202) that a second, different admin approves at
     * {@code POST /ops/approvals/{id}/approve}; the checks run again then.
     */
    @PostMapping("/versions/{version}/destroy")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Approval destroy(@PathVariable String version, @RequestBody(required = false) DestroyRequest body,
                     HttpServletRequest request) {
        if (!version.matches("[1-9][0-9]{0,8}")) {
            throw ApiException.invalid("version", "version must be a KEK version number such as 3.");
        }
        return approvals.request(KekDestroyApproval.ACTION, Map.of("version", Integer.parseInt(version)),
                body == null ? null : body.reason(), Actors.current(request));
    }

    /** Optional body of a destruction request. */
    record DestroyRequest(String reason) {
    }
}
