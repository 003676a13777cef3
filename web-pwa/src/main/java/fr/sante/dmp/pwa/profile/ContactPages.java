package fr.sante.dmp.pwa.profile;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.pwa.CodeSender;
import fr.sante.dmp.pwa.login.OneTimeCodes;
import fr.sante.dmp.pwa.login.RateLimiter;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.Views;
import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.PatientContact;
import fr.sante.dmp.store.patient.PatientService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The patient changes their phone number or e-mail address: the new address receives a code (5 minutes, a few tries),
 * and only that code makes the change; then the address it replaced is told (so that a stolen session cannot redirect
 * the patient's messages unnoticed). The code is bound to the person and to the address typed: the confirmation form
 * carries the address back, and another address does not match the code. At most {@link #CODES_PER_HOUR} codes an hour
 * per person (each is an SMS or an e-mail to an address the patient chose).
 */
public final class ContactPages {
    static final int CODES_PER_HOUR = 3;
    static final int MAX_EMAIL = 254;
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final String PURPOSE = "contact";

    private final Views views;
    private final PatientService patients;
    private final OneTimeCodes codes;
    private final RateLimiter limiter;
    private final CodeSender sender;
    private final Hmac hmac;
    private final Clock clock;

    public ContactPages(Views views, PatientService patients, OneTimeCodes codes, RateLimiter limiter,
                        CodeSender sender, Hmac hmac, Clock clock) {
        this.views = views;
        this.patients = patients;
        this.codes = codes;
        this.limiter = limiter;
        this.sender = sender;
        this.hmac = hmac;
        this.clock = clock;
    }

    /** What the patient typed: which address, and the address normalised. */
    public record NewAddress(String kind, String address) {
        Channel channel() {
            return "email".equals(kind) ? Channel.EMAIL : Channel.SMS;
        }
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.PROFILE_CONTACT, ctx -> show(ctx, 200, FormErrors.none(), null, null));
        routes.signedIn(HttpMethod.POST, Paths.PROFILE_CONTACT, this::sendCode);
        routes.signedIn(HttpMethod.POST, Paths.PROFILE_CONTACT_CONFIRM, this::confirm);
    }

    private Future<Void> sendCode(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        String kind = "email".equals(ctx.request().getFormAttribute("kind")) ? "email" : "phone";
        FormErrors errors = FormErrors.none();
        Optional<String> address = normalised(kind, ctx.request().getFormAttribute("address"), errors);
        if (address.isEmpty()) {
            return show(ctx, 400, errors, new NewAddress(kind, value(ctx.request().getFormAttribute("address"))), null);
        }
        NewAddress wanted = new NewAddress(kind, address.get());
        return limiter.hit("pwa:contact:" + hmac.sign("contact-limit", s.ins().value()), CODES_PER_HOUR,
                Duration.ofHours(1)).compose(outcome -> {
                    if (!outcome.allowed()) {
                        return show(ctx, 429, FormErrors.none().add("address", "error.contact.tooMany"), wanted,
                                null);
                    }
                    PatientContact to = wanted.channel() == Channel.EMAIL
                            ? new PatientContact(Optional.empty(), Optional.of(wanted.address()), language(ctx))
                            : new PatientContact(Optional.of(wanted.address()), Optional.empty(), language(ctx));
                    return codes.issue(PURPOSE, subject(s.ins(), wanted))
                            .compose(code -> sender.send(to, code, language(ctx), CodeSender.Purpose.CONTACT_CODE))
                            .compose(v -> show(ctx, 200, FormErrors.none(), wanted, wanted));
                });
    }

    private Future<Void> confirm(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        String kind = "email".equals(ctx.request().getFormAttribute("kind")) ? "email" : "phone";
        FormErrors errors = FormErrors.none();
        Optional<String> address = normalised(kind, ctx.request().getFormAttribute("address"), errors);
        if (address.isEmpty()) {
            return show(ctx, 400, errors, null, null);
        }
        NewAddress wanted = new NewAddress(kind, address.get());
        String code = value(ctx.request().getFormAttribute("code")).replaceAll("\\s", "");
        if (!code.matches("[0-9]{6}")) {
            return show(ctx, 400, FormErrors.none().add("code", "error.code.format"), wanted, wanted);
        }
        return codes.check(PURPOSE, subject(s.ins(), wanted), code).compose(check -> switch (check) {
            case OK -> patients.changeContact(s.ins(), wanted.channel(), wanted.address())
                    .compose(before -> tellOldAddress(before, wanted, language(ctx)))
                    .compose(v -> Views.redirect(ctx, Paths.PROFILE_CONTACT + "?saved=" + kind));
            case WRONG -> show(ctx, 400, FormErrors.none().add("code", "error.code.wrong"), wanted, wanted);
            case EXPIRED -> show(ctx, 400, FormErrors.none().add("code", "error.contact.expired"), wanted, null);
            case TOO_MANY_ATTEMPTS -> show(ctx, 400, FormErrors.none().add("code", "error.contact.tooManyTries"),
                    wanted, null);
        });
    }

    /**
     * The address that was replaced hears of it (when, not the new address); a patient who had none of that kind is
     * told at the other one. A notice that cannot be queued does not undo the change: it is logged by the sender.
     */
    private Future<Void> tellOldAddress(Contact before, NewAddress wanted, String language) {
        Optional<String> old = wanted.channel() == Channel.EMAIL ? before.email() : before.phone();
        if (old.isPresent() && old.get().equals(wanted.address())) {
            return Future.succeededFuture();
        }
        PatientContact to = old.map(o -> wanted.channel() == Channel.EMAIL
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

    /** A French mobile typed as 06 12 34 56 78 becomes +33612345678; otherwise E.164. E-mail: lower-cased domain. */
    static Optional<String> normalised(String kind, String raw, FormErrors errors) {
        String v = value(raw);
        if (v.isEmpty()) {
            errors.add("address", "email".equals(kind) ? "error.contact.emailRequired" : "error.contact.phoneRequired");
            return Optional.empty();
        }
        if ("email".equals(kind)) {
            if (v.length() > MAX_EMAIL || !EMAIL.matcher(v).matches()) {
                errors.add("address", "error.contact.emailInvalid");
                return Optional.empty();
            }
            int at = v.indexOf('@');
            return Optional.of(v.substring(0, at) + v.substring(at).toLowerCase(Locale.ROOT));
        }
        String digits = v.replaceAll("[\\s.\\-()]", "");
        if (digits.matches("0[1-9][0-9]{8}")) {
            digits = "+33" + digits.substring(1);
        }
        if (digits.length() > 16 || !E164.matcher(digits).matches()) {
            errors.add("address", "error.contact.phoneInvalid");
            return Optional.empty();
        }
        return Optional.of(digits);
    }

    private static String value(String raw) {
        String v = raw == null ? "" : raw.strip();
        return v.length() > 300 ? v.substring(0, 300) : v;
    }

    private String language(RoutingContext ctx) {
        return views.page(ctx, "profile").lang();
    }

    private Future<Void> show(RoutingContext ctx, int status, FormErrors errors, NewAddress typed, NewAddress sent) {
        PatientSession s = Routes.session(ctx);
        String saved = ctx.request().getParam("saved");
        return patients.contactForLogin(s.ins(), s.birthDate()).compose(contact -> views.send(ctx, status,
                "pages/contact.jte", views.page(ctx, "profile"),
                "contact", contact.orElse(new PatientContact(Optional.empty(), Optional.empty(), "fr")),
                "errors", errors, "typed", typed, "sent", sent,
                "saved", "phone".equals(saved) || "email".equals(saved) ? "contact.saved." + saved : null));
    }
}
