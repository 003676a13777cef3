package fr.sante.dmp.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GCM breaks if a nonce repeats under one key (the XOR of two plaintexts leaks and the tag key can be recovered). The
 * wrapper draws 96 random bits per encryption: 10^6 encryptions of the same title with the same data key must show
 * 10^6 distinct nonces (and so 10^6 distinct ciphertexts). The suite runs 10^5 (a few seconds); the recorded figure
 * is the full 10^6: {@code -Ddmp.nonce.encryptions=1000000} (docs/RELIABILITY.md).
 */
class NonceUniquenessTest {
    static final int ENCRYPTIONS = Integer.getInteger("dmp.nonce.encryptions", 100_000);

    @Test
    void encryptionsUnderOneKeyNeverRepeatANonce() {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        Envelope envelope = new Envelope(master, 1);
        UUID record = UUID.randomUUID();
        UUID document = UUID.randomUUID();
        var key = envelope.newDataKey(record).key();

        Set<Nonce> nonces = new HashSet<>(ENCRYPTIONS * 2);
        long started = System.nanoTime();
        int repeats = 0;
        for (int i = 0; i < ENCRYPTIONS; i++) {
            byte[] sealed = envelope.sealTitle(key, record, document, "Compte rendu");
            ByteBuffer b = ByteBuffer.wrap(sealed, 1, Aead.NONCE_BYTES);
            if (!nonces.add(new Nonce(b.getLong(), b.getInt()))) {
                repeats++;
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("nonce uniqueness: %d encryptions, %d distinct nonces, %d repeats, %d ms%n",
                ENCRYPTIONS, nonces.size(), repeats, millis);
        assertThat(repeats).isZero();
        assertThat(nonces).hasSize(ENCRYPTIONS);
    }

    private record Nonce(long high, int low) {
    }
}
