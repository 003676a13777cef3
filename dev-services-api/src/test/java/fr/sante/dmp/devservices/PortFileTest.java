package fr.sante.dmp.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortFileTest {

    @Test
    void freshPortsAreDistinctFreeAndOutsideTheKernelsEphemeralRange() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = PortFile.freePort();
            assertThat(port).isBetween(20_000, 32_767);
            assertThat(PortFile.isFree(port)).isTrue();
            assertThat(ports.add(port)).as("handed out twice: %d", port).isTrue();
        }
    }

    @Test
    void aSavedPortComesBackWhileFreeAndIsReplacedOnceTaken(@TempDir Path dir) throws IOException {
        PortFile file = new PortFile(dir.resolve("svc.port"));
        int first = file.choose();
        assertThat(file.choose()).isEqualTo(first);
        try (ServerSocket taken = new ServerSocket(first, 1, InetAddress.getLoopbackAddress())) {
            int second = file.choose();
            assertThat(second).isNotEqualTo(first);
            assertThat(file.read()).contains(second);
        }
    }
}
