package fr.sante.dmp.store.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
    /** One provider per module and slot per JVM: SunPKCS11 loads a module once, and a second configure would fail. */
    private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();

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
        Provider p = provider(where);
        KeyStore ks = login(p, where, pin);
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
        Provider p = provider(where);
        KeyStore ks = login(p, where, pin);
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

    private static Provider provider(Location where) {
        return PROVIDERS.computeIfAbsent(where.module() + "#" + where.slotText(), name -> {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new IllegalStateException("DMP_MASTER_KEY_PKCS11: this JVM has no SunPKCS11 provider");
            }
            String slot = where.slot() >= 0 ? "slot = " + where.slot() : "slotListIndex = 0";
            // Keys this provider generates are sensitive and never extractable; token keys keep those attributes.
            String config = "--name = dmp-" + Integer.toHexString(name.hashCode()) + "\n"
                    + "library = " + where.module() + "\n" + slot + "\n"
                    + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n  CKA_SENSITIVE = true\n"
                    + "  CKA_EXTRACTABLE = false\n}\n";
            try {
                Provider configured = base.configure(config);
                Security.addProvider(configured);
                return configured;
            } catch (ProviderException | IllegalArgumentException e) {
                throw new IllegalStateException(initFailure(where, rootMessage(e)), e);
            }
        });
    }

    private static KeyStore login(Provider p, Location where, char[] pin) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            return ks;
        } catch (Exception e) {
            String cause = rootMessage(e);
            String what = cause.contains("CKR_PIN_LOCKED") ? "the token's user PIN is locked (too many wrong PINs): "
                    + "the token's security officer must unlock it" : "check DMP_MASTER_KEY_PKCS11_PIN";
            throw new IllegalStateException("DMP_MASTER_KEY_PKCS11: the token (slot " + where.slotText()
                    + ") refused the login: " + what + " (" + cause + ")", e);
        }
    }

    /**
     * What to fix when the provider cannot start on the module and slot. The PKCS#11 code is all the module says: a
     * slot id it does not know, a slot whose token is absent or not initialised, or a library that does not load.
     */
    private static String initFailure(Location where, String cause) {
        String prefix = "DMP_MASTER_KEY_PKCS11: ";
        if (cause.contains("CKR_SLOT_ID_INVALID")) {
            return prefix + "the PKCS#11 module " + where.module() + " has no slot " + where.slotText()
                    + ": check slot= (the module's slots: softhsm2-util --show-slots, pkcs11-tool -L) (" + cause + ")";
        }
        if (cause.contains("CKR_TOKEN_NOT_PRESENT") || cause.contains("CKR_TOKEN_NOT_RECOGNIZED")) {
            return prefix + "no initialised token in slot " + where.slotText() + " of the PKCS#11 module "
                    + where.module() + ": insert or initialise the token, or check slot= (" + cause + ")";
        }
        return prefix + "the PKCS#11 module " + where.module() + " does not load (slot " + where.slotText() + "): "
                + cause;
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
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
                    throw new IllegalArgumentException("DMP_MASTER_KEY_PKCS11: expected module=...;slot=...;label=..., "
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
                            throw new IllegalArgumentException("DMP_MASTER_KEY_PKCS11: slot must be a number from 0 "
                                    + "to " + Integer.MAX_VALUE);
                        }
                        if (slot < 0) {
                            throw new IllegalArgumentException("DMP_MASTER_KEY_PKCS11: slot must be a number from 0 "
                                    + "to " + Integer.MAX_VALUE);
                        }
                    }
                    default -> throw new IllegalArgumentException("DMP_MASTER_KEY_PKCS11: unknown part '" + name
                            + "' (module, slot, label)");
                }
            }
            if (module == null || module.isBlank() || label == null || label.isBlank()) {
                throw new IllegalArgumentException("DMP_MASTER_KEY_PKCS11: module and label are required "
                        + "(module=/usr/lib/softhsm/libsofthsm2.so;slot=N;label=dmp-master)");
            }
            return new Location(module, slot, label);
        }

        String slotText() {
            return slot >= 0 ? Long.toString(slot) : "first";
        }
    }
}
