package fr.sante.dmp.pwa.directives;

import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Model;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Treatment;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Wish;
import io.vertx.core.MultiMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The guided form of the official models (arrêté of 3 August 2016) to and from AdvanceDirectiveContent. */
public final class DirectivesForm {
    private DirectivesForm() {
    }

    /** Each field's limit, in characters (UTF-16 units, as the browser's maxlength counts), stated next to it. */
    public static final int MAX_FREE_TEXT = 10_000;
    public static final int MAX_NAME = 200;
    public static final int MAX_CONTACT = 200;
    /**
     * Body limit of the draft form: every field at its limit in the worst encoding (3 UTF-8 bytes per character, each
     * byte percent-encoded as 3), plus the fixed fields. The fields' own limits are checked before anything else.
     */
    public static final long BODY_LIMIT = 9L * (MAX_FREE_TEXT + MAX_NAME + MAX_CONTACT) + 8 * 1024;

    public static final List<Treatment> TREATMENTS = List.of(Treatment.values());
    public static final List<Wish> WISHES = List.of(Wish.values());

    /** An empty model B form: every wish "no stated wish". */
    public static AdvanceDirectiveContent blank() {
        Map<Treatment, Wish> wishes = new EnumMap<>(Treatment.class);
        TREATMENTS.forEach(t -> wishes.put(t, Wish.NO_OPINION));
        return new AdvanceDirectiveContent(Model.B_GOOD_HEALTH, wishes, Wish.NO_OPINION, "", Optional.empty(), false);
    }

    public static AdvanceDirectiveContent parse(MultiMap form, FormErrors errors) {
        Model model = null;
        try {
            model = Model.valueOf(nz(form.get("model")));
        } catch (IllegalArgumentException e) {
            errors.add("model", "error.directives.model");
        }
        Map<Treatment, Wish> wishes = new EnumMap<>(Treatment.class);
        for (Treatment t : TREATMENTS) {
            wishes.put(t, wish(form.get("t-" + t.name())));
        }
        Wish sedation = wish(form.get("sedation"));
        String freeText = Inputs.text(form.get("freeText"), MAX_FREE_TEXT, "freeText", errors,
                "error.directives.freeText.tooLong");
        String name = Inputs.text(form.get("tpName"), MAX_NAME, "tpName", errors, "error.directives.tpName.tooLong");
        String contact = Inputs.text(form.get("tpContact"), MAX_CONTACT, "tpContact", errors,
                "error.directives.tpContact.tooLong");
        Optional<AdvanceDirectiveContent.TrustedPerson> person = name.isEmpty() ? Optional.empty()
                : Optional.of(new AdvanceDirectiveContent.TrustedPerson(name, contact));
        return new AdvanceDirectiveContent(model == null ? Model.B_GOOD_HEALTH : model, wishes, sedation, freeText,
                person, "yes".equals(form.get("legalProtection")));
    }

    private static Wish wish(String raw) {
        try {
            return raw == null ? Wish.NO_OPINION : Wish.valueOf(raw);
        } catch (IllegalArgumentException e) {
            return Wish.NO_OPINION;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
