package fr.sante.dmp.pwa.profile;

import fr.sante.dmp.store.patient.contact.ContactChannel;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.patient.login.PatientContact;
import fr.sante.dmp.store.patient.login.PatientLoginService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The contact page ({@code /profil/coordonnees}): the phone number and e-mail address on file, and their change by a
 * code sent to the new address ({@link ContactChanges}, shared with the patient API). The confirmation form carries the
 * address back: another address does not match the code.
 */
public final class ContactPages {
    static final int MAX_EMAIL = 254;
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    private final PageRenderer views;
    private final PatientLoginService patientLogin;
    private final ContactChanges changes;

    public ContactPages(PageRenderer views, PatientLoginService patientLogin, ContactChanges changes) {
        this.views = views;
        this.patientLogin = patientLogin;
        this.changes = changes;
    }

    /** What the patient typed: which address ({@code phone} or {@code email}), and the address normalised. */
    public record NewAddress(String kind, String address) {
        public ContactChannel channel() {
            return "email".equals(kind) ? ContactChannel.EMAIL : ContactChannel.SMS;
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
        return changes.requestCode(s.ins(), wanted, language(ctx)).compose(sent -> sent
                ? show(ctx, 200, FormErrors.none(), wanted, wanted)
                : show(ctx, 429, FormErrors.none().add("address", "error.contact.tooMany"), wanted, null));
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
        return changes.confirm(s.ins(), wanted, code, language(ctx)).compose(check -> switch (check) {
            case OK -> PageRenderer.redirect(ctx, Paths.PROFILE_CONTACT + "?saved=" + kind);
            case WRONG -> show(ctx, 400, FormErrors.none().add("code", "error.code.wrong"), wanted, wanted);
            case EXPIRED -> show(ctx, 400, FormErrors.none().add("code", "error.contact.expired"), wanted, null);
            case TOO_MANY_ATTEMPTS -> show(ctx, 400, FormErrors.none().add("code", "error.contact.tooManyTries"),
                    wanted, null);
        });
    }

    /** A French mobile typed as 06 12 34 56 78 becomes +33612345678; otherwise E.164. E-mail: lower-cased domain. */
    public static Optional<String> normalised(String kind, String raw, FormErrors errors) {
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
        return patientLogin.contactForLogin(s.ins(), s.birthDate()).compose(contact -> views.send(ctx, status,
                "pages/contact.jte", views.page(ctx, "profile"),
                "contact", contact.orElse(new PatientContact(Optional.empty(), Optional.empty(), "fr")),
                "errors", errors, "typed", typed, "sent", sent,
                "saved", "phone".equals(saved) || "email".equals(saved) ? "contact.saved." + saved : null));
    }
}
