package fr.sante.dmp.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointKeysTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theKeyPairOfASeedIsTheRfc8032One() {
        // RFC 8032 §7.1, TEST 1.
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertThat(HEX.formatHex(CheckpointKeys.publicKeyOf(seed)))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    }

    @Test
    void signaturesAreTheRfc8032OnesByteForByte() {
        // RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte).
        CheckpointKeys one = CheckpointKeys.from(AuditOptions.signed(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
        assertThat(HEX.formatHex(one.sign(new byte[0]))).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974"
                + "d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        CheckpointKeys two = CheckpointKeys.from(AuditOptions.signed(
                HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")));
        assertThat(HEX.formatHex(two.sign(new byte[] {0x72}))).isEqualTo("92a009a9f0d4cab8720e820b5f642540a2b27b5416"
                + "503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    @Test
    void aSignedCheckpointVerifiesAndAnyChangeToItDoesNot() {
        byte[] seed = CheckpointKeys.generateSigningKey();
        CheckpointKeys keys = CheckpointKeys.from(AuditOptions.signed(seed));
        Checkpoint c = new Checkpoint(1000, new byte[32], Instant.parse("2026-11-23T12:00:00.123456789Z"), 1000);
        byte[] sig = keys.sign(c);

        assertThat(keys.verify(c, keys.keyId(), sig)).isTrue();
        // The signer accepts its own last checkpoint without verifying it again, but only those very bytes.
        byte[] flipped = sig.clone();
        flipped[17] ^= 1;
        assertThat(keys.verify(c, keys.keyId(), flipped)).isFalse();
        assertThat(keys.verify(c, new byte[8], sig)).isFalse();
        assertThat(c.at()).isEqualTo(Instant.parse("2026-11-23T12:00:00.123456Z"));
        assertThat(keys.verify(new Checkpoint(1001, new byte[32], c.at(), 1000), keys.keyId(), sig)).isFalse();
        assertThat(keys.verify(new Checkpoint(1000, new byte[32], c.at(), 5000), keys.keyId(), sig)).isFalse();
        assertThat(keys.verify(new Checkpoint(1000, new byte[32], c.at().plusSeconds(1), 1000), keys.keyId(), sig))
                .isFalse();

        // A verifier holding only the public key (another process, an auditor) accepts it; an unknown key does not.
        CheckpointKeys verifier = CheckpointKeys.from(new AuditOptions(Optional.empty(),
                List.of(CheckpointKeys.publicKeyOf(seed)), 1000, java.time.Duration.ZERO));
        assertThat(verifier.signs()).isFalse();
        assertThat(verifier.verify(c, keys.keyId(), sig)).isTrue();
        CheckpointKeys stranger = CheckpointKeys.from(AuditOptions.signed(CheckpointKeys.generateSigningKey()));
        assertThat(stranger.verify(c, keys.keyId(), sig)).isFalse();
        assertThat(stranger.verify(c, stranger.keyId(), sig)).isFalse();
    }
}
