package io.tokengate.gateway.token;

import io.tokengate.gateway.keys.VaultService;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.token.FormatPreservingTokens;
import io.tokengate.vault.token.IdKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Mints the new values of a containment batch in memory, as the arrays one set-based statement
 * inserts: the keyed lookup hash, the sealed copy and the hint of each, never the value itself in
 * a column. Opaque tokens need nothing of the card; a format-preserving one needs the card's length
 * and last four, so only those cards are opened (once per card and batch).
 */
@Component
class ReplacementValues {

    private final VaultService vault;
    private final Cards cards;

    ReplacementValues(VaultService vault, Cards cards) {
        this.vault = vault;
        this.cards = cards;
    }

    /** A token of the batch that gets a replacement; {@code sealedCard} only for format-preserving ones. */
    record Wanted(long oldId, long newId, String cardId, TokenFormat format, byte[] sealedCard) {
    }

    /** Parallel arrays, index i for wanted token i. */
    record Minted(Long[] oldIds, Long[] newIds, byte[][] hashes, byte[][] sealed, String[] hints) {
    }

    Minted mint(List<Wanted> wanted, List<Long> revokedOnly) {
        int n = wanted.size() + revokedOnly.size();
        Long[] oldIds = new Long[n];
        Long[] newIds = new Long[n];
        byte[][] hashes = new byte[n][];
        byte[][] sealed = new byte[n][];
        String[] hints = new String[n];
        Map<String, Pan> pans = new HashMap<>();
        int i = 0;
        for (Wanted w : wanted) {
            String token = w.format() == TokenFormat.FORMAT_PRESERVING
                    ? FormatPreservingTokens.generate(pans.computeIfAbsent(w.cardId(),
                            id -> cards.open(id, w.sealedCard()).pan()))
                    : IdKind.TOKEN.generate();
            byte[] hash = vault.lookupHash(token);
            oldIds[i] = w.oldId();
            newIds[i] = w.newId();
            hashes[i] = hash;
            sealed[i] = vault.sealToken(token, hash);
            hints[i] = TokenValues.hint(token);
            i++;
        }
        for (Long old : revokedOnly) {
            oldIds[i++] = old;
        }
        return new Minted(oldIds, newIds, hashes, sealed, hints);
    }
}
