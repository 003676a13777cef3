package fr.sante.dmp.pwa.api;

import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.CareContext;
import fr.sante.dmp.store.patient.AccessHistoryPage;
import fr.sante.dmp.store.patient.AccessPreview;
import fr.sante.dmp.store.patient.AdvanceDirective;
import fr.sante.dmp.store.patient.AdvanceDirectiveContent;
import fr.sante.dmp.store.patient.AlertPreferences;
import fr.sante.dmp.store.patient.OppositionReceipt;
import fr.sante.dmp.store.patient.PatientOverview;
import fr.sante.dmp.store.record.DocumentSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The patient API's JSON shapes (see openapi-me.yaml), written by hand so field names are the contract. */
public final class ApiJson {
    private ApiJson() {
    }

    public static JsonObject researchUse(fr.sante.dmp.store.patient.ResearchUse u) {
        JsonObject json = new JsonObject().put("objected", u.objected()).put("chosen", u.chosen())
                .put("policyDefault", u.policyDefault().policyName());
        u.chosenAt().ifPresent(at -> json.put("chosenAt", at.toString()));
        return json;
    }

    public static JsonObject overview(PatientOverview o) {
        return new JsonObject()
                .put("state", o.state().name())
                .put("oppositionDeadline", o.oppositionDeadline().map(Object::toString).orElse(null))
                .put("givenName", o.givenName())
                .put("treatingDoctor", o.treatingDoctorRpps().orElse(null))
                .put("emergencyAccessOpposed", o.emergencyAccessOpposed())
                .put("blocked", new JsonArray(o.blockedRpps().stream().sorted().toList()))
                .put("alerts", alerts(o.alerts()))
                .put("documentCount", o.documentCount());
    }

    public static JsonObject alerts(AlertPreferences a) {
        return new JsonObject().put("everyAccess", a.everyAccess())
                .put("firstAccessByProfessional", a.firstAccessByProfessional())
                .put("newDocument", a.newDocument())
                .put("careContext", a.careContext())
                // R1111-48: emergency access is always notified; shown so apps need not hard-code it.
                .put("emergencyAccess", true)
                .put("channel", a.channel().name());
    }

    public static AlertPreferences alerts(JsonObject j) {
        if (j == null) {
            throw new RecordException.Invalid("body", "a JSON object is required");
        }
        // Absent: the default. An explicit null is not a channel: a 400 like any other wrong value (it was a 500,
        // Enum.valueOf(null); found by schemathesis).
        if (j.containsKey("channel") && j.getValue("channel") == null) {
            throw new RecordException.Invalid("channel", "SMS or EMAIL");
        }
        String channel = j.getString("channel", "SMS");
        AlertPreferences.Channel c;
        try {
            c = AlertPreferences.Channel.valueOf(channel);
        } catch (IllegalArgumentException e) {
            throw new RecordException.Invalid("channel", "SMS or EMAIL");
        }
        return new AlertPreferences(bool(j, "everyAccess", false), bool(j, "firstAccessByProfessional", true),
                bool(j, "newDocument", false), c, bool(j, "careContext", false));
    }

    /**
     * An optional boolean field: absent is the default, an explicit null is a wrong value (400). Vert.x's
     * getBoolean(key, default) answers null for an explicit null, and unboxing it was a 500 (found by schemathesis).
     */
    static boolean bool(JsonObject j, String key, boolean absent) {
        if (j.containsKey(key) && j.getValue(key) == null) {
            throw new RecordException.Invalid(key, "true or false");
        }
        return j.getBoolean(key, absent);
    }

    /** An optional text field: absent is the default, an explicit null is a wrong value (400), as for {@link #bool}. */
    static String text(JsonObject j, String key, String absent, String field) {
        if (j.containsKey(key) && j.getValue(key) == null) {
            throw new RecordException.Invalid(field, "a string is required");
        }
        return j.getString(key, absent);
    }

