package fr.sante.dmp.pwa.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.sante.dmp.problem.AllowedMethods;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.validation.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The patient API's contract ({@value #RESOURCE}, the patient API's own OpenAPI document): published as written at
 * {@value #PUBLISHED}, and checked by vertx-openapi's own validator, the library the professional API uses. Every
 * request under {@code /api/v1/me} is validated against its operation (path, query, JSON body: types, lengths,
 * patterns, enumerations, unknown fields) once the session is checked and before its handler runs, so a handler reads
 * fields the contract already vouched for and no hand-written check repeats it.
 */
public final class PatientApiContract {
    public static final String RESOURCE = "openapi-me.yaml";
    /** Where the patient space serves it (the professional contract stays at {@code /openapi.yaml}). */
    public static final String PUBLISHED = "/" + RESOURCE;
    private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();

    private final Buffer text;
    private final AllowedMethods allowed;
    private final Future<Checks> checks;

    /** What validates: the library's model of the contract, its validator, each operation by method and path. */
    private record Checks(RequestValidator validator, Map<String, Operation> operations) {
        Operation operation(HttpMethod method, String template) {
            Operation op = operations.get(key(method, template));
            if (op == null) {
                // A route without an operation is a defect of ours (OpenApiContractTest keeps them equal): a 500.
                throw new IllegalStateException("no operation in " + RESOURCE + " for " + method + " " + template);
            }
            return op;
        }
    }

    /** Reads the contract from the class path (blocking: on a worker, as the patient space is built). */
    public PatientApiContract(Vertx vertx) {
        this.text = read();
        this.allowed = AllowedMethods.fromClasspath(RESOURCE);
        this.checks = OpenAPIContract.from(vertx, forValidation(yaml(text)))
                .map(model -> new Checks(RequestValidator.create(vertx, model), operations(model)));
    }

    /** Succeeds once the library has read the contract; fails if it refuses it. */
    public Future<Void> ready() {
        return checks.mapEmpty();
    }

    /** The contract as written, for {@value #PUBLISHED}. */
    public Buffer text() {
        return text;
    }

    /** The methods the contract allows on a path (a 405's {@code Allow}). */
    public AllowedMethods allowed() {
        return allowed;
    }

    /**
     * Validates the request against the operation at {@code path} (a route path, {@code /api/v1/me/documents/:id}):
     * the library's {@link io.vertx.openapi.validation.ValidatorException} fails the route, and the failure handler
     * answers the client's 400 naming the field.
     */
    public Handler<RoutingContext> validation(HttpMethod method, String path) {
        String template = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
        return rc -> checks.compose(c -> {
                    Operation op = c.operation(method, template);
                    if (op.getRequestBody() != null) {
                        String type = rc.request().getHeader("Content-Type");
                        if (op.getRequestBody().isRequired() && (type == null || !Routes.isJsonUtf8(type))) {
                            // A body is needed and none came as JSON (over HTTP/2 one may come without a length, so
                            // Routes' check before the body could not tell): the content type is what is wrong.
                            throw new io.vertx.ext.web.handler.HttpException(415, "send application/json in UTF-8");
                        }
                        refuseDuplicateNames(rc);
                    }
                    return EXTRACTOR.extractValidatableRequest(rc, op)
                            .compose(request -> c.validator().validate(request, op.getOperationId()));
                })
                .onSuccess(validated -> rc.next())
                .onFailure(rc::fail);
    }

    private static final com.fasterxml.jackson.core.JsonFactory STRICT = com.fasterxml.jackson.core.JsonFactory
            .builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * The one rule of a JSON body that no schema can state: a name given twice in one object. Decoders keep the last
     * one silently, so {@code {"model": "A…", "model": "B…"}} would be read as what the client did not mean; it is
     * the client's mistake, a 400 naming the field. Anything else malformed is left to the validator.
     */
    private static void refuseDuplicateNames(RoutingContext rc) {
        Buffer raw = rc.body().buffer();
        if (raw == null || raw.length() == 0) {
            return;
        }
        try (com.fasterxml.jackson.core.JsonParser p = STRICT.createParser(raw.getBytes())) {
            while (p.nextToken() != null) {
                // read to the end: the parser refuses the second occurrence of a name
            }
        } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field") && e.getProcessor() != null) {
                throw new fr.sante.dmp.store.RecordException.Invalid(
                        field(e.getProcessor().getParsingContext()), "is given twice");
            }
        } catch (IOException e) {
            // Not JSON: the validator says so.
        }
    }

    /** The field as the patient API names it: keys from the root, dot-separated, array positions left out. */
    private static String field(com.fasterxml.jackson.core.JsonStreamContext context) {
        StringBuilder b = new StringBuilder();
        for (var c = context; c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                b.insert(0, b.length() == 0 ? c.getCurrentName() : c.getCurrentName() + ".");
            }
        }
        String name = b.toString();
        // Never echo a name that cannot be one of ours (it may be anything the client typed).
        return name.isEmpty() || name.length() > 200 || !name.matches("[A-Za-z0-9_.]+") ? "body" : name;
    }

    private static Map<String, Operation> operations(OpenAPIContract model) {
        Map<String, Operation> byKey = new HashMap<>();
        for (Path path : model.getPaths()) {
            for (Operation op : path.getOperations()) {
                byKey.put(key(op.getHttpMethod(), path.getName()), op);
            }
        }
        return Map.copyOf(byKey);
    }

    private static String key(HttpMethod method, String template) {
        return method.name().toUpperCase(Locale.ROOT) + " " + template;
    }

    private static Buffer read() {
        try (InputStream in = PatientApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static JsonObject yaml(Buffer text) {
        try {
            return new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(text.getBytes(), Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The copy the library validates with. vertx-openapi refuses a contract naming media types it cannot validate
     * (the problem documents, a document's own bytes): those entries are dropped from this copy. A request body that
     * is not JSON (the patient's own file, streamed to its handler after this check) is the handler's to read: only
     * its parameters are validated here. The paths are absolute: one server at the root.
     */
    static JsonObject forValidation(JsonObject contract) {
        contract.put("servers", new JsonArray().add(new JsonObject().put("url", "http://localhost")));
        contract.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(e -> {
            if (!(e.getValue() instanceof JsonObject op)) {
                return;
            }
            if (op.getValue("responses") instanceof JsonObject responses) {
                responses.forEach(r -> dropUnsupported((JsonObject) r.getValue()));
            }
            if (op.getValue("requestBody") instanceof JsonObject body) {
                body.getJsonObject("content", new JsonObject()).fieldNames()
                        .removeIf(type -> !MediaType.APPLICATION_JSON.equals(type));
                if (body.getJsonObject("content", new JsonObject()).isEmpty()) {
                    op.remove("requestBody");
                }
            }
        }));
        contract.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject())
                .forEach(r -> dropUnsupported((JsonObject) r.getValue()));
        return contract;
    }

    private static void dropUnsupported(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content != null) {
            content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
        }
    }
}
