package fr.sante.dmp.pwa.profile;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.patient.contact.ContactChannel;
import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.pwa.login.OneTimeCodes;
import fr.sante.dmp.pwa.login.AttemptWindows;
import fr.sante.dmp.pwa.profile.ContactPages.NewAddress;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.login.PatientContact;
import fr.sante.dmp.store.patient.contact.ContactService;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The change of the signed-in person's phone number or e-mail address, for the contact page and the patient API alike:
 * the new address receives a code (5 minutes, the login's attempt limit), and only that code makes the change; then
 * the address it replaced is told (so that a stolen session cannot redirect the person's messages unnoticed). The code
 * is bound to the person and to the address: a confirmation naming another address does not match it. At most
 * {@link #CODES_PER_HOUR} codes an hour per person (each is an SMS or an e-mail to an address the person chose).
 */
public final class ContactChanges {
    static final int CODES_PER_HOUR = 3;
    private static final String PURPOSE = "contact";

    private final ContactService contact;
    private final OneTimeCodes codes;
    private final AttemptWindows limiter;
    private final CodeSender sender;
    private final Hmac hmac;
    private final Clock clock;

    public ContactChanges(ContactService contact, OneTimeCodes codes, AttemptWindows limiter, CodeSender sender,
                          Hmac hmac, Clock clock) {
        this.contact = contact;
        this.codes = codes;
        this.limiter = limiter;
        this.sender = sender;
        this.hmac = hmac;
        this.clock = clock;
    }

    /** Sends a code to the new address; false (nothing sent) past the hourly limit. */
    public Future<Boolean> requestCode(Ins person, NewAddress wanted, String language) {
        return limiter.hit("pwa:contact:" + hmac.sign("contact-limit", person.value()), CODES_PER_HOUR,
                Duration.ofHours(1)).compose(outcome -> {
                    if (!outcome.allowed()) {
                        return Future.succeededFuture(false);
                    }
                    PatientContact to = wanted.channel() == ContactChannel.EMAIL
                            ? new PatientContact(Optional.empty(), Optional.of(wanted.address()), language)
                            : new PatientContact(Optional.of(wanted.address()), Optional.empty(), language);
                    return codes.issue(PURPOSE, subject(person, wanted))
                            .compose(code -> sender.send(to, code, language, CodeSender.Purpose.CONTACT_CODE))
                            .map(true);
                });
    }

    /** Checks the code; on {@code OK} the change is made (audited by the store) and the old address told. */
    public Future<OneTimeCodes.Check> confirm(Ins person, NewAddress wanted, String code, String language) {
        return codes.check(PURPOSE, subject(person, wanted), code).compose(check -> check != OneTimeCodes.Check.OK
                ? Future.succeededFuture(check)
                : contact.changeContact(person, wanted.channel(), wanted.address())
                        .compose(before -> tellOldAddress(before, wanted, language))
                        .map(check));
    }

    /**
     * The address that was replaced hears of it (when, not the new address); a person who had none of that kind is
     * told at the other one. A notice that cannot be queued does not undo the change: it is logged by the sender.
     */
    private Future<Void> tellOldAddress(Contact before, NewAddress wanted, String language) {
        Optional<String> old = wanted.channel() == ContactChannel.EMAIL ? before.email() : before.phone();
        if (old.isPresent() && old.get().equals(wanted.address())) {
            return Future.succeededFuture();
        }
        PatientContact to = old.map(o -> wanted.channel() == ContactChannel.EMAIL
                        ? new PatientContact(Optional.empty(), Optional.of(o), language)
                        : new PatientContact(Optional.of(o), Optional.empty(), language))
                .orElseGet(() -> new PatientContact(before.phone(), before.email(), language));
        if (to.phone().isEmpty() && to.email().isEmpty()) {
            return Future.succeededFuture();
        }
        String when = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return sender.send(to, when, language, CodeSender.Purpose.CONTACT_CHANGED).recover(e -> Future.succeededFuture());
    }

    private String subject(Ins ins, NewAddress wanted) {
        return hmac.sign("contact-change", ins.value(), wanted.kind(), wanted.address());
    }
}
