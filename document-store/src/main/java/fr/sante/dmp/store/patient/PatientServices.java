package fr.sante.dmp.store.patient;

import fr.sante.dmp.consent.Representation;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import fr.sante.dmp.store.patient.choices.PgChoicesService;
import fr.sante.dmp.store.patient.contact.ContactService;
import fr.sante.dmp.store.patient.contact.PgContactService;
import fr.sante.dmp.store.patient.directives.PatientDirectivesService;
import fr.sante.dmp.store.patient.directives.PgPatientDirectivesService;
import fr.sante.dmp.store.patient.history.HistoryService;
import fr.sante.dmp.store.patient.history.PgHistoryService;
import fr.sante.dmp.store.patient.lifecycle.LifecycleService;
import fr.sante.dmp.store.patient.lifecycle.PgLifecycleService;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import fr.sante.dmp.store.patient.login.PatientLoginService;
import fr.sante.dmp.store.patient.login.PgPatientLoginService;
import fr.sante.dmp.store.patient.overview.OverviewService;
import fr.sante.dmp.store.patient.overview.PgOverviewService;
import fr.sante.dmp.store.record.PatientDeposits;
import java.util.Objects;

/**
 * What the patient does with their own record (patient space and patient API), one service per purpose, so that a
 * caller depends only on what it uses: the composition root hands each page the services it needs. Like
 * RecordService, the only way in: every change goes through the consent engine's lifecycle and appends an audit entry
 * in the same transaction; a change to consent settings is in force on the very next request. Failures are
 * RecordExceptions (NotFound, Conflict for an illegal lifecycle transition, Invalid, Unavailable).
 */
public record PatientServices(LifecycleService lifecycle, ChoicesService choices, OverviewService overview,
                              PatientDirectivesService directives, HistoryService history, PatientLoginService login,
                              ContactService contact) {

    public PatientServices {
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(choices, "choices");
        Objects.requireNonNull(overview, "overview");
        Objects.requireNonNull(directives, "directives");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(contact, "contact");
    }

    /** The services on PostgreSQL, sharing the store's kernel. */
    public static PatientServices on(StoreKernel kernel, PatientDeposits deposits, InvitationCodes invitationCodes) {
        return new PatientServices(new PgLifecycleService(kernel), new PgChoicesService(kernel, deposits),
                new PgOverviewService(kernel), new PgPatientDirectivesService(kernel), new PgHistoryService(kernel),
                new PgPatientLoginService(kernel, invitationCodes), new PgContactService(kernel));
    }

    /** Every service as this representative uses it (see {@link LifecycleService#as}); the login is nobody's. */
    public PatientServices as(Representation representative) {
        return new PatientServices(lifecycle.as(representative), choices.as(representative),
                overview.as(representative), directives.as(representative), history.as(representative), login,
                contact.as(representative));
    }
}
