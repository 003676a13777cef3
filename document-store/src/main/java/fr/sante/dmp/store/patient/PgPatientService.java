package fr.sante.dmp.store.patient;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.record.PatientDeposits;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The patient space on PostgreSQL. Changes: one transaction each on {@code pool}, record row locked, audit appended
 * last ({@link Changes}). Reads: plain queries on {@code pool}; consent settings are never cached, so a change is in
 * force on the very next request.
 */
public final class PgPatientService implements PatientService {
    static final String INVITATION_CODE_ISSUED = "invitation-code-issued";
    static final String PATIENT_LOGIN = "patient-login";

    private final Changes changes;
    private final Login login;
    private final Views views;
    private final Lifecycle lifecycle;
    private final Choices choices;
    private final History history;
    private final ContactChange contactChange;
    private final Emergencies emergencies;
    private final Directives directives;
    private final InvitationCodes invitationCodes;
    private final PatientDeposits deposits;
    private final StoreKernel kernel;

    /** The same service, every call made by this representative (see {@link PatientService#as}). */
    private PgPatientService(PgPatientService base, fr.sante.dmp.consent.Representation by) {
        this.kernel = base.kernel;
        this.deposits = base.deposits;
        this.invitationCodes = base.invitationCodes;
        this.login = base.login;
        this.emergencies = base.emergencies;
        this.changes = base.changes.as(by);
        this.views = base.views.as(by);
        this.lifecycle = new Lifecycle(changes, kernel.envelope(), kernel.consent().lifecycle(kernel.clock()));
        this.choices = new Choices(changes, kernel.consent(), kernel.envelope());
        this.history = base.history.forRepresentative();
        this.directives = new Directives(kernel.pool(), changes, kernel.envelope(), kernel.insHasher());
        this.contactChange = new ContactChange(changes, kernel.envelope());
    }

    @Override
    public PatientService as(fr.sante.dmp.consent.Representation representative) {
        return new PgPatientService(this, java.util.Objects.requireNonNull(representative, "representative"));
    }

    @Override
    public Future<Void> setConfidentialFromRepresentatives(Ins ins, UUID documentId, boolean confidential) {
        return guarded(() -> choices.setConfidentialFromRepresentatives(ins, documentId, confidential));
    }

    @Override
    public Future<Void> personOnly(Ins ins) {
        fr.sante.dmp.consent.Decision d = changes.door().decidePersonalChoice(changes.actor(ins));
        return d.allowed() ? Future.succeededFuture() : Future.failedFuture(new RecordException.AccessDenied(d));
    }

    @Override
    public fr.sante.dmp.consent.Decision ownAccess(LocalDate birthDate) {
        return changes.door().decideOwnAccess(birthDate, kernel.clock().instant());
    }

    public PgPatientService(StoreKernel kernel, PatientDeposits deposits, InvitationCodes invitationCodes) {
        this.kernel = kernel;
        Pool pool = kernel.pool();
        Envelope envelope = kernel.envelope();
        InsHasher insHasher = kernel.insHasher();
        Clock clock = kernel.clock();
        this.deposits = deposits;
        this.changes = new Changes(pool, insHasher, kernel.door(), clock);
        this.invitationCodes = invitationCodes;
        this.login = new Login(pool, envelope, insHasher, invitationCodes, clock);
        this.views = new Views(pool, kernel.door(), envelope, insHasher, clock);
        this.lifecycle = new Lifecycle(changes, envelope, kernel.consent().lifecycle(clock));
        this.choices = new Choices(changes, kernel.consent(), kernel.envelope());
        HistoryReasons reasons = new HistoryReasons(kernel.consent());
        this.history = new History(pool, insHasher, reasons, envelope);
        this.contactChange = new ContactChange(changes, envelope);
        this.emergencies = new Emergencies(pool, insHasher, reasons);
        this.directives = new Directives(pool, changes, envelope, insHasher);
    }

    @Override
    public Future<Optional<PatientContact>> contactForLogin(Ins ins, LocalDate birthDate) {
        return guarded(() -> login.contactForLogin(ins, birthDate));
    }

    @Override
    public Future<Boolean> checkInvitationCode(Ins ins, LocalDate birthDate, String invitationCode) {
        return guarded(() -> login.checkInvitationCode(ins, birthDate, invitationCode));
    }

    @Override
    public Future<String> issueInvitationCode(String operator, Ins ins) {
        if (operator == null || operator.isBlank()) {
            return Future.failedFuture(new RecordException.Invalid("operator", "is required"));
        }
        return guarded(() -> changes.applyAsOperator(operator, ins, AuditAction.ISSUE_INVITATION_CODE,
                (tx, rec, now) -> invitationCodes.issue(tx, rec.id())
                        .map(code -> Changes.Step.done(code, INVITATION_CODE_ISSUED))));
    }

    @Override
    public Future<Void> recordLogin(Ins ins) {
        return guarded(() -> changes.apply(ins, AuditAction.PATIENT_LOGIN,
                (tx, rec, now) -> Future.succeededFuture(Changes.Step.<Void>done(null, PATIENT_LOGIN))));
    }

    @Override
    public Future<UUID> addOwnDocument(Ins ins, String title, byte[] content) {
        return guarded(() -> deposits.add(changes.actor(ins), title, content));
    }

    @Override
    public Future<Void> deleteOwnDocument(Ins ins, UUID documentId) {
        return guarded(() -> choices.deleteOwnDocument(ins, documentId));
    }

