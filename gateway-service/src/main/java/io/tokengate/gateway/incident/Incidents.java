package io.tokengate.gateway.incident;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.merchant.ApiKey;
import io.tokengate.gateway.merchant.ApiKeys;
import io.tokengate.gateway.merchant.IssuedApiKey;
import io.tokengate.gateway.merchant.Merchants;
import io.tokengate.gateway.merchant.Scopes;
import io.tokengate.gateway.token.TokenCutoffs;
import io.tokengate.gateway.token.TokenReplacements;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import io.tokengate.gateway.web.PageResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opening a containment: the part that must be true when the call returns, in one transaction.
 * Every key of the merchant is revoked and one new key issued (the old keys' scopes plus
 * {@code migrations:read}; its secret returned here only); the revocation cutoff is recorded, so
 * every token issued before the incident is refused from the commit on; the incident and its token
 * migration are created, audited as {@code incident.opened}. The token-by-token work (revoke,
 * replace, record the pair) is left to the {@link ContainmentWorker}.
 *
 * <p>Not idempotent by design: while a containment of the merchant runs, a second one is refused
 * with 409 {@code state_conflict} naming it ({@code incident}); the new key's secret is never shown
 * again (issue another key if it was lost). Once contained, a new incident may be opened.
 */
@Service
public class Incidents {

    private final IncidentRepository repository;
    private final Merchants merchants;
    private final ApiKeys keys;
    private final TokenCutoffs cutoffs;
    private final TokenReplacements replacements;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final ContainmentProperties props;

    Incidents(IncidentRepository repository, Merchants merchants, ApiKeys keys, TokenCutoffs cutoffs,
              TokenReplacements replacements, AuditLog audit, ApplicationEventPublisher events,
              ContainmentProperties props) {
        this.repository = repository;
        this.merchants = merchants;
        this.keys = keys;
        this.cutoffs = cutoffs;
        this.replacements = replacements;
        this.audit = audit;
        this.events = events;
        this.props = props;
    }

    /** A newly opened incident with the new key's secret (shown once). */
    public record Opened(Incident incident, IssuedApiKey newKey) {
    }

    @Transactional
    public Opened open(String merchantId, String reason, Actor actor) {
        merchants.get(merchantId);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw ApiException.missing("reason");
        }
        if (why.length() > 500) {
            throw ApiException.invalid("reason", "reason may have at most 500 characters.");
        }
        repository.lockMerchant(merchantId);
        repository.findContaining(merchantId).ifPresent(running -> {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "A containment of this merchant is still running; "
                    + "follow it at GET /ops/incidents/" + running.id() + ".", null, Map.of("incident", running.id()));
        });
        String id = Ids.generate("inc_");
        String migrationId = Ids.generate("tmig_");
        // Scopes before revocation: the new key may do what the merchant's keys could, and read the mapping.
        List<ApiKey> before = keys.list(merchantId);
        Set<String> revoked = new HashSet<>(keys.revokeAll(merchantId, "incident " + id, actor));
        Set<String> scopes = new TreeSet<>();
        before.stream().filter(k -> revoked.contains(k.id())).forEach(k -> scopes.addAll(k.scopes()));
        scopes.add(Scopes.MIGRATIONS_READ);
        IssuedApiKey newKey = keys.issueReplacement(merchantId, List.copyOf(scopes), actor);
        long cutoff = cutoffs.allocate();
        long pending = replacements.countPending(merchantId, cutoff);
        repository.insert(id, merchantId, why, actor.id(), newKey.key().id(), revoked.size(), cutoff, pending,
                migrationId);
        long from = replacements.firstPending(merchantId, cutoff).orElse(cutoff) - 1;
        repository.insertLanes(id, from, cutoff, props.getLanes());
        cutoffs.apply(merchantId, cutoff, id);
        Incident incident = repository.find(id).orElseThrow();
        audit.append(AuditEntry.of(actor, "incident.opened").merchant(merchantId).subject("incident", id)
                .detail("reason", why).detail("api_keys_revoked", revoked.size())
                .detail("new_api_key", newKey.key().id()).detail("token_migration", migrationId)
                .detail("tokens_total", pending).detail("token_cutoff", cutoff).build());
        events.publishEvent(new IncidentEvents.IncidentOpened(id, merchantId, migrationId, newKey.key().id(), pending,
                incident.createdAt()));
        return new Opened(incident, newKey);
    }

    @Transactional(readOnly = true)
    public Incident get(String id) {
        return repository.find(id).orElseThrow(() -> ApiException.notFound("incident"));
    }

    /** The merchant's incidents, newest first; the cursor is an incident id. */
    @Transactional(readOnly = true)
    public PageResponse<Incident> list(String merchantId, String afterId, int limit) {
        merchants.get(merchantId);
        Incident after = null;
        if (afterId != null) {
            after = repository.find(afterId).filter(i -> i.merchantId().equals(merchantId)).orElseThrow(() ->
                    new ApiException(ErrorCode.CURSOR_INVALID, "The cursor does not name an incident of this "
                            + "merchant.", "starting_after"));
        }
        return PageResponse.of(repository.page(merchantId, after, limit + 1), limit, Incident::id, i -> i);
    }
}
