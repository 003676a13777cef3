package fr.sante.dmp.pwa.api;

import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.pwa.login.OneTimeCodes;
import fr.sante.dmp.pwa.profile.ContactChanges;
import fr.sante.dmp.pwa.profile.ContactPages;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import fr.sante.dmp.store.patient.login.PatientLoginService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The signed-in person's phone number and e-mail address in the patient API, changed as on the contact page
 * ({@link ContactChanges}: a code sent to the new address, the old one told): {@code GET /api/v1/me/contact},
 * {@code POST /api/v1/me/contact/code} {@code {kind, address}}, {@code POST /api/v1/me/contact}
 * {@code {kind, address, code}}. Always the signed-in person's own addresses, also when a representative acts for
 * someone: they are the addresses their own login and messages use.
 */
public final class ContactApi {
    private final ChoicesService choices;
    private final PatientLoginService patientLogin;
    private final ContactChanges changes;

    public ContactApi(ChoicesService choices, PatientLoginService patientLogin, ContactChanges changes) {
        this.choices = choices;
        this.patientLogin = patientLogin;
        this.changes = changes;
    }

    public void mount(Routes r) {
        r.api(HttpMethod.GET, "/contact", true, ctx -> {
            PatientSession s = Routes.session(ctx);
            return patientLogin.contactForLogin(s.ins(), s.birthDate()).compose(c -> c.isEmpty()
                    ? Future.failedFuture(new RecordException.NotFound("contact"))
                    : PageRenderer.json(ctx, 200, new JsonObject().put("phone", c.get().phone().orElse(null))
                            .put("email", c.get().email().orElse(null))));
        });
        // The login's own addresses: a representative acting for someone changes nothing here (the person's choice,
        // decided by the door as the care history's), and never their own through the person's token.
        r.api(HttpMethod.POST, "/contact/code", true, ctx -> {
            ContactPages.NewAddress wanted = address(MeApi.body(ctx));
            return personOnly(ctx).compose(v -> changes.requestCode(Routes.session(ctx).ins(), wanted, MeApi.lang(ctx)).compose(sent -> sent
                    ? PageRenderer.json(ctx, 202, new JsonObject().put("expiresInSeconds", 300))
                    : PageRenderer.problem(ctx, ProblemType.TOO_MANY_CODES, "address",
                            "At most 3 codes an hour: try again later")));
        });
        r.api(HttpMethod.POST, "/contact", true, ctx -> {
            JsonObject body = MeApi.body(ctx);
            ContactPages.NewAddress wanted = address(body);
            FormErrors errors = FormErrors.none();
            Optional<String> code = fr.sante.dmp.pwa.web.Inputs.code(body.getString("code"), "code", errors);
            if (code.isEmpty()) {
                throw new RecordException.Invalid("code", "6 digits are required");
            }
            return personOnly(ctx).compose(v -> changes.confirm(Routes.session(ctx).ins(), wanted, code.get(),
                            MeApi.lang(ctx))
                    .compose(check -> check == OneTimeCodes.Check.OK ? MeApi.noContent(ctx)
                            : PageRenderer.problem(ctx, ProblemType.WRONG_CODE, "code",
                                    check == OneTimeCodes.Check.WRONG
                                            ? "Wrong code: check it, or ask for a new one"
                                            : "This code can no longer be used: ask for a new one")));
        });
    }

    private Future<Void> personOnly(RoutingContext ctx) {
        return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).personOnly(Routes.session(ctx).subject());
    }

    /** {@code kind} (phone or email) and the address, normalised as the page does; a 400 naming the field otherwise. */
    private static ContactPages.NewAddress address(JsonObject body) {
        String kind = body.getString("kind"); // phone or email, at most 254 characters: the contract's enum and bound
        Optional<String> address = ContactPages.normalised(kind, body.getString("address"), FormErrors.none());
        if (address.isEmpty()) {
            throw new RecordException.Invalid("address", "email".equals(kind)
                    ? "a valid e-mail address is required" : "a mobile number (06… or E.164) is required");
        }
        return new ContactPages.NewAddress(kind, address.get());
    }
}
