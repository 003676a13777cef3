package fr.sante.dmp.notify.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadCipherTest {
    private final PayloadCipher cipher = new PayloadCipher(new byte[32]);

    @Test
    void recipientIsNotReadableAtRestAndRoundTrips() {
        byte[] aad = Outbox.keyHash("k");
        byte[] sealed = cipher.encrypt("+33612345678".getBytes(StandardCharsets.UTF_8), aad);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("33612345678");
        assertThat(new String(cipher.decrypt(sealed, aad), StandardCharsets.UTF_8)).isEqualTo("+33612345678");
    }

    @Test
    void payloadMovedToAnotherRowFailsToDecrypt() {
        byte[] sealed = cipher.encrypt("x".getBytes(StandardCharsets.UTF_8), Outbox.keyHash("a"));
        assertThatThrownBy(() -> cipher.decrypt(sealed, Outbox.keyHash("b"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void outboundMessageNeverPrintsPersonalData() {
        OutboundMessage m = new OutboundMessage(Channel.SMS, "+33612345678", "otp", Language.fr,
                java.util.Map.of("code", "123456"), "otp:abc", MessageKind.OTP);
        assertThat(m.toString()).doesNotContain("33612345678").doesNotContain("123456").doesNotContain("otp:abc");
    }
}
