package fr.sante.dmp.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The passwords the embedded PostgreSQL and Redis ask for, generated once into {@code dataDir/keys} (0600): any local
 * user could otherwise read the records, sessions and codes. Here, not in the development services, because the
 * gateway's commands read them too to reach a running platform's database.
 */
public final class ServicePasswords {
    /** The embedded PostgreSQL's {@code postgres} role. */
    public static final String PG_FILE = "pg.password";
    /** The embedded Redis's {@code requirepass}. */
    public static final String REDIS_FILE = "redis.password";

    private ServicePasswords() {
    }

    /**
     * The password in {@code dataDir/keys/<name>}: generated once (128 random bits, hex: nothing to quote in a URL, a
     * shell or SQL), owner-only, like the keys.
     */
    public static String servicePassword(Path dataDir, String name) {
        Path file = dataDir.resolve("keys").resolve(name);
        try {
            if (Files.exists(file)) {
                return readPassword(file);
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                return readPassword(file); // another process generated it first
            }
            Files.writeString(file, password, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** The password in this file, if it exists (a platform of an earlier version had none). */
    public static Optional<String> existingServicePassword(Path dataDir, String name) {
        Path file = dataDir.resolve("keys").resolve(name);
        try {
            return Files.exists(file) ? Optional.of(readPassword(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String readPassword(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!password.matches("[0-9a-f]{32}")) {
            throw new IllegalStateException(file + ": must hold the 32 hex characters generated there (delete it to"
                    + " generate a new one only with a new data directory)");
        }
        return password;
    }
}
