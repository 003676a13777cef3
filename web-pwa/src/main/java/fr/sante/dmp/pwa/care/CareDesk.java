package fr.sante.dmp.pwa.care;

import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.CareCode;
import fr.sante.dmp.store.care.CareContextService;
import io.vertx.core.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's care relationships as the pages and the API use them, and the care code's delivery: shown on screen,
 * and texted on request through the login's code sender, under the login's per-INS cap. Without the store's service
 * (tests of other pages) every call fails closed.
 */
public final class CareDesk {
    private static final Logger LOG = LoggerFactory.getLogger(CareDesk.class);

    private final Optional<CareContextService> service;
    private final LoginService login;

    public CareDesk(Optional<CareContextService> service, LoginService login) {
        this.service = service;
        this.login = login;
    }

    public CareContextService service() {
        return service.orElseThrow(() -> new RecordException.Unavailable("care contexts not configured", null));
    }

    /**
     * The service as this request's actor: a representative acting for someone manages that person's care
     * relationships, audited as theirs (docs/representatives.md).
     */
    public CareContextService service(io.vertx.ext.web.RoutingContext ctx) {
        CareContextService care = service();
        return fr.sante.dmp.pwa.session.SessionAuth.representation(ctx).map(care::as).orElse(care);
    }

    /**
     * A new care code (the previous one stops working). With {@code bySms}, the cap is counted first: past it,
     * nothing is issued and the answer is empty.
     */
    public Future<Optional<CareCode>> issueCode(io.vertx.ext.web.RoutingContext ctx, boolean bySms, String language) {
        // The code opens the record of the person acted for; a text goes to the signed-in person's own phone (the
        // representative holds it), under their own cap.
        PatientSession session = fr.sante.dmp.pwa.web.Routes.session(ctx);
        CareContextService care = service(ctx);
        if (!bySms) {
            return care.issueCareCode(session.subject()).map(Optional::of);
        }
        return login.mayTextCareCode(session).compose(allowed -> !allowed
                ? Future.succeededFuture(Optional.<CareCode>empty())
                : care.issueCareCode(session.subject()).compose(code -> login.textCareCode(session, code.code(), language)
                        .recover(e -> {
                            // On screen all the same; never the code or the contact in the log.
                            LOG.warn("care code could not be texted ({})", e.getClass().getSimpleName());
                            return Future.succeededFuture();
                        })
                        .map(v -> Optional.of(code))));
    }
}
