package fr.sante.dmp.pwa.documents;

import fr.sante.dmp.consent.DocumentClass;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.Acting;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.UploadBody;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.record.DocumentSummary;
import fr.sante.dmp.store.record.OwnDocumentType;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Documents the patient adds to their record (a PDF, a scan, a photo of a paper report: up to 20 MiB) and deletes
 * again: the form on "Mes documents" and the patient API ({@code POST /api/v1/me/documents?title=} with the file's
 * bytes as the body, {@code DELETE /api/v1/me/documents/{id}}). The file is read in memory, bounded
 * ({@link UploadBody}); its type is the one its bytes show (the store's {@link OwnDocumentType}), never its name's or
 * the one declared. Only the documents the patient added can be deleted; professionals read them as the policy says.
 */
public final class OwnDocuments {
    /** Longest title, counted as the browser's maxlength counts (UTF-16 units). */
    public static final int MAX_TITLE = 200;

    private final DocumentPages pages;
    private final ChoicesService choices;

    OwnDocuments(DocumentPages pages, ChoicesService choices) {
        this.pages = pages;
        this.choices = choices;
    }

    /** A document the patient may delete: one they added. */
    public static boolean deletable(DocumentSummary d) {
        return d.authorRpps().isEmpty() && DocumentClass.PATIENT_DOCUMENT.loinc().equals(d.classCode());
    }

    void mount(Routes routes) {
        routes.upload(Paths.DOCUMENT_ADD, OwnDocumentType.MAX_BYTES, this::add);
        routes.signedIn(HttpMethod.POST, Paths.DOCUMENT_DELETE, this::delete);
        routes.apiUpload("/documents", OwnDocumentType.MAX_BYTES, this::apiAdd);
        routes.api(HttpMethod.DELETE, "/documents/:id", true, ctx -> Acting.on(ctx, choices).deleteOwnDocument(Routes.session(ctx).subject(), id(ctx)).compose(v -> {
                    PageRenderer.noStore(ctx.response());
                    return ctx.response().setStatusCode(204).end();
                }));
    }

    private Future<Void> add(RoutingContext ctx) {
        String title = trimmed(ctx.request().getFormAttribute("docTitle"));
        Buffer file = UploadBody.file(ctx);
        FormErrors errors = FormErrors.none();
        if (title.isEmpty()) {
            errors.add("docTitle", "error.ownDocument.titleRequired");
        } else if (title.length() > MAX_TITLE) {
            errors.add("docTitle", "error.ownDocument.titleTooLong");
        }
        if (file.length() == 0) {
            errors.add("file", "error.ownDocument.fileRequired");
        } else if (OwnDocumentType.of(file.getBytes(0, Math.min(16, file.length()))).isEmpty()) {
            errors.add("file", "error.ownDocument.type");
        }
        if (!errors.isEmpty()) {
            return pages.listWith(ctx, 400, errors, title, null);
        }
        PatientSession s = Routes.session(ctx);
        return Acting.on(ctx, choices).addOwnDocument(s.subject(), title, file.getBytes())
                .compose(id -> PageRenderer.redirect(ctx, Paths.DOCUMENTS + "?ajoute=1"))
                .recover(e -> e instanceof RecordException.AccessDenied
                        ? pages.listWith(ctx, 409, FormErrors.none().add("file", "error.ownDocument.notActive"),
                                title, null)
                        : Future.failedFuture(e));
    }

    private Future<Void> delete(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        return Acting.on(ctx, choices).deleteOwnDocument(s.subject(), id(ctx))
                .compose(v -> PageRenderer.redirect(ctx, Paths.DOCUMENTS + "?supprime=1"));
    }

    private Future<Void> apiAdd(RoutingContext ctx) {
        String title = trimmed(ctx.request().getParam("title"));
        if (title.isEmpty() || title.length() > MAX_TITLE) {
            throw new RecordException.Invalid("title", "1 to " + MAX_TITLE + " characters");
        }
        Buffer file = UploadBody.file(ctx);
        if (file.length() == 0) {
            throw new RecordException.Invalid("file", "the body must be the file's bytes");
        }
        return Acting.on(ctx, choices).addOwnDocument(Routes.session(ctx).subject(), title, file.getBytes())
                .compose(id -> PageRenderer.json(ctx, 201, new JsonObject().put("id", id.toString())
                        .put("contentType", OwnDocumentType.of(file.getBytes(0, Math.min(16, file.length())))
                                .orElseThrow())));
    }

    private static String trimmed(String raw) {
        return raw == null ? "" : raw.strip();
    }

    private static UUID id(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new RecordException.NotFound("document");
        }
    }
}
