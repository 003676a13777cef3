package fr.sante.dmp.store.patient.directives;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.Identity;
import fr.sante.dmp.store.patient.LockedRecord;
import fr.sante.dmp.store.patient.PatientTransaction;
import static fr.sante.dmp.store.patient.PatientTransaction.time;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The patient's advance directives (R1111-17, R1111-18): each save is a new DRAFT version; signing turns the latest
 * draft into SIGNED; revoking adds a REVOKED version carrying what it revokes. The content is sealed with the patient's
 * data key, the version in the AAD.
 */
final class Directives {
    private final Pool pool;
    private final PatientTransaction changes;
    private final Envelope envelope;
    private final InsHasher insHasher;

    Directives(Pool pool, PatientTransaction changes, Envelope envelope, InsHasher insHasher) {
        this.pool = pool;
        this.changes = changes;
        this.envelope = envelope;
        this.insHasher = insHasher;
    }

    Future<Optional<AdvanceDirective>> latest(Ins ins) {
        return byIns(DirectivesSql.LATEST_BY_INS, ins).map(list -> list.stream().findFirst());
    }

    /** The latest version and the names of the person it is of, from one query (the print view and the PDF). */
    Future<PrintableDirectives> printable(Ins ins) {
        return pool.preparedQuery(DirectivesSql.PRINTABLE_BY_INS).execute(Tuple.of(Buffer.buffer(insHasher.hash(ins))))
                .recover(ServiceFailures::fail)
                .compose(rows -> {
                    try {
                        Optional<AdvanceDirective> latest = versions(rows).stream().findFirst();
                        Row r = rows.iterator().next();
                        Buffer wrapped = r.getBuffer(1);
                        Buffer identity = r.getBuffer(7);
                        Identity person = wrapped == null || identity == null ? null
                                : Identity.open(envelope, envelope.unwrap(r.getUUID(0), wrapped.getBytes()),
                                        r.getUUID(0), identity.getBytes());
                        return Future.succeededFuture(new PrintableDirectives(latest,
                                person == null ? "" : person.givenName(), person == null ? "" : person.familyName()));
                    } catch (RuntimeException e) {
                        return ServiceFailures.fail(e);
                    }
                });
    }

    Future<List<AdvanceDirective>> history(Ins ins) {
        return byIns(DirectivesSql.HISTORY_BY_INS, ins);
    }

    /**
     * Who may write directives (R1111-17, L1111-11): not a minor, never a representative in the person's place, an
     * adult under guardianship with the judge's or family council's authorisation recorded. Decided by the door in
     * the change's transaction, before anything is written.
     */
    private Future<Optional<fr.sante.dmp.consent.Decision>> refusal(SqlConnection tx, LockedRecord rec, Ins ins,
                                                                    Instant now) {
        java.time.LocalDate birth = java.time.LocalDate.parse(Identity.open(envelope, key(rec), rec.id(),
                rec.identity()).birthDate());
        return tx.preparedQuery(fr.sante.dmp.store.representation.Guardianship.SQL)
                .execute(Tuple.of(rec.id(), java.time.LocalDate.ofInstant(now, java.time.ZoneId.of("Europe/Paris"))))
                .map(rows -> {
                    Boolean authorised = rows.size() == 0 ? null : rows.iterator().next().getBoolean(0);
                    fr.sante.dmp.consent.Decision d = changes.door().decideDirectivesWrite(changes.actor(ins), birth,
                            authorised != null, Boolean.TRUE.equals(authorised), now);
                    return d.allowed() ? Optional.<fr.sante.dmp.consent.Decision>empty() : Optional.of(d);
                });
    }

