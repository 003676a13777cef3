package fr.sante.dmp.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The library's request validator, with the same checks, made cheap for the hot path (docs/BENCHMARKS.md, G2):
 * <ul>
 *   <li>vertx-openapi builds a new schema validator for every parameter of every request, and each construction copies
 *   the contract's whole schema lookup map: that copy was the largest CPU cost of {@code GET …/documents}. Validators
 *   are built once per schema and per thread here (a validator may cache resolved references as it runs, so threads do
 *   not share one).</li>
 *   <li>It also moves every validation to a worker thread, ordered per context, so all requests of an event loop
 *   queued behind one another on a single worker. A request without a body (a few path and query parameters) is
 *   validated right here on the event loop, in microseconds; a body may be megabytes and still goes to a worker.</li>
 *   <li>Plain schemas (a JSON body of strings and booleans, a path parameter with a pattern) are also checked by a
 *   {@link PlainSchema} compiled once: what it accepts is accepted without the library's generic walk and its second
 *   parse of the body; anything else goes to the library, which words the error as before ({@code git show
 *   baafc61:docs/BENCHMARKS.md}, "Deposit path, session 3").</li>
 * </ul>
 */
final class FastRequestValidator extends RequestValidatorImpl {
    private final Map<Operation, PlainSchema> bodies = new IdentityHashMap<>();
    private final Map<Parameter, PlainSchema> pathParameters = new IdentityHashMap<>();

    FastRequestValidator(Vertx vertx, OpenAPIContract contract) {
        super(vertx, new CachingContract(contract));
        JsonObject root = contract.getRawContract();
        for (Operation op : contract.operations()) {
            MediaType json = op.getRequestBody() == null ? null
                    : op.getRequestBody().getContent().get(MediaType.APPLICATION_JSON);
            PlainSchema body = json == null ? null
                    : PlainSchema.compile(json.getOpenAPIModel().getValue("schema"), root);
            if (body != null) {
                bodies.put(op, body);
            }
            for (Parameter p : op.getParameters()) {
                Object schema = PlainSchema.deref(p.getOpenAPIModel(), root) instanceof JsonObject model
                        ? model.getValue("schema") : null;
                PlainSchema check = p.getIn() == Location.PATH && p.getStyle() == Style.SIMPLE && !p.isExplode()
                        ? PlainSchema.compile(schema, root) : null;
                // Strings only: the library turns other path values into numbers, booleans or arrays first.
                if (check != null && "string".equals(PlainSchema.type(schema, root))) {
                    pathParameters.put(p, check);
                }
            }
        }
    }

    /** True when the operation's JSON body is checked by a compiled {@link PlainSchema} (for tests). */
    boolean compiledBody(Operation operation) {
        return bodies.containsKey(operation);
    }

    /** True when the path parameter is checked by a compiled {@link PlainSchema} (for tests). */
    boolean compiledParameter(Parameter parameter) {
        return pathParameters.containsKey(parameter);
    }

    /**
     * Bodies up to this size are validated on the event loop too: a 2 KiB deposit costs tens of microseconds there,
     * while the worker hop queued every body of the event loop behind one another (docs/BENCHMARKS.md, G6). Larger
     * bodies (a scanned report is hundreds of KiB) still go to a worker.
     */
    static final int INLINE_BODY_LIMIT = 16 * 1024;

