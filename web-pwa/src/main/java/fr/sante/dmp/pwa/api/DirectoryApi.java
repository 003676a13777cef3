package fr.sante.dmp.pwa.api;

import fr.sante.dmp.store.care.DirectoryJson;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;

/**
 * {@code GET /api/v1/me/directory?q=TEXT[&profession=CODE]}: the patient searches the directory of professionals by
 * name (or RPPS), to choose a treating doctor or block someone. The gateway also routes {@code /api/v1/directory} here
 * when the bearer is a patient's session. Without a directory: 503 (fail closed).
 */
public final class DirectoryApi {
    private final Optional<ProfessionalDirectory> directory;

    public DirectoryApi(Optional<ProfessionalDirectory> directory) {
        this.directory = directory;
    }

    public void mount(Routes r) {
        r.api(HttpMethod.GET, "/directory", true, ctx -> {
            if (directory.isEmpty()) {
                return Future.failedFuture(new RecordException.Unavailable("no directory of professionals", null));
            }
            String q = ctx.request().getParam("q");
            String profession = ctx.request().getParam("profession");
            if (q == null || q.isBlank()) {
                throw new RecordException.Invalid("q", "is required: a name, or an RPPS");
            }
            return directory.get().search(q, Optional.ofNullable(profession))
                    .compose(found -> PageRenderer.json(ctx, 200, DirectoryJson.professionals(found)));
        });
    }
}