    /** A care context; {@code endedAt} only when the patient ended it; {@code live} at {@code now}. */
    public static JsonObject careContext(CareContext c, Instant now) {
        JsonObject j = new JsonObject().put("id", c.id().toString()).put("rpps", c.rpps())
                .put("profession", c.profession()).put("via", c.via()).put("openedAt", c.openedAt().toString())
                .put("expiresAt", c.expiresAt().toString());
        c.endedAt().ifPresent(at -> j.put("endedAt", at.toString()));
        return j.put("live", c.liveAt(now));
    }

    public static JsonObject receipt(OppositionReceipt r) {
        return new JsonObject().put("opposedAt", r.opposedAt().toString())
                .put("withdrawableUntil", r.windowClosesAt().toString())
                .put("verificationCode", r.verificationCode());
    }

    public static JsonObject document(DocumentSummary d) {
        return new JsonObject().put("id", d.id().toString()).put("classCode", d.classCode()).put("title", d.title())
                .put("contentType", d.contentType()).put("author", d.authorRpps().orElse(null))
                .put("depositedAt", d.depositedAt().toString()).put("size", d.size()).put("masked", d.masked());
    }

    public static JsonArray documents(List<DocumentSummary> docs) {
        JsonArray a = new JsonArray();
        docs.forEach(d -> a.add(document(d)));
        return a;
    }

    public static JsonObject preview(AccessPreview p) {
        JsonArray items = new JsonArray();
        p.items().forEach(i -> items.add(new JsonObject().put("documentId", i.documentId().toString())
                .put("title", i.title()).put("classCode", i.classCode()).put("visible", i.visible())
                .put("ruleId", i.ruleId()).put("reasonFr", i.reasonFr()).put("reasonEn", i.reasonEn())));
        return new JsonObject().put("profession", p.professionCode()).put("items", items);
    }

    public static JsonObject history(AccessHistoryPage h) {
        JsonArray entries = new JsonArray();
        h.entries().forEach(e -> entries.add(new JsonObject().put("at", e.at().toString())
                .put("actorKind", e.actorKind()).put("rpps", e.rpps().orElse(null))
                .put("profession", e.professionCode().orElse(null)).put("action", e.action())
                .put("allowed", e.allowed()).put("ruleId", e.ruleId()).put("reasonFr", e.reasonFr())
                .put("reasonEn", e.reasonEn()).put("breakGlass", e.breakGlass())
                .put("documentId", e.documentId().map(Object::toString).orElse(null))
                .put("documentTitle", e.documentTitle().orElse(null))
                .put("representationKind", e.representationKind().orElse(null))));
        return new JsonObject().put("page", h.page()).put("hasNext", h.hasNext()).put("entries", entries);
    }

    public static JsonObject directive(AdvanceDirective d) {
        return new JsonObject().put("version", d.version()).put("status", d.status().name())
                .put("savedAt", d.savedAt().toString()).put("signedAt", d.signedAt().map(Object::toString).orElse(null))
                .put("content", content(d.content()));
    }

    public static JsonObject content(AdvanceDirectiveContent c) {
        JsonObject treatments = new JsonObject();
        c.treatments().forEach((t, w) -> treatments.put(t.name(), w.name()));
        return new JsonObject().put("model", c.model().name()).put("treatments", treatments)
                .put("deepContinuousSedation", c.deepContinuousSedation().name())
                .put("freeText", c.freeText())
                .put("trustedPerson", c.trustedPerson().map(p -> new JsonObject().put("name", p.name())
                        .put("contact", p.contact())).orElse(null))
                .put("underLegalProtection", c.underLegalProtection());
    }

