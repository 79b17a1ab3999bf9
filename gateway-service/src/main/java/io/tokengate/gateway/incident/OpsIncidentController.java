package io.tokengate.gateway.incident;

import io.tokengate.gateway.incident.IncidentViews.IncidentView;
import io.tokengate.gateway.incident.IncidentViews.NewKeyView;
import io.tokengate.gateway.incident.IncidentViews.OpenIncident;
import io.tokengate.gateway.merchant.ApiKey;
import io.tokengate.gateway.merchant.ApiKeys;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops containment: open an incident for a merchant (admin), follow its progress and list a
 * merchant's incidents (admin or auditor).
 */
@RestController
class OpsIncidentController {

    private final Incidents incidents;
    private final ApiKeys keys;

    OpsIncidentController(Incidents incidents, ApiKeys keys) {
        this.incidents = incidents;
        this.keys = keys;
    }

    /** 201 with the incident and the new key's secret; 409 {@code state_conflict} while one is running. */
    @PostMapping(path = "/ops/merchants/{merchantId}/incidents", consumes = "application/json",
            produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    IncidentView open(@PathVariable String merchantId, @RequestBody OpenIncident body, HttpServletRequest request) {
        Incidents.Opened opened = incidents.open(merchantId, body.reason(), Actors.current(request));
        ApiKey key = opened.newKey().key();
        return IncidentView.of(opened.incident(), new NewKeyView(key.id(), opened.newKey().secret(), key.scopes()));
    }

    @GetMapping(path = "/ops/incidents/{id}", produces = "application/json")
    IncidentView get(@PathVariable String id) {
        var incident = incidents.get(id);
        return IncidentView.of(incident, newKey(incident, scopesById(incident.merchantId())));
    }

    @GetMapping(path = "/ops/merchants/{merchantId}/incidents", produces = "application/json")
    PageResponse<IncidentView> list(@PathVariable String merchantId, @RequestParam(required = false) Integer limit,
                                    @RequestParam(name = "starting_after", required = false) String startingAfter) {
        PageResponse<Incident> page = incidents.list(merchantId, Cursors.decode(startingAfter),
                PageResponse.limit(limit));
        Map<String, List<String>> scopes = scopesById(merchantId);
        return new PageResponse<>(page.object(), page.data().stream().map(i -> IncidentView.of(i, newKey(i, scopes)))
                .toList(), page.hasMore(), page.nextCursor());
    }

    private Map<String, List<String>> scopesById(String merchantId) {
        return keys.list(merchantId).stream().collect(Collectors.toMap(ApiKey::id, ApiKey::scopes, (a, b) -> a));
    }

    private static NewKeyView newKey(Incident i, Map<String, List<String>> scopes) {
        return new NewKeyView(i.newApiKeyId(), null, scopes.getOrDefault(i.newApiKeyId(), List.of()));
    }
}
