package fr.sante.dmp.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Wrapped keys name their master key: rotation re-wraps, the old key goes, an unknown key fails closed. */
class MasterKeyRingTest {
    private final byte[] oldKey = random32();
    private final byte[] newKey = random32();
    private final UUID record = UUID.randomUUID();
    private final UUID document = UUID.randomUUID();

    @Test
    void aKeyWrappedUnderTheOldMasterKeyOpensDuringRotationAndAfterRewrapWithTheNewKeyAlone() {
        Envelope before = new Envelope(oldKey, 4);
        Envelope.NewDataKey k = before.newDataKey(record);
        byte[] sealed = before.sealContent(k.key(), record, document, bytes("compte rendu"));

        Envelope during = new Envelope(MasterKeys.of(newKey, List.of(oldKey)), 4);
        assertThat(during.wrappedUnderCurrentKey(k.wrapped())).isFalse();
        assertThat(open(during, k.wrapped(), sealed)).isEqualTo("compte rendu");
        byte[] rewrapped = during.rewrap(record, k.wrapped());
        assertThat(during.wrappedUnderCurrentKey(rewrapped)).isTrue();
        assertThat(Envelope.masterKeyId(rewrapped)).hasValue(MasterKeys.id(newKey));

        Envelope after = new Envelope(newKey, 4);
        assertThat(open(after, rewrapped, sealed)).isEqualTo("compte rendu");
        // The old wrapped form no longer opens once the old key is gone from the configuration.
        assertThatThrownBy(() -> after.unwrap(record, k.wrapped()))
                .isInstanceOf(CryptoIntegrityException.class).hasMessageContaining("unknown master key");
    }

    @Test
    void aKeyWrappedUnderAnUnknownMasterKeyFailsClosed() {
        byte[] wrapped = new Envelope(random32(), 4).newDataKey(record).wrapped();
        Envelope ours = new Envelope(MasterKeys.of(newKey, List.of(oldKey)), 4);
        assertThatThrownBy(() -> ours.unwrap(record, wrapped)).isInstanceOf(CryptoIntegrityException.class);
        assertThatThrownBy(() -> ours.rewrap(record, wrapped)).isInstanceOf(CryptoIntegrityException.class);
    }

    @Test
    void aWrappedKeyWhoseMasterKeyIdWasEditedToAHeldKeyDoesNotOpen() {
        Envelope ring = new Envelope(MasterKeys.of(newKey, List.of(oldKey)), 4);
        byte[] wrapped = new Envelope(oldKey, 4).newDataKey(record).wrapped();
        int newId = MasterKeys.id(newKey);
        java.nio.ByteBuffer.wrap(wrapped).put(1, (byte) (newId >>> 24)).put(2, (byte) (newId >>> 16))
                .put(3, (byte) (newId >>> 8)).put(4, (byte) newId);
        assertThatThrownBy(() -> ring.unwrap(record, wrapped)).isInstanceOf(CryptoIntegrityException.class);
    }

    @Test
    void aWrappedKeyOfTheFirstFormatWithoutIdStillOpensAndIsRewrapped() throws Exception {
        // Format 1 as written before key ids: 1 || nonce || AES-GCM(master, raw, "dmp:key:v1" || record id).
        byte[] raw = random32();
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(oldKey, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(Aead.aad("dmp:key:v1", record));
        byte[] ct = c.doFinal(raw);
        byte[] legacy = new byte[1 + 12 + ct.length];
        legacy[0] = 1;
        System.arraycopy(nonce, 0, legacy, 1, 12);
        System.arraycopy(ct, 0, legacy, 13, ct.length);

        Envelope ring = new Envelope(MasterKeys.of(newKey, List.of(oldKey)), 4);
        assertThat(ring.unwrap(record, legacy).getEncoded()).isEqualTo(raw);
        byte[] rewrapped = ring.rewrap(record, legacy);
        assertThat(new Envelope(newKey, 4).unwrap(record, rewrapped).getEncoded()).isEqualTo(raw);
        assertThatThrownBy(() -> new Envelope(newKey, 4).unwrap(record, legacy))
                .isInstanceOf(CryptoIntegrityException.class);
    }

    @Test
    void aWrappedKeyMovedToAnotherRecordDoesNotOpen() {
        Envelope e = new Envelope(newKey, 4);
        byte[] wrapped = e.newDataKey(record).wrapped();
        assertThatThrownBy(() -> e.unwrap(UUID.randomUUID(), wrapped)).isInstanceOf(CryptoIntegrityException.class);
    }

    private String open(Envelope e, byte[] wrapped, byte[] sealed) {
        SecretKey key = e.unwrap(record, wrapped);
        return new String(e.openContent(key, record, document, sealed), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
