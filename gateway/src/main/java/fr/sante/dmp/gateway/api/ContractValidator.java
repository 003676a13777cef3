package fr.sante.dmp.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates requests against the contract with vertx-openapi's {@link RequestValidator}, through its public API only.
 * The library alone cost the G2 list request ten times what validation costs here, and a 2 KiB deposit about twice
 * (docs/BENCHMARKS.md, "The contract validator"): it answers on a worker thread, one request of an event loop after
 * the other, builds a new schema validator for each parameter of each request (each copying the contract's whole
 * schema lookup map) and compiles each {@code pattern} again on every value. So a pre-check runs first, on the event
 * loop, made of the library's own parts: its parameter transformers and the contract's schema validators
 * ({@link Validator}), built once per schema and thread. A string parameter whose schema is a pattern and nothing else
 * (the INS of every patient route) is matched against that pattern compiled once, as the library matches it
 * ({@code find}, java.util.regex). What the pre-check accepts, the library accepts; anything else (a value it refuses,
 * a missing required value, another media type, a body over {@value #INLINE_BODY_LIMIT} bytes) goes to the library,
 * which decides and words the error.
 */
final class ContractValidator {
    /**
     * Bodies up to this size are pre-checked on the event loop: a 2 KiB deposit costs tens of microseconds there,
     * while the worker hop queued every body of the event loop behind one another (docs/BENCHMARKS.md, G6). Larger
     * bodies (a scanned report is hundreds of KiB) go to the library, on a worker.
     */
    static final int INLINE_BODY_LIMIT = 16 * 1024;

    private static final Map<Style, ParameterTransformer> TRANSFORMERS = new EnumMap<>(Map.of(
            Style.SIMPLE, new SimpleTransformer(), Style.LABEL, new LabelTransformer(),
            Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer()));

    /** Keys of a parameter's schema that change nothing to what it accepts (vertx-json-schema adds the last one). */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples",
            "__absolute_uri__");

    private final RequestValidator library;
    private final SchemaRepository schemas;
    /** String parameters whose schema is a pattern only, with that pattern compiled once. */
    private final Map<Parameter, Pattern> patterns = new IdentityHashMap<>();
    /** Per thread (a validator may cache resolved references as it runs), one validator per schema of the contract. */
    private final ThreadLocal<Map<JsonSchema, Validator>> validators = ThreadLocal.withInitial(IdentityHashMap::new);

    ContractValidator(Vertx vertx, OpenAPIContract contract) {
        this.library = RequestValidator.create(vertx, contract);
        this.schemas = contract.getSchemaRepository();
        for (Operation operation : contract.operations()) {
            for (Parameter param : operation.getParameters()) {
                JsonSchema schema = param.getSchema();
                if ("string".equals(schema.get("type")) && schema.get("pattern") instanceof String pattern
                        && schema.fieldNames().stream().allMatch(k -> k.equals("type") || k.equals("pattern")
                                || ANNOTATIONS.contains(k))) {
                    patterns.put(param, Pattern.compile(pattern));
                }
            }
        }
    }

    /** The library's verdict, reached on the event loop whenever the pre-check accepts the request. */
    Future<ValidatedRequest> validate(ValidatableRequest request, Operation operation) {
        ValidatedRequest accepted;
        try {
            accepted = precheck(request, operation);
        } catch (RuntimeException e) {
            // A value the transformer cannot read: the library words it.
            accepted = null;
        }
        return accepted != null ? Future.succeededFuture(accepted) : library.validate(request, operation.getOperationId());
    }

    /** The request as the library would pass it on, or null when the library must look at it. */
    private ValidatedRequest precheck(ValidatableRequest request, Operation operation) {
        Map<String, RequestParameter> cookies = new HashMap<>(4);
        Map<String, RequestParameter> headers = new HashMap<>(4);
        Map<String, RequestParameter> path = new HashMap<>(4);
        Map<String, RequestParameter> query = new HashMap<>(4);
        for (Parameter param : operation.getParameters()) {
            Map<String, RequestParameter> raw = switch (param.getIn()) {
                case COOKIE -> request.getCookies();
                case HEADER -> request.getHeaders();
                case PATH -> request.getPathParameters();
                case QUERY -> request.getQuery();
            };
            RequestParameter value = parameter(param, raw.get(param.getName()));
            if (value == null) {
                return null;
            }
            switch (param.getIn()) {
                case COOKIE -> cookies.put(param.getName(), value);
                case HEADER -> headers.put(param.getName(), value);
                case PATH -> path.put(param.getName(), value);
                case QUERY -> query.put(param.getName(), value);
            }
        }
        // Without a request body the library passes on a null value, not a null parameter.
        RequestParameter body = Value.NULL;
        if (operation.getRequestBody() != null) {
            body = body(operation, request);
            if (body == null) {
                return null;
            }
        }
        return new Checked(cookies, headers, path, query, body);
    }

    /** As the library's {@code validateParameter}: absent and optional passes as null; present, transformed, valid. */
    private RequestParameter parameter(Parameter param, RequestParameter raw) {
        if (raw == null || raw.isNull()) {
            return param.isRequired() ? null : Value.NULL;
        }
        ParameterTransformer transformer = TRANSFORMERS.get(param.getStyle());
        if (transformer == null) {
            return null;
        }
        Object value = transformer.transform(param, String.valueOf(raw.get()));
        Pattern pattern = patterns.get(param);
        if (pattern != null) {
            return value instanceof String s && pattern.matcher(s).find() ? new Value(value) : null;
        }
        return valid(param.getSchema(), value) ? new Value(value) : null;
    }

    /** A small JSON body, parsed once and valid against its schema; null for anything the library must see. */
    private RequestParameter body(Operation operation, ValidatableRequest request) {
        MediaType json = operation.getRequestBody().getContent().get(MediaType.APPLICATION_JSON);
        RequestParameter raw = request.getBody();
        if (json == null || !MediaType.APPLICATION_JSON.equals(request.getContentType()) || raw == null
                || !(raw.get() instanceof Buffer buffer) || buffer.length() == 0 || buffer.length() > INLINE_BODY_LIMIT) {
            return null;
        }
        Object parsed = Json.decodeValue(buffer);
        return parsed != null && valid(json.getSchema(), parsed) ? new Value(parsed) : null;
    }

    private boolean valid(JsonSchema schema, Object value) {
        OutputUnit unit = validators.get().computeIfAbsent(schema, schemas::validator).validate(value);
        return Boolean.TRUE.equals(unit.getValid());
    }

    /** A value as validated. */
    private record Value(Object get) implements RequestParameter {
        static final Value NULL = new Value(null);
    }

    /** The request as validated. */
    private record Checked(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
            Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
            RequestParameter getBody) implements ValidatedRequest {
    }
}
