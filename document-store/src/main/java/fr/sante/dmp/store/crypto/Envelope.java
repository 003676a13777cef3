package fr.sante.dmp.store.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption: each patient has a 256-bit data key, stored only wrapped by the master key (AES-256-GCM,
 * AAD = record id so a wrapped key moved to another record does not open). Everything personal is sealed with the data
 * key under an AAD naming what it is and where it belongs (record id, document id): a ciphertext copied to another
 * row or column fails to open. Destroying the wrapped key (crypto-shredding) makes all of a record's data unreadable;
 * master-key rotation re-wraps keys only.
 */
public final class Envelope {
    private static final String KEY = "dmp:key:v1";
    private static final String IDENTITY = "dmp:identity:v1";
    private static final String TITLE = "dmp:title:v1";
    private static final String CONTENT = "dmp:content:v1";
    private static final String REASON = "dmp:reason:v1";
    private static final String DIRECTIVES = "dmp:directives:v1:";
    private static final String ESCROW = "dmp:escrow:v1";
    private static final String PASSKEY_OWNER = "dmp:passkey-owner:v1";

    private final SecretKey masterKey;
    private final SecureRandom random;
    private final Aead aead;
    private final DataKeyCache cache;

    public Envelope(byte[] masterKey, int cachedKeys) {
        this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
        this.random = new SecureRandom();
        this.aead = new Aead(random);
        this.cache = new DataKeyCache(cachedKeys);
    }

    /** A fresh data key for a new record, and its wrapped form to store. */
    public NewDataKey newDataKey(UUID recordId) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        SecretKey key = new SecretKeySpec(raw, "AES");
        byte[] wrapped = aead.seal(masterKey, raw, Aead.aad(KEY, recordId));
        java.util.Arrays.fill(raw, (byte) 0);
        return new NewDataKey(key, wrapped);
    }

    /** The data key of a record from its stored wrapped form; recently used keys come from a bounded cache. */
    public SecretKey unwrap(UUID recordId, byte[] wrapped) {
        if (wrapped == null) {
            throw new CryptoIntegrityException("the record's key was destroyed");
        }
        SecretKey cached = cache.get(recordId, wrapped);
        if (cached != null) {
            return cached;
        }
        byte[] raw = aead.open(masterKey, wrapped, Aead.aad(KEY, recordId));
        SecretKey key = new SecretKeySpec(raw, "AES");
        java.util.Arrays.fill(raw, (byte) 0);
        cache.put(recordId, wrapped, key);
        return key;
    }

    /** Drops a record's key from the cache (crypto-shredding, re-wrapping). */
    public void forget(UUID recordId) {
        cache.remove(recordId);
    }

    public byte[] sealIdentity(SecretKey key, UUID recordId, byte[] identity) {
        return aead.seal(key, identity, Aead.aad(IDENTITY, recordId));
    }

    public byte[] openIdentity(SecretKey key, UUID recordId, byte[] sealed) {
        return aead.open(key, sealed, Aead.aad(IDENTITY, recordId));
    }

    public byte[] sealTitle(SecretKey key, UUID recordId, UUID documentId, String title) {
        return aead.seal(key, title.getBytes(StandardCharsets.UTF_8), Aead.aad(TITLE, recordId, documentId));
    }

    public String openTitle(SecretKey key, UUID recordId, UUID documentId, byte[] sealed) {
        return new String(aead.open(key, sealed, Aead.aad(TITLE, recordId, documentId)), StandardCharsets.UTF_8);
    }

    public byte[] sealContent(SecretKey key, UUID recordId, UUID documentId, byte[] content) {
        return aead.seal(key, content, Aead.aad(CONTENT, recordId, documentId));
    }

    public byte[] openContent(SecretKey key, UUID recordId, UUID documentId, byte[] sealed) {
        return aead.open(key, sealed, Aead.aad(CONTENT, recordId, documentId));
    }

    public byte[] sealReason(SecretKey key, UUID recordId, String reason) {
        return aead.seal(key, reason.getBytes(StandardCharsets.UTF_8), Aead.aad(REASON, recordId));
    }

    public String openReason(SecretKey key, UUID recordId, byte[] sealed) {
        return new String(aead.open(key, sealed, Aead.aad(REASON, recordId)), StandardCharsets.UTF_8);
    }

    /** Advance directives (JSON) of one version: the version is in the AAD, so versions cannot be swapped. */
    public byte[] sealDirectives(SecretKey key, UUID recordId, int version, byte[] json) {
        return aead.seal(key, json, Aead.aad(DIRECTIVES + version, recordId));
    }

    public byte[] openDirectives(SecretKey key, UUID recordId, int version, byte[] sealed) {
        return aead.open(key, sealed, Aead.aad(DIRECTIVES + version, recordId));
    }

    /** The INS a passkey opens a session for, sealed with the record's key (passkey.owner). */
    public byte[] sealPasskeyOwner(SecretKey key, UUID recordId, String ins) {
        return aead.seal(key, ins.getBytes(StandardCharsets.US_ASCII), Aead.aad(PASSKEY_OWNER, recordId));
    }

    public String openPasskeyOwner(SecretKey key, UUID recordId, byte[] sealed) {
        return new String(aead.open(key, sealed, Aead.aad(PASSKEY_OWNER, recordId)), StandardCharsets.US_ASCII);
    }

    /**
     * Seals with a key that is not the record's (e.g. derived from a code only the person holds); same format and
     * AAD rules as the rest, purpose {@code escrow}.
     */
    public byte[] sealEscrow(SecretKey escrowKey, UUID recordId, byte[] plaintext) {
        return aead.seal(escrowKey, plaintext, Aead.aad(ESCROW, recordId));
    }

    public byte[] openEscrow(SecretKey escrowKey, UUID recordId, byte[] sealed) {
        return aead.open(escrowKey, sealed, Aead.aad(ESCROW, recordId));
    }

    /** A new record's data key, usable now, and the wrapped bytes to store. */
    public record NewDataKey(SecretKey key, byte[] wrapped) {
    }
}
