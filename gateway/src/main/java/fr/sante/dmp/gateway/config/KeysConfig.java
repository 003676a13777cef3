package fr.sante.dmp.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Master-key rotation and signed audit checkpoints (docs/RELIABILITY.md, "Keys, crypto and audit").
 *
 * @param previousMasterKeys DMP_PREVIOUS_MASTER_KEYS, comma-separated base64 keys that still unwrap (never wrap) data
 *                           keys: set to the old key while a rotation runs, removed once it reports 0 remaining
 * @param newMasterKey       DMP_NEW_MASTER_KEY, read by {@code dmp keys rotate} only: the key to re-wrap under, when
 *                           it is not DMP_MASTER_KEY yet
 * @param auditSigningKey    DMP_AUDIT_SIGNING_KEY, base64 of the 32-byte Ed25519 private key signing audit
 *                           checkpoints; empty: generated once under {@code dataDir/keys} in embedded mode, required
 *                           with DMP_PG_URL
 * @param auditVerifyKeys    DMP_AUDIT_VERIFY_KEYS, comma-separated base64 Ed25519 public keys also trusted by the
 *                           verifier (former signing keys)
 * @param checkpointEvery    DMP_AUDIT_CHECKPOINT_EVERY (default 1000): every entry at a multiple of it is signed
 * @param checkpointInterval DMP_AUDIT_CHECKPOINT_SECONDS (default 60): the head is signed this often when it moved
 * @param auditChainKey      DMP_AUDIT_CHAIN_KEY, base64 of the 32-byte HMAC key of the audit chain (never in the
 *                           database); empty: generated once under {@code dataDir/keys} in embedded mode, required
 *                           with DMP_PG_URL
 * @param witnessFile        DMP_AUDIT_WITNESS_FILE: the append-only file of this instance's signed head checkpoints
 *                           (default {@code dataDir/audit-witness.log})
 */
public record KeysConfig(List<byte[]> previousMasterKeys, Optional<byte[]> newMasterKey,
                         Optional<byte[]> auditSigningKey, List<byte[]> auditVerifyKeys, int checkpointEvery,
                         Duration checkpointInterval, Optional<byte[]> auditChainKey, Optional<Path> witnessFile) {
    public static final String PREVIOUS_MASTER_KEYS = "DMP_PREVIOUS_MASTER_KEYS";
    public static final String NEW_MASTER_KEY = "DMP_NEW_MASTER_KEY";
    public static final String AUDIT_SIGNING_KEY = "DMP_AUDIT_SIGNING_KEY";
    public static final String AUDIT_VERIFY_KEYS = "DMP_AUDIT_VERIFY_KEYS";
    public static final String AUDIT_CHECKPOINT_EVERY = "DMP_AUDIT_CHECKPOINT_EVERY";
    public static final String AUDIT_CHECKPOINT_SECONDS = "DMP_AUDIT_CHECKPOINT_SECONDS";
    public static final String AUDIT_CHAIN_KEY = "DMP_AUDIT_CHAIN_KEY";
    public static final String AUDIT_WITNESS_FILE = "DMP_AUDIT_WITNESS_FILE";

    public KeysConfig {
        previousMasterKeys = List.copyOf(previousMasterKeys);
        auditVerifyKeys = List.copyOf(auditVerifyKeys);
    }

    public static KeysConfig defaults() {
        return new KeysConfig(List.of(), Optional.empty(), Optional.empty(), List.of(), 1000, Duration.ofMinutes(1),
                Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "KeysConfig[previousMasterKeys=" + previousMasterKeys.size() + ", signing="
                + auditSigningKey.isPresent() + ", chainKey=" + auditChainKey.isPresent() + ", every=" + checkpointEvery + ", interval=" + checkpointInterval + "]";
    }
}
