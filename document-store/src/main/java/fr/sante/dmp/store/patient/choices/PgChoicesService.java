package fr.sante.dmp.store.patient.choices;

import fr.sante.dmp.store.ServiceFailures;
import static fr.sante.dmp.store.ServiceFailures.guarded;

import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.consent.ResearchUseDefault;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.store.record.NewDocument;
import fr.sante.dmp.store.record.PatientDeposits;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The patient's choices on PostgreSQL: one transaction per change, record row locked, audit appended last. */
public final class PgChoicesService implements ChoicesService {
    private final StoreKernel kernel;
    private final PatientDeposits deposits;
    private final PatientTransaction changes;
    private final PatientChoices choices;

    public PgChoicesService(StoreKernel kernel, PatientDeposits deposits) {
        this(kernel, deposits, new PatientTransaction(kernel.pool(), kernel.insHasher(), kernel.door(),
                kernel.clock()));
    }

    private PgChoicesService(StoreKernel kernel, PatientDeposits deposits, PatientTransaction changes) {
        this.kernel = kernel;
        this.deposits = deposits;
        this.changes = changes;
        this.choices = new PatientChoices(changes, kernel.consent(), kernel.envelope());
    }

    @Override
    public ChoicesService as(Representation representative) {
        return new PgChoicesService(kernel, deposits,
                changes.as(Objects.requireNonNull(representative, "representative")));
    }

    @Override
    public Future<Void> personOnly(Ins ins) {
        Decision d = changes.door().decidePersonalChoice(changes.actor(ins));
        return d.allowed() ? Future.succeededFuture() : Future.failedFuture(new RecordException.AccessDenied(d));
    }

    @Override
    public Future<Void> setConfidentialFromRepresentatives(Ins ins, UUID documentId, boolean confidential) {
        return guarded(() -> choices.setConfidentialFromRepresentatives(ins, documentId, confidential));
    }

    @Override
    public Future<Void> setLanguage(Ins ins, String language) {
        return guarded(() -> choices.setLanguage(ins, language));
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
    public Future<Void> setEmergencyAccessOpposed(Ins ins, boolean opposed) {
        return guarded(() -> choices.setEmergencyAccessOpposed(ins, opposed));
    }

    @Override
    public Future<Void> setAlerts(Ins ins, AlertPreferences alerts) {
        return guarded(() -> choices.setAlerts(ins, alerts));
    }

    @Override
    public Future<ResearchUse> researchUse(Ins ins) {
        return guarded(() -> {
            ResearchUseDefault policy = kernel.door().consent().researchUseDefault();
            return kernel.pool().preparedQuery(ChoicesSql.READ_RESEARCH_USE)
                    .execute(Tuple.of(Buffer.buffer(kernel.insHasher().hash(ins))))
                    .recover(ServiceFailures::fail).compose(rows -> {
                        if (rows.size() == 0) {
                            return Future.failedFuture(new RecordException.NotFound("patient"));
                        }
                        Row r = rows.iterator().next();
                        Optional<Boolean> chosen = Optional.ofNullable(r.getBoolean(1));
                        Optional<Instant> at = Optional.ofNullable(r.getOffsetDateTime(2))
                                .map(OffsetDateTime::toInstant);
                        return Future.succeededFuture(new ResearchUse(policy.objected(chosen), at, policy));
                    });
        });
    }

    @Override
    public Future<Void> setResearchUse(Ins ins, boolean objected) {
        return guarded(() -> choices.setResearchUse(ins, objected));
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
    public Future<Optional<MedicalProfile>> medicalProfile(Ins ins) {
        return guarded(() -> deposits.latest(ins, DocumentClass.MEDICAL_PROFILE)
                .map(json -> json.map(MedicalProfile::fromJson)));
    }

    @Override
    public Future<Void> saveMedicalProfile(Ins ins, MedicalProfile profile) {
        return guarded(() -> deposits.replace(changes.actor(ins), new NewDocument(DocumentClass.MEDICAL_PROFILE,
                MedicalProfile.TITLE, MedicalProfile.CONTENT_TYPE, profile.toJson(), false),
                AuditAction.SAVE_MEDICAL_PROFILE).mapEmpty());
    }
}
