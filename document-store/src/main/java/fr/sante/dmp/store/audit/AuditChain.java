package fr.sante.dmp.store.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The chain rule: {@code hash(n) = HMAC-SHA256(chainKey, hash(n-1) || canonical(entry n))}, with 32 zero bytes before
 * the first. The key (DMP_AUDIT_CHAIN_KEY) is not in the database: a database writer who alters an entry cannot
 * recompute its hash, so the chain itself shows the edit, even before a checkpoint signs it. The canonical form is a
 * fixed-order, length-prefixed encoding of every stored column except the hashes, so that changing any of them, or
 * moving an entry, breaks the chain from that entry on.
 * <p>
 * Entries written before the key existed were chained with a plain SHA-256 ({@link #legacyHash}, canonical format 1).
 * The position from which the keyed form starts is recorded once, by migration, in {@code audit_chain.keyed_from}:
 * the verifier checks each entry below it as SHA-256 and each from it on as HMAC ({@link #expected}).
 */
public final class AuditChain {
    public static final byte[] GENESIS = new byte[32];

    private final SecretKeySpec key;
    /** One Mac per thread (event loops, workers): a Mac is not thread-safe, and initializing one per hash costs. */
    private final ThreadLocal<Mac> macs;

    public AuditChain(byte[] chainKey) {
        if (chainKey == null || chainKey.length != 32) {
            throw new IllegalArgumentException("the audit chain key must be 32 bytes");
        }
        this.key = new SecretKeySpec(chainKey.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::mac);
    }

    /** The keyed hash of entry {@code seq} after {@code previous}: what every new entry gets. */
    public byte[] hash(byte[] previous, long seq, AuditEvent e) {
        Mac mac = macs.get();
        mac.update(previous);
        mac.update(canonical(KEYED, seq, e));
        return mac.doFinal();
    }

    /** The hash an entry at {@code seq} must carry: keyed from {@code keyedFrom} on, plain SHA-256 before. */
    byte[] expected(long keyedFrom, byte[] previous, long seq, AuditEvent e) {
        return seq >= keyedFrom ? hash(previous, seq, e) : legacyHash(previous, seq, e);
    }

    /** The chain rule before the key: SHA-256, canonical format 1. Verification of older entries only. */
    public static byte[] legacyHash(byte[] previous, long seq, AuditEvent e) {
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(canonical(LEGACY, seq, e));
        return sha.digest();
    }

    static byte[] canonical(long seq, AuditEvent e) {
        return canonical(KEYED, seq, e);
    }

    private static byte[] canonical(byte format, long seq, AuditEvent e) {
        byte[] tail = tail(e);
        return ByteBuffer.allocate(1 + Long.BYTES + tail.length).put(format).putLong(seq).put(tail).array();
    }

    /**
     * The format version that starts every canonical form, then the sequence number (8 bytes, big-endian): 1 for the
     * plain SHA-256 chain, 2 for the keyed one (so that the two never hash the same bytes).
     */
    static final byte LEGACY = 1;
    static final byte KEYED = 2;

    private Mac mac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "AuditChain[key=***]";
    }

    /** The canonical form after its version and sequence number: everything that does not depend on the position. */
    static byte[] tail(AuditEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(micros(e.at()));
            text(out, e.actorKind());
            text(out, e.actorId());
            text(out, e.profession());
            text(out, e.category());
            text(out, e.action().name());
            blob(out, e.insHash());
            blob(out, e.documentId() == null ? null : uuid(e.documentId()));
            text(out, e.ruleId());
            out.writeBoolean(e.allowed());
            out.writeBoolean(e.breakGlass());
            blob(out, e.reason());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        blob(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void blob(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] uuid(UUID id) {
        return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
