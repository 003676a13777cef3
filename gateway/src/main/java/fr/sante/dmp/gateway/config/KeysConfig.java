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
 * @param masterKeyPkcs11    DMP_MASTER_KEY_PKCS11, {@code module=/path/lib.so;slot=N;label=L}: the master key lives in
 *                           that HSM (wraps; DMP_MASTER_KEY, if set, then only unwraps until rotated out)
 * @param pkcs11Pin          DMP_MASTER_KEY_PKCS11_PIN, the token's user PIN (never logged)
 * @param auditSigningKeyPkcs11 DMP_AUDIT_SIGNING_KEY_PKCS11, {@code module=/path/lib.so;slot=N;label=L}: the ECDSA
 *                           P-256 key in that HSM signs audit checkpoints from now on (DMP_AUDIT_SIGNING_KEY, if
 *                           held, then only verifies the checkpoints it signed)
 * @param auditPkcs11Pin     DMP_AUDIT_SIGNING_KEY_PKCS11_PIN, that token's user PIN; empty: DMP_MASTER_KEY_PKCS11_PIN
 *                           (the same token)
 */
public record KeysConfig(List<byte[]> previousMasterKeys, Optional<byte[]> newMasterKey,
                         Optional<byte[]> auditSigningKey, List<byte[]> auditVerifyKeys, int checkpointEvery,
                         Duration checkpointInterval, Optional<byte[]> auditChainKey, Optional<Path> witnessFile,
                         Optional<fr.sante.dmp.store.crypto.Pkcs11MasterKey.Location> masterKeyPkcs11,
                         Optional<String> pkcs11Pin,
                         Optional<fr.sante.dmp.store.crypto.Pkcs11MasterKey.Location> auditSigningKeyPkcs11,
                         Optional<String> auditPkcs11Pin) {
    public static final String PREVIOUS_MASTER_KEYS = "DMP_PREVIOUS_MASTER_KEYS";
    public static final String NEW_MASTER_KEY = "DMP_NEW_MASTER_KEY";
    public static final String AUDIT_SIGNING_KEY = "DMP_AUDIT_SIGNING_KEY";
    public static final String AUDIT_VERIFY_KEYS = "DMP_AUDIT_VERIFY_KEYS";
    public static final String AUDIT_CHECKPOINT_EVERY = "DMP_AUDIT_CHECKPOINT_EVERY";
    public static final String AUDIT_CHECKPOINT_SECONDS = "DMP_AUDIT_CHECKPOINT_SECONDS";
    public static final String AUDIT_CHAIN_KEY = "DMP_AUDIT_CHAIN_KEY";
    public static final String AUDIT_WITNESS_FILE = "DMP_AUDIT_WITNESS_FILE";
    public static final String MASTER_KEY_PKCS11 = "DMP_MASTER_KEY_PKCS11";
    public static final String MASTER_KEY_PKCS11_PIN = "DMP_MASTER_KEY_PKCS11_PIN";
    public static final String AUDIT_SIGNING_KEY_PKCS11 = "DMP_AUDIT_SIGNING_KEY_PKCS11";
    public static final String AUDIT_SIGNING_KEY_PKCS11_PIN = "DMP_AUDIT_SIGNING_KEY_PKCS11_PIN";

    /** Without an HSM (tests and tools of other features). */
    public KeysConfig(List<byte[]> previousMasterKeys, Optional<byte[]> newMasterKey, Optional<byte[]> auditSigningKey,
                      List<byte[]> auditVerifyKeys, int checkpointEvery, Duration checkpointInterval,
                      Optional<byte[]> auditChainKey, Optional<Path> witnessFile) {
        this(previousMasterKeys, newMasterKey, auditSigningKey, auditVerifyKeys, checkpointEvery, checkpointInterval,
                auditChainKey, witnessFile, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public KeysConfig {
        if (masterKeyPkcs11.isPresent() && pkcs11Pin.isEmpty()) {
            throw new ConfigException(MASTER_KEY_PKCS11_PIN + ": required with " + MASTER_KEY_PKCS11);
        }
        if (auditSigningKeyPkcs11.isPresent() && auditPkcs11Pin.isEmpty() && pkcs11Pin.isEmpty()) {
            throw new ConfigException(AUDIT_SIGNING_KEY_PKCS11_PIN + " (or " + MASTER_KEY_PKCS11_PIN
                    + "): required with " + AUDIT_SIGNING_KEY_PKCS11);
        }
        previousMasterKeys = List.copyOf(previousMasterKeys);
        auditVerifyKeys = List.copyOf(auditVerifyKeys);
    }

    public static KeysConfig defaults() {
        return new KeysConfig(List.of(), Optional.empty(), Optional.empty(), List.of(), 1000, Duration.ofMinutes(1),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static fr.sante.dmp.store.crypto.Pkcs11MasterKey.Location pkcs11(String text, String variable) {
        try {
            return fr.sante.dmp.store.crypto.Pkcs11MasterKey.Location.parse(text, variable);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The master key in the HSM, opened (module loaded, PIN, label); a clear {@link ConfigException} otherwise. */
    public Optional<fr.sante.dmp.store.crypto.Pkcs11MasterKey> openHsmMasterKey() {
        return masterKeyPkcs11.map(where -> {
            try {
                return fr.sante.dmp.store.crypto.Pkcs11MasterKey.open(where, pkcs11Pin.orElseThrow().toCharArray());
            } catch (IllegalStateException e) {
                throw new ConfigException(e.getMessage());
            }
        });
    }

    /** The audit signing key in the HSM, opened (module, PIN, label, a test signature); a clear error otherwise. */
    public Optional<fr.sante.dmp.store.crypto.Pkcs11SigningKey> openHsmAuditKey() {
        return auditSigningKeyPkcs11.map(where -> {
            try {
                return fr.sante.dmp.store.crypto.Pkcs11SigningKey.open(where,
                        auditPkcs11Pin.or(() -> pkcs11Pin).orElseThrow().toCharArray());
            } catch (IllegalStateException e) {
                throw new ConfigException(e.getMessage());
            }
        });
    }

    @Override
    public String toString() {
        return "KeysConfig[previousMasterKeys=" + previousMasterKeys.size() + ", signing="
                + auditSigningKey.isPresent() + ", chainKey=" + auditChainKey.isPresent()
                + ", hsm=" + masterKeyPkcs11.map(l -> l.label()).orElse("none")
                + ", auditHsm=" + auditSigningKeyPkcs11.map(l -> l.label()).orElse("none") + ", every=" + checkpointEvery + ", interval=" + checkpointInterval + "]";
    }
}
