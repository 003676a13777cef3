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
 * the published text.
 */
record Contract(Buffer text, OpenAPIContract model) {

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

    private static JsonObject forValidation(JsonObject contract) {
        JsonObject paths = contract.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject operations = paths.getJsonObject(path);
            for (String method : operations.fieldNames()) {
                Object operation = operations.getValue(method);
                if (operation instanceof JsonObject op && op.containsKey("responses")) {
                    op.getJsonObject("responses").forEach(r -> dropUnsupported((JsonObject) r.getValue()));
                }
            }
        }
        JsonObject responses = contract.getJsonObject("components", new JsonObject())
                .getJsonObject("responses", new JsonObject());
        responses.forEach(r -> dropUnsupported((JsonObject) r.getValue()));
        return contract;
    }

    private static void dropUnsupported(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content != null) {
            content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
        }
    }
}
