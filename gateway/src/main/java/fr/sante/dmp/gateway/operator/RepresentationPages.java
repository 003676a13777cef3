package fr.sante.dmp.gateway.operator;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.RepresentationKind;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.representation.NewRepresentation;
import fr.sante.dmp.store.representation.Representations;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The operators' page for representation links (issue 16, docs/representatives.md): a form that creates a link and
 * one that ends a link, each with its justification, through the same store service as the admin API
 * ({@code Representations}: one transaction, the justification sealed in the audit entry under the operator's
 * subject). Every refusal comes back on the form, in the page's language, next to its field (a link to oneself, a
 * minor representative, an unknown INS, overlapping guardians, an unknown link...), with nothing written. Forms are
 * protected as the other operators' forms are: same-origin posts only, the SameSite=Strict operator cookie.
 */
public final class RepresentationPages {
    /** Enough for the fields' own limits (a justification of 2,000 characters, percent-encoded). */
    private static final long BODY_LIMIT = 32 * 1024;
    private static final int MAX_SHORT_FIELD = 64;

    /** What the operator typed, given back with the errors. */
    public record Typed(String representative, String represented, String kind, String from, String until,
                 String justification, String link, String endJustification) {
        static final Typed EMPTY = new Typed("", "", "", "", "", "", "", "");
    }

    private final OperatorPages pages;
    private final Representations representations;

    RepresentationPages(OperatorPages pages, Representations representations) {
        this.pages = pages;
        this.representations = representations;
    }

    void mount(Router root) {
        root.get(OperatorPaths.REPRESENTATIONS).handler(pages::requireOperator)
                .handler(ctx -> show(ctx, 200, Typed.EMPTY, Map.of(), notice(ctx)));
        root.post(OperatorPaths.REPRESENTATIONS).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(this::sameOrigin).handler(pages::requireOperator).handler(this::create);
        root.post(OperatorPaths.END_REPRESENTATION).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(this::sameOrigin).handler(pages::requireOperator).handler(this::end);
    }

    private void sameOrigin(RoutingContext ctx) {
        if (!OperatorPages.sameOrigin(ctx)) {
            pages.send(ctx, 403, "operator/login.jte", pages.page(ctx, false), "error", "login.origin");
            return;
        }
        ctx.next();
    }

    private void create(RoutingContext ctx) {
        Typed typed = new Typed(field(ctx, "representative"), field(ctx, "represented"), field(ctx, "kind"),
                field(ctx, "from"), field(ctx, "until"), field(ctx, "justification"), "", "");
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<Ins> representative = ins(typed.representative(), "representative", errors);
        Optional<Ins> represented = ins(typed.represented(), "represented", errors);
        Optional<RepresentationKind> kind = kind(typed.kind(), errors);
        Optional<LocalDate> from = date(typed.from(), "from", true, errors);
        Optional<LocalDate> until = date(typed.until(), "until", false, errors);
        if (typed.justification().isBlank()) {
            errors.put("justification", "rep.error.justification");
        }
        if (!errors.isEmpty()) {
            show(ctx, 400, typed, errors, null);
            return;
        }
        Future<UUID> created;
        try {
            created = representations.create(OperatorPages.operator(ctx).subject(), new NewRepresentation(
                    representative.get(), represented.get(), kind.get(), from.get(), until, typed.justification()));
        } catch (RecordException e) { // the link's own checks (oneself, dates, justification), before any I/O
            created = Future.failedFuture(e);
        }
        created.onComplete(ar -> {
            if (ar.succeeded()) {
                OperatorPages.redirect(ctx, OperatorPaths.REPRESENTATIONS + "?cree=" + ar.result());
            } else {
                refused(ctx, ar.cause(), typed, false);
            }
        });
    }

