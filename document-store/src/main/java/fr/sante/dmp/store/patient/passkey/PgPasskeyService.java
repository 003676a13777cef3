package fr.sante.dmp.store.patient.passkey;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.Identity;
import fr.sante.dmp.store.patient.PatientTransaction;
import static fr.sante.dmp.store.patient.PatientTransaction.time;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

/**
 * Passkeys on PostgreSQL. Registration and removal are patient changes ({@link PatientTransaction}: record row locked, audit
 * appended last); a login updates the counter and appends its audit entry in one transaction too, so a login that
 * leaves no trace cannot happen.
 */
public final class PgPasskeyService implements PasskeyService {
    static final String PASSKEY_REGISTERED = "passkey-registered";
    static final String PASSKEY_LOGIN = "passkey-login";
    static final String PASSKEY_REMOVED = "passkey-removed";
    static final String PASSKEY_REFUSED = "passkey-refused";
    static final String PASSKEY_CONFLICT = "passkey-conflict";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Pool pool;
    private final PatientTransaction changes;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final AccessDoor door;
    private final Clock clock;

    public PgPasskeyService(Pool pool, Envelope envelope, InsHasher insHasher, AccessDoor door, Clock clock) {
        this.pool = pool;
        this.changes = new PatientTransaction(pool, insHasher, door, clock);
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.door = door;
        this.clock = clock;
    }

    @Override
    public Future<String> userHandle(Ins ins) {
        return guarded(() -> pool.preparedQuery(PasskeySql.HANDLE_BY_INS)
                .execute(Tuple.of(Buffer.buffer(insHasher.hash(ins))))
                .map(rows -> rows.size() == 0 ? newHandle() : rows.iterator().next().getString(0)));
    }

    @Override
    public Future<Void> register(Ins ins, NewPasskey p) {
        return guarded(() -> {
            validate(p);
            return changes.apply(ins, AuditAction.REGISTER_PASSKEY, (tx, rec, now) -> {
                if (rec.erased()) {
                    return conflict("the record was erased", "le dossier a été effacé");
                }
                return tx.preparedQuery(PasskeySql.HANDLE_AND_COUNT).execute(Tuple.of(rec.id())).compose(rows -> {
                    Row r = rows.iterator().next();
                    String handle = r.getString(0);
                    if (r.getLong(1) >= MAX_PER_RECORD) {
                        return conflict("at most " + MAX_PER_RECORD + " passkeys",
                                "au plus " + MAX_PER_RECORD + " clés d'accès");
                    }
                    if (handle != null && !handle.equals(p.userHandle())) {
                        return conflict("the passkey was made for another user handle",
                                "cette clé d'accès a été créée pour un autre compte");
                    }
                    SecretKey key = envelope.unwrap(rec.id(), rec.wrappedKey());
                    byte[] owner = envelope.sealPasskeyOwner(key, rec.id(), ins.value());
                    Tuple row = Tuple.from(new Object[] {p.credentialId(), rec.id(), p.userHandle(),
                        Buffer.buffer(p.publicKeyCose()), p.signCount(), p.aaguid().orElse(null),
                        p.transports().toArray(new String[0]), Buffer.buffer(owner), time(now)});
                    return tx.preparedQuery(PasskeySql.INSERT).execute(row).compose(done -> done.rowCount() == 1
                            ? Future.succeededFuture(PatientTransaction.Step.<Void>done(null, PASSKEY_REGISTERED))
                            : conflict("this passkey is already registered",
                                    "cette clé d'accès est déjà enregistrée"));
                });
            });
        });
    }

