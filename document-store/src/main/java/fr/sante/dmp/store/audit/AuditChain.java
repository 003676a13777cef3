package fr.sante.dmp.store.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The chain rule: {@code hash(n) = SHA-256(hash(n-1) || canonical(entry n))}, with 32 zero bytes before the first.
 * The canonical form is a fixed-order, length-prefixed encoding of every stored column except the hashes, so that
 * changing any of them, or moving an entry, breaks the chain from that entry on.
 */
public final class AuditChain {
    public static final byte[] GENESIS = new byte[32];

    private AuditChain() {
    }

    public static byte[] hash(byte[] previous, long seq, AuditEvent e) {
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(canonical(seq, e));
        return sha.digest();
    }

    static byte[] canonical(long seq, AuditEvent e) {
        byte[] tail = tail(e);
        return ByteBuffer.allocate(1 + Long.BYTES + tail.length).put(FORMAT).putLong(seq).put(tail).array();
    }

    /** The format version that starts every canonical form, then the sequence number (8 bytes, big-endian). */
    static final byte FORMAT = 1;

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
