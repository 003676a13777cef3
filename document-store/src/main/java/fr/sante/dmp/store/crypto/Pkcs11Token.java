package fr.sante.dmp.store.crypto;

import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PKCS#11 token reached through the JDK's SunPKCS11 provider: the provider of a module and slot, and the login with
 * the user PIN. Shared by the master key ({@link Pkcs11MasterKey}) and the audit signing key
 * ({@link Pkcs11SigningKey}), which may sit in the same token. Every failure is an {@link IllegalStateException} whose
 * message starts with the setting to fix ({@code variable}) and says what is wrong, never the PIN.
 */
final class Pkcs11Token {
    /** One provider per module and slot per JVM: SunPKCS11 loads a module once, and a second configure would fail. */
    private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();

    private Pkcs11Token() {
    }

    static Provider provider(Pkcs11MasterKey.Location where, String variable) {
        return PROVIDERS.computeIfAbsent(where.module() + "#" + where.slotText(), name -> {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw new IllegalStateException(variable + ": this JVM has no SunPKCS11 provider");
            }
            String slot = where.slot() >= 0 ? "slot = " + where.slot() : "slotListIndex = 0";
            // Keys this provider generates (the AES master key, the EC audit key's private half) are sensitive and
            // never extractable; token keys keep those attributes.
            String config = "--name = dmp-" + Integer.toHexString(name.hashCode()) + "\n"
                    + "library = " + where.module() + "\n" + slot + "\n"
                    + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n  CKA_SENSITIVE = true\n"
                    + "  CKA_EXTRACTABLE = false\n}\n"
                    + "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {\n  CKA_SENSITIVE = true\n"
                    + "  CKA_EXTRACTABLE = false\n  CKA_SIGN = true\n}\n";
            try {
                Provider configured = base.configure(config);
                Security.addProvider(configured);
                return configured;
            } catch (ProviderException | IllegalArgumentException e) {
                throw new IllegalStateException(initFailure(where, variable, rootMessage(e)), e);
            }
        });
    }

    /** The token's key store, logged in with {@code pin} (SunPKCS11 then keeps the login for the JVM's life). */
    static KeyStore login(Provider p, Pkcs11MasterKey.Location where, char[] pin, String variable, String pinVariable) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            return ks;
        } catch (Exception e) {
            String cause = rootMessage(e);
            String what = cause.contains("CKR_PIN_LOCKED") ? "the token's user PIN is locked (too many wrong PINs): "
                    + "the token's security officer must unlock it" : "check " + pinVariable;
            throw new IllegalStateException(variable + ": the token (slot " + where.slotText()
                    + ") refused the login: " + what + " (" + cause + ")", e);
        }
    }

    /**
     * What to fix when the provider cannot start on the module and slot. The PKCS#11 code is all the module says: a
     * slot id it does not know, a slot whose token is absent or not initialised, or a library that does not load.
     */
    private static String initFailure(Pkcs11MasterKey.Location where, String variable, String cause) {
        String prefix = variable + ": ";
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

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
