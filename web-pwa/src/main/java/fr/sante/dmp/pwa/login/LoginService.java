package fr.sante.dmp.pwa.login;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionStore;
import fr.sante.dmp.store.patient.login.PatientContact;
import fr.sante.dmp.store.patient.login.PatientLoginService;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login by INS + birth date + one-time code, for the pages and the patient API alike. Whether the identity exists
 * never shows: the same counters move, a code is drawn and stored, the same store lookup is made, and the reply is
 * the same; only a person who exists (with the right birth date) receives the code. Sending is not awaited, so its
 * latency does not tell either.
 */
public final class LoginService {

    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);
    public static final String LOGIN = "login";
    public static final String SIGN = "sign";
    public static final String CARE = "care";

    /** Outcome of asking for a code. {@code SENT} means "sent if the identity exists". */
    public enum Request { SENT, TOO_MANY_FOR_IDENTITY, TOO_MANY_FROM_ADDRESS }

    /** Outcome of checking a code. */
    public record Verification(Outcome outcome, Optional<PatientSession> session) {
        static Verification of(Outcome o) {
            return new Verification(o, Optional.empty());
        }
    }

    /**
     * {@code REFUSED} is one answer for a wrong code, no pending code (expired, burnt, never asked) and a code burnt by
     * this try: told apart, they revealed whether a login is pending for an INS and birth date, i.e. the birth date.
     */
    public enum Outcome { OK, REFUSED, TOO_MANY_FROM_ADDRESS }

    private final PatientLoginService patientLogin;
    private final CodeSender sender;
    private final OneTimeCodes codes;
    private final AttemptWindows limiter;
    private final SessionStore sessions;
    private final PwaConfig config;
    private final Hmac hmac;

    public LoginService(PatientLoginService patientLogin, CodeSender sender, OneTimeCodes codes, AttemptWindows limiter,
                        SessionStore sessions, PwaConfig config, Hmac hmac) {
        this.patientLogin = patientLogin;
        this.sender = sender;
        this.codes = codes;
        this.limiter = limiter;
        this.sessions = sessions;
        this.config = config;
        this.hmac = hmac;
    }

    /** Counts one attempt from a client address (login, code check, invitation code); hashed, never stored in clear. */
    public Future<AttemptWindows.Outcome> addressHit(String address) {
        return limiter.hit("pwa:rl:ip:" + hmac.sign("ip", address), config.attemptsPerAddress(),
                config.addressWindow());
    }

    /**
     * Whether a person born on this day may log in alone (the policy's own-access age, decided by the store's door);
     * under it no code is drawn or sent to anyone.
     */
    public fr.sante.dmp.consent.Decision ownAccess(LocalDate birthDate) {
        return patientLogin.ownAccess(birthDate);
    }

    public Future<Request> requestCode(Ins ins, LocalDate birthDate, String address, String language) {
        return addressHit(address).compose(ip -> {
            if (!ip.allowed()) {
                return Future.succeededFuture(Request.TOO_MANY_FROM_ADDRESS);
            }
            return issueAndSend(LOGIN, ins, birthDate, language, CodeSender.Purpose.LOGIN);
        });
    }

    /** A fresh code to sign directives, sent to the signed-in patient's contact. */
    public Future<Request> requestSigningCode(PatientSession session, String language) {
        return issueAndSend(SIGN, session.ins(), session.birthDate(), language, CodeSender.Purpose.SIGN_DIRECTIVES);
    }

    /**
     * Counts one care code sent to the signed-in patient against the same cap as login and signing codes (per INS,
     * {@code codesPerIdentity} per {@code codeWindow}); {@code false}: the cap is reached, send nothing.
     */
    public Future<Boolean> mayTextCareCode(PatientSession session) {
        return limiter.hit(identityKey(CARE, session.ins(), session.birthDate()), config.codesPerIdentity(), config.codeWindow())
                .map(AttemptWindows.Outcome::allowed);
    }

    /**
     * Queues the patient's care code (issued by the store) for their phone, or their e-mail without one, through the
     * same sender as login codes (and its SMS caps). Not awaited, like login codes: a failure is logged, without the
     * code; the patient still has it on screen.
     */
    public Future<Void> textCareCode(PatientSession session, String code, String language) {
        return patientLogin.contactForLogin(session.ins(), session.birthDate()).map(contact -> {
            contact.ifPresent(to -> send(to, code, language, CodeSender.Purpose.CARE_CODE));
            return null;
        });
    }

    public Future<OneTimeCodes.Check> checkSigningCode(PatientSession session, String code) {
        return codes.check(SIGN, subject(session.ins(), session.birthDate()), code);
    }

    public Future<Verification> verify(Ins ins, LocalDate birthDate, String code, String address,
                                       PatientSession.Kind kind) {
        return addressHit(address).compose(ip -> {
            if (!ip.allowed()) {
                return Future.succeededFuture(Verification.of(Outcome.TOO_MANY_FROM_ADDRESS));
            }
            // Tries count against the code of this INS and birth date only: a try with another birth date finds no
            // code and burns nothing of the patient's.
            return codes.check(LOGIN, subject(ins, birthDate), code).compose(check -> switch (check) {
                case WRONG, EXPIRED, TOO_MANY_ATTEMPTS -> Future.succeededFuture(Verification.of(Outcome.REFUSED));
                // A code is stored for unknown identities too (same behaviour), but never sent: the identity is
                // checked again before a session exists.
                case OK -> patientLogin.contactForLogin(ins, birthDate).compose(contact -> contact.isEmpty()
                        ? Future.succeededFuture(Verification.of(Outcome.REFUSED))
                        // The login is audited (the patient sees it in the history) before the session exists.
                        : patientLogin.recordLogin(ins).compose(v -> sessions.create(ins, birthDate, kind))
                                .map(s -> new Verification(Outcome.OK, Optional.of(s))));
            });
        });
    }

    public Duration codeTtl() {
        return config.codeTtl();
    }

    private Future<Request> issueAndSend(String purpose, Ins ins, LocalDate birthDate, String language,
                                         CodeSender.Purpose why) {
        // Limited per INS and birth date (and per address, before): requests with another birth date cannot lock the
        // holder out. Guessing birth dates buys no SMS either: a code goes only to the identity that matches.
        return limiter.hit(identityKey(purpose, ins, birthDate), config.codesPerIdentity(), config.codeWindow())
                .compose(id -> {
            if (!id.allowed()) {
                if (id.firstRefused(config.codesPerIdentity()) && LOGIN.equals(purpose)) {
                    tellOfLock(ins, birthDate, language);
                }
                return Future.succeededFuture(Request.TOO_MANY_FOR_IDENTITY);
            }
            Future<String> issued = codes.issue(purpose, subject(ins, birthDate));
            Future<Optional<PatientContact>> contact = patientLogin.contactForLogin(ins, birthDate);
            return Future.all(issued, contact).map(all -> {
                contact.result().ifPresent(to -> send(to, issued.result(), language, why));
                return Request.SENT;
            });
        });
    }

    /**
     * At the first refusal of a lock, the patient is told (e-mail first, else SMS through the sender and its caps):
     * someone who knows their INS and birth date is asking for codes. Not awaited; the lookup is made for unknown
     * identities too, so the reply takes the same time.
     */
    private void tellOfLock(Ins ins, LocalDate birthDate, String language) {
        String when = config.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        patientLogin.contactForLogin(ins, birthDate).onSuccess(contact -> contact.ifPresent(to -> send(
                to.email().isPresent() ? new PatientContact(Optional.empty(), to.email(), to.language()) : to,
                when, language, CodeSender.Purpose.LOGIN_LOCKED)))
                .onFailure(e -> LOG.warn("lock notice not sent ({})", e.getClass().getSimpleName()));
    }

    private void send(PatientContact to, String code, String language, CodeSender.Purpose why) {
        // The language the person is reading right now, not the one on file: they are the one typing the code.
        sender.send(to, code, language, why)
                .onFailure(e -> LOG.warn("one-time code could not be queued ({})", e.getClass().getSimpleName()));
    }

    /** Redis key of the per-identity (INS and birth date) code cap: a keyed hash, so Redis names nobody. */
    private String identityKey(String purpose, Ins ins, LocalDate birthDate) {
        return "pwa:rl:id:" + purpose + ":" + hmac.sign("identity", ins.value(), birthDate.toString());
    }

    /** Redis subject of a code: keyed hash of INS and birth date, so Redis names nobody. */
    String subject(Ins ins, LocalDate birthDate) {
        return hmac.sign("subject", ins.value(), birthDate.toString());
    }
}