    @Override
    public Future<Void> recordExport(Ins ins) {
        return guarded(() -> changes.apply(ins, AuditAction.EXPORT_RECORD, (tx, rec, now) -> Future.succeededFuture(
                rec.erased() || rec.identity() == null
                        ? Changes.Step.<Void>refused(new RecordException.Conflict(
                                "the record is " + rec.state() + ": there is nothing to export",
                                "le dossier est " + rec.state() + " : il n'y a rien à exporter"),
                                Changes.LIFECYCLE_CONFLICT, null)
                        : Changes.Step.<Void>done(null))));
    }

    @Override
    public Future<PatientOverview> overview(Ins ins) {
        return guarded(() -> views.overview(ins));
    }

    @Override
    public Future<OppositionReceipt> oppose(Ins ins) {
        return guarded(() -> lifecycle.oppose(ins));
    }

    @Override
    public Future<Void> withdrawOpposition(Ins ins, String receiptCode) {
        return guarded(() -> lifecycle.withdrawOpposition(ins, receiptCode));
    }

    @Override
    public Future<Void> activateEarly(Ins ins) {
        return guarded(() -> lifecycle.activateEarly(ins));
    }

    @Override
    public Future<Void> close(Ins ins) {
        return guarded(() -> lifecycle.close(ins));
    }

    @Override
    public Future<Void> reopen(Ins ins) {
        return guarded(() -> lifecycle.reopen(ins));
    }

    @Override
    public Future<Void> requestDeletion(Ins ins) {
        return guarded(() -> lifecycle.requestDeletion(ins));
    }

    @Override
    public Future<MaskedDocument> setMasked(Ins ins, UUID documentId, boolean masked) {
        return guarded(() -> choices.setMasked(ins, documentId, masked));
    }

    @Override
    public Future<Void> setBlocked(Ins ins, Rpps rpps, boolean blocked) {
        return guarded(() -> choices.setBlocked(ins, rpps, blocked));
    }

    @Override
    public Future<Void> setTreatingDoctor(Ins ins, Optional<Rpps> rpps) {
        return guarded(() -> choices.setTreatingDoctor(ins, rpps));
    }

    @Override
    public Future<ResearchUse> researchUse(Ins ins) {
        return guarded(() -> views.researchUse(ins));
    }

    @Override
    public Future<Void> setResearchUse(Ins ins, boolean objected) {
        return guarded(() -> choices.setResearchUse(ins, objected));
    }

    @Override
    public Future<Void> setEmergencyAccessOpposed(Ins ins, boolean opposed) {
        return guarded(() -> choices.setEmergencyAccessOpposed(ins, opposed));
    }

    @Override
    public Future<Void> setAlerts(Ins ins, AlertPreferences alerts) {
        return guarded(() -> choices.setAlerts(ins, alerts));
    }

    @Override
    public Future<Void> setLanguage(Ins ins, String language) {
        return guarded(() -> choices.setLanguage(ins, language));
    }

    @Override
    public Future<AccessPreview> preview(Ins ins, Profession profession) {
        return guarded(() -> views.preview(ins, profession));
    }

    @Override
    public Future<AccessHistoryPage> accessHistory(Ins ins, int page, int pageSize) {
        return guarded(() -> history.page(ins, HistoryFilter.ALL, page, pageSize));
    }

    @Override
    public Future<Contact> changeContact(Ins ins, fr.sante.dmp.notify.outbox.Channel channel, String address) {
        return guarded(() -> contactChange.change(ins, channel, address));
    }

    @Override
    public Future<AccessHistoryPage> accessHistory(Ins ins, HistoryFilter filter, int page, int pageSize) {
        return guarded(() -> history.page(ins, filter, page, pageSize));
    }

    @Override
    public Future<EmergencyAccesses> emergencyAccesses(Ins ins, java.time.Instant since, int limit) {
        return guarded(() -> emergencies.since(ins, since, limit));
    }

    @Override
    public Future<Optional<AdvanceDirective>> directives(Ins ins) {
        return guarded(() -> directives.latest(ins));
    }

    @Override
    public Future<AdvanceDirective> saveDirectivesDraft(Ins ins, AdvanceDirectiveContent content) {
        return guarded(() -> directives.saveDraft(ins, content));
    }

    @Override
    public Future<AdvanceDirective> signDirectives(Ins ins) {
        return guarded(() -> directives.sign(ins));
    }

    @Override
    public Future<Void> revokeDirectives(Ins ins) {
        return guarded(() -> directives.revoke(ins));
    }

    @Override
    public Future<List<AdvanceDirective>> directivesHistory(Ins ins) {
        return guarded(() -> directives.history(ins));
    }

    @Override
    public Future<Optional<MedicalProfile>> medicalProfile(Ins ins) {
        return guarded(() -> deposits.latest(ins, DocumentClass.MEDICAL_PROFILE)
                .map(json -> json.map(MedicalProfile::fromJson)));
    }

    @Override
    public Future<Void> saveMedicalProfile(Ins ins, MedicalProfile profile) {
        return guarded(() -> deposits.replace(changes.actor(ins), new NewDocument(DocumentClass.MEDICAL_PROFILE, MedicalProfile.TITLE,
                MedicalProfile.CONTENT_TYPE, profile.toJson(), false), AuditAction.SAVE_MEDICAL_PROFILE).mapEmpty());
    }

    /** Synchronous throws (validation) become failed futures; anything not a domain error fails closed. */
    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        try {
            return call.get().recover(Changes::domain);
        } catch (RuntimeException e) {
            return Changes.domain(e);
        }
    }
}
