package fr.sante.dmp.notify.outbox;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for outbox payloads (recipient + parameters). Layout: version byte, 12-byte nonce, ciphertext with tag.
 * The associated data is the idempotency-key hash, so a payload cannot be moved to another row unnoticed.
 * The version byte leaves room for key rotation (a new version = a new key, old rows decrypted with the old one).
 */
public final class PayloadCipher {
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public PayloadCipher(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("payload key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    public byte[] encrypt(byte[] plain, byte[] aad) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("payload encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] blob, byte[] aad) {
        if (blob.length < 1 + NONCE || blob[0] != VERSION) {
            throw new IllegalStateException("unknown payload version");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 1, NONCE));
            c.updateAAD(aad);
            return c.doFinal(blob, 1 + NONCE, blob.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("payload decryption failed (wrong key or tampered row)", e);
        }
    }
}
