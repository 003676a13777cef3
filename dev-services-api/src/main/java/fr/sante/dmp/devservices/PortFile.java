package fr.sante.dmp.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A port kept in a file under the data directory, so an embedded service comes back on the same port between runs
 * (the issuer URL is in every token; the CLI finds the running services by these files).
 */
public record PortFile(Path file) {
    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** The saved port if it is still free, else a free port; saved for next time. */
    public int choose() {
        Optional<Integer> saved = read();
        int port = saved.filter(PortFile::isFree).orElseGet(PortFile::freePort);
        write(port);
        return port;
    }

    public Optional<Integer> read() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void write(int port) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Integer.toString(port), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768-60999): a port the kernel hands out for {@code bind(0)} or an
     * outgoing connection could be taken again between this check and the service's own bind (the issuer's server
     * once took the port chosen for PostgreSQL, whose start then timed out). Ports handed out here are not handed out
     * twice by this JVM.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = FIRST + RANDOM.nextInt(COUNT);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

}
