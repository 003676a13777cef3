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
    void aSignedCheckpointVerifiesAndAnyChangeToItDoesNot() {
        byte[] seed = CheckpointKeys.generateSigningKey();
        CheckpointKeys keys = CheckpointKeys.from(AuditOptions.signed(seed));
        Checkpoint c = new Checkpoint(1000, new byte[32], Instant.parse("2026-11-23T12:00:00.123456789Z"), 1000);
        byte[] sig = keys.sign(c);

        assertThat(keys.verify(c, keys.keyId(), sig)).isTrue();
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
