package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.care.DirectoryJson;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** {@code GET /api/v1/directory?q=} for a professional (dmp:read): the directory of professionals by name or RPPS. */
final class DirectoryHandler implements Handler<RoutingContext> {
    private final ProfessionalDirectory directory;

    DirectoryHandler(ProfessionalDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void handle(RoutingContext rc) {
        // The contract validated q (1 to 100 characters) and profession (a code) before this handler.
        directory.search(rc.request().getParam("q"), Optional.ofNullable(rc.request().getParam("profession")))
                .onSuccess(found -> Exchange.json(rc, 200, DirectoryJson.professionals(found)))
                .onFailure(rc::fail);
    }
}
