package fr.sante.dmp.store.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 for audit checkpoints: signed with BouncyCastle's RFC 8032 code, keys derived and signatures verified by
 * the JDK's own provider (two implementations agree on every checkpoint verified). Keys travel as raw 32 bytes: the
 * private key is the RFC 8032 seed, the public key the encoded point. A key is named by the first 8 bytes of the
 * SHA-256 of its public key, stored beside each signature so that the verifier picks the right trusted key.
 */
public final class CheckpointKeys {
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** Signs nothing, trusts nothing. */
    static final CheckpointKeys NONE = new CheckpointKeys(Optional.empty(), Map.of());

    private final Optional<Signer> signer;
    private final Map<String, PublicKey> trusted;
    /**
     * The last checkpoint signed or verified by this instance. The signer checks the tail from its last checkpoint
     * before each new one, and that checkpoint is nearly always the one it signed itself: bytes equal to those it
     * produced or already accepted are not verified again (the JDK's Ed25519 verification, on the event loop at
     * every checkpoint, took 3.5 % of the list's CPU; docs/BENCHMARKS.md). Any other bytes are verified in full.
     */
    private volatile Accepted accepted;

    private CheckpointKeys(Optional<Signer> signer, Map<String, PublicKey> trusted) {
        this.signer = signer;
        this.trusted = trusted;
    }

    public static CheckpointKeys from(AuditOptions options) {
        Optional<Signer> signer = options.signingKey().map(CheckpointKeys::signer);
        Map<String, PublicKey> trusted = new HashMap<>();
        signer.ifPresent(s -> trusted.put(hex(s.keyId), s.pair.getPublic()));
        for (byte[] raw : options.verifyKeys()) {
            trusted.put(hex(keyId(raw)), publicKey(raw));
        }
        return new CheckpointKeys(signer, Map.copyOf(trusted));
    }

    /** True when this process signs checkpoints. */
    public boolean signs() {
        return signer.isPresent();
    }

    /** True when the verifier has keys and checks checkpoints. */
    public boolean verifies() {
        return !trusted.isEmpty();
    }

    /** A fresh signing key (32 random bytes: every 32-byte string is a valid Ed25519 seed). */
    public static byte[] generateSigningKey() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    /** The raw public key of a signing key, for export to whoever verifies. */
    public static byte[] publicKeyOf(byte[] signingKey) {
        return raw(signer(signingKey).pair.getPublic());
    }

    byte[] keyId() {
        return signer.orElseThrow().keyId;
    }

    byte[] sign(Checkpoint c) {
        byte[] message = c.message();
        byte[] signature = sign(message);
        accepted = new Accepted(message, keyId(), signature);
        return signature;
    }

    /**
     * The RFC 8032 signature of {@code message}, by BouncyCastle's Ed25519: the same bytes as the JDK's provider
     * (Ed25519 is deterministic; verification stays with the JDK), at a tenth of its CPU, which matters because a
     * checkpoint is signed on the event loop of the read that reaches it (docs/BENCHMARKS.md, "Gateway
     * micro-benchmarks").
     */
    byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(signer.orElseThrow().seed, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** True when {@code signature} over {@code c} verifies under the trusted key named {@code keyId}. */
    boolean verify(Checkpoint c, byte[] keyId, byte[] signature) {
        PublicKey key = trusted.get(hex(keyId));
        if (key == null) {
            return false;
        }
        byte[] message = c.message();
        Accepted last = accepted;
        if (last != null && last.is(message, keyId, signature)) {
            return true;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            if (!s.verify(signature)) {
                return false;
            }
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a forged one
        }
        accepted = new Accepted(message, keyId.clone(), signature.clone());
        return true;
    }

    /** The hex ids of the trusted keys (reported by the verifier, so an operator sees which keys it used). */
    public Set<String> trustedKeyIds() {
        return new HashSet<>(trusted.keySet());
    }

    private static Signer signer(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes");
        }
        try {
            // The JDK derives an Ed25519 key pair from 32 bytes drawn from the SecureRandom it is given: handing it
            // the seed yields the RFC 8032 key pair of that seed, public key included (checked against RFC 8032 §7.1).
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = g.generateKeyPair();
            return new Signer(pair, keyId(raw(pair.getPublic())), seed.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    static byte[] keyId(byte[] rawPublicKey) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(rawPublicKey), 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    /** Also the key id of a raw public key, in hex, for the CLI's export. */
    public static String keyIdHex(byte[] rawPublicKey) {
        return hex(keyId(rawPublicKey));
    }

    private record Signer(KeyPair pair, byte[] keyId, byte[] seed) {
    }

    /** A checkpoint's signed bytes, compared in full (never by a digest of them). */
    private record Accepted(byte[] message, byte[] keyId, byte[] signature) {
        boolean is(byte[] m, byte[] k, byte[] sig) {
            return Arrays.equals(message, m) && Arrays.equals(keyId, k) && Arrays.equals(signature, sig);
        }
    }

    /** Serves the seed once as the generator's randomness. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
