package fr.sante.dmp.store.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a random 96-bit nonce per encryption. Sealed format: {@code version(1) || nonce(12) ||
 * ciphertext || tag(16)}; the version byte leaves room for another algorithm or key generation without guessing.
 * Ciphers are cached per thread: {@code Cipher.getInstance} costs more than encrypting a title.
 */
final class Aead {
    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;

    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    });

    private final SecureRandom random;

    Aead(SecureRandom random) {
        this.random = random;
    }

    byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
        return seal(CIPHER.get(), key, plaintext, aad);
    }

    /** With a master key's own cipher (an HSM's provider), or the default one when it has none. */
    byte[] seal(MasterKeys.Held master, byte[] plaintext, byte[] aad) {
        Cipher own = master.cipher();
        return seal(own != null ? own : CIPHER.get(), master.key(), plaintext, aad);
    }

    byte[] open(MasterKeys.Held master, byte[] sealed, byte[] aad) {
        Cipher own = master.cipher();
        return open(own != null ? own : CIPHER.get(), master.key(), sealed, aad);
    }

    private byte[] seal(Cipher c, SecretKey key, byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] out = new byte[1 + NONCE_BYTES + c.getOutputSize(plaintext.length)];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            c.doFinal(plaintext, 0, plaintext.length, out, 1 + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Opens a sealed value; {@link CryptoIntegrityException} if it was altered, swapped or sealed with another AAD. */
    byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
        return open(CIPHER.get(), key, sealed, aad);
    }

    private byte[] open(Cipher c, SecretKey key, byte[] sealed, byte[] aad) {
        if (sealed == null || sealed.length < OVERHEAD || sealed[0] != VERSION) {
            throw new CryptoIntegrityException("sealed value has an unknown format");
        }
        try {
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new CryptoIntegrityException("authentication tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    static byte[] aad(String purpose, java.util.UUID... ids) {
        byte[] p = purpose.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(p.length + 16 * ids.length);
        b.put(p);
        for (java.util.UUID id : ids) {
            b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        }
        return b.array();
    }
}
