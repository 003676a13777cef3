package fr.sante.dmp.gateway.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressHandlerTest {
    private final ClientAddressHandler handler = new ClientAddressHandler(List.of("10.0.0.1", "10.0.0.2"));

    @Test
    void theRightmostAddressNoTrustedProxyVouchesForIsTheClient() {
        assertThat(handler.forwarded(List.of("6.6.6.6, 203.0.113.7, 10.0.0.2"), "10.0.0.1")).isEqualTo("203.0.113.7");
        assertThat(handler.forwarded(List.of("6.6.6.6", "203.0.113.7"), "10.0.0.1")).isEqualTo("203.0.113.7");
    }

    @Test
    void withoutHeaderThePeerStaysTheClient() {
        assertThat(handler.forwarded(List.of(), "10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void aForgedOversizedEntryStopsTheWalk() {
        assertThat(handler.forwarded(List.of("x".repeat(100) + ", 203.0.113.7"), "10.0.0.1"))
                .isEqualTo("203.0.113.7");
    }
}
