package fr.sante.dmp.store.care;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSnapshot;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.access.Verdict;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.CryptoIntegrityException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

/**
 * Care relationships on PostgreSQL: one transaction per change, the record row locked, the audit entry appended in it
 * through the door, last. Refusals commit their audit entry and nothing else, then fail the call.
 */
final class PgCareContextService implements CareContextService {
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    static final int MIN_REASON = 10;
    static final int MAX_REASON = 500;
    static final int MAX_GRANT_DAYS = 365;
    static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final StoreKernel kernel;
    private final AccessDoor door;
    private final CareCodes codes;
    /** The representative acting for the person, on a representative's view ({@link #as}). */
    private final Optional<fr.sante.dmp.consent.Representation> by;

    PgCareContextService(StoreKernel kernel) {
        this(kernel, Optional.empty());
    }

    private PgCareContextService(StoreKernel kernel, Optional<fr.sante.dmp.consent.Representation> by) {
        this.kernel = kernel;
        this.door = kernel.door();
        this.codes = new CareCodes(kernel.options().insHashKey());
        this.by = by;
    }

    @Override
    public CareContextService as(fr.sante.dmp.consent.Representation representative) {
        return new PgCareContextService(kernel, Optional.of(java.util.Objects.requireNonNull(representative)));
    }

    // ---- the professional's software ----

    @Override
    public Future<CareContext> open(Actor.Professional pro, Ins ins, CareProof proof) {
        return guarded(() -> {
            validate(pro, ins, proof);
            Instant now = now();
            byte[] insHash = kernel.insHasher().hash(ins);
            return kernel.pool().<Opened>withTransaction(tx -> tx.preparedQuery(CareSql.RECORD_FOR_OPENING)
                    .execute(Tuple.of(Buffer.buffer(insHash), ConsentSql.at(now), ConsentSql.askers(pro)))
                    .compose(rows -> rows.size() == 0
                            ? refused(tx, now, pro, insHash, RuleId.RECORD_NOT_FOUND.id(), unknown(pro, proof, now))
                            : open(tx, now, pro, insHash, ConsentSnapshot.from(rows.iterator().next()), proof)))
                    .compose(Opened::toFuture);
        });
    }

    private Future<Opened> open(SqlConnection tx, Instant now, Actor.Professional pro, byte[] insHash,
                                ConsentSnapshot record, CareProof proof) {
        // Would this professional be let in with a context? (forbidden categories, record state, blocked, ...)
        ConsentSnapshot withContext = new ConsentSnapshot(record.recordId(), record.state(), record.wrappedKey(),
                record.settings().withCareContext(pro.rpps()), record.liveGrants());
        AccessRequest request = AccessDoor.request(pro, Action.LIST_DOCUMENTS, withContext, Purpose.CARE,
                Optional.empty(), now);
        Verdict v = door.decide(request, withContext);
        if (v.denied()) {
            RecordException failure = AccessDoor.erased(record.state()) ? unknown(pro, proof, now)
                    : AccessDoor.failure(pro, v.decision());
            return refused(tx, now, pro, insHash, v.decision().ruleId(), failure);
        }
        Future<Optional<RecordException>> proven;
        if (proof instanceof CareProof.CareCode c) {
            proven = checkCode(tx, now, record.recordId(), c.code());
        } else if (proof instanceof CareProof.Declared && !kernel.consent().careContexts().declared()) {
            proven = Future.succeededFuture(Optional.of(denied(RuleId.CARE_CONTEXT_DECLARATION_OFF)));
        } else {
            proven = Future.succeededFuture(Optional.empty());
        }
        return proven.compose(failure -> {
            if (failure.isPresent()) {
                RecordException f = failure.get();
                String rule = f instanceof RecordException.AccessDenied a ? a.decision().ruleId()
                        : RuleId.CARE_PROOF_REFUSED.id();
                return refused(tx, now, pro, insHash, rule, f);
            }
            Instant expires = now.atOffset(ZoneOffset.UTC)
                    .plus(kernel.consent().careContexts().duration(pro.profession())).toInstant();
            byte[] reason = proof instanceof CareProof.Declared d ? sealReason(record, d.reason().strip()) : null;
            return tx.preparedQuery(CareSql.SEEN).execute(directoryRow(pro, now))
                    .compose(seen -> upsert(tx, record.recordId(), pro.rpps().value(), pro.profession(), proof.via(),
                            now, expires, reason))
                    .compose(context -> door.record(tx, AuditEvent.of(now, pro, AuditAction.OPEN_CARE_CONTEXT,
                            insHash, null, RuleId.CARE_CONTEXT_OPENED.id(), true, false, reason))
                            .map(seq -> Opened.done(context)));
        });
    }

