package io.tokengate.gateway.merchant;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.GroupCommit;
import io.tokengate.gateway.web.Ids;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merchant API keys: a public id plus a high-entropy secret shown once. Only the secret's keyed
 * hash is stored, so a database dump yields no usable key. A merchant may hold several active keys
 * at once, so a key is rolled by issuing the new one before revoking the old.
 */
@Service
public class ApiKeys {

    private final ApiKeyRepository repository;
    private final MerchantRepository merchants;
    private final VaultService vault;
    private final AuditLog audit;
    private final GroupCommit<ApiKeyRepository.Presented, Optional<KeyAuthentication>> lookups;

    ApiKeys(ApiKeyRepository repository, MerchantRepository merchants, VaultService vault, AuditLog audit) {
        this.repository = repository;
        this.merchants = merchants;
        this.vault = vault;
        this.audit = audit;
        this.lookups = GroupCommit.create("api key lookups", 64, Duration.ofSeconds(5), repository::authenticateAll);
    }

    @Transactional
    public IssuedApiKey issue(String merchantId, List<String> requestedScopes, Instant expiresAt, Actor actor) {
        merchants.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant"));
        List<String> scopes = Scopes.validate(requestedScopes);
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw ApiException.invalid("expires_at", "expires_at must be in the future.");
        }
        return insert(merchantId, scopes, expiresAt, actor, "api_key.issued");
    }

    /** Issues a key inside the caller's transaction (containment issues the replacement key this way). */
    @Transactional
    public IssuedApiKey issueReplacement(String merchantId, List<String> scopes, Actor actor) {
        return insert(merchantId, Scopes.validate(scopes), null, actor, "api_key.issued");
    }

    private IssuedApiKey insert(String merchantId, List<String> scopes, Instant expiresAt, Actor actor, String action) {
        String id = Ids.generate("key_");
        String secret = vault.newSecret("sk_");
        String hint = secret.substring(secret.length() - 4);
        repository.insert(id, merchantId, vault.lookupHash(secret), hint, scopes, expiresAt);
        audit.append(AuditEntry.of(actor, action).merchant(merchantId).subject("api_key", id)
                .detail("scopes", scopes).detail("expires_at", expiresAt == null ? null : expiresAt.toString()).build());
        return new IssuedApiKey(repository.find(merchantId, id).orElseThrow(), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiKey> list(String merchantId) {
        merchants.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant"));
        return repository.list(merchantId);
    }

    @Transactional
    public ApiKey revoke(String merchantId, String keyId, String reason, Actor actor) {
        ApiKey key = repository.find(merchantId, keyId).orElseThrow(() -> ApiException.notFound("API key"));
        if (!repository.revoke(merchantId, keyId, reason)) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "The API key is already revoked.");
        }
        audit.append(AuditEntry.of(actor, "api_key.revoked").merchant(merchantId).subject("api_key", key.id())
                .detail("reason", reason).build());
        return repository.find(merchantId, keyId).orElseThrow();
    }

    /** Revokes every active key of the merchant in the caller's transaction; returns their ids. */
    @Transactional
    public List<String> revokeAll(String merchantId, String reason, Actor actor) {
        List<String> revoked = repository.revokeAll(merchantId, reason);
        for (String id : revoked) {
            audit.append(AuditEntry.of(actor, "api_key.revoked").merchant(merchantId).subject("api_key", id)
                    .detail("reason", reason).build());
        }
        return revoked;
    }

    /**
     * Looks a presented secret up by its keyed hash; empty when no key has that secret. The lookups
     * of concurrent requests share one statement ({@link GroupCommit} as a group read): each batch is
     * read after every lookup in it was asked for, so a request sees a revocation that committed
     * before it arrived, exactly as with a statement of its own.
     */
    public Optional<KeyAuthentication> authenticate(String secret, String clientIp) {
        try {
            return lookups.submit(new ApiKeyRepository.Presented(vault.lookupHash(secret), clientIp),
                    p -> repository.authenticate(p.secretHash(), p.clientIp()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while authenticating", e);
        }
    }

    /** The group read itself (tests observe the grouping through it). */
    GroupCommit<ApiKeyRepository.Presented, Optional<KeyAuthentication>> lookups() {
        return lookups;
    }

    @PreDestroy
    void close() {
        lookups.close();
    }

    public void touch(String keyId) {
        repository.touch(keyId);
    }
}
