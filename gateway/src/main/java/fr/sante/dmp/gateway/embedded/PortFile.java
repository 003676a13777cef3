package fr.sante.dmp.gateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A port kept in a file under the data directory, so an embedded service comes back on the same port between runs
 * (the issuer URL is in every token; the CLI finds the running services by these files).
 */
record PortFile(Path file) {

    /** The saved port if it is still free, else a free port; saved for next time. */
    int choose() {
        Optional<Integer> saved = read();
        int port = saved.filter(PortFile::isFree).orElseGet(PortFile::freePort);
        write(port);
        return port;
    }

    Optional<Integer> read() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void write(int port) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Integer.toString(port), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
