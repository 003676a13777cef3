package fr.sante.dmp.store.care;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Care codes: 6 random digits; only HMAC-SHA256(sub-key, record id ‖ code) is stored, with a sub-key derived from the
 * INS-hash key, so a database dump does not give the codes away in a million guesses. Thread-safe.
 */
final class CareCodes {
    static final int DIGITS = 6;

    private final ThreadLocal<Mac> mac;
    private final SecureRandom random = new SecureRandom();

    CareCodes(byte[] insHashKey) {
        byte[] derived = init(new SecretKeySpec(insHashKey.clone(), "HmacSHA256"))
                .doFinal("dmp:care-code-key:v1".getBytes(StandardCharsets.US_ASCII));
        SecretKeySpec key = new SecretKeySpec(derived, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> init(key));
    }

    String generate() {
        StringBuilder b = new StringBuilder(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    byte[] hash(UUID recordId, String code) {
        Mac m = mac.get();
        m.update(ByteBuffer.allocate(16).putLong(recordId.getMostSignificantBits())
                .putLong(recordId.getLeastSignificantBits()).array());
        return m.doFinal(code.getBytes(StandardCharsets.US_ASCII));
    }

    boolean matches(UUID recordId, byte[] stored, String typed) {
        return stored != null && MessageDigest.isEqual(stored, hash(recordId, typed));
    }

    /** Six ASCII digits exactly. */
    static boolean wellFormed(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Mac init(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
