package fr.sante.dmp.store.patient;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Codes printed for people (invitation, opposition receipt): random, from an alphabet without look-alike characters
 * (no 0/O, 1/I), grouped by four, read back whatever the case, spaces or dashes.
 */
public final class PrintedCodes {
    /** 32 symbols: 5 bits each. */
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    /** 16 symbols = 80 bits: enough that a plain hash of the code cannot be reversed by search. */
    public static final int RECEIPT_LENGTH = 16;
    private static final String RECEIPT_HASH = "dmp:receipt:v1";
    private static final String ESCROW_KEY = "dmp:escrow-key:v1";

    private PrintedCodes() {
    }

    public static String random(SecureRandom random, int length) {
        StringBuilder b = new StringBuilder(length + length / 4);
        for (int i = 0; i < length; i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    /** The code as typed, reduced to its symbols; "" for null. */
    public static String normalize(String typed) {
        if (typed == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(typed.length());
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c != '-' && c != ' ') {
                b.append(c);
            }
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** What is stored of a receipt's verification code: SHA-256 over purpose, record id and the code. */
    public static byte[] receiptHash(UUID recordId, String code) {
        return sha256(RECEIPT_HASH, recordId, normalize(code));
    }

    /** The key sealing the identity kept for a withdrawal: derived from the receipt code, never stored. */
    public static SecretKey escrowKey(UUID recordId, String code) {
        return new SecretKeySpec(sha256(ESCROW_KEY, recordId, normalize(code)), "AES");
    }

    public static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static byte[] sha256(String purpose, UUID recordId, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(StandardCharsets.US_ASCII));
            sha.update(uuid(recordId));
            sha.update(code.getBytes(StandardCharsets.US_ASCII));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
