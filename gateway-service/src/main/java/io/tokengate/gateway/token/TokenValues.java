package io.tokengate.gateway.token;

import io.tokengate.vault.token.FormatPreservingTokens;
import io.tokengate.vault.token.IdKind;

/** The shapes a token value can have; anything else is answered "no such token" without a lookup. */
final class TokenValues {

    private static final int MAX_LENGTH = 64;

    private TokenValues() {
    }

    static boolean wellFormed(String token) {
        return token != null && token.length() <= MAX_LENGTH
                && (IdKind.TOKEN.matches(token) || FormatPreservingTokens.isSurrogate(token));
    }

    /** The last four characters, shown to tell tokens apart without revealing them. */
    static String hint(String token) {
        return token.substring(token.length() - 4);
    }
}