    private void end(RoutingContext ctx) {
        Typed typed = new Typed("", "", "", "", "", "", field(ctx, "link"), field(ctx, "endJustification"));
        Map<String, String> errors = new LinkedHashMap<>();
        UUID link = null;
        try {
            link = UUID.fromString(typed.link());
        } catch (IllegalArgumentException e) {
            errors.put("link", "rep.error.link");
        }
        if (typed.endJustification().isBlank()) {
            errors.put("endJustification", "rep.error.justification");
        } else if (typed.endJustification().length() > NewRepresentation.MAX_JUSTIFICATION) {
            errors.put("endJustification", "rep.error.justificationLength");
        }
        if (!errors.isEmpty()) {
            show(ctx, 400, typed, errors, null);
            return;
        }
        representations.end(OperatorPages.operator(ctx).subject(), link, typed.endJustification())
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        OperatorPages.redirect(ctx, OperatorPaths.REPRESENTATIONS + "?fin=1");
                    } else {
                        refused(ctx, ar.cause(), typed, true);
                    }
                });
    }

    /** The store's refusal next to its field, in the page's language; anything else is the pages' failure. */
    private void refused(RoutingContext ctx, Throwable e, Typed typed, boolean ending) {
        if (e instanceof RecordException.Invalid invalid) {
            String field = ending && "justification".equals(invalid.field()) ? "endJustification" : invalid.field();
            show(ctx, 400, typed, Map.of(field, key(invalid)), null);
        } else if (e instanceof RecordException.Conflict conflict) {
            OperatorPage page = pages.page(ctx, true);
            show(ctx, 409, typed, Map.of("conflict", "fr".equals(page.lang()) ? conflict.detailFr()
                    : conflict.detailEn()), null);
        } else if (e instanceof RecordException.NotFound && ending) {
            show(ctx, 404, typed, Map.of("link", "rep.error.linkUnknown"), null);
        } else {
            pages.failed(ctx, e);
        }
    }

    /** The message for a field the store refused: the cases of the issue named, the rest by field. */
    static String key(RecordException.Invalid e) {
        String reason = String.valueOf(e.getMessage());
        if (reason.contains("unknown INS")) {
            return "rep.error.unknown";
        }
        if (reason.contains("themself")) {
            return "rep.error.self";
        }
        return switch (e.field()) {
            case "representative" -> "rep.error.minor";
            case "represented", "kind" -> "rep.error.kindMismatch";
            case "until" -> "rep.error.until";
            case "justification" -> reason.contains("at most") ? "rep.error.justificationLength"
                    : "rep.error.justification";
            default -> "rep.error.field";
        };
    }

    /** {@code errors}: field → text key ({@code rep.error.*}) or, for a conflict, the store's own sentence. */
    private void show(RoutingContext ctx, int status, Typed typed, Map<String, String> errors, String notice) {
        OperatorPage page = pages.page(ctx, true);
        Map<String, String> texts = new LinkedHashMap<>();
        errors.forEach((field, text) -> texts.put(field, text.startsWith("rep.error.") ? page.t(text) : text));
        pages.send(ctx, status, "operator/representations.jte", page, "t", typed, "errors", texts,
                "notice", notice, "kinds", RepresentationKind.values());
    }

    /** After a redirect: the link just created (its id, to end it later) or ended. */
    private static String notice(RoutingContext ctx) {
        String created = ctx.request().getParam("cree");
        if (created != null) {
            try {
                return UUID.fromString(created).toString();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return ctx.request().getParam("fin") != null ? "ended" : null;
    }

    private static String field(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null ? "" : v.strip();
    }

    private static Optional<Ins> ins(String raw, String field, Map<String, String> errors) {
        if (raw.isEmpty()) {
            errors.put(field, "rep.error.required");
            return Optional.empty();
        }
        try {
            return Optional.of(Ins.parse(raw.length() > MAX_SHORT_FIELD ? "" : raw.replace(" ", "")));
        } catch (InvalidIdentifierException e) {
            errors.put(field, "rep.error.ins");
            return Optional.empty();
        }
    }

    private static Optional<RepresentationKind> kind(String raw, Map<String, String> errors) {
        for (RepresentationKind k : RepresentationKind.values()) {
            if (k.name().equals(raw)) {
                return Optional.of(k);
            }
        }
        errors.put("kind", "rep.error.kind");
        return Optional.empty();
    }

    private static Optional<LocalDate> date(String raw, String field, boolean required, Map<String, String> errors) {
        if (raw.isEmpty()) {
            if (required) {
                errors.put(field, "rep.error.required");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.length() > MAX_SHORT_FIELD ? "" : raw));
        } catch (DateTimeParseException e) {
            errors.put(field, "rep.error.date");
            return Optional.empty();
        }
    }
}
