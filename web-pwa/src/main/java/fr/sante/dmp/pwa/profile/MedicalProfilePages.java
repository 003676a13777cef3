package fr.sante.dmp.pwa.profile;

import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.patient.choices.MedicalProfile;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * "Profil médical": blood group (fixed list), allergies (free text, bounded), up to {@link MedicalProfile#MAX_CONTACTS}
 * emergency contacts (name and E.164 phone). Saving deposits a new version of the patient's own document (class
 * 51855-5), which replaces the previous one; professionals allowed on the record read it like any document.
 */
public final class MedicalProfilePages {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");
    private final PageRenderer views;
    private final ChoicesService choices;

    public MedicalProfilePages(PageRenderer views, ChoicesService choices) {
        this.views = views;
        this.choices = choices;
    }

    /** The form's values as typed, so a page with errors gives them back. */
    public record Form(String bloodGroup, String allergies, List<String> names, List<String> phones) {
        static Form of(MedicalProfile p) {
            List<String> names = new ArrayList<>();
            List<String> phones = new ArrayList<>();
            for (int i = 0; i < MedicalProfile.MAX_CONTACTS; i++) {
                boolean has = i < p.emergencyContacts().size();
                names.add(has ? p.emergencyContacts().get(i).name() : "");
                phones.add(has ? p.emergencyContacts().get(i).phone() : "");
            }
            return new Form(p.bloodGroup().orElse(""), p.allergies(), names, phones);
        }

        static Form empty() {
            return of(new MedicalProfile(Optional.empty(), "", List.of()));
        }
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.PROFILE_MEDICAL, ctx -> fr.sante.dmp.pwa.web.Acting.on(ctx, choices).medicalProfile(Routes.session(ctx).subject())
                .compose(p -> page(ctx, 200, p.map(Form::of).orElse(Form.empty()), FormErrors.none(),
                        "saved".equals(ctx.request().getParam("saved")))));
        routes.signedIn(HttpMethod.POST, Paths.PROFILE_MEDICAL, this::save);
    }

    private Future<Void> save(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        FormErrors errors = FormErrors.none();
        String blood = nz(f.get("bloodGroup"));
        if (!blood.isEmpty() && !MedicalProfile.BLOOD_GROUPS.contains(blood)) {
            errors.add("bloodGroup", "medical.error.bloodGroup");
        }
        String allergies = nz(f.get("allergies")).strip();
        if (allergies.length() > MedicalProfile.MAX_ALLERGIES) {
            errors.add("allergies", "medical.error.allergies");
        }
        List<String> names = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<MedicalProfile.EmergencyContact> contacts = new ArrayList<>();
        for (int i = 1; i <= MedicalProfile.MAX_CONTACTS; i++) {
            String name = nz(f.get("contactName" + i)).strip();
            String phone = nz(f.get("contactPhone" + i)).replaceAll("[\\s.()-]", "");
            names.add(name);
            phones.add(phone);
            if (name.isEmpty() && phone.isEmpty()) {
                continue;
            }
            boolean ok = true;
            if (name.isEmpty() || name.length() > MedicalProfile.MAX_NAME) {
                errors.add("contactName" + i, "medical.error.name");
                ok = false;
            }
            if (!E164.matcher(phone).matches()) {
                errors.add("contactPhone" + i, "medical.error.phone");
                ok = false;
            }
            if (ok) {
                contacts.add(new MedicalProfile.EmergencyContact(name, phone));
            }
        }
        Form typed = new Form(blood, allergies, names, phones);
        if (!errors.isEmpty()) {
            return page(ctx, 400, typed, errors, false);
        }
        MedicalProfile profile = new MedicalProfile(blood.isEmpty() ? Optional.empty() : Optional.of(blood),
                allergies, contacts);
        return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).saveMedicalProfile(Routes.session(ctx).subject(), profile)
                .compose(v -> PageRenderer.redirect(ctx, Paths.PROFILE_MEDICAL + "?saved=saved"));
    }

    private Future<Void> page(RoutingContext ctx, int status, Form form, FormErrors errors, boolean saved) {
        return views.send(ctx, status, "pages/medicalProfile.jte", views.page(ctx, "medical"), "form", form,
                "errors", errors, "saved", saved);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
