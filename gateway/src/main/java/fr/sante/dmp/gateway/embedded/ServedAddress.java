package fr.sante.dmp.gateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The public address the running platform put in its invitations, kept in {@code DMP_DATA_DIR/public.url} while it
 * runs, so that a CLI command started in another environment ({@code ./dmp campaign import} without the platform's
 * DMP_HTTP_PORT or DMP_PUBLIC_URL) links to the platform that actually serves, not to its own defaults.
 */
public final class ServedAddress {
    static final String FILE = "public.url";

    private ServedAddress() {
    }

    /** Written once the platform listens; replaced atomically (a reader never sees half a URL). */
    public static void write(Path dataDir, String publicUrl) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, publicUrl, StandardCharsets.US_ASCII);
            Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
        }
    }

    /** Removed when the platform stops: a command run afterwards uses its own configuration. */
    public static void forget(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException e) {
            // Nothing to undo: a stale file names the same data directory's last platform.
        }
    }

    /** The address of the platform running on this data directory, if it wrote one. */
    public static Optional<String> running(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim())
                    .filter(s -> !s.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
