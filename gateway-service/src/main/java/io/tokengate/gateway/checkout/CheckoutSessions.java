package io.tokengate.gateway.checkout;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.checkout.CheckoutViews.CompletionView;
import io.tokengate.gateway.checkout.CheckoutViews.CreateSession;
import io.tokengate.gateway.checkout.CheckoutViews.SessionView;
import io.tokengate.gateway.checkout.CheckoutViews.TokenView;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.merchant.Acls;
import io.tokengate.gateway.merchant.Merchant;
import io.tokengate.gateway.merchant.Merchants;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The merchant's side of a checkout: open a session, read it, and exchange the one-time code for
 * the token (and the charge). Each session completes at most once: the exchange is one
 * conditional UPDATE on the code's keyed hash, the merchant, the state and the code's expiry.
 */
@Service
class CheckoutSessions {

    private static final int MAX_CODE_LENGTH = 200;

    private final CheckoutSessionRepository repository;
    private final Merchants merchants;
    private final Acls acls;
    private final Tokens tokens;
    private final CheckoutPayments payments;
    private final VaultService vault;
    private final AuditLog audit;
    private final CheckoutProperties props;
    private final PublicBaseUrl baseUrl;
    private final Clock clock;

    CheckoutSessions(CheckoutSessionRepository repository, Merchants merchants, Acls acls, Tokens tokens,
                     CheckoutPayments payments, VaultService vault, AuditLog audit, CheckoutProperties props,
                     PublicBaseUrl baseUrl, Clock clock) {
        this.repository = repository;
        this.merchants = merchants;
        this.acls = acls;
        this.tokens = tokens;
        this.payments = payments;
        this.vault = vault;
        this.audit = audit;
        this.props = props;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    @Transactional
    public SessionView create(String merchantId, CreateSession body, Actor actor) {
        Merchant merchant = merchants.get(merchantId);
        Instant now = clock.instant();
        NewSession s = NewSession.of(body, merchant, acls.get(merchantId), props, now);
        String id = Ids.generate("cs_");
        repository.insert(id, merchantId, s);
        audit.append(AuditEntry.of(actor, "checkout.session_created").merchant(merchantId)
                .subject("checkout_session", id).detail("mode", s.mode()).detail("amount", s.amount())
                .detail("currency", s.currency()).detail("expires_at", s.expiresAt().toString()).build());
        return view(repository.find(id).orElseThrow(), now);
    }

    @Transactional(readOnly = true)
    public SessionView get(String merchantId, String id) {
        return view(find(merchantId, id), clock.instant());
    }

    /**
     * Exchanges the code from the success redirect. The code works once, within its lifetime, for
     * the session it was issued for and the merchant that owns it; every refusal is audited.
     */
    @Transactional
    public CompletionView complete(String merchantId, String id, String code, Actor actor) {
        if (code == null || code.isEmpty()) {
            throw ApiException.missing("code");
        }
        Optional<CheckoutSession> done = code.length() > MAX_CODE_LENGTH ? Optional.empty()
                : repository.complete(merchantId, id, vault.lookupHash(code));
        if (done.isEmpty()) {
            throw refusal(merchantId, id, actor);
        }
        CheckoutSession s = done.get();
        audit.append(AuditEntry.of(actor, "checkout.completed").merchant(merchantId).subject("checkout_session", id)
                .detail("token_id", s.tokenId()).detail("charge", s.chargeId()).build());
        String token = tokens.tokenValue(merchantId, s.tokenId()).orElseThrow();
        TokenView tokenView = TokenView.of(tokens.get(merchantId, token));
        Object charge = s.chargeId() == null ? null : payments.view(merchantId, s.chargeId());
        return new CompletionView("checkout_completion", SessionView.of(s, baseUrl.pageOf(id), clock.instant(), token),
                tokenView, charge);
    }

    private ApiException refusal(String merchantId, String id, Actor actor) {
        CheckoutSession s = find(merchantId, id);
        Instant now = clock.instant();
        String status = s.effectiveStatus(now);
        ApiException e = switch (status) {
            case CheckoutSession.EXPIRED -> new ApiException(ErrorCode.CHECKOUT_SESSION_EXPIRED,
                    "The session expired before the shopper finished; create a new one.", "id");
            case CheckoutSession.CANCELLED, CheckoutSession.FAILED -> new ApiException(
                    ErrorCode.CHECKOUT_SESSION_NOT_OPEN, "The session is " + status + "; no token was issued.", "id");
            case CheckoutSession.SUCCEEDED -> new ApiException(ErrorCode.CHECKOUT_CODE_INVALID,
                    s.codeExpiresAt() != null && !s.codeExpiresAt().isAfter(now)
                            ? "The code has expired; it may be exchanged for " + props.getCodeLifetime().toMinutes()
                            + " minutes after the shopper returns. Read the session with GET."
                            : "The code does not match this session; pass the code from the success redirect unchanged.",
                    "code");
            case CheckoutSession.COMPLETED -> new ApiException(ErrorCode.CHECKOUT_CODE_INVALID,
                    "The session has already been completed; a code works once. Read the session with GET.", "code");
            default -> new ApiException(ErrorCode.CHECKOUT_CODE_INVALID,
                    "The shopper has not finished this session yet (status " + status + "); no code was issued.",
                    "code");
        };
        audit.appendIndependently(AuditEntry.of(actor, "checkout.code_rejected").merchant(merchantId)
                .subject("checkout_session", id).detail("status", status).detail("code", e.code().code()).build());
        return e;
    }

    private CheckoutSession find(String merchantId, String id) {
        if (id == null || !id.startsWith("cs_") || id.length() > 60) {
            throw ApiException.notFound("checkout session");
        }
        return repository.find(merchantId, id).orElseThrow(() -> ApiException.notFound("checkout session"));
    }

    private SessionView view(CheckoutSession s, Instant now) {
        String token = CheckoutSession.COMPLETED.equals(s.status()) && s.tokenId() != null
                ? tokens.tokenValue(s.merchantId(), s.tokenId()).orElse(null) : null;
        return SessionView.of(s, baseUrl.pageOf(s.id()), now, token);
    }
}
