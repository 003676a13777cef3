package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.gateway.auth.AuthenticationHandler;
import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;

/** What every handler reads from a request that passed authentication, scope and the contract, and how it answers. */
final class Exchange {

    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private Exchange() {
    }

    static Ins ins(RoutingContext rc) {
        return Ins.parse(rc.pathParam("ins"));
    }

    static Caller caller(RoutingContext rc) {
        return AuthenticationHandler.caller(rc);
    }

    /** Present: the scope handler refused tokens without a professional identity before we got here. */
    static Actor.Professional professional(RoutingContext rc) {
        return caller(rc).professional().orElseThrow();
    }

    /** The body as validated against the contract. */
    static JsonObject body(RoutingContext rc) {
        ValidatedRequest validated = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        if (validated == null || validated.getBody() == null || validated.getBody().isNull()) {
            throw new ProblemException(Problem.field(ProblemType.MALFORMED_BODY, "body", "a JSON body is required"));
        }
        return validated.getBody().getJsonObject();
    }

    static void json(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
    }

    /** An answer already encoded as JSON (the hot read path), with header names and values built once. */
    static void json(RoutingContext rc, int status, Buffer encoded) {
        rc.response().setStatusCode(status)
                .putHeader(CONTENT_TYPE, APPLICATION_JSON)
                .putHeader(CACHE_CONTROL, NO_STORE)
                .end(encoded);
    }

    static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.field(ProblemType.INVALID_FIELD, field, detail));
    }
}
