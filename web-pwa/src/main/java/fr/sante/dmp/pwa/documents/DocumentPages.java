package fr.sante.dmp.pwa.documents;

import fr.sante.dmp.pwa.directory.Professionals;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.Ids;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import fr.sante.dmp.store.record.DocumentContent;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Documents: list, read, mask and unmask. Reads go through RecordService with the patient as actor, so the store
 * decides (documents withheld until an announcement consultation are simply not returned) and audits.
 */
public final class DocumentPages {

    private final PageRenderer views;
    private final ChoicesService choices;
    private final RecordService records;

    private final Optional<ProfessionalDirectory> directory;

    public DocumentPages(PageRenderer views, ChoicesService choices, RecordService records,
                         Optional<ProfessionalDirectory> directory) {
        this.views = views;
        this.choices = choices;
        this.records = records;
        this.directory = directory;
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.DOCUMENTS, this::list);
        routes.signedIn(HttpMethod.GET, Paths.DOCUMENT, this::read);
        routes.signedIn(HttpMethod.GET, Paths.DOCUMENT_CONTENT, this::content);
        routes.signedIn(HttpMethod.POST, Paths.DOCUMENT_MASK, this::mask);
        new OwnDocuments(this, choices).mount(routes);
    }

    private Future<Void> list(RoutingContext ctx) {
        String notice = ctx.request().getParam("ajoute") != null ? "documents.own.added"
                : ctx.request().getParam("supprime") != null ? "documents.own.deleted" : null;
        return listWith(ctx, 200, fr.sante.dmp.pwa.web.FormErrors.none(), "", notice);
    }

    /** The list with the add form's errors and what was typed, or a notice after an addition or a deletion. */
    Future<Void> listWith(RoutingContext ctx, int status, fr.sante.dmp.pwa.web.FormErrors errors, String typedTitle,
                          String notice) {
        PatientSession s = Routes.session(ctx);
        // One query: the list with the record's state and who still sees a masked document (no overview first).
        return records.listOwnDocuments(fr.sante.dmp.pwa.web.Acting.actor(ctx), s.subject()).compose(o -> {
            // An opposed or purged record holds no document: say why, rather than the store's "access denied".
            if (o.state() == RecordState.OPPOSED || o.state() == RecordState.PURGED) {
                return views.send(ctx, 200, "pages/documents.jte", views.page(ctx, "documents"),
                        "documents", List.of(), "who", WhoSees.of(o), "erasedState", o.state().name(),
                        "errors", errors, "typedTitle", typedTitle, "notice", null,
                        "canAdd", false);
            }
            return views.send(ctx, status, "pages/documents.jte", views.page(ctx, "documents"),
                    "documents", o.documents(), "who", WhoSees.of(o), "erasedState", null,
                    "errors", errors, "typedTitle", typedTitle, "notice", notice,
                    "canAdd", o.state() == RecordState.ACTIVE);
        });
    }

    private Future<Void> read(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        // One read: the document with who still sees it when masked (no overview first).
        return records.readOwnDocument(fr.sante.dmp.pwa.web.Acting.actor(ctx), id(ctx)).compose(own -> {
            DocumentContent doc = own.content();
            return Professionals.of(directory, doc.summary().authorRpps().stream().toList())
                        .compose(pros -> {
                            boolean text = doc.summary().contentType().startsWith("text/plain");
                            return views.send(ctx, 200, "pages/document.jte", views.page(ctx, "documents"),
                                    "d", doc.summary(), "who", WhoSees.of(own),
                                    "text", text ? new String(doc.content(), StandardCharsets.UTF_8) : null,
                                    "pros", pros);
                        });
        });
    }

    private Future<Void> content(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        // Downloaded, never rendered in our origin: a document is not trusted content.
        return records.readDocument(fr.sante.dmp.pwa.web.Acting.actor(ctx), id(ctx))
                .compose(doc -> Download.send(ctx.response(), doc));
    }

    /** The htmx fragment re-renders the row from the change's own answer: one statement, one audit entry. */
    private Future<Void> mask(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        UUID id = id(ctx);
        boolean masked = "true".equals(ctx.request().getFormAttribute("masked"));
        return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setMasked(s.subject(), id, masked).compose(change -> {
            if (!PageRenderer.isHtmx(ctx)) {
                return PageRenderer.redirect(ctx, Paths.DOCUMENTS + "#" + Ids.documentRow(id));
            }
            DocumentSummary d = change.document().orElseThrow(() -> new RecordException.NotFound("document"));
            return views.send(ctx, 200, "partials/documentRow.jte", views.page(ctx, "documents"),
                    "d", d, "who", WhoSees.of(change), "changed", true);
        });
    }

    private static UUID id(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new RecordException.NotFound("document");
        }
    }
}
