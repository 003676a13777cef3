package fr.sante.dmp.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The embedded master key's files in {@code DMP_DATA_DIR/keys} during a rotation: {@code master.key} is the key that
 * wraps; {@code master.previous} the one it replaces, which still unwraps until the rotation has re-wrapped every data
 * key. Used only when DMP_MASTER_KEY is not configured (the key then lives in these files, not in the environment).
 *
 * <p>Order matters for a crash at any point: the old key is saved as previous before the new one replaces it, each
 * file written to a temporary name and renamed (atomic), so the directory always holds a key that opens every data key.
 */
public final class EmbeddedMasterKey {
    static final String CURRENT = "master.key";
    static final String PREVIOUS = "master.previous";
    /** The public id of the key the running platform wraps with (written at start, embedded mode). */
    static final String IN_USE = "master.in-use";

    private final Path dir;

    public EmbeddedMasterKey(Path dataDir) {
        this.dir = dataDir.resolve("keys");
    }

    /** True when a rotation has started and not finished: the previous key is still kept. */
    public boolean rotating() {
        return Files.exists(dir.resolve(PREVIOUS));
    }

    /** The kept previous key, if a rotation is under way. */
    public Optional<byte[]> previous() {
        Path file = dir.resolve(PREVIOUS);
        try {
            return Files.exists(file) ? Optional.of(decode(Files.readString(file, StandardCharsets.US_ASCII), file))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Starts a rotation: keeps {@code current} as previous, then makes {@code next} (given, or 32 fresh random bytes)
     * the key of {@code master.key}. Returns the new key.
     */
    public byte[] begin(byte[] current, Optional<byte[]> next) {
        byte[] key = next.orElseGet(() -> {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            return k;
        });
        write(PREVIOUS, current);
        write(CURRENT, key);
        return key;
    }

    /** Every data key is under the current key: the previous one is no longer needed anywhere. */
    public void finish() {
        try {
            Files.deleteIfExists(dir.resolve(PREVIOUS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir.resolve(PREVIOUS), e);
        }
    }

    /** Written by the platform at start: which key it wraps with (a public id, never the key). */
    public void markInUse(String keyId) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(IN_USE + ".tmp");
            Files.writeString(tmp, keyId, StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(IN_USE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(IN_USE), e);
        }
    }

    /** The id of the key the last started platform wraps with, if one wrote it. */
    public Optional<String> inUse() {
        Path file = dir.resolve(IN_USE);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The previous key as a list, for the store's options (unwrap only). */
    public List<byte[]> previousAsList() {
        return previous().map(List::of).orElse(List.of());
    }

    private void write(String name, byte[] key) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    private static byte[] decode(String text, Path file) {
        try {
            byte[] key = Base64.getDecoder().decode(text.trim());
            if (key.length != 32) {
                throw new ConfigException(file + " must hold base64 of 32 bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + " is not base64");
        }
    }
}
