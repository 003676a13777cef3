package fr.sante.dmp.store.patient.passkey;

import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The patient's passkeys (WebAuthn credentials): stored, listed, removed, and used to sign in. The WebAuthn ceremony
 * itself (challenge, signature, origin) is verified by the caller; this service keeps the credentials, refuses a
 * signature counter that did not grow, and audits registration, login and removal in the same transaction as the
 * change. Failures are RecordExceptions: NotFound (unknown credential, or someone else's), Conflict (credential id
 * already registered, too many passkeys, record erased), AccessDenied (counter check failed), Unavailable.
 */
public interface PasskeyService {

    /** At most this many passkeys per record. */
    int MAX_PER_RECORD = 10;

    /**
     * The record's WebAuthn user handle (base64url of 32 random bytes, never derived from the INS): the one its
     * passkeys already carry, or a new random one (kept only once a passkey is registered with it).
     */
    Future<String> userHandle(Ins ins);

    /** Stores a verified new credential for the signed-in patient; audited REGISTER_PASSKEY. */
    Future<Void> register(Ins ins, NewPasskey passkey);

    /** The patient's passkeys, oldest first. */
    Future<List<Passkey>> list(Ins ins);

    /** Removes one of the patient's passkeys; someone else's or an unknown id is NotFound (audited, nothing done). */
    Future<Void> remove(Ins ins, String credentialId);

    /** What verifying an assertion needs: the stored public key, counter and user handle; empty if unknown. */
    Future<Optional<StoredPasskey>> find(String credentialId);

    /**
     * After the caller verified an assertion's signature: checks and stores the new counter, marks the passkey used,
     * audits PASSKEY_LOGIN and returns whom to sign in. A counter that did not grow is refused (AccessDenied, audited).
     */
    Future<PasskeyOwner> signIn(String credentialId, long signCount);

    /** Audits a refused passkey login (bad signature, wrong origin) against the credential's record, if it exists. */
    Future<Void> refuseSignIn(String credentialId);

    /** A credential to register, as the verified attestation gave it. */
    record NewPasskey(String credentialId, String userHandle, byte[] publicKeyCose, long signCount,
                      Optional<String> aaguid, List<String> transports) {
    }

    /** One of the patient's passkeys, for the profile page. */
    record Passkey(String credentialId, List<String> transports, java.time.Instant createdAt,
                   Optional<java.time.Instant> lastUsedAt) {
    }

    /** A credential as verification needs it. */
    record StoredPasskey(String credentialId, String userHandle, byte[] publicKeyCose, long signCount,
                         Optional<String> aaguid) {
    }

    /** Whom a passkey login opens a session for. Personal data: never log it. */
    record PasskeyOwner(Ins ins, java.time.LocalDate birthDate) {
    }
}
