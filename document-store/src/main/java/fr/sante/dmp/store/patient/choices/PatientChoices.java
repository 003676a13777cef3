package fr.sante.dmp.store.patient.choices;

import fr.sante.dmp.store.patient.LockedRecord;
import fr.sante.dmp.store.patient.PatientTransaction;
import static fr.sante.dmp.store.patient.PatientTransaction.time;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.record.DocumentSummary;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The patient's consent choices. They live in PostgreSQL only, and every professional read loads them in the same
 * query as the record: a change is in force on the very next request (no cache to invalidate).
 */
final class PatientChoices {
    static final Set<String> LANGUAGES = Set.of("fr", "en");

    /** The audit outcome of a treating doctor refused because the directory does not know them as a physician. */
    static final String NOT_A_PHYSICIAN = "treating-doctor-not-a-physician";
    /** The audit outcome of a professional refused because a loaded directory does not know their RPPS. */
    static final String NOT_IN_DIRECTORY = "professional-not-in-directory";

    private final PatientTransaction changes;
    private final ConsentEngine consent;
    private final Envelope envelope;

    PatientChoices(PatientTransaction changes, ConsentEngine consent, Envelope envelope) {
        this.changes = changes;
        this.consent = consent;
        this.envelope = envelope;
    }

    /** The change, and the document's row as the actor's list now shows it (from the same statement). */
    Future<MaskedDocument> setMasked(Ins ins, UUID documentId, boolean masked) {
        if (documentId == null) {
            return Future.failedFuture(new RecordException.Invalid("documentId", "is required"));
        }
        AuditAction action = masked ? AuditAction.MASK_DOCUMENT : AuditAction.UNMASK_DOCUMENT;
        return changes.apply(ins, action, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased(documentId);
            }
            return tx.preparedQuery(ChoicesSql.MASK).execute(Tuple.of(documentId, rec.id(), masked,
                            changes.actor(ins).byRepresentative()))
                    .map(rows -> rows.size() == 1
                            ? PatientTransaction.Step.done(maskedDocument(ins, rec, now, rows.iterator().next()), documentId)
                            // Another record's document, or none: answered as absent, nothing changed.
                            : PatientTransaction.Step.<MaskedDocument>refused(new RecordException.NotFound("document"),
                                    PatientTransaction.DOCUMENT_NOT_FOUND, documentId));
        });
    }

    /**
     * The changed row as the actor's list shows it: the door decides whether the list shows the document at all, as
     * it does for the list itself. Only the patient's own rules apply to a patient actor, so the settings carry just
     * what the row needs (professionals' lists and blocks do not bear on it).
     */
    private MaskedDocument maskedDocument(Ins ins, LockedRecord rec, Instant now, Row row) {
        UUID id = row.getUUID("id");
        Optional<Rpps> treatingDoctor = Optional.ofNullable(row.getString("treating_doctor")).map(Rpps::new);
        boolean emergencyOpposed = row.getBoolean("emergency_access_opposed");
        DocumentFacts facts = new DocumentFacts(id.toString(), DocumentClass.fromLoinc(row.getString("class_code")),
                Optional.ofNullable(row.getString("author_rpps")).map(Rpps::new),
                row.getOffsetDateTime("deposited_at").toInstant(), row.getBoolean("masked"),
                row.getBoolean("withheld_from_patient"),
                Optional.ofNullable(row.getOffsetDateTime("released_at")).map(OffsetDateTime::toInstant),
                row.getBoolean("confidential_from_representatives"));
        ConsentSettings settings = new ConsentSettings(Set.of(), treatingDoctor, emergencyOpposed, Set.of(), Set.of());
        AccessRequest asActor = new AccessRequest(changes.actor(ins), Action.LIST_DOCUMENTS, rec.state(), settings,
                Purpose.CARE, Optional.empty(), now);
        Optional<DocumentSummary> shown = Optional.empty();
        if (!changes.door().visibleToPatient(asActor, List.of(facts)).isEmpty()) {
            SecretKey key = envelope.unwrap(rec.id(), rec.wrappedKey());
            shown = Optional.of(new DocumentSummary(id, row.getString("class_code"),
                    envelope.openTitle(key, rec.id(), id, row.getBuffer("title").getBytes()),
                    row.getString("content_type"), facts.author().map(Rpps::value), facts.depositedAt(),
                    row.getLong("size"), facts.masked(), row.getString("status"),
                    Optional.ofNullable(row.getUUID("replaces"))));
        }
        return new MaskedDocument(shown, treatingDoctor.isPresent(), emergencyOpposed);
    }

    /** Deletes a document the patient added; any other (a professional's, the medical profile, another record's) is absent. */
    Future<Void> deleteOwnDocument(Ins ins, UUID documentId) {
        if (documentId == null) {
            return Future.failedFuture(new RecordException.Invalid("documentId", "is required"));
        }
        return changes.apply(ins, AuditAction.DELETE_OWN_DOCUMENT, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased(documentId);
            }
            return tx.preparedQuery(ChoicesSql.DELETE_OWN).execute(Tuple.of(documentId, rec.id(),
                            fr.sante.dmp.consent.DocumentClass.PATIENT_DOCUMENT.loinc(),
                            changes.actor(ins).byRepresentative()))
                    .map(rows -> rows.rowCount() == 1
                            ? PatientTransaction.Step.<Void>done(null, documentId)
                            : PatientTransaction.Step.<Void>refused(new RecordException.NotFound("document"),
                                    PatientTransaction.DOCUMENT_NOT_FOUND, documentId));
        });
    }

    /**
     * A minor's secret care (L1111-5): the person hides a document from their representatives, or shows it again.
     * Only the person does it ({@code representative-not-allowed} otherwise, audited).
     */
    Future<Void> setConfidentialFromRepresentatives(Ins ins, UUID documentId, boolean confidential) {
        if (documentId == null) {
            return Future.failedFuture(new RecordException.Invalid("documentId", "is required"));
        }
        AuditAction action = confidential ? AuditAction.HIDE_FROM_REPRESENTATIVES : AuditAction.SHOW_TO_REPRESENTATIVES;
        return changes.apply(ins, action, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased(documentId);
            }
            fr.sante.dmp.consent.Decision d = changes.door().decidePersonalChoice(changes.actor(ins));
            if (d.denied()) {
                return Future.succeededFuture(PatientTransaction.<Void>refusedBy(d, documentId));
            }
            return tx.preparedQuery(ChoicesSql.CONFIDENTIAL).execute(Tuple.of(documentId, rec.id(), confidential))
                    .map(rows -> rows.rowCount() == 1
                            ? PatientTransaction.Step.<Void>done(null, documentId)
                            : PatientTransaction.Step.<Void>refused(new RecordException.NotFound("document"),
                                    PatientTransaction.DOCUMENT_NOT_FOUND, documentId));
        });
    }

    Future<Void> setBlocked(Ins ins, Rpps rpps, boolean blocked) {
        if (rpps == null) {
            return Future.failedFuture(new RecordException.Invalid("rpps", "is required"));
        }
        if (!blocked) {
            return settings(ins, AuditAction.UNBLOCK_PROFESSIONAL, (rec, now) -> new Write(ChoicesSql.UNBLOCK,
                    Tuple.of(rec.id(), rpps.value())));
        }
        // Once the national directory is loaded, an RPPS absent from it names nobody: refused, not stored.
        return changes.apply(ins, AuditAction.BLOCK_PROFESSIONAL, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased(null);
            }
            return tx.preparedQuery(ChoicesSql.IN_LOADED_DIRECTORY).execute(Tuple.of(rpps.value()))
                    .compose(rows -> {
                        if (!rows.iterator().next().getBoolean(0)) {
                            return Future.succeededFuture(PatientTransaction.Step.<Void>refused(new RecordException.Invalid(
                                    "rpps", "is not a professional known to the directory of health professionals"),
                                    NOT_IN_DIRECTORY, null));
                        }
                        return tx.preparedQuery(ChoicesSql.BLOCK).execute(Tuple.of(rec.id(), rpps.value(), time(now)))
                                .map(done -> PatientTransaction.Step.<Void>done(null));
                    });
        });
    }

    Future<Void> setTreatingDoctor(Ins ins, Optional<Rpps> rpps) {
        if (rpps == null) {
            return Future.failedFuture(new RecordException.Invalid("rpps", "must be given or empty"));
        }
        if (rpps.isEmpty()) {
            return settings(ins, AuditAction.SET_TREATING_DOCTOR, (rec, now) -> new Write(ChoicesSql.TREATING_DOCTOR,
                    Tuple.of(rec.id(), null, time(now))));
        }
        // Only a physician the directory knows (CSS L162-5-3): a pharmacist's RPPS, or nobody's, is refused.
        return changes.apply(ins, AuditAction.SET_TREATING_DOCTOR, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased(null);
            }
            return tx.preparedQuery(ChoicesSql.DIRECTORY_PROFESSION).execute(Tuple.of(rpps.get().value()))
                    .compose(rows -> {
                        Optional<Profession> profession = rows.size() == 0 ? Optional.empty()
                                : Profession.lookup(rows.iterator().next().getString(0));
                        if (profession.isEmpty() || !consent.mayBeTreatingDoctor(profession.get())) {
                            return Future.succeededFuture(PatientTransaction.Step.<Void>refused(new RecordException.Invalid(
                                    "rpps", profession.isEmpty()
                                            ? "is not a professional known to the directory of health professionals"
                                            : "must be a physician's RPPS: a treating doctor is a physician"),
                                    NOT_A_PHYSICIAN, null));
                        }
                        return tx.preparedQuery(ChoicesSql.TREATING_DOCTOR)
                                .execute(Tuple.of(rec.id(), rpps.get().value(), time(now)))
                                .map(done -> PatientTransaction.Step.<Void>done(null));
                    });
        });
    }

    Future<Void> setEmergencyAccessOpposed(Ins ins, boolean opposed) {
        // Opposing also ends every running emergency grant, for good: re-allowing later revives none of them.
        return settings(ins, AuditAction.SET_EMERGENCY_ACCESS_OPPOSED, (rec, now) -> new Write(
                ChoicesSql.EMERGENCY_OPPOSED, Tuple.of(rec.id(), opposed, time(now))));
    }

    /** Research use (CSP L1111-13-1, RGPD art. 21): the person objects, or withdraws the objection (or agrees). */
    Future<Void> setResearchUse(Ins ins, boolean objected) {
        return settings(ins, AuditAction.SET_RESEARCH_USE, (rec, now) -> new Write(ChoicesSql.RESEARCH_USE,
                Tuple.of(rec.id(), objected, time(now))));
    }

    Future<Void> setAlerts(Ins ins, AlertPreferences alerts) {
        if (alerts == null || alerts.channel() == null) {
            return Future.failedFuture(new RecordException.Invalid("alerts", "channel is required"));
        }
        return settings(ins, AuditAction.SET_ALERTS, (rec, now) -> new Write(ChoicesSql.ALERTS, Tuple.from(
                new Object[] {rec.id(), alerts.everyAccess(), alerts.firstAccessByProfessional(),
                    alerts.newDocument(), alerts.channel().name(), time(now), alerts.careContext()})));
    }

    Future<Void> setLanguage(Ins ins, String language) {
        if (language == null || !LANGUAGES.contains(language)) {
            return Future.failedFuture(new RecordException.Invalid("language", "must be fr or en"));
        }
        return settings(ins, AuditAction.SET_LANGUAGE, (rec, now) -> new Write(ChoicesSql.LANGUAGE,
                Tuple.of(rec.id(), language, time(now))));
    }

    private record Write(String sql, Tuple args) {
    }

    @FunctionalInterface
    private interface WriteFor {
        Write of(LockedRecord record, Instant now);
    }

    /** One statement on a record that still exists; an erased record (OPPOSED, PURGED) has no choices left. */
    private Future<Void> settings(Ins ins, AuditAction action, WriteFor write) {
        return changes.apply(ins, action, (tx, rec, now) -> {
            if (rec.erased()) {
                return erased(null);
            }
            Write w = write.of(rec, now);
            return tx.preparedQuery(w.sql()).execute(w.args()).map(rows -> PatientTransaction.Step.<Void>done(null));
        });
    }

    private static <T> Future<PatientTransaction.Step<T>> erased(UUID documentId) {
        return Future.succeededFuture(PatientTransaction.Step.<T>refused(new RecordException.Conflict(
                "the record was erased (" + RecordState.OPPOSED + " or " + RecordState.PURGED
                        + "); there is nothing left to change", "le dossier a été effacé : il n'y a plus rien à modifier"),
                PatientTransaction.LIFECYCLE_CONFLICT, documentId));
    }
}
