package io.tokengate.gateway.merchant;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import io.tokengate.gateway.web.PageResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Onboarding and lifecycle of merchants; the public face of the merchant feature. */
@Service
public class Merchants {

    private final MerchantRepository repository;
    private final AclRepository acls;
    private final AuditLog audit;

    Merchants(MerchantRepository repository, AclRepository acls, AuditLog audit) {
        this.repository = repository;
        this.acls = acls;
        this.audit = audit;
    }

    @Transactional
    public Merchant create(String name, List<String> returnOrigins, Actor actor) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw ApiException.invalid("name", "name must be 1 to 200 characters.");
        }
        List<String> origins = ReturnOrigins.normalise(returnOrigins);
        String id = Ids.generate("mer_");
        repository.insert(id, trimmed, origins);
        acls.insertDefault(id);
        audit.append(AuditEntry.of(actor, "merchant.created").merchant(id).subject("merchant", id)
                .detail("return_origins", origins).build());
        return repository.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Merchant> find(String id) {
        return repository.find(id);
    }

    public Merchant get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("merchant"));
    }

    @Transactional(readOnly = true)
    public PageResponse<Merchant> list(String afterId, int limit) {
        if (afterId != null && repository.find(afterId).isEmpty()) {
            throw new ApiException(ErrorCode.CURSOR_INVALID, "The cursor does not name a merchant.", "starting_after");
        }
        return PageResponse.of(repository.page(afterId, limit + 1), limit, Merchant::id, m -> m);
    }

    @Transactional
    public Merchant setStatus(String id, String status, Actor actor) {
        Merchant merchant = repository.findForUpdate(id).orElseThrow(() -> ApiException.notFound("merchant"));
        if (!merchant.status().equals(status)) {
            repository.setStatus(id, status);
            audit.append(AuditEntry.of(actor, "active".equals(status) ? "merchant.resumed" : "merchant.suspended")
                    .merchant(id).subject("merchant", id).build());
        }
        return repository.find(id).orElseThrow();
    }
}
