package io.tokengate.gateway.merchant;

import io.tokengate.gateway.merchant.MerchantViews.AclView;
import io.tokengate.gateway.merchant.MerchantViews.CreateMerchant;
import io.tokengate.gateway.merchant.MerchantViews.IssueKey;
import io.tokengate.gateway.merchant.MerchantViews.KeyView;
import io.tokengate.gateway.merchant.MerchantViews.MerchantView;
import io.tokengate.gateway.merchant.MerchantViews.RevokeKey;
import io.tokengate.gateway.merchant.MerchantViews.SetAcl;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Ops onboarding: merchants, their API keys and their ACL. Writes need the admin role. */
@RestController
@RequestMapping(path = "/ops/merchants", produces = "application/json")
class OpsMerchantController {

    private final Merchants merchants;
    private final ApiKeys keys;
    private final Acls acls;

    OpsMerchantController(Merchants merchants, ApiKeys keys, Acls acls) {
        this.merchants = merchants;
        this.keys = keys;
        this.acls = acls;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    MerchantView create(@RequestBody CreateMerchant body, HttpServletRequest request) {
        if (body.name() == null) {
            throw ApiException.missing("name");
        }
        return MerchantView.of(merchants.create(body.name(), body.returnOrigins(), Actors.current(request)));
    }

    @GetMapping
    PageResponse<MerchantView> list(@RequestParam(required = false) Integer limit,
                                    @RequestParam(name = "starting_after", required = false) String startingAfter) {
        PageResponse<Merchant> page = merchants.list(Cursors.decode(startingAfter), PageResponse.limit(limit));
        return new PageResponse<>(page.object(), page.data().stream().map(MerchantView::of).toList(), page.hasMore(),
                page.nextCursor());
    }

    @GetMapping("/{id}")
    MerchantView get(@PathVariable String id) {
        return MerchantView.of(merchants.get(id));
    }

    @PostMapping("/{id}/suspend")
    MerchantView suspend(@PathVariable String id, HttpServletRequest request) {
        return MerchantView.of(merchants.setStatus(id, "suspended", Actors.current(request)));
    }

    @PostMapping("/{id}/resume")
    MerchantView resume(@PathVariable String id, HttpServletRequest request) {
        return MerchantView.of(merchants.setStatus(id, "active", Actors.current(request)));
    }

    @PostMapping(path = "/{id}/keys", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    KeyView issueKey(@PathVariable String id, @RequestBody IssueKey body, HttpServletRequest request) {
        IssuedApiKey issued = keys.issue(id, body.scopes(), body.expiresAt(), Actors.current(request));
        return KeyView.of(issued.key(), issued.secret());
    }

    @GetMapping("/{id}/keys")
    Map<String, Object> listKeys(@PathVariable String id) {
        List<KeyView> data = keys.list(id).stream().map(KeyView::of).toList();
        return Map.of("object", "list", "data", data, "has_more", false);
    }

    @PostMapping("/{id}/keys/{keyId}/revoke")
    KeyView revokeKey(@PathVariable String id, @PathVariable String keyId,
                      @RequestBody(required = false) RevokeKey body, HttpServletRequest request) {
        String reason = body == null || body.reason() == null ? "revoked by ops" : body.reason();
        if (reason.length() > 200) {
            throw ApiException.invalid("reason", "reason must be at most 200 characters.");
        }
        return KeyView.of(keys.revoke(id, keyId, reason, Actors.current(request)));
    }

    @GetMapping("/{id}/acl")
    AclView getAcl(@PathVariable String id) {
        return AclView.of(acls.get(id));
    }

    @PutMapping(path = "/{id}/acl", consumes = "application/json")
    AclView setAcl(@PathVariable String id, @RequestBody SetAcl body, HttpServletRequest request) {
        return AclView.of(acls.replace(id, body.allowedCidrs(), body.merchantInitiatedAllowed(), body.currencies(),
                Actors.current(request)));
    }
}
