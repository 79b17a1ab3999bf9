package io.tokengate.gateway.incident;

import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ops/security-events} (auditor or admin): the security signals, newest first. */
@RestController
@RequestMapping(path = "/ops/security-events", produces = "application/json")
class SecurityEventController {

    record SecurityEventView(long id, String object, String type, String severity, Instant occurredAt,
                             String merchant, String sourceIp, String apiKey, String tokenHint, String route) {

        static SecurityEventView of(SecurityEvents.Event e) {
            return new SecurityEventView(e.id(), "security_event", e.type(), e.severity(), e.occurredAt(),
                    e.merchantId(), e.sourceIp(), e.apiKey(), e.tokenHint(), e.route());
        }
    }

    private final SecurityEvents events;

    SecurityEventController(SecurityEvents events) {
        this.events = events;
    }

    @GetMapping
    PageResponse<SecurityEventView> list(@RequestParam(required = false) String merchant,
                                         @RequestParam(required = false) String severity,
                                         @RequestParam(required = false) Integer limit,
                                         @RequestParam(name = "starting_after", required = false) String cursor) {
        int size = PageResponse.limit(limit);
        return PageResponse.of(events.page(merchant, severity, Cursors.decodeLong(cursor), size + 1), size,
                e -> Long.toString(e.id()), SecurityEventView::of);
    }
}
