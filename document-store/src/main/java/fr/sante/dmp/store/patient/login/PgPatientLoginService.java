package fr.sante.dmp.store.patient.login;

import fr.sante.dmp.store.ServiceFailures;
import static fr.sante.dmp.store.ServiceFailures.guarded;

import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.patient.PatientTransaction;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;

/** The login on PostgreSQL: the record's sealed contact by INS hash, codes hashed, entries audited. */
public final class PgPatientLoginService implements PatientLoginService {
    static final String INVITATION_CODE_ISSUED = "invitation-code-issued";
    static final String PATIENT_LOGIN = "patient-login";

    private final StoreKernel kernel;
    private final PatientTransaction changes;
    private final InvitationCodes invitationCodes;
    private final Login login;

    public PgPatientLoginService(StoreKernel kernel, InvitationCodes invitationCodes) {
        this.kernel = kernel;
        this.changes = new PatientTransaction(kernel.pool(), kernel.insHasher(), kernel.door(), kernel.clock());
        this.invitationCodes = invitationCodes;
        this.login = new Login(kernel.pool(), kernel.envelope(), kernel.insHasher(), invitationCodes, kernel.clock());
    }

    @Override
    public Decision ownAccess(LocalDate birthDate) {
        return changes.door().decideOwnAccess(birthDate, kernel.clock().instant());
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
                        .map(code -> PatientTransaction.Step.done(code, INVITATION_CODE_ISSUED))));
    }

    @Override
    public Future<Void> recordLogin(Ins ins) {
        return guarded(() -> changes.apply(ins, AuditAction.PATIENT_LOGIN,
                (tx, rec, now) -> Future.succeededFuture(PatientTransaction.Step.<Void>done(null, PATIENT_LOGIN))));
    }
}
