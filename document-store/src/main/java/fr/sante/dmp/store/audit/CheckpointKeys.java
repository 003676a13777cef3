package fr.sante.dmp.store.audit;

import fr.sante.dmp.store.crypto.Pkcs11SigningKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The keys of audit checkpoints. An in-memory key is Ed25519: signed with BouncyCastle's RFC 8032 code, keys derived
 * and signatures verified by the JDK's own provider (two implementations agree on every checkpoint verified); it
 * travels as raw 32 bytes: the private key is the RFC 8032 seed, the public key the encoded point. A key in an HSM
 * ({@link Pkcs11SigningKey}) is ECDSA P-256 (SunPKCS11 in JDK 17 has no Ed25519); its public key travels as X.509
 * SubjectPublicKeyInfo. A key is named by the first 8 bytes of the SHA-256 of its public key (the raw 32 bytes for
 * Ed25519, the X.509 bytes for EC), stored beside each signature so that the verifier picks the right trusted key: a
 * chain signed first by an Ed25519 key, then by an HSM key, verifies under both.
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

    /**
     * The HSM key signs when there is one; the in-memory Ed25519 key then only verifies (the checkpoints it signed
     * before the move to the HSM). Every public key of {@code verifyKeys} is trusted too.
     */
    public static CheckpointKeys from(AuditOptions options) {
        Optional<Ed25519Signer> inMemory = options.signingKey().map(CheckpointKeys::signer);
        Optional<Signer> signer = options.hsmSigningKey().<Signer>map(HsmSigner::of).or(() -> inMemory);
        Map<String, PublicKey> trusted = new HashMap<>();
        inMemory.ifPresent(s -> trusted.put(hex(s.keyId()), s.publicKey()));
        signer.ifPresent(s -> trusted.put(hex(s.keyId()), s.publicKey()));
        for (byte[] encoded : options.verifyKeys()) {
            PublicKey key = publicKey(encoded);
            trusted.put(hex(keyIdOf(key)), key);
        }
        return new CheckpointKeys(signer, Map.copyOf(trusted));
    }

    /** True when this process signs checkpoints. */
    public boolean signs() {
        return signer.isPresent();
    }

    /** True when the signing key is in an HSM: each signature is a call into the module, kept off event loops. */
    boolean signsInHsm() {
        return signer.orElse(null) instanceof HsmSigner;
    }

    /**
     * Runs {@code signing} where the key allows: an HSM's on a worker thread of the current Vert.x context (none: the
     * caller's thread, a command-line tool), an in-memory key's at once.
     */
    static <T> Future<T> offLoop(CheckpointKeys keys, Callable<T> signing) {
        Context context = Vertx.currentContext();
        if (keys.signsInHsm() && context != null) {
            return context.executeBlocking(signing, false);
        }
        try {
            return Future.succeededFuture(signing.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
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
        return raw(signer(signingKey).publicKey());
    }

    /** The public key as a verifier is given it: raw 32 bytes for Ed25519, X.509 SubjectPublicKeyInfo for EC. */
    public static byte[] exported(PublicKey key) {
        return "EC".equals(key.getAlgorithm()) ? key.getEncoded() : raw(key);
    }

    /** The id of a public key (first 8 bytes of the SHA-256 of its exported form). */
    public static byte[] keyIdOf(PublicKey key) {
        return keyId(exported(key));
    }

    byte[] keyId() {
        return signer.orElseThrow().keyId();
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
        return signer.orElseThrow().sign(message);
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
            Signature s = Signature.getInstance("EC".equals(key.getAlgorithm()) ? Pkcs11SigningKey.ALGORITHM
                    : "Ed25519");
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

    private static Ed25519Signer signer(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes");
        }
        try {
            // The JDK derives an Ed25519 key pair from 32 bytes drawn from the SecureRandom it is given: handing it
            // the seed yields the RFC 8032 key pair of that seed, public key included (checked against RFC 8032 §7.1).
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = g.generateKeyPair();
            return new Ed25519Signer(pair.getPublic(), keyId(raw(pair.getPublic())), seed.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /**
     * A trusted public key as exported ({@link #exported}): 32 bytes are an Ed25519 key, anything else must be the X.509
     * form of an EC P-256 key (an HSM's, as {@code ./dmp audit public-key} prints it).
     */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            try {
                PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(raw));
                if (((ECPublicKey) k).getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new IllegalArgumentException("an EC audit key must be on P-256");
                }
                return k;
            } catch (GeneralSecurityException | ClassCastException e) {
                throw new IllegalArgumentException("neither an Ed25519 public key (32 bytes) nor an EC P-256 public "
                        + "key (X.509)", e);
            }
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

    private sealed interface Signer permits Ed25519Signer, HsmSigner {
        byte[] keyId();

        PublicKey publicKey();

        byte[] sign(byte[] message);
    }

    private record Ed25519Signer(PublicKey publicKey, byte[] keyId, byte[] seed) implements Signer {
        @Override
        public byte[] sign(byte[] message) {
            byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
            return signature;
        }
    }

    /** ECDSA P-256 inside the HSM: DER signatures, verified by the JDK's provider like any other checkpoint. */
    private record HsmSigner(Pkcs11SigningKey key, byte[] keyId) implements Signer {
        static HsmSigner of(Pkcs11SigningKey key) {
            return new HsmSigner(key, keyIdOf(key.publicKey()));
        }

        @Override
        public PublicKey publicKey() {
            return key.publicKey();
        }

        @Override
        public byte[] sign(byte[] message) {
            return key.sign(message);
        }
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
