package fr.sante.dmp.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
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
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 * </ul>
 */
final class FastRequestValidator extends RequestValidatorImpl {
    /** The test of the library's {@code ParameterTransformer}, which compiles it on every call. */
    private static final Pattern WORD = Pattern.compile("\\w+");

    private final SchemaRepository schemas;

    FastRequestValidator(Vertx vertx, OpenAPIContract contract) {
        this(vertx, new CachingContract(contract));
    }

    private FastRequestValidator(Vertx vertx, CachingContract contract) {
        super(vertx, contract);
        this.schemas = contract.repository();
    }

    /**
     * The library's check of one parameter, without its per-call regex compilation for the common case: a string
     * parameter of the simple (path, header) or form (query) style whose value is one word. The library passes such a
     * value through unchanged to the schema validator, as here; every other case (other styles and types, values with
     * other characters, missing values) is the library's own path.
     */
    @Override
    public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
        if (value == null || value.isNull() || parameter.getSchemaType() != SchemaType.STRING
                || (parameter.getStyle() != Style.SIMPLE && parameter.getStyle() != Style.FORM)
                || !(value.get() instanceof String raw) || !WORD.matcher(raw).matches()) {
            return super.validateParameter(parameter, value);
        }
        OutputUnit result = schemas.validator(parameter.getSchema()).validate(raw);
        try {
            result.checkValidity();
        } catch (JsonSchemaValidationException e) {
            throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
        }
        return new RequestParameterImpl(raw);
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
                            validateParameter(param, request.getPathParameters().get(param.getName())));
                    case QUERY -> query.put(param.getName(),
                            validateParameter(param, request.getQuery().get(param.getName())));
                }
            }
            RequestParameter body = operation.getRequestBody() == null
                    ? null : validateBody(operation.getRequestBody(), request);
            return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
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
