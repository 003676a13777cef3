package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.store.representation.NewRepresentation;
import fr.sante.dmp.store.representation.Representations;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * The operators' representation endpoints under {@code /admin/representations} (docs/representatives.md): create a
 * link, end it, record a guardianship's directives authorisation; each audited under the operator's subject with the
 * justification sealed for the represented person.
 */
final class RepresentationHandlers {
    private final Representations representations;

    RepresentationHandlers(Representations representations) {
        this.representations = representations;
    }

    /** POST /admin/representations → 201 {"id"}. */
    Handler<RoutingContext> create() {
        return rc -> {
            JsonObject b = Exchange.body(rc);
            NewRepresentation link = new NewRepresentation(ins(b, "representative"), ins(b, "represented"),
                    RepresentationKind.valueOf(b.getString("kind")), date(b, "from").orElseThrow(), date(b, "until"),
                    b.getString("justification"));
            representations.create(Exchange.caller(rc).subject(), link)
                    .onSuccess(id -> {
                        rc.response().putHeader("Location", ProfessionalApi.MOUNT + "/admin/representations/" + id);
                        Exchange.json(rc, 201, new JsonObject().put("id", id.toString()));
                    })
                    .onFailure(rc::fail);
        };
    }

    /** DELETE /admin/representations/{id} → 204. */
    Handler<RoutingContext> end() {
        return rc -> representations.end(Exchange.caller(rc).subject(), id(rc),
                        Exchange.body(rc).getString("justification"))
                .onSuccess(v -> rc.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
                .onFailure(rc::fail);
    }

    /** PUT /admin/representations/{id}/directives-authorisation → 204. */
    Handler<RoutingContext> directivesAuthorisation() {
        return rc -> representations.recordDirectivesAuthorisation(Exchange.caller(rc).subject(), id(rc),
                        Exchange.body(rc).getString("reference"))
                .onSuccess(v -> rc.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
                .onFailure(rc::fail);
    }

    private static Ins ins(JsonObject b, String field) {
        try {
            return Ins.parse(b.getString(field));
        } catch (InvalidIdentifierException e) {
            throw Exchange.invalid(field, "not a valid INS (15 characters with its key)");
        }
    }

    private static Optional<LocalDate> date(JsonObject b, String field) {
        String v = b.getString(field);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(v));
        } catch (DateTimeParseException e) {
            throw Exchange.invalid(field, "a date YYYY-MM-DD is required");
        }
    }

    private static UUID id(RoutingContext rc) {
        try {
            return UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Exchange.invalid("id", "not a link id");
        }
    }
}
