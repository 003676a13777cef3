package fr.sante.dmp.store;

import fr.sante.dmp.store.audit.AuditOptions;
import fr.sante.dmp.store.crypto.MasterKeys;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to reach PostgreSQL and which keys protect the data.
 *
 * @param pgUri              {@code postgresql://user:password@host:port/database}
 * @param poolSize           connections in the pool
 * @param masterKey          32 bytes: wraps every new patient data key (AES-256-GCM)
 * @param insHashKey         32 bytes: keys the HMAC of the INS used for lookups, so the database alone does not reveal
 *                           who is who
 * @param clock              the source of time for lifecycle and audit
 * @param previousMasterKeys 32 bytes each: master keys that still unwrap (during a rotation), never wrap
 * @param audit              signed checkpoints of the audit chain
 */
public record StoreOptions(String pgUri, int poolSize, byte[] masterKey, byte[] insHashKey, Clock clock,
                           List<byte[]> previousMasterKeys, AuditOptions audit,
                           java.util.Optional<fr.sante.dmp.store.crypto.Pkcs11MasterKey> hsmMasterKey) {
    public StoreOptions {
        Objects.requireNonNull(pgUri, "pgUri");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(audit, "audit");
        hsmMasterKey = hsmMasterKey == null ? java.util.Optional.empty() : hsmMasterKey;
        // With a key in an HSM, an in-memory master key is optional (it then only unwraps, until rotated out).
        if (hsmMasterKey.isEmpty() ? masterKey == null || masterKey.length != 32
                : masterKey != null && masterKey.length != 32) {
            throw new IllegalArgumentException("masterKey must be 32 bytes");
        }
        if (insHashKey == null || insHashKey.length != 32) {
            throw new IllegalArgumentException("insHashKey must be 32 bytes");
        }
        previousMasterKeys = List.copyOf(previousMasterKeys);
        for (byte[] k : previousMasterKeys) {
            if (k.length != 32) {
                throw new IllegalArgumentException("each previous master key must be 32 bytes");
            }
        }
    }

    /** One master key, an unsigned audit chain (tests and tools of other features). */
    public StoreOptions(String pgUri, int poolSize, byte[] masterKey, byte[] insHashKey, Clock clock) {
        this(pgUri, poolSize, masterKey, insHashKey, clock, List.of(), AuditOptions.unsigned());
    }

    /** Master keys in memory only. */
    public StoreOptions(String pgUri, int poolSize, byte[] masterKey, byte[] insHashKey, Clock clock,
                        List<byte[]> previousMasterKeys, AuditOptions audit) {
        this(pgUri, poolSize, masterKey, insHashKey, clock, previousMasterKeys, audit, java.util.Optional.empty());
    }

    /**
     * The master keys this process holds: the current one, then the previous ones. With a key in an HSM, that key is
     * current and the in-memory master key (if any) joins the previous ones: new data keys are wrapped in the HSM,
     * older ones still open, and {@code ./dmp keys rotate} moves them all under the HSM key.
     */
    public MasterKeys masterKeys() {
        if (hsmMasterKey.isPresent()) {
            List<byte[]> previous = new java.util.ArrayList<>();
            if (masterKey != null) {
                previous.add(masterKey);
            }
            previous.addAll(previousMasterKeys);
            return MasterKeys.inHsm(hsmMasterKey.get(), previous);
        }
        return MasterKeys.of(masterKey, previousMasterKeys);
    }

    public StoreOptions withAudit(AuditOptions audit) {
        return new StoreOptions(pgUri, poolSize, masterKey, insHashKey, clock, previousMasterKeys, audit,
                hsmMasterKey);
    }

    public StoreOptions withMasterKeys(byte[] current, List<byte[]> previous) {
        return new StoreOptions(pgUri, poolSize, current, insHashKey, clock, previous, audit);
    }

    /** The key in the HSM wraps; {@code previous} (in memory) only unwrap (rotation towards the HSM key). */
    public StoreOptions withHsmMasterKey(fr.sante.dmp.store.crypto.Pkcs11MasterKey current, List<byte[]> previous) {
        return new StoreOptions(pgUri, poolSize, null, insHashKey, clock, previous, audit,
                java.util.Optional.of(current));
    }

    @Override
    public String toString() {
        return "StoreOptions[poolSize=" + poolSize + ", " + masterKeys() + ", " + audit + "]";
    }
}
