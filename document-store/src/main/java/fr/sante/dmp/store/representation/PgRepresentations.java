package fr.sante.dmp.store.representation;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.consent.RepresentationFacts;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.patient.Identity;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

/** The representation links on PostgreSQL: one transaction per change, its audit entry inside it. */
public final class PgRepresentations implements Representations {
    static final String CREATED = "representation-created";
    static final String ENDED = "representation-ended-by-operator";
    static final String DIRECTIVES_AUTHORISED = "directives-authorisation-recorded";
    /** The scheduler's subject in the audit when majority ends a link. */
    static final String SCHEDULER = "scheduler";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final StoreKernel kernel;
    private final AccessDoor door;
    private final Envelope envelope;

    public PgRepresentations(StoreKernel kernel) {
        this.kernel = kernel;
        this.door = kernel.door();
        this.envelope = kernel.envelope();
    }

    // ---- operators ----

    @Override
    public Future<UUID> create(String operator, NewRepresentation link) {
        return guarded(() -> {
            requireOperator(operator);
            Instant now = now();
            byte[] repHash = kernel.insHasher().hash(link.representative());
            byte[] personHash = kernel.insHasher().hash(link.represented());
            UUID id = UUID.randomUUID();
            return kernel.pool().withTransaction(tx -> tx.preparedQuery(RepresentationSql.PEOPLE)
                    .execute(Tuple.of(new Buffer[] {Buffer.buffer(repHash), Buffer.buffer(personHash)}))
                    .compose(rows -> {
                        Person representative = person(rows, repHash, "representative");
                        Person person = person(rows, personHash, "represented");
                        checkAges(link, representative, person, now);
                        return tx.preparedQuery(RepresentationSql.OVERLAPPING)
                                .execute(Tuple.of(person.id, link.from(), link.until().orElse(null)))
                                .compose(overlapping -> {
                                    checkOverlaps(link, representative.id, overlapping);
                                    return insert(tx, operator, id, link, representative, person, now);
                                })
                                .compose(v -> door.record(tx, new AuditEvent(now, AuditEvent.OPERATOR, operator,
                                        null, link.kind().name(), AuditAction.CREATE_REPRESENTATION, personHash,
                                        null, CREATED, true, false,
                                        envelope.sealReason(person.key, person.id, link.justification()))));
                    })).map(seq -> id);
        });
    }

    @Override
    public Future<Void> end(String operator, UUID link, String justification) {
        return guarded(() -> {
            requireOperator(operator);
            String why = NewRepresentation.justification(justification);
            Instant now = now();
            return kernel.pool().withTransaction(tx -> tx.preparedQuery(RepresentationSql.LIVE_LINK)
                    .execute(Tuple.of(link)).compose(rows -> {
                        if (rows.size() == 0) {
                            return Future.failedFuture(new RecordException.NotFound("representation"));
                        }
                        Row r = rows.iterator().next();
                        UUID personId = r.getUUID(0);
                        byte[] insHash = r.getBuffer(2).getBytes();
                        // An erased person's key is gone: the justification is kept sealed under nothing.
                        byte[] sealed = r.getBuffer(1) == null ? null
                                : envelope.sealReason(envelope.unwrap(personId, r.getBuffer(1).getBytes()), personId, why);
                        return tx.preparedQuery(RepresentationSql.END).execute(Tuple.of(link, time(now), operator,
                                        sealed == null ? null : Buffer.buffer(sealed)))
                                .compose(v -> door.record(tx, new AuditEvent(now, AuditEvent.OPERATOR, operator, null,
                                        r.getString(3), AuditAction.END_REPRESENTATION, insHash, null, ENDED, true,
                                        false, sealed)));
                    })).mapEmpty();
        });
    }

    @Override
    public Future<Void> recordDirectivesAuthorisation(String operator, UUID link, String reference) {
        return guarded(() -> {
            requireOperator(operator);
            String why = NewRepresentation.justification(reference);
            Instant now = now();
            return kernel.pool().withTransaction(tx -> tx.preparedQuery(RepresentationSql.LIVE_LINK)
                    .execute(Tuple.of(link)).compose(rows -> {
                        if (rows.size() == 0 || !RepresentationKind.GUARDIAN.name().equals(
                                rows.iterator().next().getString(3)) || rows.iterator().next().getBuffer(1) == null) {
                            return Future.failedFuture(new RecordException.NotFound("guardianship"));
                        }
                        Row r = rows.iterator().next();
                        UUID personId = r.getUUID(0);
                        byte[] sealed = envelope.sealReason(envelope.unwrap(personId, r.getBuffer(1).getBytes()),
                                personId, why);
                        return tx.preparedQuery(RepresentationSql.AUTHORISE_DIRECTIVES).execute(Tuple.of(link, time(now)))
                                .compose(v -> door.record(tx, new AuditEvent(now, AuditEvent.OPERATOR, operator, null,
                                        RepresentationKind.GUARDIAN.name(), AuditAction.RECORD_DIRECTIVES_AUTHORISATION,
                                        r.getBuffer(2).getBytes(), null, DIRECTIVES_AUTHORISED, true, false, sealed)));
                    })).mapEmpty();
        });
    }

