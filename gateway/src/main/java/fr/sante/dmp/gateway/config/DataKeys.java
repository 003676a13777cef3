package fr.sante.dmp.gateway.config;

import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.audit.AuditOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secrets of the platform: the master key that wraps every patient's data key, the key of the INS hash used for
 * lookups, the key encrypting queued notifications, the patient space's secret (codes, sessions, CSRF), and the
 * Ed25519 key signing audit checkpoints, the HMAC key of the audit chain. Each must
 * stay the same across restarts (and instances). Configured keys win; in embedded mode they are generated once into {@code dataDir/keys}
 * (owner-only permissions) so that the data kept between runs stays readable.
 */
public record DataKeys(byte[] masterKey, byte[] insHashKey, byte[] notifyKey, byte[] pwaSecret,
                       byte[] auditSigningKey, byte[] auditChainKey) {

    public static DataKeys resolve(GatewayConfig config) {
        Path dir = config.dataDir().resolve("keys");
        boolean mayGenerate = config.pgUrl().isEmpty();
        return new DataKeys(
                // With the master key in an HSM and an external database, DMP_MASTER_KEY is optional (unwrap only).
                config.keys().masterKeyPkcs11().isPresent() && !mayGenerate && config.masterKey().isEmpty() ? null
                        : key(config.masterKey(), dir.resolve("master.key"), GatewayConfig.MASTER_KEY, mayGenerate),
                key(config.insHashKey(), dir.resolve("ins-hash.key"), GatewayConfig.INS_HASH_KEY, mayGenerate),
                key(config.notifyKey(), dir.resolve("notify.key"), GatewayConfig.NOTIFY_KEY, mayGenerate),
                key(config.pwaSecret(), dir.resolve("pwa-secret.key"), GatewayConfig.PWA_SECRET, mayGenerate),
                // Any 32 random bytes are an Ed25519 private key: generated like the others, never in the repository.
                // With the audit key in an HSM, an Ed25519 key is only read (it verifies what it signed), never made.
                config.keys().auditSigningKeyPkcs11().isPresent() && config.keys().auditSigningKey().isEmpty()
                        && !Files.exists(dir.resolve("audit-signing.key")) ? null
                        : key(config.keys().auditSigningKey(), dir.resolve("audit-signing.key"),
                                KeysConfig.AUDIT_SIGNING_KEY, mayGenerate),
                // Keys the audit chain: never in the database, so a database writer cannot recompute an entry's hash.
                key(config.keys().auditChainKey(), dir.resolve("audit-chain.key"), KeysConfig.AUDIT_CHAIN_KEY,
                        mayGenerate));
    }

    /**
     * The store's options: keys held (current and previous master keys: DMP_PREVIOUS_MASTER_KEYS, and with the
     * embedded key file, the previous key it keeps while a rotation runs) and the audit chain's.
     */
    public StoreOptions storeOptions(GatewayConfig config, String pgUri, int poolSize, java.time.Clock clock) {
        return storeOptions(config, pgUri, poolSize, clock, HsmKeys.open(config));
    }

    /** The same with the HSM keys already opened (the platform opens them before it starts anything). */
    public StoreOptions storeOptions(GatewayConfig config, String pgUri, int poolSize, java.time.Clock clock,
                                     HsmKeys hsm) {
        // With the master key in an HSM, DMP_MASTER_KEY (or the embedded key file) only unwraps: ./dmp keys rotate
        // moves every data key under the HSM key.
        return new StoreOptions(pgUri, poolSize, masterKey, insHashKey, clock, previousMasterKeys(config),
                auditOptions(config, hsm.audit()), hsm.master());
    }

    /**
     * The keys configured in HSMs, opened: the master key ({@code DMP_MASTER_KEY_PKCS11}) and the audit signing key
     * ({@code DMP_AUDIT_SIGNING_KEY_PKCS11}). Opening checks module, slot, PIN and label: a {@link ConfigException}
     * says what to fix.
     */
    public record HsmKeys(Optional<fr.sante.dmp.store.crypto.Pkcs11MasterKey> master,
                          Optional<fr.sante.dmp.store.crypto.Pkcs11SigningKey> audit) {
        public static HsmKeys open(GatewayConfig config) {
            return new HsmKeys(config.keys().openHsmMasterKey(), config.keys().openHsmAuditKey());
        }
    }

    /** The master keys that still unwrap: configured ones, and the embedded file's previous key during a rotation. */
    public static java.util.List<byte[]> previousMasterKeys(GatewayConfig config) {
        java.util.List<byte[]> previous = new java.util.ArrayList<>(config.keys().previousMasterKeys());
        if (config.embeddedDatabase() && config.masterKey().isEmpty()) {
            previous.addAll(new EmbeddedMasterKey(config.dataDir()).previousAsList());
        }
        return previous;
    }

    /**
     * The audit chain's keys (signing, trusted, HMAC) and witness file ({@code dataDir/audit-witness.log}); the HSM's
     * audit key, when configured, is opened here and signs (its public key is trusted).
     */
    public AuditOptions auditOptions(GatewayConfig config) {
        return auditOptions(config, config.keys().openHsmAuditKey());
    }

    private AuditOptions auditOptions(GatewayConfig config,
                                      Optional<fr.sante.dmp.store.crypto.Pkcs11SigningKey> hsmAuditKey) {
        KeysConfig k = config.keys();
        return new AuditOptions(Optional.ofNullable(auditSigningKey), k.auditVerifyKeys(), k.checkpointEvery(),
                k.checkpointInterval(), auditChainKey,
                Optional.of(k.witnessFile().orElse(config.dataDir().resolve("audit-witness.log"))), hsmAuditKey);
    }

    private static byte[] key(Optional<byte[]> configured, Path file, String name, boolean mayGenerate) {
        if (configured.isPresent()) {
            return configured.get();
        }
        try {
            if (Files.exists(file)) {
                return read(file, name);
            }
            if (!mayGenerate) {
                // A generated key for an external database would make its data unreadable once lost: refuse.
                throw new ConfigException(name + ": required when " + GatewayConfig.PG_URL + " is set");
            }
            return generate(file, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static byte[] read(Path file, String name) throws IOException {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != 32) {
                throw new ConfigException(name + ": " + file + " must hold base64 of 32 bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + file + " is not base64");
        }
    }

    private static byte[] generate(Path file, String name) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return read(file, name); // another process generated it first
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
        return key;
    }

    @Override
    public String toString() {
        return "DataKeys[***]";
    }
}
