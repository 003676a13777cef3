package fr.sante.dmp.gateway.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.Map;

/** A request as vertx-openapi's extractor hands it to a validator, built from the library's public interfaces only. */
record Requests(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
        Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
        RequestParameter getBody, String getContentType) implements ValidatableRequest {

    /** Path and query parameters, and a body (null: none) of the given content type. */
    static Requests of(Map<String, RequestParameter> path, Map<String, RequestParameter> query, Buffer body,
            String contentType) {
        return new Requests(Map.of(), Map.of(), path, query, () -> body, contentType);
    }
}