    /** Validates without leaving the event loop when the operation has no request body or a small one. */
    Future<ValidatedRequest> validate(ValidatableRequest request, Operation operation, int bodyLength) {
        if (operation.getRequestBody() != null && bodyLength > INLINE_BODY_LIMIT) {
            return validate(request, operation.getOperationId());
        }
        try {
            Map<String, RequestParameter> cookies = new HashMap<>(4);
            Map<String, RequestParameter> headers = new HashMap<>(4);
            Map<String, RequestParameter> path = new HashMap<>(4);
            Map<String, RequestParameter> query = new HashMap<>(4);
            for (Parameter param : operation.getParameters()) {
                switch (param.getIn()) {
                    case COOKIE -> cookies.put(param.getName(),
                            validateParameter(param, request.getCookies().get(param.getName())));
                    case HEADER -> headers.put(param.getName(),
                            validateParameter(param, request.getHeaders().get(param.getName())));
                    case PATH -> path.put(param.getName(),
                            pathParameter(param, request.getPathParameters().get(param.getName())));
                    case QUERY -> query.put(param.getName(),
                            validateParameter(param, request.getQuery().get(param.getName())));
                }
            }
            RequestParameter body = operation.getRequestBody() == null
                    ? null : body(operation, request);
            return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** A path parameter its compiled check accepts, kept as the string it is; anything else, the library's way. */
    private RequestParameter pathParameter(Parameter param, RequestParameter value) {
        PlainSchema check = pathParameters.get(param);
        if (check != null && value != null && check.accepts(value.get())) {
            return value;
        }
        return validateParameter(param, value);
    }

    /** A JSON body parsed once and accepted by its compiled check; anything else, the library's way. */
    private RequestParameter body(Operation operation, ValidatableRequest request) {
        PlainSchema check = bodies.get(operation);
        RequestParameter raw = request.getBody();
        if (check != null && MediaType.APPLICATION_JSON.equals(request.getContentType()) && raw != null
                && raw.get() instanceof Buffer buffer && buffer.length() > 0) {
            Object parsed;
            try {
                parsed = Json.decodeValue(buffer);
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed != null && check.accepts(parsed)) {
                return new RequestParameterImpl(parsed);
            }
        }
        return validateBody(operation.getRequestBody(), request);
    }

    /** The contract as parsed, with a schema repository that reuses its validators. */
    private record CachingContract(OpenAPIContract delegate, SchemaRepository repository) implements OpenAPIContract {
        CachingContract(OpenAPIContract delegate) {
            this(delegate, new CachingRepository(delegate.getSchemaRepository()));
        }

        @Override public Operation operation(String operationId) { return delegate.operation(operationId); }
        @Override public List<Operation> operations() { return delegate.operations(); }
        @Override public List<Path> getPaths() { return delegate.getPaths(); }
        @Override public JsonObject getRawContract() { return delegate.getRawContract(); }
        @Override public OpenAPIVersion getVersion() { return delegate.getVersion(); }
        @Override public SchemaRepository getSchemaRepository() { return repository; }
        @Override public List<Server> getServers() { return delegate.getServers(); }
        @Override public Path findPath(String urlPath) { return delegate.findPath(urlPath); }
        @Override public Operation findOperation(String urlPath, HttpMethod method) {
            return delegate.findOperation(urlPath, method);
        }
        @Override public List<SecurityRequirement> getSecurityRequirements() {
            return delegate.getSecurityRequirements();
        }
        @Override public SecurityScheme securityScheme(String name) { return delegate.securityScheme(name); }
    }

    /** Per thread, one validator per schema object (the contract's schemas are parsed once and never change). */
    private static final class CachingRepository implements SchemaRepository {
        private final SchemaRepository delegate;
        private final ThreadLocal<Map<JsonSchema, Validator>> validators =
                ThreadLocal.withInitial(IdentityHashMap::new);

        CachingRepository(SchemaRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public Validator validator(JsonSchema schema) {
            return validators.get().computeIfAbsent(schema, delegate::validator);
        }

        @Override public SchemaRepository dereference(JsonSchema schema) { return delegate.dereference(schema); }
        @Override public SchemaRepository dereference(String uri, JsonSchema schema) {
            return delegate.dereference(uri, schema);
        }
        @Override public SchemaRepository preloadMetaSchema(FileSystem fs) { return delegate.preloadMetaSchema(fs); }
        @Override public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
            return delegate.preloadMetaSchema(fs, draft);
        }
        @Override public Validator validator(String ref) { return delegate.validator(ref); }
        @Override public Validator validator(String ref, JsonSchemaOptions options) {
            return delegate.validator(ref, options);
        }
        @Override public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
            return delegate.validator(schema, options, dereference);
        }
        @Override public JsonObject resolve(JsonObject schema) { return delegate.resolve(schema); }
        @Override public JsonSchema find(String pointer) { return delegate.find(pointer); }
    }
}
