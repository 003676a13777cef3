package fr.sante.dmp.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;

/**
 * The OpenAPI contract: its text as published at {@code /openapi.yaml}, and the model that validates requests.
 * vertx-openapi 5.0 refuses response media types it cannot validate ({@code application/problem+json}, a document's
 * own type); we validate requests only, so those response entries are dropped from the validating copy and kept in
 * the published text. The published contract is the professional API with absolute paths; the validating copy has
 * them relative to {@value #PROFESSIONAL_BASE}, where their router is mounted. The patient API
 * ({@value #PATIENT_PREFIX}) has its own contract (web-pwa's {@code openapi-me.yaml}) and its own router: a path of
 * it here would be routed to the professionals' authentication, so it is refused.
 */
record Contract(Buffer text, OpenAPIContract model) {
    static final String PROFESSIONAL_BASE = "/api/v1";
    static final String PATIENT_PREFIX = "/api/v1/me";
    static final String SCOPES_EXTENSION = "x-dmp-scopes";

    static Future<Contract> load(Vertx vertx, String resource) {
        return vertx.fileSystem().readFile(resource).compose(text -> vertx
                .executeBlocking(() -> forValidation(parse(text)))
                .compose(json -> OpenAPIContract.from(vertx, json))
                .map(model -> new Contract(text, model)));
    }

    @SuppressWarnings("unchecked")
    private static JsonObject parse(Buffer yaml) throws java.io.IOException {
        return new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(yaml.getBytes(), Map.class));
    }

    static JsonObject forValidation(JsonObject contract) {
        JsonObject paths = new JsonObject();
        contract.getJsonObject("paths", new JsonObject()).forEach(e -> {
            String path = e.getKey();
            if (path.equals(PATIENT_PREFIX) || path.startsWith(PATIENT_PREFIX + "/")
                    || !path.startsWith(PROFESSIONAL_BASE + "/")) {
                throw new IllegalStateException("not a professional API path: " + path);
            }
            paths.put(path.substring(PROFESSIONAL_BASE.length()), e.getValue());
        });
        contract.put("paths", paths);
        contract.put("servers", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("url", "http://localhost:8080" + PROFESSIONAL_BASE)));
        for (String path : paths.fieldNames()) {
            JsonObject operations = paths.getJsonObject(path);
            for (String method : operations.fieldNames()) {
                Object operation = operations.getValue(method);
                // Alternative security requirements (e.g. dmp:dpo or dmp:admin) make the router builder install an
                // empty authentication chain even with security off; the alternatives move to x-dmp-scopes, read by
                // ProfessionalApi, and the first requirement stays.
                if (operation instanceof JsonObject op && op.getValue("security") instanceof io.vertx.core.json.JsonArray
                        security && security.size() > 1) {
                    io.vertx.core.json.JsonArray scopes = new io.vertx.core.json.JsonArray();
                    security.forEach(r -> ((JsonObject) r).forEach(e -> ((io.vertx.core.json.JsonArray) e.getValue())
                            .forEach(scopes::add)));
                    op.put(SCOPES_EXTENSION, scopes);
                    op.put("security", new io.vertx.core.json.JsonArray().add(security.getValue(0)));
                }
                if (operation instanceof JsonObject op && op.containsKey("responses")) {
                    op.getJsonObject("responses").forEach(r -> dropUnsupported((JsonObject) r.getValue()));
                }
                // A streamed body (the care-history feed's NDJSON) is read by its handler, never validated here.
                if (operation instanceof JsonObject op && op.getValue("requestBody") instanceof JsonObject body) {
                    dropUnsupported(body);
                    if (body.getJsonObject("content", new JsonObject()).isEmpty()) {
                        op.remove("requestBody");
                    }
                }
            }
        }
        JsonObject responses = contract.getJsonObject("components", new JsonObject())
                .getJsonObject("responses", new JsonObject());
        responses.forEach(r -> dropUnsupported((JsonObject) r.getValue()));
        // vertx-json-schema checks contentEncoding: base64 with a backtracking regex that cost milliseconds per 2 KiB
        // deposit (docs/BENCHMARKS.md, "Gateway micro-benchmarks"); DepositHandler enforces the same rule.
        JsonObject content = contract.getJsonObject("components", new JsonObject())
                .getJsonObject("schemas", new JsonObject()).getJsonObject("NewDocument", new JsonObject())
                .getJsonObject("properties", new JsonObject()).getJsonObject("content");
        if (content != null) {
            content.remove("contentEncoding");
        }
        return contract;
    }

    private static void dropUnsupported(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content != null) {
            content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
        }
    }
}
