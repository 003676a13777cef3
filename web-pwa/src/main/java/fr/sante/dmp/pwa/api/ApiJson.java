package fr.sante.dmp.pwa.api;

import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.CareContext;
import fr.sante.dmp.store.patient.history.AccessHistoryPage;
import fr.sante.dmp.store.patient.overview.AccessPreview;
import fr.sante.dmp.store.patient.directives.AdvanceDirective;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent;
import fr.sante.dmp.store.patient.choices.AlertPreferences;
import fr.sante.dmp.store.patient.lifecycle.OppositionReceipt;
import fr.sante.dmp.store.patient.overview.PatientOverview;
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

    public static JsonObject researchUse(fr.sante.dmp.store.patient.choices.ResearchUse u) {
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

    /** The alert choices of {@code PUT /alerts}, of the contract's shape (Alerts); an absent choice is its default. */
    public static AlertPreferences alerts(JsonObject j) {
        return new AlertPreferences(j.getBoolean("everyAccess", false), j.getBoolean("firstAccessByProfessional", true),
                j.getBoolean("newDocument", false), AlertPreferences.Channel.valueOf(j.getString("channel", "SMS")),
                j.getBoolean("careContext", false));
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

    /**
     * Directive content of the contract's shape (DirectiveContent: the enumerations, the 10,000 and 200 character
     * bounds); every missing treatment is "no stated wish". The store checks the text itself (DirectivesJson).
     */
    public static AdvanceDirectiveContent content(JsonObject j) {
        Map<AdvanceDirectiveContent.Treatment, AdvanceDirectiveContent.Wish> wishes =
                new EnumMap<>(AdvanceDirectiveContent.Treatment.class);
        JsonObject t = j.getJsonObject("treatments", new JsonObject());
        for (AdvanceDirectiveContent.Treatment treatment : AdvanceDirectiveContent.Treatment.values()) {
            wishes.put(treatment, wish(t.getString(treatment.name())));
        }
        JsonObject tp = j.getJsonObject("trustedPerson");
        String personName = tp == null ? "" : tp.getString("name", "").strip();
        String personContact = tp == null ? "" : tp.getString("contact", "").strip();
        Optional<AdvanceDirectiveContent.TrustedPerson> person = personName.isBlank()
                ? Optional.empty()
                : Optional.of(new AdvanceDirectiveContent.TrustedPerson(personName, personContact));
        return new AdvanceDirectiveContent(AdvanceDirectiveContent.Model.valueOf(j.getString("model")), wishes,
                wish(j.getString("deepContinuousSedation")), j.getString("freeText", ""), person,
                j.getBoolean("underLegalProtection", false));
    }

    /** A wish: absent is no stated wish. */
    private static AdvanceDirectiveContent.Wish wish(String value) {
        return value == null ? AdvanceDirectiveContent.Wish.NO_OPINION : AdvanceDirectiveContent.Wish.valueOf(value);
    }

    /**
     * {@code {bloodGroup?, allergies?, emergencyContacts?: [{name, phone}]}} of the contract's shape (MedicalProfile);
     * the record validates each field's text.
     */
    static fr.sante.dmp.store.patient.choices.MedicalProfile medicalProfile(JsonObject body) {
        List<fr.sante.dmp.store.patient.choices.MedicalProfile.EmergencyContact> contacts = new java.util.ArrayList<>();
        for (Object c : body.getJsonArray("emergencyContacts", new JsonArray())) {
            JsonObject contact = (JsonObject) c;
            contacts.add(new fr.sante.dmp.store.patient.choices.MedicalProfile.EmergencyContact(contact.getString("name"),
                    contact.getString("phone")));
        }
        return new fr.sante.dmp.store.patient.choices.MedicalProfile(Optional.ofNullable(body.getString("bloodGroup")),
                body.getString("allergies", ""), contacts);
    }
}
