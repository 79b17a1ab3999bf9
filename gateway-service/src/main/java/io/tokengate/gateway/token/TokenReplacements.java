package io.tokengate.gateway.token;

import io.tokengate.gateway.keys.VaultService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Containment's token work: revoke a merchant's pre-incident tokens and issue their replacements,
 * a batch at a time, set-based (one locking read, one id allocation and one statement per batch,
 * however large), and read the resulting old → new pairs back for the merchant.
 *
 * <p>A replacement is a new random value on the same card with the same domain controls, the same
 * format and the same status (a suspended token's replacement is suspended: ops suspended it). A
 * token that could never be charged again is revoked without one: a spent single-use token, a token
 * past its {@code expires_at}, a token on a deleted card. A canary's replacement is a canary, so the
 * decoy survives the migration and the mapping does not single it out.
 */
@Service
public class TokenReplacements {

    private static final Logger log = LoggerFactory.getLogger(TokenReplacements.class);

    /** Format-preserving values of short cards can collide; a collided token simply gets another draw. */
    private static final int MAX_ATTEMPTS = 10;

    private final JdbcClient jdbc;
    private final ReplacementValues values;
    private final VaultService vault;

    TokenReplacements(JdbcClient jdbc, ReplacementValues values, VaultService vault) {
        this.jdbc = jdbc;
        this.values = values;
        this.vault = vault;
    }

    /** What one batch did; {@code replacements} lists every token it revoked. */
    public record Batch(long lastTokenId, int revoked, int replaced, List<TokenReplacement> replacements) {

        public boolean isEmpty() {
            return revoked == 0;
        }
    }

    /** Active and suspended tokens of the merchant below the cutoff: what containment will revoke. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long countPending(String merchantId, long cutoff) {
        return jdbc.sql("SELECT count(*) FROM tokens WHERE merchant_id = ? AND status IN ('active', 'suspended') "
                + "AND id < ?").params(merchantId, cutoff).query(Long.class).single();
    }

    /** The lowest pending token id below the cutoff, if any (the final sweep for late commits). */
    @Transactional(propagation = Propagation.MANDATORY)
    public OptionalLong firstPending(String merchantId, long cutoff) {
        return jdbc.sql("SELECT id FROM tokens WHERE merchant_id = ? AND status IN ('active', 'suspended') "
                        + "AND id < ? ORDER BY id LIMIT 1").params(merchantId, cutoff).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * In the caller's transaction: locks the next {@code limit} pending tokens with ids in
     * ({@code afterId}, {@code cutoff}), revokes them ({@code revoked_reason = reason}, {@code
     * replaced_by}), inserts their replacements and records every pair under {@code migrationId}.
     * Either all of it commits or none: no token is left revoked without its replacement.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Batch replaceBatch(String merchantId, String migrationId, String reason, long afterId, long cutoff,
                              int limit) {
        long started = System.nanoTime();
        List<TokenReplacementSql.Candidate> candidates = TokenReplacementSql.lockCandidates(jdbc, merchantId, afterId,
                cutoff, limit);
        long locked = System.nanoTime();
        long minting = 0;
        if (candidates.isEmpty()) {
            return new Batch(afterId, 0, 0, List.of());
        }
        List<TokenReplacementSql.Candidate> toReplace = new ArrayList<>();
        List<Long> revokeOnly = new ArrayList<>();
        for (TokenReplacementSql.Candidate c : candidates) {
            if (c.replaceable()) {
                toReplace.add(c);
            } else {
                revokeOnly.add(c.id());
            }
        }
        List<TokenReplacement> done = new ArrayList<>(candidates.size());
        for (int attempt = 0; attempt < MAX_ATTEMPTS && (!toReplace.isEmpty() || !revokeOnly.isEmpty()); attempt++) {
            Iterator<Long> ids = TokenReplacementSql.allocateIds(jdbc, toReplace.size()).iterator();
            List<ReplacementValues.Wanted> wanted = toReplace.stream().map(c -> new ReplacementValues.Wanted(c.id(),
                    ids.next(), c.cardId(), c.format(), c.sealedCard())).toList();
            long mintStart = System.nanoTime();
            ReplacementValues.Minted minted = values.mint(wanted, revokeOnly);
            minting += System.nanoTime() - mintStart;
            List<TokenReplacement> applied = TokenReplacementSql.apply(jdbc, minted, reason, migrationId);
            done.addAll(applied);
            Set<Long> handled = new HashSet<>();
            applied.forEach(r -> handled.add(r.oldTokenId()));
            // Left over only when a new value collided with an existing one: draw again for those.
            toReplace.removeIf(c -> handled.contains(c.id()));
            revokeOnly.clear();
        }
        if (!toReplace.isEmpty()) {
            throw new IllegalStateException("no unique replacement value for " + toReplace.size() + " tokens after "
                    + MAX_ATTEMPTS + " attempts");
        }
        int replaced = (int) done.stream().filter(r -> r.newTokenId() != null).count();
        if (log.isDebugEnabled()) {
            log.debug("batch of {} tokens: lock {} ms, mint {} ms, write {} ms", done.size(),
                    (locked - started) / 1_000_000, minting / 1_000_000,
                    (System.nanoTime() - locked - minting) / 1_000_000);
        }
        return new Batch(candidates.getLast().id(), done.size(), replaced, done);
    }

    /**
     * A page of a migration's pairs in old-token order, values opened from their sealed copies; only
     * rows of this merchant's tokens. Fetch {@code limit + 1} to learn whether more exist.
     */
    @Transactional(readOnly = true)
    public List<TokenPair> pairs(String merchantId, String migrationId, long afterOldId, int limitPlusOne) {
        return jdbc.sql("""
                        SELECT p.old_token_id, o.lookup_hash AS old_hash, o.token_sealed AS old_sealed,
                               n.lookup_hash AS new_hash, n.token_sealed AS new_sealed
                        FROM token_migration_pairs p
                        JOIN tokens o ON o.id = p.old_token_id AND o.merchant_id = ?
                        LEFT JOIN tokens n ON n.id = p.new_token_id AND n.merchant_id = o.merchant_id
                        WHERE p.migration_id = ? AND p.old_token_id > ?
                        ORDER BY p.old_token_id LIMIT ?""")
                .params(merchantId, migrationId, afterOldId, limitPlusOne)
                .query((rs, n) -> {
                    byte[] newSealed = rs.getBytes("new_sealed");
                    return new TokenPair(rs.getLong("old_token_id"),
                            vault.openToken(rs.getBytes("old_sealed"), rs.getBytes("old_hash")),
                            newSealed == null ? null : vault.openToken(newSealed, rs.getBytes("new_hash")));
                }).list();
    }
}
