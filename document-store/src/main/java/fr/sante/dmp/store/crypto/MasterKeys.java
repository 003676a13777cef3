package fr.sante.dmp.store.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys a process holds: the current one wraps new data keys; the previous ones (during a rotation) only
 * unwrap. Each key is named by an id derived from it (HMAC-SHA256(key, "dmp:master-key-id:v1"), first 4 bytes; for a
 * key in an HSM, its check value, see {@link Pkcs11MasterKey}), which a wrapped key carries: the unwrap side picks
 * the key by id, and a key wrapped under a master key it does not hold fails closed instead of being tried against
 * every key. The id reveals nothing of the key. A key in an HSM is used through its provider: the AES-GCM of the
 * wrapping runs inside the module.
 */
public final class MasterKeys {
    private final int currentId;
    private final Map<Integer, Held> byId;

    private MasterKeys(int currentId, Map<Integer, Held> byId) {
        this.currentId = currentId;
        this.byId = byId;
    }

    /** {@code current} wraps and unwraps; each of {@code previous} only unwraps. Every key is 32 bytes. */
    public static MasterKeys of(byte[] current, List<byte[]> previous) {
        Map<Integer, Held> keys = new LinkedHashMap<>();
        int currentId = put(keys, current);
        for (byte[] p : previous) {
            put(keys, p);
        }
        return new MasterKeys(currentId, Collections.unmodifiableMap(keys));
    }

    /** The key in the HSM wraps and unwraps; each of {@code previous} (in memory) only unwraps. */
    public static MasterKeys inHsm(Pkcs11MasterKey current, List<byte[]> previous) {
        Map<Integer, Held> keys = new LinkedHashMap<>();
        keys.put(current.id(), new Held(current.key(), current.provider()));
        for (byte[] p : previous) {
            put(keys, p);
        }
        return new MasterKeys(current.id(), Collections.unmodifiableMap(keys));
    }

    private static int put(Map<Integer, Held> keys, byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a master key must be 32 bytes");
        }
        int id = id(key);
        Held previous = keys.putIfAbsent(id, new Held(new SecretKeySpec(key.clone(), "AES"), null));
        if (previous != null && (previous.provider() != null
                || !java.security.MessageDigest.isEqual(previous.key().getEncoded(), key))) {
            throw new IllegalArgumentException("two master keys share the id " + hex(id) + ": generate another");
        }
        return id;
    }

    /** The public id of a master key (safe to print and log). */
    public static int id(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] d = mac.doFinal("dmp:master-key-id:v1".getBytes(StandardCharsets.US_ASCII));
            return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static String hex(int id) {
        return String.format("%08x", id);
    }

    public int currentId() {
        return currentId;
    }

    /** True when the current (wrapping) key lives in an HSM. */
    public boolean currentInHsm() {
        return byId.get(currentId).provider() != null;
    }

    Held current() {
        return byId.get(currentId);
    }

    /** The key with this id, or null when this process does not hold it. */
    Held byId(int id) {
        return byId.get(id);
    }

    /** Every key, the current one first (for wrapped keys of the first format, which carry no id). */
    List<Held> all() {
        return new ArrayList<>(byId.values());
    }

    @Override
    public String toString() {
        return "MasterKeys[current=" + hex(currentId) + (currentInHsm() ? " (HSM)" : "") + ", held=" + byId.size()
                + "]";
    }

    /**
     * A held master key and, for one in an HSM, the provider whose ciphers run inside the module. Ciphers are cached
     * per thread ({@code Cipher.getInstance} costs more than a wrap).
     */
    record Held(SecretKey key, Provider provider) {
        private static final ThreadLocal<Map<Provider, Cipher>> CIPHERS = ThreadLocal.withInitial(
                java.util.IdentityHashMap::new);

        /** The cipher to use with this key: null means the default provider's (Aead's own cache). */
        Cipher cipher() {
            if (provider == null) {
                return null;
            }
            return CIPHERS.get().computeIfAbsent(provider, p -> {
                try {
                    return Cipher.getInstance("AES/GCM/NoPadding", p);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the HSM does not offer AES/GCM", e);
                }
            });
        }
    }
}
