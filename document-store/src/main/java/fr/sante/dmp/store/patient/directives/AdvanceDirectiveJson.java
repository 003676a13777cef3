package fr.sante.dmp.store.patient.directives;

import io.vertx.core.json.JsonObject;

/**
 * Advance directives as JSON ({@code AdvanceDirective} in both contracts): the same shape for the patient
 * ({@code /api/v1/me/directives}) and for professionals ({@code /api/v1/patients/{ins}/directives}, the export's FHIR
 * Bundle).
 */
public final class AdvanceDirectiveJson {

    private AdvanceDirectiveJson() {
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
}
