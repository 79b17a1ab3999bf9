package io.tokengate.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reading and writing the BCFKS key store file. Writes never leave a half-written store behind:
 * the store goes to a temporary file in the same directory, is forced to disk, and is then moved
 * over the old one atomically. Changes are serialized across processes by an exclusive lock on a
 * sibling {@code .lock} file, so two gateway instances rotating at once cannot lose a version.
 */
final class KeyStoreFile {

    static final String TYPE = "BCFKS";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private KeyStoreFile() {
    }

    /** Work done while holding the cross-process lock. */
    interface LockedAction<T> {
        T run() throws IOException, GeneralSecurityException;
    }

    static KeyStore load(Path path, char[] password) {
        KeyStore store = newStore();
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw new KeyRingException(KeyRingException.Reason.STORE_MISSING,
                    "no key ring at " + path + "; provide the key store file and its password");
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyRingException(KeyRingException.Reason.STORE_UNREADABLE,
                    "cannot open the key ring at " + path + ": wrong password or damaged file", e);
        }
    }

    static KeyStore newStore() {
        BouncyCastle.ensureRegistered();
        try {
            KeyStore store = KeyStore.getInstance(TYPE, BouncyCastle.PROVIDER);
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle cannot make a BCFKS key store", e);
        }
    }

    /** Adds a fresh random secret of {@code bytes} bytes for {@code algorithm} under {@code alias}. */
    static void addRandomSecret(KeyStore store, String alias, String algorithm, int bytes, char[] password)
            throws GeneralSecurityException {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        try {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(raw, algorithm)),
                    new KeyStore.PasswordProtection(password));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Writes {@code store} to {@code path} atomically. */
    static void write(KeyStore store, Path path, char[] password) {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            FileAttribute<?>[] attrs = POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attrs);
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            forceDirectory(dir);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyRingException(KeyRingException.Reason.STORE_WRITE_FAILED,
                    "cannot write the key ring at " + target + "; nothing was changed", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The temporary file holds only an encrypted store; leaving it is harmless.
                }
            }
        }
    }

    /** Runs {@code action} holding an exclusive lock on {@code path}'s sibling lock file. */
    static <T> T withLock(Path path, LockedAction<T> action) {
        Path target = path.toAbsolutePath();
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            return action.run();
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyRingException(KeyRingException.Reason.STORE_WRITE_FAILED,
                    "cannot lock or update the key ring at " + target + "; nothing was changed", e);
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename itself durable on Linux; other systems may refuse to open a directory.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Best effort only.
        }
    }
}