    Future<AdvanceDirective> saveDraft(Ins ins, AdvanceDirectiveContent content) {
        DirectivesJson.validate(content);
        byte[] json = DirectivesJson.encode(content);
        return changes.apply(ins, AuditAction.SAVE_DIRECTIVES, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased();
            }
            return refusal(tx, rec, ins, now).compose(no -> no.isPresent()
                    ? Future.succeededFuture(PatientTransaction.<AdvanceDirective>refusedBy(no.get(), null)) : latestRow(tx, rec.id(), DirectivesSql.LATEST_OF_RECORD).compose(latest -> {
                int version = latest.map(r -> r.getInteger(0)).orElse(0) + 1;
                return insert(tx, rec, version, AdvanceDirective.Status.DRAFT, json, now, null)
                        .map(v -> PatientTransaction.Step.done(new AdvanceDirective(version, AdvanceDirective.Status.DRAFT,
                                content, now, Optional.empty())));
            }));
        });
    }

    Future<AdvanceDirective> sign(Ins ins) {
        return changes.apply(ins, AuditAction.SIGN_DIRECTIVES, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased();
            }
            return refusal(tx, rec, ins, now).compose(no -> no.isPresent()
                    ? Future.succeededFuture(PatientTransaction.<AdvanceDirective>refusedBy(no.get(), null))
                    : latestRow(tx, rec.id(), DirectivesSql.LATEST_OF_RECORD).compose(latest -> {
                if (latest.isEmpty() || !"DRAFT".equals(latest.get().getString(1))) {
                    return conflict("there is no draft to sign: save the directives as a draft first",
                            "il n'y a pas de brouillon à signer : enregistrez d'abord vos directives en brouillon");
                }
                AdvanceDirective draft = directive(envelope, key(rec), rec.id(), latest.get(), 0);
                return tx.preparedQuery(DirectivesSql.SIGN).execute(Tuple.of(rec.id(), draft.version(), time(now)))
                        .map(v -> PatientTransaction.Step.done(new AdvanceDirective(draft.version(),
                                AdvanceDirective.Status.SIGNED, draft.content(), draft.savedAt(), Optional.of(now))));
            }));
        });
    }

    Future<Void> revoke(Ins ins) {
        return changes.apply(ins, AuditAction.REVOKE_DIRECTIVES, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased();
            }
            if (changes.actor(ins).byRepresentative()) { // a guardian never writes them in the person's place
                return Future.succeededFuture(PatientTransaction.<Void>refusedBy(
                        changes.door().decidePersonalChoice(changes.actor(ins)), null));
            }
            Future<Optional<Row>> inForce = latestRow(tx, rec.id(), DirectivesSql.LATEST_FINAL_OF_RECORD);
            Future<Optional<Row>> latest = latestRow(tx, rec.id(), DirectivesSql.LATEST_OF_RECORD);
            return Future.all(inForce, latest).compose(v -> {
                if (inForce.result().isEmpty() || !"SIGNED".equals(inForce.result().get().getString(1))) {
                    return conflict("there are no signed directives to revoke",
                            "il n'y a pas de directives signées à révoquer");
                }
                SecretKey key = key(rec);
                AdvanceDirective signed = directive(envelope, key, rec.id(), inForce.result().get(), 0);
                int version = latest.result().orElseThrow().getInteger(0) + 1;
                return insert(tx, rec, version, AdvanceDirective.Status.REVOKED,
                        DirectivesJson.encode(signed.content()), now, signed.signedAt().orElse(now))
                        .map(x -> PatientTransaction.Step.<Void>done(null));
            });
        });
    }

    private Future<Void> insert(SqlConnection tx, LockedRecord rec, int version, AdvanceDirective.Status status,
                                byte[] json, Instant now, Instant signedAt) {
        byte[] sealed = envelope.sealDirectives(key(rec), rec.id(), version, json);
        return tx.preparedQuery(DirectivesSql.INSERT).execute(Tuple.from(new Object[] {rec.id(), version,
            status.name(), Buffer.buffer(sealed), time(now), signedAt == null ? null : time(signedAt)})).mapEmpty();
    }

    private static Future<Optional<Row>> latestRow(SqlConnection tx, UUID recordId, String sql) {
        return tx.preparedQuery(sql).execute(Tuple.of(recordId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
    }

    private Future<List<AdvanceDirective>> byIns(String sql, Ins ins) {
        return pool.preparedQuery(sql).execute(Tuple.of(Buffer.buffer(insHasher.hash(ins))))
                .recover(ServiceFailures::fail)
                .compose(rows -> {
                    try {
                        return Future.succeededFuture(versions(rows));
                    } catch (RuntimeException e) {
                        return ServiceFailures.fail(e);
                    }
                });
    }

    private List<AdvanceDirective> versions(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw new RecordException.NotFound("patient");
        }
        List<AdvanceDirective> out = new ArrayList<>(rows.size());
        SecretKey key = null;
        for (Row r : rows) {
            if (r.getInteger(2) == null) {
                continue; // a record without directives: one row of NULLs
            }
            if (key == null) {
                key = envelope.unwrap(r.getUUID(0), r.getBuffer(1).getBytes());
            }
            out.add(directive(envelope, key, r.getUUID(0), r, 2));
        }
        return out;
    }

    /** One version from {@code version, status, content, saved_at, signed_at} starting at column {@code at}. */
    static AdvanceDirective directive(Envelope envelope, SecretKey key, UUID recordId, Row r, int at) {
        int version = r.getInteger(at);
        byte[] json = envelope.openDirectives(key, recordId, version, r.getBuffer(at + 2).getBytes());
        OffsetDateTime signed = r.getOffsetDateTime(at + 4);
        return new AdvanceDirective(version, AdvanceDirective.Status.valueOf(r.getString(at + 1)),
                DirectivesJson.decode(json), r.getOffsetDateTime(at + 3).toInstant(),
                Optional.ofNullable(signed).map(OffsetDateTime::toInstant));
    }

    private SecretKey key(LockedRecord rec) {
        return envelope.unwrap(rec.id(), rec.wrappedKey());
    }

    private static <T> Future<PatientTransaction.Step<T>> conflict(String message, String messageFr) {
        return Future.succeededFuture(PatientTransaction.Step.refused(new RecordException.Conflict(message, messageFr),
                PatientTransaction.DIRECTIVES_CONFLICT, null));
    }

    private static <T> Future<PatientTransaction.Step<T>> erased() {
        return conflict("the record was erased; there are no directives to change",
                "le dossier a été effacé ; il n'y a plus de directives à modifier");
    }
}
