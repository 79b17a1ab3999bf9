package io.tokengate.vault;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of the ring at one moment, immutable. The ring swaps in a new snapshot atomically on
 * rotation or destruction, so a seal that started before a rotation finishes with the keys it
 * started with, and no reader ever sees a half-applied change.
 */
final class KeySnapshot {

    static final String FINGERPRINT_ALIAS = "fingerprint-hmac";
    static final String LOOKUP_ALIAS = "lookup-hmac";
    static final int KEK_BYTES = 32;
    static final int HMAC_KEY_BYTES = 32;

    private final Map<Integer, Kek> keks;
    private final Kek current;
    private final HmacKey fingerprintKey;
    private final HmacKey lookupKey;

    private KeySnapshot(Map<Integer, Kek> keks, HmacKey fingerprintKey, HmacKey lookupKey) {
        this.keks = keks;
        // Versions only ever grow and the newest can't be destroyed, so the newest is current.
        this.current = keks.get(Collections.max(keks.keySet()));
        this.fingerprintKey = fingerprintKey;
        this.lookupKey = lookupKey;
    }

    /**
     * Reads every vault key out of {@code store}.
     *
     * @throws KeyRingException with {@code STORE_INVALID} if a needed entry is missing or of the
     *     wrong kind or size, {@code STORE_UNREADABLE} if an entry cannot be decrypted
     */
    static KeySnapshot read(KeyStore store, char[] password) {
        try {
            Map<Integer, Kek> keks = new TreeMap<>();
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                int version = Kek.versionOf(alias);
                if (version > 0) {
                    byte[] raw = rawSecret(store, alias, password, KEK_BYTES);
                    keks.put(version, new Kek(version, new AesKeyWrapPad(raw)));
                    Arrays.fill(raw, (byte) 0);
                }
            }
            if (keks.isEmpty()) {
                throw invalid("it holds no key-encryption key (kek-v1, kek-v2, ...)");
            }
            return new KeySnapshot(Collections.unmodifiableMap(keks),
                    hmacKey(store, FINGERPRINT_ALIAS, password), hmacKey(store, LOOKUP_ALIAS, password));
        } catch (GeneralSecurityException e) {
            throw new KeyRingException(KeyRingException.Reason.STORE_UNREADABLE,
                    "cannot read a key from the key store; check the password and the file", e);
        }
    }

    Kek current() {
        return current;
    }

    /** The KEK of {@code version}, or {@code null} if this snapshot has none. */
    Kek kek(int version) {
        return keks.get(version);
    }

    SortedSet<Integer> versions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(keks.keySet()));
    }

    HmacKey fingerprintKey() {
        return fingerprintKey;
    }

    HmacKey lookupKey() {
        return lookupKey;
    }

    private static HmacKey hmacKey(KeyStore store, String alias, char[] password) throws GeneralSecurityException {
        byte[] raw = rawSecret(store, alias, password, HMAC_KEY_BYTES);
        HmacKey key = new HmacKey(new SecretKeySpec(raw, HmacKey.ALGORITHM));
        Arrays.fill(raw, (byte) 0);
        return key;
    }

    private static byte[] rawSecret(KeyStore store, String alias, char[] password, int size)
            throws GeneralSecurityException {
        if (!store.containsAlias(alias)) {
            throw invalid("entry '" + alias + "' is missing");
        }
        Key key = store.getKey(alias, password);
        byte[] raw = key instanceof SecretKey ? key.getEncoded() : null;
        if (raw == null || raw.length != size) {
            throw invalid("entry '" + alias + "' is not a " + size * 8 + "-bit secret key");
        }
        return raw;
    }

    private static KeyRingException invalid(String detail) {
        return new KeyRingException(KeyRingException.Reason.STORE_INVALID,
                "the key store is not a vault key ring: " + detail);
    }
}
