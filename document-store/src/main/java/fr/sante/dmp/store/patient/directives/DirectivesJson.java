package fr.sante.dmp.store.patient.directives;

import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.Text;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Model;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Treatment;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.TrustedPerson;
import fr.sante.dmp.store.patient.directives.AdvanceDirectiveContent.Wish;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Advance directives as the JSON sealed in {@code advance_directive.content}, and the checks on what is saved. */
final class DirectivesJson {
    static final int MAX_FREE_TEXT = 20_000;
    static final int MAX_NAME = 200;

    private DirectivesJson() {
    }

    static void validate(AdvanceDirectiveContent c) {
        require(c != null, "directives", "are required");
        require(c.model() != null, "model", "is required (A_SERIOUS_ILLNESS or B_GOOD_HEALTH)");
        // Immutable maps (Map.of) throw on containsValue(null): look at each value.
        require(c.treatments() != null && c.treatments().values().stream().allMatch(Objects::nonNull), "treatments",
                "must give a wish per treatment listed");
        require(c.deepContinuousSedation() != null, "deepContinuousSedation", "is required");
        require(c.freeText() != null && c.freeText().length() <= MAX_FREE_TEXT, "freeText",
                "must be at most " + MAX_FREE_TEXT + " characters");
        Text.lines("freeText", c.freeText());
        require(c.trustedPerson() != null, "trustedPerson", "must be given or empty");
        c.trustedPerson().ifPresent(p -> {
            require(p.name() != null && !p.name().isBlank() && p.name().length() <= MAX_NAME, "trustedPerson.name",
                    "is required, at most " + MAX_NAME + " characters");
            require(p.contact() != null && p.contact().length() <= MAX_NAME, "trustedPerson.contact",
                    "must be at most " + MAX_NAME + " characters");
            Text.line("trustedPerson.name", p.name());
            Text.line("trustedPerson.contact", p.contact());
        });
    }

    static byte[] encode(AdvanceDirectiveContent c) {
        JsonObject treatments = new JsonObject();
        c.treatments().forEach((t, w) -> treatments.put(t.name(), w.name()));
        JsonObject json = new JsonObject()
                .put("model", c.model().name())
                .put("treatments", treatments)
                .put("deepContinuousSedation", c.deepContinuousSedation().name())
                .put("freeText", c.freeText())
                .put("underLegalProtection", c.underLegalProtection());
        c.trustedPerson().ifPresent(p -> json.put("trustedPerson",
                new JsonObject().put("name", p.name()).put("contact", p.contact())));
        return json.toBuffer().getBytes();
    }

    static AdvanceDirectiveContent decode(byte[] bytes) {
        JsonObject json = new JsonObject(Buffer.buffer(bytes));
        Map<Treatment, Wish> treatments = new EnumMap<>(Treatment.class);
        json.getJsonObject("treatments").forEach(e -> treatments.put(Treatment.valueOf(e.getKey()),
                Wish.valueOf((String) e.getValue())));
        JsonObject p = json.getJsonObject("trustedPerson");
        return new AdvanceDirectiveContent(Model.valueOf(json.getString("model")), Map.copyOf(treatments),
                Wish.valueOf(json.getString("deepContinuousSedation")), json.getString("freeText"),
                p == null ? Optional.empty() : Optional.of(new TrustedPerson(p.getString("name"),
                        p.getString("contact"))),
                json.getBoolean("underLegalProtection", false));
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new RecordException.Invalid(field, message);
        }
    }
}
