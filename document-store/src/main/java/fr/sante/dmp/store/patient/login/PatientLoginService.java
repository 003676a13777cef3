package fr.sante.dmp.store.patient.login;

import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Ins;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The patient's way in: who may log in alone, where a one-time code goes, the invitation code (checked for an
 * opposition without login, reissued by an operator), and the login's audit entry. Callers answer identically whether
 * or not an INS exists (no enumeration).
 */
public interface PatientLoginService {

    /**
     * Whether a person born on this day may log in to their own space alone (the policy's own-access age, 15): from
     * the birth date typed at login, so the answer says nothing about whether the INS exists.
     */
    Decision ownAccess(LocalDate birthDate);

    /**
     * Where to send a one-time code for this identity, if the INS exists AND the birth date matches. Callers must
     * answer identically whether or not a contact was found (no enumeration).
     */
    Future<Optional<PatientContact>> contactForLogin(Ins ins, LocalDate birthDate);

    /** Checks an invitation code for opposition without login; true only if INS, birth date and code all match. */
    Future<Boolean> checkInvitationCode(Ins ins, LocalDate birthDate, String invitationCode);

    /**
     * Sets a new invitation code (R1111-28: regenerable), valid until the opposition deadline, and returns it for the
     * caller to deliver; audited under the operator's subject. The campaign import issues codes inside its own
     * transaction with {@link InvitationCodes#issue} instead.
     */
    Future<String> issueInvitationCode(String operator, Ins ins);

    /** Appends the audit entry of a successful patient login (after the one-time code was checked). */
    Future<Void> recordLogin(Ins ins);
}