    @Override
    public Future<List<Passkey>> list(Ins ins) {
        return guarded(() -> pool.preparedQuery(PasskeySql.LIST).execute(Tuple.of(Buffer.buffer(insHasher.hash(ins))))
                .map(rows -> {
                    List<Passkey> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        String[] transports = r.getArrayOfStrings(1);
                        OffsetDateTime used = r.getOffsetDateTime(3);
                        out.add(new Passkey(r.getString(0), transports == null ? List.of() : Arrays.asList(transports),
                                r.getOffsetDateTime(2).toInstant(),
                                Optional.ofNullable(used).map(OffsetDateTime::toInstant)));
                    }
                    return out;
                }));
    }

    @Override
    public Future<Void> remove(Ins ins, String credentialId) {
        return guarded(() -> changes.apply(ins, AuditAction.REMOVE_PASSKEY, (tx, rec, now) -> tx
                .preparedQuery(PasskeySql.DELETE).execute(Tuple.of(credentialId == null ? "" : credentialId, rec.id()))
                .map(rows -> rows.rowCount() == 1 ? PatientTransaction.Step.<Void>done(null, PASSKEY_REMOVED)
                        : PatientTransaction.Step.<Void>refused(new RecordException.NotFound("passkey"), PASSKEY_CONFLICT,
                                null))));
    }

    @Override
    public Future<Optional<StoredPasskey>> find(String credentialId) {
        return guarded(() -> pool.preparedQuery(PasskeySql.FIND).execute(Tuple.of(credentialId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new StoredPasskey(r.getString(0), r.getString(1), r.getBuffer(2).getBytes(),
                    r.getLong(3), Optional.ofNullable(r.getString(4))));
        }));
    }

    @Override
    public Future<PasskeyOwner> signIn(String credentialId, long signCount) {
        return guarded(() -> owner(credentialId).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new RecordException.NotFound("passkey"));
            }
            Owner o = found.get();
            return changes.apply(o.owner().ins(), AuditAction.PASSKEY_LOGIN, (tx, rec, now) -> {
                if (rec.erased() || !rec.id().equals(o.recordId())) {
                    return refused(new RecordException.NotFound("passkey"));
                }
                return tx.preparedQuery(PasskeySql.USE).execute(Tuple.of(credentialId, signCount, time(now), rec.id()))
                        .map(rows -> rows.rowCount() == 1 ? PatientTransaction.Step.done(o.owner(), PASSKEY_LOGIN)
                                : PatientTransaction.Step.<PasskeyOwner>refused(
                                        new RecordException.Conflict("the passkey's signature counter did not grow",
                                                "le compteur de signature de la clé d'accès n'a pas augmenté"),
                                        PASSKEY_REFUSED, null));
            });
        }));
    }

    @Override
    public Future<Void> refuseSignIn(String credentialId) {
        return guarded(() -> owner(credentialId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            Ins ins = found.get().owner().ins();
            return pool.withTransaction(tx -> door.record(tx, AuditEvent.of(
                    clock.instant().truncatedTo(ChronoUnit.MICROS), new Actor.Patient(ins), AuditAction.PASSKEY_LOGIN,
                    insHasher.hash(ins), null, PASSKEY_REFUSED, false, false, null))).mapEmpty();
        }));
    }

    private record Owner(java.util.UUID recordId, PasskeyOwner owner) {
    }

    /** The INS and birth date behind a credential, opened with the record's key; empty if unknown or erased. */
    private Future<Optional<Owner>> owner(String credentialId) {
        return pool.preparedQuery(PasskeySql.OWNER).execute(Tuple.of(credentialId == null ? "" : credentialId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    if (r.getBuffer(2) == null || r.getBuffer(3) == null) {
                        return Optional.empty();
                    }
                    java.util.UUID id = r.getUUID(0);
                    SecretKey key = envelope.unwrap(id, r.getBuffer(2).getBytes());
                    Ins ins = Ins.parse(envelope.openPasskeyOwner(key, id, r.getBuffer(1).getBytes()));
                    Identity identity = Identity.open(envelope, key, id, r.getBuffer(3).getBytes());
                    return Optional.of(new Owner(id, new PasskeyOwner(ins, LocalDate.parse(identity.birthDate()))));
                });
    }

    private static void validate(NewPasskey p) {
        if (p == null || p.credentialId() == null || !p.credentialId().matches("[A-Za-z0-9_-]{16,1400}")) {
            throw new RecordException.Invalid("credentialId", "must be base64url, 16 to 1400 characters");
        }
        if (p.userHandle() == null || !p.userHandle().matches("[A-Za-z0-9_-]{43}")) {
            throw new RecordException.Invalid("userHandle", "must be 32 bytes in base64url");
        }
        if (p.publicKeyCose() == null || p.publicKeyCose().length == 0 || p.publicKeyCose().length > 2048) {
            throw new RecordException.Invalid("publicKey", "is required");
        }
        if (p.signCount() < 0 || p.transports().size() > 8) {
            throw new RecordException.Invalid("signCount", "is invalid");
        }
    }

    private static String newHandle() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static <T> Future<PatientTransaction.Step<T>> conflict(String message, String messageFr) {
        return refused(new RecordException.Conflict(message, messageFr));
    }

    private static <T> Future<PatientTransaction.Step<T>> refused(RecordException e) {
        return Future.succeededFuture(PatientTransaction.Step.refused(e, PASSKEY_CONFLICT, null));
    }

    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return ServiceFailures.guarded("record store unavailable", call);
    }
}
