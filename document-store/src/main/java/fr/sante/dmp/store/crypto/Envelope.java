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
 * <p>
 * Wrapped key formats: {@code 2 || masterKeyId(4) || AES-GCM(master, dataKey, AAD = "dmp:key:v2:" id || record id)}
 * names the master key it was wrapped under (see {@link MasterKeys}); the first format ({@code 1 || nonce || ct ||
 * tag}, AAD = "dmp:key:v1" || record id) carries no id and is tried against every held key until rotation re-wraps it.
 */
public final class Envelope {
    private static final String KEY = "dmp:key:v1";
    private static final String KEY_V2 = "dmp:key:v2:";
    private static final byte WRAP_V2 = 2;
    private static final int WRAP_V2_HEADER = 5;
    private static final String IDENTITY = "dmp:identity:v1";
    private static final String TITLE = "dmp:title:v1";
    private static final String CONTENT = "dmp:content:v1";
    private static final String REASON = "dmp:reason:v1";
    private static final String DIRECTIVES = "dmp:directives:v1:";
    private static final String ESCROW = "dmp:escrow:v1";
    private static final String PASSKEY_OWNER = "dmp:passkey-owner:v1";
    /** A research project's pseudonymisation key, wrapped like a data key but under its own purpose. */
    private static final String RESEARCH_KEY = "dmp:research-key:v1:";
    private static final String REPRESENTED = "dmp:represented:v1:";

    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final Aead aead;
    private final DataKeyCache cache;

    public Envelope(byte[] masterKey, int cachedKeys) {
        this(MasterKeys.of(masterKey, java.util.List.of()), cachedKeys);
    }

    /** Wraps under the current master key; unwraps under any held key (online master-key rotation). */
    public Envelope(MasterKeys masterKeys, int cachedKeys) {
        this.masterKeys = masterKeys;
        this.random = new SecureRandom();
        this.aead = new Aead(random);
        this.cache = new DataKeyCache(cachedKeys);
    }

    /** A fresh data key for a new record, and its wrapped form to store. */
    public NewDataKey newDataKey(UUID recordId) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        SecretKey key = new SecretKeySpec(raw, "AES");
        byte[] wrapped = wrap(recordId, raw);
        java.util.Arrays.fill(raw, (byte) 0);
        return new NewDataKey(key, wrapped);
    }

    private byte[] wrap(UUID recordId, byte[] raw) {
        return wrap(KEY_V2, recordId, raw);
    }

    private byte[] wrap(String purpose, UUID owner, byte[] raw) {
        int id = masterKeys.currentId();
        byte[] sealed = aead.seal(masterKeys.current(), raw, Aead.aad(purpose + MasterKeys.hex(id), owner));
        return java.nio.ByteBuffer.allocate(WRAP_V2_HEADER + sealed.length).put(WRAP_V2).putInt(id).put(sealed).array();
    }

    /** The raw data key; {@link CryptoIntegrityException} when no held master key opens it (fail closed). */
    private byte[] unwrapRaw(UUID recordId, byte[] wrapped) {
        if (wrapped.length > WRAP_V2_HEADER && wrapped[0] == WRAP_V2) {
            return unwrapV2(KEY_V2, recordId, wrapped);
        }
        for (MasterKeys.Held master : masterKeys.all()) { // first format: no id, at most a handful of keys to try
            try {
                return aead.open(master, wrapped, Aead.aad(KEY, recordId));
            } catch (CryptoIntegrityException notThisOne) {
                // try the next held key
            }
        }
        throw new CryptoIntegrityException("no held master key opens the record's key");
    }

    private byte[] unwrapV2(String purpose, UUID owner, byte[] wrapped) {
        if (wrapped == null || wrapped.length <= WRAP_V2_HEADER || wrapped[0] != WRAP_V2) {
            throw new CryptoIntegrityException("wrapped key has an unknown format");
        }
        int id = java.nio.ByteBuffer.wrap(wrapped, 1, 4).getInt();
        MasterKeys.Held master = masterKeys.byId(id);
        if (master == null) {
            throw new CryptoIntegrityException((KEY_V2.equals(purpose) ? "the record's" : "the project's")
                    + " key is wrapped under an unknown master key");
        }
        byte[] sealed = java.util.Arrays.copyOfRange(wrapped, WRAP_V2_HEADER, wrapped.length);
        return aead.open(master, sealed, Aead.aad(purpose + MasterKeys.hex(id), owner));
    }

    /**
     * A new research project's pseudonymisation key (32 random bytes, an HMAC key), wrapped under the current master
     * key with the project id in the AAD. Only the wrapped form is stored; destroying it ends every pseudonym's link.
     */
    public byte[] newProjectKey(UUID projectId) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        try {
            return wrap(RESEARCH_KEY, projectId, raw);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /** A research project's key as an HMAC-SHA256 key; {@link CryptoIntegrityException} when it does not open. */
    public SecretKey unwrapProjectKey(UUID projectId, byte[] wrapped) {
        if (wrapped == null) {
            throw new CryptoIntegrityException("the project's key was destroyed");
        }
        byte[] raw = unwrapV2(RESEARCH_KEY, projectId, wrapped);
        try {
            return new SecretKeySpec(raw, "HmacSHA256");
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /** The id of the master key a wrapped key names, or empty for the first format (no id). */
    public static java.util.OptionalInt masterKeyId(byte[] wrapped) {
        return wrapped != null && wrapped.length > WRAP_V2_HEADER && wrapped[0] == WRAP_V2
                ? java.util.OptionalInt.of(java.nio.ByteBuffer.wrap(wrapped, 1, 4).getInt())
                : java.util.OptionalInt.empty();
    }

    /** True when {@code wrapped} is already wrapped under the current master key (rotation skips it). */
    public boolean wrappedUnderCurrentKey(byte[] wrapped) {
        java.util.OptionalInt id = masterKeyId(wrapped);
        return id.isPresent() && id.getAsInt() == masterKeys.currentId();
    }

    /**
     * Master-key rotation: the same data key, wrapped under the current master key. The data key itself and every
     * ciphertext sealed with it are unchanged.
     */
    public byte[] rewrap(UUID recordId, byte[] wrapped) {
        byte[] raw = unwrapRaw(recordId, wrapped);
        try {
            return wrap(recordId, raw);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    public MasterKeys masterKeys() {
        return masterKeys;
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
        byte[] raw = unwrapRaw(recordId, wrapped);
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
     * The INS of a person a representative acts for, sealed with the representative's key (AAD: their record id and
     * the link id, so a sealed INS cannot be moved to another link).
     */
    public byte[] sealRepresented(SecretKey representativeKey, UUID representativeRecord, UUID link, String ins) {
        return aead.seal(representativeKey, ins.getBytes(StandardCharsets.US_ASCII),
                Aead.aad(REPRESENTED + link, representativeRecord));
    }

    public String openRepresented(SecretKey representativeKey, UUID representativeRecord, UUID link, byte[] sealed) {
        return new String(aead.open(representativeKey, sealed, Aead.aad(REPRESENTED + link, representativeRecord)),
                StandardCharsets.US_ASCII);
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