    /** A care code: right, unexpired and not burnt, it is used up; a wrong one counts against it. */
    private Future<Optional<RecordException>> checkCode(SqlConnection tx, Instant now, UUID recordId, String typed) {
        return tx.preparedQuery(CareSql.CODE).execute(Tuple.of(recordId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.of(proofRefused()));
                    }
                    Row c = rows.iterator().next();
                    boolean live = c.getOffsetDateTime("expires_at").toInstant().isAfter(now)
                            && c.getInteger("wrong_tries") < MAX_WRONG_CODES;
                    if (live && codes.matches(recordId, c.getBuffer("code_hash").getBytes(), typed)) {
                        return tx.preparedQuery(CareSql.USE_CODE).execute(Tuple.of(recordId))
                                .map(done -> Optional.<RecordException>empty());
                    }
                    return tx.preparedQuery(CareSql.WRONG_CODE).execute(Tuple.of(recordId))
                            .map(done -> Optional.of(proofRefused()));
                });
    }

    private Future<CareContext> upsert(SqlConnection tx, UUID recordId, String rpps, Profession profession,
                                       String via, Instant now, Instant expires, byte[] reason) {
        return tx.preparedQuery(CareSql.EXTEND).execute(Tuple.of(recordId, rpps, time(expires), via, time(now)))
                .compose(extended -> extended.size() > 0 ? Future.succeededFuture(context(extended.iterator().next()))
                        : tx.preparedQuery(CareSql.INSERT).execute(Tuple.from(new Object[] {UUID.randomUUID(),
                            recordId, rpps, profession.code(), via, time(now), time(expires),
                            reason == null ? null : Buffer.buffer(reason)}))
                        .map(rows -> context(rows.iterator().next())));
    }

    private byte[] sealReason(ConsentSnapshot record, String reason) {
        SecretKey key = kernel.envelope().unwrap(record.recordId(), record.wrappedKey());
        return kernel.envelope().sealReason(key, record.recordId(), reason);
    }

    private Future<Opened> refused(SqlConnection tx, Instant now, Actor.Professional pro, byte[] insHash, String rule,
                                   RecordException failure) {
        return door.record(tx, AuditEvent.of(now, pro, AuditAction.OPEN_CARE_CONTEXT, insHash, null, rule, false,
                false, null)).map(seq -> Opened.failed(failure));
    }

    /** With a care code every refusal is alike; otherwise an unknown or erased person answers as the door says. */
    private RecordException unknown(Actor.Professional pro, CareProof proof, Instant now) {
        return proof instanceof CareProof.CareCode ? proofRefused()
                : door.unknown(pro, Action.LIST_DOCUMENTS, Purpose.CARE, Optional.empty(), now);
    }

    private RecordException proofRefused() {
        return denied(RuleId.CARE_PROOF_REFUSED);
    }

    private RecordException denied(RuleId rule) {
        return new RecordException.AccessDenied(door.outcome(rule));
    }

    private static void validate(Actor.Professional pro, Ins ins, CareProof proof) {
        if (proof instanceof CareProof.Presence p) {
            if (!p.patient().equals(ins)) {
                throw new RecordException.Invalid("proof.assertion", "names another patient than the path");
            }
            if (!p.professional().equals(pro.rpps())) {
                throw new RecordException.Invalid("proof.assertion", "was made for another professional");
            }
        } else if (proof instanceof CareProof.CareCode c) {
            if (!CareCodes.wellFormed(c.code())) {
                throw new RecordException.Invalid("proof.code", "must be the patient's 6 digits");
            }
        } else if (proof instanceof CareProof.Declared d) {
            String r = d.reason().strip();
            if (r.length() < MIN_REASON || r.length() > MAX_REASON) {
                throw new RecordException.Invalid("proof.reason",
                        "must be " + MIN_REASON + " to " + MAX_REASON + " characters");
            }
        }
    }

    // ---- the patient ----

    @Override
    public Future<CareContext> grant(Ins ins, Rpps rpps, int days) {
        return guarded(() -> {
            if (rpps == null) {
                throw new RecordException.Invalid("rpps", "is required");
            }
            if (days < 1 || days > MAX_GRANT_DAYS) {
                throw new RecordException.Invalid("days", "must be 1 to " + MAX_GRANT_DAYS);
            }
            return patientChange(ins, AuditAction.OPEN_CARE_CONTEXT, (tx, recordId, now) ->
                    directory(tx, rpps).compose(profession -> {
                        if (profession.isEmpty()) {
                            return Future.succeededFuture(Step.<CareContext>refused(unknownProfessional(),
                                    "professional-unknown"));
                        }
                        Instant expires = now.plus(Duration.ofDays(days));
                        return upsert(tx, recordId, rpps.value(), profession.get(), "patient-grant", now, expires,
                                null).map(c -> Step.done(c, RuleId.CARE_CONTEXT_OPENED.id()));
                    }));
        });
    }

    @Override
    public Future<List<CareContext>> list(Ins ins) {
        return guarded(() -> kernel.pool().preparedQuery(CareSql.LIST)
                .execute(Tuple.of(Buffer.buffer(kernel.insHasher().hash(ins)), time(now())))
                .map(rows -> {
                    List<CareContext> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(context(r)));
                    return out;
                }));
    }

    @Override
    public Future<Void> end(Ins ins, UUID contextId) {
        return guarded(() -> {
            if (contextId == null) {
                throw new RecordException.Invalid("id", "is required");
            }
            return patientChange(ins, AuditAction.END_CARE_CONTEXT, (tx, recordId, now) -> tx
                    .preparedQuery(CareSql.END).execute(Tuple.of(contextId, recordId, time(now)))
                    .map(rows -> rows.rowCount() == 1 ? Step.<Void>done(null, PATIENT_CHOICE)
                            : Step.<Void>refused(new RecordException.NotFound("care context"),
                                    "care-context-not-found")));
        });
    }

    @Override
    public Future<CareCode> issueCareCode(Ins ins) {
        return guarded(() -> patientChange(ins, AuditAction.ISSUE_CARE_CODE, (tx, recordId, now) -> {
            String code = codes.generate();
            Instant expires = now.plus(CODE_LIFETIME);
            return tx.preparedQuery(CareSql.SET_CODE)
                    .execute(Tuple.of(recordId, Buffer.buffer(codes.hash(recordId, code)), time(expires)))
                    .map(done -> Step.done(new CareCode(code, expires), PATIENT_CHOICE));
        }));
    }

    @Override
    public Future<Void> grantExpressConsent(Ins ins, Rpps rpps, LocalDate until) {
        return guarded(() -> {
            if (rpps == null) {
                throw new RecordException.Invalid("rpps", "is required");
            }
            LocalDate today = LocalDate.ofInstant(now(), FRANCE);
            if (until == null || until.isBefore(today) || until.isAfter(today.plusYears(1))) {
                throw new RecordException.Invalid("until", "must be a date from today to one year ahead");
            }
            return patientChange(ins, AuditAction.GRANT_EXPRESS_CONSENT, (tx, recordId, now) ->
                    directory(tx, rpps).compose(profession -> {
                        if (profession.isEmpty() || profession.get() != Profession.PHYSICIAN) {
                            return Future.succeededFuture(Step.<Void>refused(profession.isEmpty()
                                    ? unknownProfessional() : new RecordException.Invalid("rpps",
                                    "must be a physician's RPPS: express consent is for occupational physicians"),
                                    "express-consent-not-a-physician"));
                        }
                        return tx.preparedQuery(CareSql.GRANT_CONSENT)
                                .execute(Tuple.of(recordId, rpps.value(), time(now), until))
                                .map(done -> Step.<Void>done(null, PATIENT_CHOICE));
                    }));
        });
    }

    @Override
    public Future<Void> withdrawExpressConsent(Ins ins, Rpps rpps) {
        return guarded(() -> {
            if (rpps == null) {
                throw new RecordException.Invalid("rpps", "is required");
            }
            return patientChange(ins, AuditAction.REVOKE_EXPRESS_CONSENT, (tx, recordId, now) -> tx
                    .preparedQuery(CareSql.WITHDRAW_CONSENT).execute(Tuple.of(recordId, rpps.value()))
                    .map(rows -> rows.rowCount() == 1 ? Step.<Void>done(null, PATIENT_CHOICE)
                            : Step.<Void>refused(new RecordException.NotFound("express consent"),
                                    "express-consent-not-found")));
        });
    }

    @Override
    public Future<List<ExpressConsent>> expressConsents(Ins ins) {
        return guarded(() -> kernel.pool().preparedQuery(CareSql.CONSENTS)
                .execute(Tuple.of(Buffer.buffer(kernel.insHasher().hash(ins)), time(now())))
                .map(rows -> {
                    List<ExpressConsent> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(new ExpressConsent(r.getString("rpps"),
                            r.getOffsetDateTime("granted_at").toInstant(), r.getLocalDate("until"))));
                    return out;
                }));
    }

    // ---- the directory ----

    @Override
    public Future<Void> seen(Actor.Professional pro) {
        return guarded(() -> kernel.pool().preparedQuery(CareSql.SEEN).execute(directoryRow(pro, now()))
                .mapEmpty());
    }

    @Override
    public Future<Void> register(String operator, Rpps rpps, Profession profession, Optional<String> specialty) {
        return guarded(() -> {
            if (rpps == null || profession == null || specialty == null) {
                throw new RecordException.Invalid(rpps == null ? "rpps" : "profession", "is required");
            }
            Instant now = now();
            return kernel.pool().withTransaction(tx -> tx.preparedQuery(CareSql.REGISTER)
                    .execute(Tuple.of(rpps.value(), profession.code(), specialty.orElse(null), time(now)))
                    .compose(done -> door.record(tx, AuditEvent.operator(now, operator,
                            AuditAction.REGISTER_PROFESSIONAL, null, "professional-registered"))))
                    .mapEmpty();
        });
    }

    private static Tuple directoryRow(Actor.Professional pro, Instant now) {
        return Tuple.of(pro.rpps().value(), pro.profession().code(), pro.specialty().orElse(null), time(now));
    }

    private static Future<Optional<Profession>> directory(SqlConnection tx, Rpps rpps) {
        return tx.preparedQuery(CareSql.DIRECTORY).execute(Tuple.of(rpps.value()))
                .map(rows -> rows.size() == 0 ? Optional.<Profession>empty()
                        : Profession.lookup(rows.iterator().next().getString("profession")));
    }

    private static RecordException unknownProfessional() {
        return new RecordException.Invalid("rpps",
                "is not a professional known to the directory of health professionals");
    }

    // ---- the patient's unit of work ----

    static final String PATIENT_CHOICE = "patient-choice";

    /** What a patient change did, or why it refused, for its audit entry. */
    private record Step<T>(T value, RecordException failure, String ruleId) {
        static <T> Step<T> done(T value, String ruleId) {
            return new Step<>(value, null, ruleId);
        }

        static <T> Step<T> refused(RecordException failure, String ruleId) {
            return new Step<>(null, failure, ruleId);
        }
    }

    @FunctionalInterface
    private interface Change<T> {
        Future<Step<T>> apply(SqlConnection tx, UUID recordId, Instant now);
    }

    /** The record row locked; an erased or closed record takes no new relationship; the entry committed last. */
    private <T> Future<T> patientChange(Ins ins, AuditAction action, Change<T> change) {
        Instant now = now();
        byte[] insHash = kernel.insHasher().hash(ins);
        Actor.Patient patient = new Actor.Patient(ins, by);
        return kernel.pool().<Step<T>>withTransaction(tx -> tx.preparedQuery(CareSql.RECORD_FOR_PATIENT)
                        .execute(Tuple.of(Buffer.buffer(insHash)))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.succeededFuture(Step.<T>refused(new RecordException.NotFound("patient"),
                                        RuleId.RECORD_NOT_FOUND.id()));
                            }
                            Row r = rows.iterator().next();
                            RecordState state = RecordState.valueOf(r.getString("state"));
                            if (state != RecordState.ACTIVE && state != RecordState.INVITED) {
                                return Future.succeededFuture(Step.<T>refused(new RecordException.Conflict(
                                        "the record is " + state + ": care relationships need an open record",
                                        "le dossier est " + state + " : une relation de soins demande un dossier ouvert"),
                                        "lifecycle-conflict"));
                            }
                            return change.apply(tx, r.getUUID("id"), now);
                        })
                        .compose(step -> door.record(tx, AuditEvent.of(now, patient, action, insHash, null,
                                step.ruleId(), step.failure() == null, false, null)).map(seq -> step)))
                .compose(step -> step.failure() == null ? Future.succeededFuture(step.value())
                        : Future.failedFuture(step.failure()));
    }

    private Instant now() {
        return kernel.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static CareContext context(Row r) {
        OffsetDateTime ended = r.getOffsetDateTime("ended_at");
        return new CareContext(r.getUUID("id"), r.getString("rpps"), r.getString("profession"), r.getString("via"),
                r.getOffsetDateTime("opened_at").toInstant(), r.getOffsetDateTime("expires_at").toInstant(),
                Optional.ofNullable(ended).map(OffsetDateTime::toInstant));
    }

    /** An opening as decided: the context, or the failure to answer once its audit entry committed. */
    private record Opened(CareContext context, RecordException failure) {
        static Opened done(CareContext c) {
            return new Opened(c, null);
        }

        static Opened failed(RecordException e) {
            return new Opened(null, e);
        }

        Future<CareContext> toFuture() {
            return failure == null ? Future.succeededFuture(context) : Future.failedFuture(failure);
        }
    }

    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        return ServiceFailures.guarded("record store unavailable", call);
    }

}
