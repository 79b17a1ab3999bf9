package io.tokengate.vault;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Registers Bouncy Castle by name, at the end of the provider list. Never first: the JDK's own
 * providers must keep serving the algorithms they have (notably AES-GCM with hardware
 * intrinsics); the vault asks for {@value #PROVIDER} by name where it needs Bouncy Castle.
 */
final class BouncyCastle {

    static final String PROVIDER = "BC";

    private BouncyCastle() {
    }

    static synchronized void ensureRegistered() {
        if (Security.getProvider(PROVIDER) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }
}
