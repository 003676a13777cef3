package fr.sante.dmp.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.consent.Ins;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final byte[] MASTER = random32();
    private final Envelope envelope = new Envelope(MASTER, 16);
    private final UUID record = UUID.randomUUID();
    private final UUID doc1 = UUID.randomUUID();
    private final UUID doc2 = UUID.randomUUID();

    @Test
    void contentSealedWithTheDataKeyOpensOnlyForItsOwnRecordAndDocument() {
        Envelope.NewDataKey k = envelope.newDataKey(record);
        byte[] plain = "compte rendu".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = envelope.sealContent(k.key(), record, doc1, plain);

        assertThat(envelope.openContent(k.key(), record, doc1, sealed)).isEqualTo(plain);
        assertThatThrownBy(() -> envelope.openContent(k.key(), record, doc2, sealed))
                .isInstanceOf(CryptoIntegrityException.class);
        assertThatThrownBy(() -> envelope.openContent(k.key(), UUID.randomUUID(), doc1, sealed))
                .isInstanceOf(CryptoIntegrityException.class);
        // A title ciphertext moved into the content column does not open either.
        byte[] title = envelope.sealTitle(k.key(), record, doc1, "titre");
        assertThatThrownBy(() -> envelope.openContent(k.key(), record, doc1, title))
                .isInstanceOf(CryptoIntegrityException.class);
    }

    @Test
    void everyEncryptionUsesAFreshNonceAndHidesThePlaintext() {
        Envelope.NewDataKey k = envelope.newDataKey(record);
        byte[] plain = "the same words, twice".getBytes(StandardCharsets.UTF_8);

        byte[] a = envelope.sealContent(k.key(), record, doc1, plain);
        byte[] b = envelope.sealContent(k.key(), record, doc1, plain);

        assertThat(a).isNotEqualTo(b);
        assertThat(a).hasSize(plain.length + Aead.OVERHEAD);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("same words");
    }

    @Test
    void aSingleFlippedBitIsDetected() {
        Envelope.NewDataKey k = envelope.newDataKey(record);
        byte[] sealed = envelope.sealContent(k.key(), record, doc1, new byte[100]);
        sealed[40] ^= 1;
        assertThatThrownBy(() -> envelope.openContent(k.key(), record, doc1, sealed))
                .isInstanceOf(CryptoIntegrityException.class);
    }

    @Test
    void wrappedKeyUnwrapsOnlyUnderTheMasterKeyAndForItsRecord() {
        Envelope.NewDataKey k = envelope.newDataKey(record);
        byte[] sealed = envelope.sealIdentity(k.key(), record, new byte[] {1, 2, 3});

        // Another instance with the same master key (no cache) opens it.
        Envelope other = new Envelope(MASTER, 0);
        SecretKey unwrapped = other.unwrap(record, k.wrapped());
        assertThat(other.openIdentity(unwrapped, record, sealed)).containsExactly(1, 2, 3);

        assertThatThrownBy(() -> other.unwrap(UUID.randomUUID(), k.wrapped()))
                .isInstanceOf(CryptoIntegrityException.class);
        assertThatThrownBy(() -> new Envelope(random32(), 0).unwrap(record, k.wrapped()))
                .isInstanceOf(CryptoIntegrityException.class);
    }

    @Test
    void aDestroyedKeyOpensNothingEvenIfItWasCached() {
        Envelope.NewDataKey k = envelope.newDataKey(record);
        envelope.unwrap(record, k.wrapped());
        assertThatThrownBy(() -> envelope.unwrap(record, null)).isInstanceOf(CryptoIntegrityException.class);
        // A re-wrapped key replaces the cached one rather than being shadowed by it.
        Envelope.NewDataKey other = envelope.newDataKey(record);
        assertThat(envelope.unwrap(record, other.wrapped()).getEncoded()).isEqualTo(other.key().getEncoded());
    }

    @Test
    void insHashIsKeyedAndStable() {
        Ins ins = Ins.parse("185057512345673");
        byte[] key = random32();
        assertThat(new InsHasher(key).hash(ins)).isEqualTo(new InsHasher(key).hash(ins)).hasSize(32);
        assertThat(new InsHasher(random32()).hash(ins)).isNotEqualTo(new InsHasher(key).hash(ins));
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
