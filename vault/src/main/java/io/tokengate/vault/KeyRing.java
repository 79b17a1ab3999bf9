package io.tokengate.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Objects;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's keys, kept in a Bouncy Castle BCFKS key store file whose path and password come from
 * configuration: versioned AES-256 key-encryption keys ({@code kek-v1}, {@code kek-v2}, ...), an
 * HMAC-SHA256 key for card fingerprints and one for lookup hashes of tokens and secrets. Key
 * material never leaves the ring; {@link CardVault} uses it.
 *
 * <p>The newest KEK version is current: it wraps the data keys of new cards. Versions only grow,
 * and a destroyed version number is never reused, so a blob naming it can never open again.
 * Readers use an immutable snapshot swapped atomically, so the ring is safe for any number of
 * threads, with rotation running concurrently. Changes go through an exclusive file lock and an
 * atomic file replace, so they are durable and two processes cannot lose each other's versions;
 * another process sees them after {@link #reload()}.
 *
 * <p>Every method throws {@link IllegalStateException} once the ring is {@linkplain #close()
 * closed}.
 */
public final class KeyRing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private final Path path;
    private final char[] password;
    private final Object writeLock = new Object();
    private volatile KeySnapshot snapshot;

    private KeyRing(Path path, char[] password, KeySnapshot snapshot) {
        this.path = path;
        this.password = password;
        this.snapshot = snapshot;
    }

    /**
     * Opens an existing key ring. The caller may wipe {@code password} afterwards.
     *
     * @throws KeyRingException with {@code STORE_MISSING} if there is no file, {@code
     *     STORE_UNREADABLE} for a wrong password or a damaged file, {@code STORE_INVALID} if the
     *     store lacks the vault's keys
     * @throws IllegalArgumentException if the password is empty
     */
    public static KeyRing open(Path path, char[] password) {
        Path target = Objects.requireNonNull(path, "path").toAbsolutePath();
        char[] secret = copyPassword(password);
        KeyStore store = KeyStoreFile.load(target, secret);
        return new KeyRing(target, secret, KeySnapshot.read(store, secret));
    }

    /**
     * Opens the key ring, or creates one with fresh keys when the file is missing and {@code
     * allowCreate} is true. Creation is for development: it logs a loud warning, and production
     * configuration must pass {@code false} and provide its own key store.
     *
     * @throws KeyRingException as {@link #open}, with {@code STORE_MISSING} when the file is missing
     *     and creation is not allowed, or {@code STORE_WRITE_FAILED} if it cannot be created
     */
    public static KeyRing openOrCreate(Path path, char[] password, boolean allowCreate) {
        Path target = Objects.requireNonNull(path, "path").toAbsolutePath();
        if (!Files.exists(target)) {
            if (!allowCreate) {
                throw new KeyRingException(KeyRingException.Reason.STORE_MISSING, "no key ring at " + target
                        + "; provide the key store file and its password (creating one is allowed only in development)");
            }
            if (create(target, copyPassword(password))) {
                warnGenerated(target);
            }
        }
        return open(target, password);
    }

    /** The current KEK version, which wraps the data keys of newly sealed cards. */
    public int currentKekVersion() {
        return snapshot().current().version();
    }

    /** All KEK versions still present, ascending. */
    public SortedSet<Integer> kekVersions() {
        return snapshot().versions();
    }

    /** Absolute path of the key store file. */
    public Path path() {
        return path;
    }

    /**
     * Adds a new KEK version, makes it current and persists the store. Cards sealed earlier still
     * open; {@link CardVault#rewrap} moves them to the new version.
     *
     * @return the new current version
     * @throws KeyRingException with {@code STORE_WRITE_FAILED} (nothing changed) or as {@link #open}
     *     if the file changed underneath
     */
    public int rotate() {
        synchronized (writeLock) {
            snapshot();
            return KeyStoreFile.withLock(path, () -> {
                KeyStore store = KeyStoreFile.load(path, password);
                int next = newestKekVersion(store) + 1;
                KeyStoreFile.addRandomSecret(store, Kek.alias(next), "AES", KeySnapshot.KEK_BYTES, password);
                KeyStoreFile.write(store, path, password);
                snapshot = KeySnapshot.read(store, password);
                LOG.info("Vault key ring {}: rotated, {} is now the current key-encryption key", path, Kek.alias(next));
                return next;
            });
        }
    }

    /**
     * Destroys a retired KEK version: deletes it from the store and persists. Cards still wrapped
     * under it could never be opened again, so the caller must pass how many cards still use it
     * (the gateway counts its rows by {@link SealedCard#kekVersion()}).
     *
     * @throws IllegalArgumentException if {@code cardsUsingIt} is negative
     * @throws KeyRingException with {@code KEK_IN_USE} if {@code cardsUsingIt > 0}, {@code
     *     KEK_CURRENT} for the current version, {@code KEK_UNKNOWN} if the version is not present,
     *     {@code STORE_WRITE_FAILED} if it cannot be persisted (nothing changed)
     */
    public void destroyKekVersion(int version, long cardsUsingIt) {
        if (cardsUsingIt < 0) {
            throw new IllegalArgumentException("cardsUsingIt must not be negative");
        }
        if (cardsUsingIt > 0) {
            throw new KeyRingException(KeyRingException.Reason.KEK_IN_USE, Kek.alias(version) + " still wraps "
                    + cardsUsingIt + " card(s); re-wrap them to the current version before destroying it");
        }
        synchronized (writeLock) {
            snapshot();
            KeyStoreFile.withLock(path, () -> {
                KeyStore store = KeyStoreFile.load(path, password);
                String alias = Kek.alias(version);
                if (version < 1 || !store.containsAlias(alias)) {
                    throw new KeyRingException(KeyRingException.Reason.KEK_UNKNOWN, "there is no " + alias);
                }
                if (version == newestKekVersion(store)) {
                    throw new KeyRingException(KeyRingException.Reason.KEK_CURRENT,
                            alias + " is the current key-encryption key; rotate before destroying it");
                }
                store.deleteEntry(alias);
                KeyStoreFile.write(store, path, password);
                snapshot = KeySnapshot.read(store, password);
                LOG.warn("Vault key ring {}: destroyed {}; cards wrapped under it can no longer be opened", path, alias);
                return null;
            });
        }
    }

    /**
     * Re-reads the store from disk, picking up versions another process added or destroyed.
     *
     * @throws KeyRingException as {@link #open}; the ring keeps its previous keys then
     */
    public void reload() {
        synchronized (writeLock) {
            snapshot();
            snapshot = KeySnapshot.read(KeyStoreFile.load(path, password), password);
        }
    }

    /** Forgets the keys and wipes the password copy. Idempotent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            snapshot = null;
            Arrays.fill(password, '\0');
        }
    }

    /** Path and versions only. */
    @Override
    public String toString() {
        KeySnapshot s = snapshot;
        return s == null ? "KeyRing[" + path + ", closed]"
                : "KeyRing[" + path + ", current=" + s.current() + ", versions=" + s.versions() + "]";
    }

    KeySnapshot snapshot() {
        KeySnapshot s = snapshot;
        if (s == null) {
            throw new IllegalStateException("the key ring is closed");
        }
        return s;
    }

    private static boolean create(Path target, char[] password) {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new KeyRingException(KeyRingException.Reason.STORE_WRITE_FAILED,
                    "cannot create the directory for the key ring at " + target, e);
        }
        try {
            return KeyStoreFile.withLock(target, () -> {
                if (Files.exists(target)) {
                    return false; // another process created it while we waited for the lock
                }
                KeyStore store = KeyStoreFile.newStore();
                KeyStoreFile.addRandomSecret(store, Kek.alias(1), "AES", KeySnapshot.KEK_BYTES, password);
                KeyStoreFile.addRandomSecret(store, KeySnapshot.FINGERPRINT_ALIAS, HmacKey.ALGORITHM,
                        KeySnapshot.HMAC_KEY_BYTES, password);
                KeyStoreFile.addRandomSecret(store, KeySnapshot.LOOKUP_ALIAS, HmacKey.ALGORITHM,
                        KeySnapshot.HMAC_KEY_BYTES, password);
                KeyStoreFile.write(store, target, password);
                return true;
            });
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static int newestKekVersion(KeyStore store) throws java.security.KeyStoreException {
        int newest = 0;
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
            newest = Math.max(newest, Kek.versionOf(aliases.nextElement()));
        }
        if (newest == 0) {
            throw new KeyRingException(KeyRingException.Reason.STORE_INVALID,
                    "the key store holds no key-encryption key");
        }
        return newest;
    }

    private static char[] copyPassword(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("the key store password must not be empty");
        }
        return password.clone();
    }

    private static void warnGenerated(Path target) {
        LOG.warn("****************************************************************************");
        LOG.warn("* VAULT KEY RING GENERATED: no key store existed, so new random keys were");
        LOG.warn("* written to {}", target);
        LOG.warn("* (key-encryption key kek-v1, card fingerprint key, lookup-hash key).");
        LOG.warn("* This is meant for DEVELOPMENT only. Cards sealed now are lost with this");
        LOG.warn("* file, and readable by anyone who holds it and its password.");
        LOG.warn("* PRODUCTION MUST PROVIDE ITS OWN KEY STORE and password through configuration,");
        LOG.warn("* with key ring creation disabled.");
        LOG.warn("****************************************************************************");
    }
}
