package io.tokengate.gateway.webhook;

import io.tokengate.gateway.keys.VaultService;
import io.tokengate.vault.ValueVault;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * Endpoint signing secrets: {@code whsec_} and 256 random bits, shown to the merchant once and
 * stored sealed by the vault (context {@code webhook_secret}, bound to the endpoint id, so a sealed
 * secret copied to another endpoint's row does not open). Sealed rather than hashed because the
 * gateway itself must compute the HMAC with it.
 */
@Component
class WebhookSecrets {

    static final String PREFIX = "whsec_";
    static final String CONTEXT = "webhook_secret";

    private final VaultService vault;
    private final ValueVault values;

    WebhookSecrets(VaultService vault, ValueVault values) {
        this.vault = vault;
        this.values = values;
    }

    String generate() {
        return vault.newSecret(PREFIX);
    }

    byte[] seal(String endpointId, String secret) {
        return values.seal(CONTEXT, binding(endpointId), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens a sealed secret; throws the vault's generic decryption failure if it was tampered with. */
    String open(String endpointId, byte[] sealed) {
        return new String(values.open(CONTEXT, binding(endpointId), sealed), StandardCharsets.UTF_8);
    }

    /** Moves a sealed secret to the current KEK (unchanged when already current). */
    byte[] rewrap(String endpointId, byte[] sealed) {
        return values.rewrap(CONTEXT, binding(endpointId), sealed);
    }

    private static byte[] binding(String endpointId) {
        return endpointId.getBytes(StandardCharsets.UTF_8);
    }
}