    private Future<Void> insert(SqlConnection tx, String operator, UUID id, NewRepresentation link, Person representative,
                                Person person, Instant now) {
        byte[] justification = envelope.sealReason(person.key, person.id, link.justification());
        byte[] sealedIns = envelope.sealRepresented(representative.key, representative.id, id,
                link.represented().value());
        return tx.preparedQuery(RepresentationSql.INSERT).execute(Tuple.from(new Object[] {id, person.id,
                representative.id, link.kind().name(), link.from(), link.until().orElse(null),
                link.kind() == RepresentationKind.PARENTAL_AUTHORITY ? person.birthDate : null, time(now), operator,
                Buffer.buffer(justification), Buffer.buffer(sealedIns)})).mapEmpty();
    }

    /** Representative of age; parental authority over a minor only, guardian and person of trust of an adult only. */
    private void checkAges(NewRepresentation link, Person representative, Person person, Instant now) {
        Instant from = link.from().atStartOfDay(PARIS).toInstant();
        Instant latest = from.isAfter(now) ? from : now;
        if (door.consent().minor(representative.birthDate, latest)) {
            throw new RecordException.Invalid("representative", "is a minor: a representative must be of age");
        }
        boolean minor = door.consent().minor(person.birthDate, from);
        if (link.kind() == RepresentationKind.PARENTAL_AUTHORITY && !minor) {
            throw new RecordException.Invalid("represented",
                    "is of age on the link's first day: parental authority is over a minor only");
        }
        if (link.kind() != RepresentationKind.PARENTAL_AUTHORITY && minor) {
            throw new RecordException.Invalid("kind",
                    "the represented person is a minor on the link's first day: use PARENTAL_AUTHORITY");
        }
    }

    /** One guardian at a time; at most two holders of parental authority; never the same link twice. */
    private static void checkOverlaps(NewRepresentation link, UUID representativeId, RowSet<Row> overlapping) {
        int sameKind = 0;
        for (Row r : overlapping) {
            boolean same = link.kind().name().equals(r.getString(0));
            if (same && representativeId.equals(r.getUUID(1))) {
                throw new RecordException.Conflict("This person already has this representative over these dates",
                        "Cette personne a déjà ce représentant sur ces dates");
            }
            if (same) {
                sameKind++;
            }
        }
        if (link.kind() == RepresentationKind.GUARDIAN && sameKind > 0) {
            throw new RecordException.Conflict("Overlapping guardians: this adult already has a guardian over these dates",
                    "Tuteurs en chevauchement : cet adulte a déjà un tuteur sur ces dates");
        }
        if (link.kind() == RepresentationKind.PARENTAL_AUTHORITY && sameKind >= 2) {
            throw new RecordException.Conflict("Parental authority has at most two holders over the same dates",
                    "L'autorité parentale a au plus deux titulaires sur les mêmes dates");
        }
    }

    private record Person(UUID id, SecretKey key, LocalDate birthDate, Identity identity) {
    }

    /** The person of this hash among the locked rows, or Invalid naming the field (unknown, opposed or purged). */
    private Person person(RowSet<Row> rows, byte[] hash, String field) {
        for (Row r : rows) {
            if (Arrays.equals(r.getBuffer(1).getBytes(), hash)) {
                RecordState state = RecordState.valueOf(r.getString(2));
                if (r.getBuffer(3) == null || AccessDoor.erased(state)) {
                    break;
                }
                UUID id = r.getUUID(0);
                SecretKey key = envelope.unwrap(id, r.getBuffer(3).getBytes());
                Identity identity = Identity.open(envelope, key, id, r.getBuffer(4).getBytes());
                return new Person(id, key, LocalDate.parse(identity.birthDate()), identity);
            }
        }
        throw new RecordException.Invalid(field, "unknown INS: no record for this person");
    }

