package fr.sante.dmp.store.patient.contact;

import fr.sante.dmp.store.patient.login.PatientContact;
import io.vertx.core.Future;

/**
 * The way a one-time code reaches the patient: sends it by SMS (or e-mail when there is no phone). The composition
 * root wires it to the real transports; the patient space never sends anything itself. Implementations must not log
 * the code or the contact.
 */
public interface CodeSender {

    /**
     * Why the code is sent: the message wording differs. {@code CARE_CODE} is the patient's own care code, sent at
     * their request to be given to the professional who treats them (valid 10 minutes, not 5). {@code LOGIN_LOCKED}
     * carries no code: it tells the patient that code requests for their identity were refused for a while (someone
     * asked too often); its "code" is the instant of the lock (ISO-8601), the only parameter of that notice. It goes
     * through the same port, hence the same SMS caps, as codes. {@code OPPOSITION_RECEIPT} is the copy of an
     * opposition's receipt: its "code" is the receipt's verification code (which withdraws the opposition).
     * {@code CONTACT_CODE} goes to a new phone or e-mail address to confirm it; {@code CONTACT_CHANGED} tells the
     * address it replaced, its "code" being the instant of the change (ISO-8601).
     */
    enum Purpose { LOGIN, SIGN_DIRECTIVES, CARE_CODE, LOGIN_LOCKED, OPPOSITION_RECEIPT, CONTACT_CODE, CONTACT_CHANGED }

    /**
     * Queues the code for delivery.
     *
     * @param to       where to send it (phone first, else e-mail)
     * @param code     six digits
     * @param language {@code fr} or {@code en}
     * @param purpose  login, signature of advance directives, or the patient's care code
     */
    Future<Void> send(PatientContact to, String code, String language, Purpose purpose);
}
