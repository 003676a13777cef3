package fr.sante.dmp.gateway.guard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes that name people in Redis keys and counters without naming them: HMAC-SHA256 under a key derived for
 * this use only (so the values differ from the database's INS hashes), truncated to 128 bits.
 */
public final class Pseudonyms {
    private final ThreadLocal<Mac> mac;

    public Pseudonyms(byte[] secret, String purpose) {
        byte[] derived = hmac(secret, purpose.getBytes(StandardCharsets.UTF_8));
        SecretKeySpec key = new SecretKeySpec(derived, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    /** 32 hex characters standing for {@code value}. */
    public String of(String value) {
        byte[] h = mac.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 16);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