    // ---- representatives ----

    @Override
    public Future<List<RepresentedPerson>> represented(Ins representative) {
        return guarded(() -> {
            Instant now = now();
            return kernel.pool().preparedQuery(RepresentationSql.REPRESENTED)
                    .execute(Tuple.of(Buffer.buffer(kernel.insHasher().hash(representative))))
                    .map(rows -> {
                        List<RepresentedPerson> out = new ArrayList<>();
                        for (Row r : rows) {
                            if (r.getBuffer("p_key") == null || r.getBuffer("me_key") == null
                                    || door.decideRepresentation(facts(r), now).denied()) {
                                continue;
                            }
                            UUID link = r.getUUID("id");
                            UUID me = r.getUUID("me_id");
                            UUID p = r.getUUID("p_id");
                            Ins ins = Ins.parse(envelope.openRepresented(envelope.unwrap(me,
                                    r.getBuffer("me_key").getBytes()), me, link, r.getBuffer("represented_ins").getBytes()));
                            Identity who = Identity.open(envelope, envelope.unwrap(p, r.getBuffer("p_key").getBytes()), p,
                                    r.getBuffer("p_identity").getBytes());
                            out.add(new RepresentedPerson(link, ins, who.givenName(), who.familyName(),
                                    RepresentationKind.valueOf(r.getString("kind")), r.getLocalDate("valid_from"),
                                    Optional.ofNullable(r.getLocalDate("valid_until"))));
                        }
                        return List.copyOf(out);
                    });
        });
    }

    @Override
    public Future<Representation> authorise(Ins representative, Ins represented, boolean entering) {
        return guarded(() -> {
            if (representative.equals(represented)) {
                throw new RecordException.Invalid("ins", "this is your own space: act for someone else");
            }
            Instant now = now();
            byte[] personHash = kernel.insHasher().hash(represented);
            return kernel.pool().preparedQuery(RepresentationSql.BETWEEN)
                    .execute(Tuple.of(Buffer.buffer(kernel.insHasher().hash(representative)), Buffer.buffer(personHash)))
                    .compose(rows -> {
                        if (rows.size() == 0) {
                            // Not a representative of this person (or no such person): one answer for both.
                            return Future.failedFuture(new RecordException.NotFound("represented person"));
                        }
                        Row refusing = null;
                        Decision refusal = null;
                        for (Row r : rows) {
                            Decision d = door.decideRepresentation(facts(r), now);
                            Representation by = new Representation(r.getUUID("id").toString(), representative,
                                    RepresentationKind.valueOf(r.getString("kind")));
                            if (d.allowed()) {
                                if (!entering) {
                                    return Future.succeededFuture(by);
                                }
                                return door.record(AuditEvent.of(now, Actor.Patient.representedBy(represented, by),
                                        AuditAction.ACT_FOR, personHash, null, d)).map(v -> by);
                            }
                            if (refusing == null) {
                                refusing = r;
                                refusal = d;
                            }
                        }
                        Representation by = new Representation(refusing.getUUID("id").toString(), representative,
                                RepresentationKind.valueOf(refusing.getString("kind")));
                        Actor.Patient actor = Actor.Patient.representedBy(represented, by);
                        return door.refuse(AuditEvent.of(now, actor, AuditAction.ACT_FOR, personHash, null, refusal),
                                actor, refusal);
                    });
        });
    }

    /** The link's facts from a row of {@link RepresentationSql#BETWEEN} or {@link RepresentationSql#REPRESENTED}. */
    private RepresentationFacts facts(Row r) {
        RepresentationKind kind = RepresentationKind.valueOf(r.getString("kind"));
        LocalDate minorBirth = r.getLocalDate("minor_birth_date");
        OffsetDateTime ended = r.getOffsetDateTime("ended_at");
        // Only parental authority reads the birth date; the others never end at an age.
        return new RepresentationFacts(kind, r.getLocalDate("valid_from"),
                Optional.ofNullable(r.getLocalDate("valid_until")),
                Optional.ofNullable(ended).map(OffsetDateTime::toInstant),
                minorBirth == null ? LocalDate.of(1900, 1, 1) : minorBirth);
    }

    private Instant now() {
        return kernel.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime time(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static void requireOperator(String operator) {
        if (operator == null || operator.isBlank()) {
            throw new RecordException.Invalid("operator", "is required");
        }
    }

    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return ServiceFailures.guarded("representations unavailable", call);
    }

}
