package fr.sante.dmp.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;

/**
 * Validates path, query and body against the contract. RouterBuilder would validate before our handlers; we run it
 * after authentication, scope and rate limit instead, so that an anonymous client learns nothing from a 400.
 */
final class ContractValidationHandler implements Handler<RoutingContext> {
    private final ContractValidator validator;
    private final RequestExtractor extractor;
    private final Operation operation;

    ContractValidationHandler(ContractValidator validator, Operation operation) {
        this.validator = validator;
        this.extractor = RequestExtractor.withBodyHandler();
        this.operation = operation;
    }

    @Override
    public void handle(RoutingContext rc) {
        extractor.extractValidatableRequest(rc, operation)
                .compose(request -> validator.validate(request, operation))
                .onSuccess(validated -> {
                    rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
                    rc.next();
                })
                .onFailure(rc::fail);
    }
}
