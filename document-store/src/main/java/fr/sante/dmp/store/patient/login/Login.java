package fr.sante.dmp.store.patient.login;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.Identity;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Identity checks before any session exists: INS + birth date (+ invitation code). Answers never say which part was
 * wrong; the birth date and the code are compared in constant time, both always.
 */
final class Login {
    private final Pool pool;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final InvitationCodes codes;
    private final Clock clock;

    /** A record that does not exist, decrypted for unknown identities so they cost what known ones cost. */
    private final UUID decoyId = UUID.randomUUID();
    private final byte[] decoyKey;
    private final byte[] decoyIdentity;

    Login(Pool pool, Envelope envelope, InsHasher insHasher, InvitationCodes codes, Clock clock) {
        this.pool = pool;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.codes = codes;
        this.clock = clock;
        Envelope.NewDataKey key = envelope.newDataKey(decoyId);
        this.decoyKey = key.wrapped();
        this.decoyIdentity = envelope.sealIdentity(key.key(), decoyId, new io.vertx.core.json.JsonObject()
                .put("birthDate", "1900-01-01").put("givenName", "Decoy").put("familyName", "Decoy")
                .put("phone", "+33600000000").put("email", "decoy@example.org").encode()
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The work a known identity costs (key unwrap, identity decryption, constant-time comparisons), done
     * for an unknown one: otherwise the response time tells whether an INS exists (measured in EnumerationIT).
     */
    private void decoy(LocalDate birthDate, String code) {
        Identity identity = Identity.open(envelope, envelope.unwrap(decoyId, decoyKey), decoyId, decoyIdentity);
        MessageDigest.isEqual(identity.birthDate().getBytes(StandardCharsets.US_ASCII),
                birthDate.toString().getBytes(StandardCharsets.US_ASCII));
        if (code != null) {
            codes.matches(decoyId, null, code);
        }
    }

    Future<Optional<PatientContact>> contactForLogin(Ins ins, LocalDate birthDate) {
        return row(ins, birthDate, null).map(found -> found.flatMap(c -> c.birthDateMatches()
                ? Optional.of(new PatientContact(c.identity().phone(), c.identity().email(), c.language()))
                : Optional.empty()));
    }

    Future<Boolean> checkInvitationCode(Ins ins, LocalDate birthDate, String code) {
        return row(ins, birthDate, code).map(found -> found.map(c -> {
            boolean codeOk = codes.matches(c.recordId(), c.codeHash(), code == null ? "" : code);
            boolean inTime = c.codeExpiresAt() != null && clock.instant().isBefore(c.codeExpiresAt().toInstant());
            return c.birthDateMatches() & codeOk & inTime;
        }).orElse(false));
    }

    private record Candidate(UUID recordId, Identity identity, String language, byte[] codeHash,
                             OffsetDateTime codeExpiresAt, boolean birthDateMatches) {
    }

    /** The record if its identity can still be read (key not destroyed); whether the birth date matches. */
    private Future<Optional<Candidate>> row(Ins ins, LocalDate birthDate, String code) {
        if (ins == null || birthDate == null) {
            return Future.failedFuture(new RecordException.Invalid(ins == null ? "ins" : "birthDate", "is required"));
        }
        return pool.preparedQuery(LoginSql.LOGIN_VIEW).execute(Tuple.of(Buffer.buffer(insHasher.hash(ins))))
                .recover(ServiceFailures::fail)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        decoy(birthDate, code);
                        return Future.succeededFuture(Optional.empty());
                    }
                    Row r = rows.iterator().next();
                    if (r.getBuffer(1) == null || r.getBuffer(2) == null) {
                        return Future.succeededFuture(Optional.empty());
                    }
                    try {
                        UUID id = r.getUUID(0);
                        Identity identity = Identity.open(envelope,
                                envelope.unwrap(id, r.getBuffer(1).getBytes()), id, r.getBuffer(2).getBytes());
                        boolean matches = MessageDigest.isEqual(
                                identity.birthDate().getBytes(StandardCharsets.US_ASCII),
                                birthDate.toString().getBytes(StandardCharsets.US_ASCII));
                        Buffer codeHash = r.getBuffer(4);
                        return Future.succeededFuture(Optional.of(new Candidate(id, identity, r.getString(3),
                                codeHash == null ? null : codeHash.getBytes(), r.getOffsetDateTime(5), matches)));
                    } catch (RuntimeException e) {
                        return ServiceFailures.fail(e);
                    }
                });
    }
}
