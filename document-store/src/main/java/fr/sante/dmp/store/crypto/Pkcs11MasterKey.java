package fr.sante.dmp.store.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * A master key that lives in a hardware security module, reached through Java's SunPKCS11 provider
 * ({@code DMP_MASTER_KEY_PKCS11}: module, slot, key label). The JVM holds a handle only: wrapping and unwrapping of
 * data keys (AES-256-GCM) run inside the module, and the key is generated there sensitive and not extractable
 * ({@link #generate}), so its bytes never reach this process. Its public id is the first 4 bytes of AES-ECB(key,
 * SHA-256("dmp:master-key-id:v1")[0..16]) computed by the module (a key check value: it reveals nothing of the key).
 */
public final class Pkcs11MasterKey {
    private static final String VARIABLE = "DMP_MASTER_KEY_PKCS11";

    private final Provider provider;
    private final SecretKey key;
    private final String label;
    private final int id;

    private Pkcs11MasterKey(Provider provider, SecretKey key, String label, int id) {
        this.provider = provider;
        this.key = key;
        this.label = label;
        this.id = id;
    }

    /**
     * Opens the key labelled {@code label} in the token. Every failure is an {@link IllegalStateException} whose
     * message says what to fix (the module that does not load, the PIN, the label), never the PIN.
     */
    public static Pkcs11MasterKey open(Location where, char[] pin) {
        Provider p = Pkcs11Token.provider(where, VARIABLE);
        KeyStore ks = Pkcs11Token.login(p, where, pin, VARIABLE, VARIABLE + "_PIN");
        Key k;
        try {
            k = ks.getKey(where.label(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DMP_MASTER_KEY_PKCS11: cannot read the key labelled '" + where.label()
                    + "' in the token: " + e.getMessage(), e);
        }
        if (!(k instanceof SecretKey secret) || !"AES".equalsIgnoreCase(k.getAlgorithm())) {
            throw new IllegalStateException("DMP_MASTER_KEY_PKCS11: the token (slot " + where.slotText()
                    + ") holds no AES key labelled '" + where.label() + "': check the label, or create the key "
                    + "with ./dmp keys hsm-generate");
        }
        return new Pkcs11MasterKey(p, secret, where.label(), checkValue(p, secret));
    }

    /**
     * Generates a new AES-256 master key inside the module, stored on the token under {@code label}, sensitive and
     * not extractable. Refuses a label already in use.
     */
    public static Pkcs11MasterKey generate(Location where, char[] pin) {
        Provider p = Pkcs11Token.provider(where, VARIABLE);
        KeyStore ks = Pkcs11Token.login(p, where, pin, VARIABLE, VARIABLE + "_PIN");
        try {
            if (ks.containsAlias(where.label())) {
                throw new IllegalStateException("DMP_MASTER_KEY_PKCS11: the label '" + where.label()
                        + "' is already in use in the token: choose another");
            }
            KeyGenerator g = KeyGenerator.getInstance("AES", p);
            g.init(256);
            SecretKey session = g.generateKey();
            // Stored as a token object under the label (the provider copies the object inside the module).
            ks.setEntry(where.label(), new KeyStore.SecretKeyEntry(session), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DMP_MASTER_KEY_PKCS11: cannot generate a key in the token: "
                    + e.getMessage(), e);
        }
        return open(where, pin);
    }

    private static int checkValue(Provider p, SecretKey key) {
        try {
            byte[] block = java.util.Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest("dmp:master-key-id:v1".getBytes(StandardCharsets.US_ASCII)), 16);
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", p);
            ecb.init(Cipher.ENCRYPT_MODE, key);
            byte[] d = ecb.doFinal(block);
            return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DMP_MASTER_KEY_PKCS11: the key cannot encrypt inside the module: "
                    + e.getMessage(), e);
        }
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    Provider provider() {
        return provider;
    }

    SecretKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "Pkcs11MasterKey[label=" + label + ", id=" + MasterKeys.hex(id) + "]";
    }

    /**
     * Where the key is: the PKCS#11 module (a shared library), the slot id ({@code -1}: the first slot with a token)
     * and the key's label. Parsed from {@code module=/path/lib.so;slot=N;label=L}.
     */
    public record Location(String module, long slot, String label) {
        public Location {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(label, "label");
        }

        public static Location parse(String text) {
            return parse(text, VARIABLE);
        }

        /** Parsed from the setting {@code variable} (named in every error). */
        public static Location parse(String text, String variable) {
            String module = null;
            String label = null;
            long slot = -1;
            for (String part : text.split("[;,]")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(variable + ": expected module=...;slot=...;label=..., "
                            + "got a part without '='");
                }
                String name = p.substring(0, eq).strip();
                String value = p.substring(eq + 1).strip();
                switch (name) {
                    case "module", "library" -> module = value;
                    case "label" -> label = value;
                    case "slot" -> {
                        try {
                            // SunPKCS11's configuration reads the slot id as a Java int.
                            slot = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(variable + ": slot must be a number from 0 "
                                    + "to " + Integer.MAX_VALUE);
                        }
                        if (slot < 0) {
                            throw new IllegalArgumentException(variable + ": slot must be a number from 0 "
                                    + "to " + Integer.MAX_VALUE);
                        }
                    }
                    default -> throw new IllegalArgumentException(variable + ": unknown part '" + name
                            + "' (module, slot, label)");
                }
            }
            if (module == null || module.isBlank() || label == null || label.isBlank()) {
                throw new IllegalArgumentException(variable + ": module and label are required "
                        + "(module=/usr/lib/softhsm/libsofthsm2.so;slot=N;label=dmp-master)");
            }
            return new Location(module, slot, label);
        }

        String slotText() {
            return slot >= 0 ? Long.toString(slot) : "first";
        }
    }
}