    /** Parses directive content; every missing treatment is "no stated wish". */
    public static AdvanceDirectiveContent content(JsonObject j) {
        if (j == null) {
            throw new RecordException.Invalid("body", "a JSON object is required");
        }
        AdvanceDirectiveContent.Model model = parse(AdvanceDirectiveContent.Model.class, j.getString("model"), "model");
        Map<AdvanceDirectiveContent.Treatment, AdvanceDirectiveContent.Wish> wishes =
                new EnumMap<>(AdvanceDirectiveContent.Treatment.class);
        JsonObject t = j.getJsonObject("treatments", new JsonObject());
        if (t == null) { // an explicit null (absent is the default)
            throw new RecordException.Invalid("treatments", "an object is required");
        }
        // Absent: no stated wish. An explicit null is not a wish: it was read as NO_OPINION, now a field error.
        for (AdvanceDirectiveContent.Treatment treatment : AdvanceDirectiveContent.Treatment.values()) {
            String field = "treatments." + treatment.name();
            String w = wish(t, treatment.name(), field);
            wishes.put(treatment, w == null ? AdvanceDirectiveContent.Wish.NO_OPINION
                    : parse(AdvanceDirectiveContent.Wish.class, w, field));
        }
        String sedation = wish(j, "deepContinuousSedation", "deepContinuousSedation");
        AdvanceDirectiveContent.Wish sed = sedation == null ? AdvanceDirectiveContent.Wish.NO_OPINION
                : parse(AdvanceDirectiveContent.Wish.class, sedation, "deepContinuousSedation");
        String free = text(j, "freeText", "", "freeText");
        if (free.length() > 10_000) {
            throw new RecordException.Invalid("freeText", "at most 10000 characters");
        }
        JsonObject tp = j.getJsonObject("trustedPerson");
        // Both fields checked even when the name is blank (then no trusted person is kept): an over-long contact
        // beside an empty name was accepted (schemathesis).
        String personName = tp == null ? "" : limit(text(tp, "name", "", "trustedPerson.name"), 200, "trustedPerson.name");
        String personContact = tp == null ? ""
                : limit(text(tp, "contact", "", "trustedPerson.contact"), 200, "trustedPerson.contact");
        Optional<AdvanceDirectiveContent.TrustedPerson> person = personName.isBlank()
                ? Optional.empty()
                : Optional.of(new AdvanceDirectiveContent.TrustedPerson(personName, personContact));
        return new AdvanceDirectiveContent(model, wishes, sed, free, person, bool(j, "underLegalProtection", false));
    }

    /** A wish: absent is null (no stated wish), an explicit null is refused. */
    private static String wish(JsonObject j, String key, String field) {
        if (j.containsKey(key) && j.getValue(key) == null) {
            throw new RecordException.Invalid(field, "ACCEPT, REFUSE or NO_OPINION (null is not a wish)");
        }
        return j.getString(key);
    }

    private static String limit(String v, int max, String field) {
        if (v != null && v.length() > max) {
            throw new RecordException.Invalid(field, "at most " + max + " characters");
        }
        return v == null ? "" : v.strip();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null) {
            throw new RecordException.Invalid(field, "is required");
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new RecordException.Invalid(field, "unknown value");
        }
    }

    /** {@code {bloodGroup?, allergies?, emergencyContacts?: [{name, phone}]}}; the record validates each field. */
    static fr.sante.dmp.store.patient.MedicalProfile medicalProfile(JsonObject body) {
        java.util.List<fr.sante.dmp.store.patient.MedicalProfile.EmergencyContact> contacts = new java.util.ArrayList<>();
        io.vertx.core.json.JsonArray list;
        try {
            list = body.getJsonArray("emergencyContacts", new io.vertx.core.json.JsonArray());
            if (list == null) { // an explicit null (absent is the default)
                throw new RecordException.Invalid("emergencyContacts", "an array is required");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonObject c = list.getJsonObject(i);
                if (c == null) {
                    throw new RecordException.Invalid("emergencyContacts", "each contact is an object");
                }
                contacts.add(new fr.sante.dmp.store.patient.MedicalProfile.EmergencyContact(c.getString("name"),
                        c.getString("phone")));
            }
            String blood = body.getString("bloodGroup");
            return new fr.sante.dmp.store.patient.MedicalProfile(java.util.Optional.ofNullable(blood),
                    text(body, "allergies", "", "allergies"), contacts);
        } catch (ClassCastException e) {
            throw new fr.sante.dmp.store.RecordException.Invalid("body", "fields of the wrong type");
        }
    }
}
