package io.tokengate.vault;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * An HMAC-SHA256 key that computes tags and never hands out its bytes. Looking up and initializing
 * a {@link Mac} costs more than hashing a card number, so each thread keeps an initialized one.
 */
final class HmacKey {

    static final String ALGORITHM = "HmacSHA256";
    static final int TAG_BYTES = 32;

    private final SecretKey key;
    private final ThreadLocal<Mac> mac;

    HmacKey(SecretKey key) {
        this.key = key;
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    /** HMAC-SHA256 of {@code data} under this key: 32 bytes. */
    byte[] tag(byte[] data) {
        return mac.get().doFinal(data);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
