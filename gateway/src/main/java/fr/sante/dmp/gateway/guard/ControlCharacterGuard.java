package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.gateway.api.ProfessionalApi;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.gateway.problem.RequestIdHandler;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * 400 {@code invalid-field} (field {@code path}) for a request whose path holds a control character, raw or
 * percent-encoded ({@code %00} to {@code %1F}, {@code %7F}), or whose query holds a NUL ({@code %00}). No path
 * segment or parameter of ours is meant to hold one, and PostgreSQL refuses a NUL in text: it reached the database
 * from a path segment and came back as a 503 "unavailable", a client's mistake dressed as an outage. Runs on the
 * root router before every route; the patient API ({@code /api/v1/me}) checks its own parameters, and the FHIR face
 * ({@code /fhir/}) calls {@link #hasControlCharacter} to answer the same refusal as an OperationOutcome.
 */
public final class ControlCharacterGuard implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext rc) {
        String path = rc.request().path();
        if (path != null && !patientApi(path) && !path.startsWith("/fhir/") && hasControlCharacter(rc)) {
            // Answered here rather than failed: the patient space's sub-router would take the failure of its own
            // paths and answer an HTML 500.
            Problem problem = Problem.field(ProblemType.INVALID_FIELD, "path",
                    "the request's path or query holds a control character (such as NUL)");
            rc.response().setStatusCode(400)
                    .putHeader("Content-Type", "application/problem+json")
                    .putHeader("Cache-Control", "no-store")
                    .end(problem.toJson(RequestIdHandler.of(rc)).encode());
            return;
        }
        rc.next();
    }

    /** The patient API's room: its contract and the store's text rules check its own parameters. */
    private static boolean patientApi(String path) {
        return path.equals(ProfessionalApi.PATIENT_API) || path.startsWith(ProfessionalApi.PATIENT_API + "/");
    }

    /** A control character in the request's path, or a NUL in its query. */
    public static boolean hasControlCharacter(RoutingContext rc) {
        return hasControl(rc.request().path(), true) || hasControl(rc.request().query(), false);
    }

    /** A raw control character, or a percent-encoded one ({@code allControls}) or only NUL. */
    static boolean hasControl(String s, boolean allControls) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
            if (c == '%' && i + 2 < s.length()) {
                int value = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
                if (Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0
                        && (value == 0 || allControls && (value < 0x20 || value == 0x7f))) {
                    return true;
                }
            }
        }
        return false;
    }
}
