package fr.sante.dmp.store.audit;

import fr.sante.dmp.store.crypto.Pkcs11SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Signed checkpoints of the audit chain. Every {@code checkpointEvery}-th entry (position a multiple of it) is signed
 * in the transaction that appends it, and the head is signed every {@code checkpointInterval} when it moved, so that a
 * database administrator who rewrites entries and recomputes every hash still disagrees with a signature they cannot
 * forge. The verifier trusts the public key of {@code signingKey} and each of {@code verifyKeys} (former signing keys).
 *
 * @param signingKey         the 32-byte Ed25519 private key (seed); empty: no checkpoints are signed or checked
 * @param verifyKeys         public keys also trusted (keys used before a signing-key change): raw 32-byte Ed25519,
 *                           or X.509 EC P-256 (a former HSM key)
 * @param checkpointEvery    positions that are multiples of this are always signed; the verifier flags a longer gap
 * @param checkpointInterval the head is signed this often when it moved (zero: never by time)
 * @param chainKey           the 32-byte HMAC key of the chain ({@link AuditChain}), never stored in the database
 * @param witnessFile        the append-only file where each head checkpoint this process signs is also written, and
 *                           that the verifier checks against the database ({@link WitnessFile}); empty: none
 * @param hsmSigningKey      the ECDSA P-256 key in an HSM that signs instead of {@code signingKey}, which then only
 *                           verifies the checkpoints it signed before
 */
public record AuditOptions(Optional<byte[]> signingKey, List<byte[]> verifyKeys, int checkpointEvery,
                           Duration checkpointInterval, byte[] chainKey, Optional<Path> witnessFile,
                           Optional<Pkcs11SigningKey> hsmSigningKey) {
    public static final int DEFAULT_EVERY = 1000;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /**
     * A chain key everyone knows (32 zero bytes): the chain is then worth a plain hash. For tests and tools of other
     * features only; the gateway always runs with DMP_AUDIT_CHAIN_KEY.
     */
    public static final byte[] PUBLIC_CHAIN_KEY = new byte[32];

    /** Options with the public chain key and no witness file (tests of other features). */
    public AuditOptions(Optional<byte[]> signingKey, List<byte[]> verifyKeys, int checkpointEvery,
                        Duration checkpointInterval) {
        this(signingKey, verifyKeys, checkpointEvery, checkpointInterval, PUBLIC_CHAIN_KEY, Optional.empty());
    }

    /** Options without an HSM key. */
    public AuditOptions(Optional<byte[]> signingKey, List<byte[]> verifyKeys, int checkpointEvery,
                        Duration checkpointInterval, byte[] chainKey, Optional<Path> witnessFile) {
        this(signingKey, verifyKeys, checkpointEvery, checkpointInterval, chainKey, witnessFile, Optional.empty());
    }

    public AuditOptions {
        if (chainKey == null || chainKey.length != 32) {
            throw new IllegalArgumentException("the audit chain key must be 32 bytes");
        }
        chainKey = chainKey.clone();
        signingKey.ifPresent(k -> {
            if (k.length != 32) {
                throw new IllegalArgumentException("the audit signing key must be 32 bytes (an Ed25519 seed)");
            }
        });
        verifyKeys = List.copyOf(verifyKeys);
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be positive");
        }
        if (checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("checkpointInterval must not be negative");
        }
    }

    /** No signing, no checkpoint checks: the chain alone (tests of other features, tools without the key). */
    public static AuditOptions unsigned() {
        return new AuditOptions(Optional.empty(), List.of(), DEFAULT_EVERY, Duration.ZERO);
    }

    public static AuditOptions signed(byte[] signingKey) {
        return new AuditOptions(Optional.of(signingKey), List.of(), DEFAULT_EVERY, DEFAULT_INTERVAL);
    }

    @Override
    public String toString() {
        return "AuditOptions[signed=" + signingKey.isPresent() + ", hsm=" + hsmSigningKey.isPresent() + ", every=" + checkpointEvery + ", interval="
                + checkpointInterval + ", witness=" + witnessFile.isPresent() + "]";
    }

    /** The same options with this chain key and witness file. */
    public AuditOptions with(byte[] chainKey, Optional<Path> witnessFile) {
        return new AuditOptions(signingKey, verifyKeys, checkpointEvery, checkpointInterval, chainKey, witnessFile,
                hsmSigningKey);
    }

    /** The same options with the head signed this often (zero: never by time). */
    public AuditOptions withInterval(Duration interval) {
        return new AuditOptions(signingKey, verifyKeys, checkpointEvery, interval, chainKey, witnessFile,
                hsmSigningKey);
    }

    /** The same options with checkpoints signed from now on by {@code key} in an HSM. */
    public AuditOptions withHsmSigningKey(Pkcs11SigningKey key) {
        return new AuditOptions(signingKey, verifyKeys, checkpointEvery, checkpointInterval, chainKey, witnessFile,
                Optional.of(key));
    }
}
