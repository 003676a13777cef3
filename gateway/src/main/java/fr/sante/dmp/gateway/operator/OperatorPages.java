package fr.sante.dmp.gateway.operator;

import fr.sante.dmp.gateway.api.BoundedStream;
import fr.sante.dmp.gateway.api.CampaignHandlers;
import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.gateway.auth.PrivilegedReads;
import fr.sante.dmp.gateway.auth.TokenVerifier;
import fr.sante.dmp.pwa.security.SecurityHeaders;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditService;
import fr.sante.dmp.store.invitation.CampaignDay;
import fr.sante.dmp.store.invitation.CampaignListing;
import fr.sante.dmp.store.invitation.Rejection;
import fr.sante.dmp.store.invitation.CampaignProgress;
import fr.sante.dmp.store.invitation.CampaignService;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' pages: the list of campaigns and, for one, the counts of {@code GET /api/v1/admin/campaigns/{id}}
 * and the report of refused lines, their daily chart (server-rendered SVG), and the cohort upload. Server-rendered
 * (jte), no inline script: the one script, the upload's progress bar, is a same-origin file; the patient space's
 * stylesheet and security headers (CSP without anything inline). French by default, {@code ?lang=en}.
 *
 * <p>Authentication: the same issuer and the same rule as the admin API. The operator pastes an access token with
 * {@code dmp:admin} (from the identity provider; {@code ./dmp token --admin} in development) into the sign-in form;
 * it is verified like a bearer token and kept in an HttpOnly, SameSite=Strict cookie ({@code __Host-} when secure)
 * for the token's own lifetime, and verified again on every request: no server session, nothing usable after expiry.
 * The sign-in and sign-out forms refuse cross-site posts (Origin and Sec-Fetch-Site), the cookie never leaves this
 * site (SameSite=Strict), so there is no CSRF token to manage. An authorization-code login against the same issuer
 * would replace the paste (next step, docs/invitations.md).
 *
 * <p>Every page that shows campaigns (the list, one campaign, its refused lines) is audited as the operator's read,
 * as on the admin API, and served only once its entry is committed.
 */
public final class OperatorPages {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorPages.class);
    private static final int LIST_LIMIT = 100;
    /** Refused lines shown on a campaign's page; the CSV report has them all. */
    private static final int REFUSED_SHOWN = 100;
    private static final String LANG_COOKIE = "lang";
    /** The verified operator of the request, put there by {@link #requireOperator}. */
    static final String OPERATOR = "dmp.operator";

    private final TokenVerifier verifier;
    private final CampaignService campaigns;
    private final BreakGlassGrants breakGlass;
    private final fr.sante.dmp.store.patient.lifecycle.AssistedOppositions desk;
    private final PrivilegedReads reads;
    private final String stylesheet;
    private final String cookieName;
    private final boolean secureCookies;
    private final Map<String, Properties> texts;
    private final String uploadScript;
    /** The refused lines' reasons in the page's language (recorded in English). */
    private final fr.sante.dmp.store.invitation.RefusalReasons refusals =
            new fr.sante.dmp.store.invitation.RefusalReasons();
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            OperatorPages.class.getClassLoader(), "fr.sante.dmp.gateway.jte");

    private OperatorPages(TokenVerifier verifier, CampaignService campaigns, BreakGlassGrants breakGlass,
                          fr.sante.dmp.store.patient.lifecycle.AssistedOppositions desk, AuditService audit, String stylesheet,
                          boolean secureCookies, Map<String, Properties> texts) {
        this.verifier = verifier;
        this.desk = desk;
        this.campaigns = campaigns;
        this.breakGlass = breakGlass;
        this.reads = new PrivilegedReads(audit);
        this.stylesheet = stylesheet;
        this.secureCookies = secureCookies;
        // Browsers accept a __Host- cookie only with Secure, Path=/ and no Domain.
        this.cookieName = secureCookies ? "__Host-dmp-operator" : "dmp-operator";
        this.texts = texts;
        try (var in = OperatorPages.class.getClassLoader().getResourceAsStream("operator/upload.js")) {
            this.uploadScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("cannot read operator/upload.js", e));
        }
    }

    /**
     * Reads the texts on a worker thread. {@code stylesheet}: the patient space's versioned {@code app.css} URL;
     * {@code audit}: where each page showing campaigns is audited as the operator's read before it is served;
     * {@code desk}: the phone agents' assisted opposition.
     */
    public static Future<OperatorPages> create(Vertx vertx, TokenVerifier verifier, CampaignService campaigns,
                                               BreakGlassGrants breakGlass,
                                               fr.sante.dmp.store.patient.lifecycle.AssistedOppositions desk, AuditService audit,
                                               String stylesheet, boolean secureCookies) {
        return vertx.executeBlocking(() -> new OperatorPages(verifier, campaigns, breakGlass, desk, audit, stylesheet,
                secureCookies,
                Map.of("fr", load("fr"), "en", load("en"))));
    }

    public void mount(Router root) {
        root.route(OperatorPaths.ROOT).handler(new SecurityHeaders());
        root.route(OperatorPaths.ROOT + "/*").handler(new SecurityHeaders());
        root.get(OperatorPaths.ROOT).handler(ctx -> redirect(ctx, OperatorPaths.CAMPAIGNS));
        root.get(OperatorPaths.LOGIN).handler(ctx -> send(ctx, 200, "operator/login.jte", page(ctx, false),
                "error", null));
        root.post(OperatorPaths.LOGIN).handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(this::login);
        root.post(OperatorPaths.LOGOUT).handler(this::logout);
        root.get(OperatorPaths.CAMPAIGNS).handler(this::requireOperator).handler(this::list);
        root.get(OperatorPaths.BREAK_GLASS).handler(this::requireOperator).handler(this::breakGlassQueue);
        root.post(OperatorPaths.BREAK_GLASS + "/:id/:decision").handler(this::pauseBody)
                .handler(this::requireOperator).handler(this::breakGlassDecision);
        root.get(OperatorPaths.UPLOAD_SCRIPT).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/javascript; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").end(uploadScript));
        root.get(OperatorPaths.NEW_CAMPAIGN).handler(this::requireOperator)
                .handler(ctx -> send(ctx, 200, "operator/upload.jte", page(ctx, true), "error", null));
        // No body handler: the cohort streams from the multipart part into the import, batch by batch.
        root.post(OperatorPaths.CAMPAIGNS).handler(this::pauseBody).handler(this::requireOperator)
                .handler(this::upload);
        root.get(OperatorPaths.CAMPAIGNS + "/:id").handler(this::requireOperator).handler(this::campaign);
        root.get(OperatorPaths.CAMPAIGNS + "/:id/rejets.csv").handler(this::requireOperator).handler(this::report);
        new AssistedOppositionPages(this, desk).mount(root);
    }

    /** The representation links' page (issue 16), on the same sign-in as the other pages. */
    public void mountRepresentations(Router root, fr.sante.dmp.store.representation.Representations links) {
        new RepresentationPages(this, links).mount(root);
    }

    /**
     * The break-glass review queue (the store's {@code breakglass} queue, as the admin API's): pending accesses, or all
     * with {@code ?tous}; the reasons are shown, so the page is audited as the operator's read first.
     */
    private void breakGlassQueue(RoutingContext ctx) {
        boolean all = ctx.request().params().contains("tous");
        audited(ctx, AuditAction.READ_BREAK_GLASS_REVIEWS)
                .compose(v -> breakGlass.reviews(Optional.empty(), !all, LIST_LIMIT))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failed(ctx, ar.cause());
                    } else {
                        send(ctx, 200, "operator/breakglass.jte", page(ctx, true), "reviews", ar.result(),
                                "all", all);
                    }
                });
    }

    /**
     * Accept ({@code accepter}: the access is reviewed, by this operator) or flag for the data protection officer
     * ({@code signaler}: it stays pending for the officer, marked). Audited under the operator's name first, then
     * back to the queue.
     */
    private void breakGlassDecision(RoutingContext ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            send(ctx, 404, "operator/error.jte", page(ctx, true), "message", "error.notFound");
            return;
        }
        String decision = ctx.pathParam("decision");
        if (!"accepter".equals(decision) && !"signaler".equals(decision)) {
            send(ctx, 404, "operator/error.jte", page(ctx, true), "message", "error.notFound");
            return;
        }
        String operator = "sub:" + ((Caller) ctx.get(OPERATOR)).subject();
        ctx.request().resume();
        audited(ctx, AuditAction.REVIEW_BREAK_GLASS)
                .compose(v -> "accepter".equals(decision) ? breakGlass.markReviewed(id, operator, Optional.empty())
                        : breakGlass.flagForOfficer(id, operator))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failed(ctx, ar.cause());
                    } else {
                        redirect(ctx, OperatorPaths.BREAK_GLASS + "?fait=" + decision);
                    }
                });
    }

    /** Holds the body while the token is verified: the upload handler reads it as a stream. */
    private void pauseBody(RoutingContext ctx) {
        ctx.request().pause();
        if (!sameOrigin(ctx)) {
            send(ctx, 403, "operator/login.jte", page(ctx, false), "error", "login.origin");
            return;
        }
        ctx.next();
    }

    /**
     * POST {@link OperatorPaths#CAMPAIGNS} (multipart, part {@code cohort}): the file streams into
     * {@code CampaignService.importCohort} as the operator (bounded to the admin API's 2 GiB), then to the campaign's
     * page with its counts and refused lines. A wrong header or an unreadable file: the form again with the reason.
     */
    private void upload(RoutingContext ctx) {
        String operator = PrivilegedReads.actor(ctx.get(OPERATOR));
        boolean[] seen = {false};
        ctx.request().setExpectMultipart(true);
        ctx.request().uploadHandler(part -> {
            if (seen[0] || !"cohort".equals(part.name())) {
                part.handler(b -> { }); // drained: only the first cohort part is imported
                return;
            }
            seen[0] = true;
            campaigns.importCohort(operator, new BoundedStream(part, CampaignHandlers.MAX_BODY_BYTES, "too large"))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            redirect(ctx, OperatorPaths.campaign(ar.result().campaignId()));
                        } else if (ar.cause() instanceof RecordException.Invalid invalid) {
                            OperatorPage page = page(ctx, true);
                            // The file's own faults in the page's language; the API keeps the store's English.
                            String why = switch (invalid.field()) {
                                case "csv" -> page.t("upload.header");
                                case "file" -> page.t("upload.unreadable");
                                default -> invalid.getMessage();
                            };
                            send(ctx, 400, "operator/upload.jte", page, "error", why);
                        } else if (ar.cause() instanceof ProblemException) {
                            OperatorPage page = page(ctx, true);
                            send(ctx, 413, "operator/upload.jte", page, "error", page.t("upload.tooLarge"));
                        } else {
                            failed(ctx, ar.cause());
                        }
                    });
        });
        ctx.request().endHandler(v -> {
            if (!seen[0] && !ctx.response().ended()) {
                OperatorPage page = page(ctx, true);
                send(ctx, 400, "operator/upload.jte", page, "error", page.t("upload.missing"));
            }
        });
        ctx.request().exceptionHandler(e -> LOG.warn("cohort upload interrupted: {}", e.toString()));
        ctx.request().resume();
    }

    private void login(RoutingContext ctx) {
        if (!sameOrigin(ctx)) {
            send(ctx, 403, "operator/login.jte", page(ctx, false), "error", "login.origin");
            return;
        }
        String token = ctx.request().getFormAttribute("token");
        if (token == null || token.isBlank() || token.length() > 8192) {
            send(ctx, 400, "operator/login.jte", page(ctx, false), "error", "login.invalid");
            return;
        }
        verifier.verify(token.trim()).onComplete(ar -> {
            if (ar.failed()) {
                send(ctx, 401, "operator/login.jte", page(ctx, false), "error", "login.invalid");
            } else if (!ar.result().has(Caller.ADMIN)) {
                send(ctx, 403, "operator/login.jte", page(ctx, false), "error", "login.forbidden");
            } else {
                long seconds = Duration.between(Instant.now(), ar.result().expiresAt()).toSeconds();
                ctx.response().addCookie(cookie(token.trim(), Math.max(seconds, 0)));
                // The subject comes from the token: a field, encoded by the log layout like every field.
                LOG.atInfo().addKeyValue("operator", ar.result().subject())
                        .log("operator signed in to the operators' pages");
                redirect(ctx, OperatorPaths.CAMPAIGNS);
            }
        });
    }

    private void logout(RoutingContext ctx) {
        if (!sameOrigin(ctx)) {
            send(ctx, 403, "operator/login.jte", page(ctx, false), "error", "login.origin");
            return;
        }
        ctx.response().addCookie(cookie("", 0));
        redirect(ctx, OperatorPaths.LOGIN);
    }

    /** The operator a request was signed in as ({@link #requireOperator} ran before). */
    static Caller operator(RoutingContext ctx) {
        return ctx.get(OPERATOR);
    }

    /** No cookie or an invalid or expired token: to the sign-in page; a valid token without dmp:admin: 403. */
    void requireOperator(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(cookieName);
        if (c == null || c.getValue().isEmpty()) {
            redirect(ctx, OperatorPaths.LOGIN);
            return;
        }
        verifier.verify(c.getValue()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.response().addCookie(cookie("", 0));
                redirect(ctx, OperatorPaths.LOGIN);
            } else if (!ar.result().has(Caller.ADMIN)) {
                send(ctx, 403, "operator/login.jte", page(ctx, false), "error", "login.forbidden");
            } else {
                ctx.put(OPERATOR, ar.result());
                ctx.next();
            }
        });
    }

    /** Completes once the page's read by the signed-in operator is audited (as on the admin API). */
    private Future<Void> audited(RoutingContext ctx, AuditAction action) {
        return reads.byOperator(ctx.get(OPERATOR), action);
    }

    private void list(RoutingContext ctx) {
        audited(ctx, AuditAction.READ_CAMPAIGNS).compose(v -> campaigns.list(LIST_LIMIT)).onComplete(ar -> {
            if (ar.failed()) {
                failed(ctx, ar.cause());
            } else {
                send(ctx, 200, "operator/campaigns.jte", page(ctx, true), "campaigns", ar.result());
            }
        });
    }

    private void campaign(RoutingContext ctx) {
        UUID id = campaignId(ctx);
        if (id == null) {
            return;
        }
        Future<Void> audited = audited(ctx, AuditAction.READ_CAMPAIGN);
        Future<CampaignProgress> progress = audited.compose(v -> campaigns.progress(id));
        Future<CampaignListing> listing = audited.compose(v -> campaigns.list(LIST_LIMIT)).map(all -> all.stream()
                .filter(c -> c.campaignId().equals(id)).findFirst().orElse(null));
        Future<List<CampaignDay>> days = audited.compose(v -> campaigns.daily(id)).map(CampaignChart::continuous);
        Future<List<Rejection>> refused = audited.compose(v -> campaigns.rejections(id, 0, "", REFUSED_SHOWN));
        Future.all(progress, listing, days, refused).onComplete(ar -> {
            if (ar.failed()) {
                failed(ctx, audited.failed() ? audited.cause() : progress.failed() ? progress.cause() : ar.cause());
            } else {
                OperatorPage page = page(ctx, true);
                send(ctx, 200, "operator/campaign.jte", page, "progress", progress.result(),
                        "listing", listing.result(), "days", days.result(),
                        "chart", days.result().isEmpty() ? "" : CampaignChart.svg(page, days.result()),
                        "rejections", refused.result().stream().map(r -> new Rejection(r.line(), r.field(),
                                refusals.in(page.lang(), r.reason()))).toList());
            }
        });
    }

    private void report(RoutingContext ctx) {
        UUID id = campaignId(ctx);
        if (id == null) {
            return;
        }
        // Audited first; 404 is decided before the first byte; a failure after it resets the stream rather than end
        // a short report.
        audited(ctx, AuditAction.READ_CAMPAIGN_REJECTIONS).compose(v -> campaigns.progress(id)).onComplete(found -> {
            if (found.failed()) {
                failed(ctx, found.cause());
                return;
            }
            HttpServerResponse r = ctx.response().setChunked(true)
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"campagne-" + id + "-rejets.csv\"")
                    .putHeader("Cache-Control", "no-store");
            campaigns.writeRejectionReport(id, r).onComplete(ar -> {
                if (ar.succeeded()) {
                    r.end();
                } else {
                    LOG.warn("rejection report of campaign {} failed: {}", id, ar.cause().toString());
                    r.reset();
                }
            });
        });
    }

    private UUID campaignId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            send(ctx, 404, "operator/error.jte", page(ctx, true), "message", "error.notFound");
            return null;
        }
    }

    void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof RecordException.NotFound) {
            send(ctx, 404, "operator/error.jte", page(ctx, true), "message", "error.notFound");
        } else {
            LOG.warn("operator page failed: {}", e.toString());
            send(ctx, 503, "operator/error.jte", page(ctx, true), "message", "error.unavailable");
        }
    }

    /**
     * A browser says where a POST comes from: Sec-Fetch-Site (same-origin, or none for a typed URL) and Origin (same
     * host). Either one naming another site refuses the request; a client sending neither is not a browser, which
     * a cross-site forgery needs.
     */
    static boolean sameOrigin(RoutingContext ctx) {
        String site = ctx.request().getHeader("Sec-Fetch-Site");
        if (site != null && !"same-origin".equals(site) && !"none".equals(site)) {
            return false;
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return true;
        }
        if ("null".equals(origin)) {
            // Our pages' Referrer-Policy is no-referrer, so a browser posts their forms with "Origin: null" (found by
            // the browser test: Chromium could not sign in). Then only the browser's own Sec-Fetch-Site vouches.
            return "same-origin".equals(site);
        }
        String host = ctx.request().getHeader("Host");
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Cookie cookie(String value, long maxAgeSeconds) {
        return Cookie.cookie(cookieName, value).setPath("/").setHttpOnly(true).setSecure(secureCookies)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAgeSeconds);
    }

    /**
     * The form token of this sign-in: a hash of the operator's token, which only this browser holds (HttpOnly
     * cookie), so a page of another site can neither read nor forge it. Stateless, like the sign-in itself; checked
     * on the assisted opposition's forms besides the origin check every operator form has.
     */
    String formToken(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(cookieName);
        if (c == null || c.getValue().isEmpty()) {
            return "";
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(
                    ("dmp:operator-form:v1:" + c.getValue()).getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a posted form carries this sign-in's form token (constant-time comparison). */
    boolean formTokenValid(RoutingContext ctx, String posted) {
        String expected = formToken(ctx);
        return posted != null && !expected.isEmpty() && java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), posted.getBytes(StandardCharsets.US_ASCII));
    }

    OperatorPage page(RoutingContext ctx, boolean signedIn) {
        String lang = ctx.request().getParam("lang");
        if (lang != null && texts.containsKey(lang)) {
            ctx.response().addCookie(Cookie.cookie(LANG_COOKIE, lang).setPath("/").setMaxAge(365L * 24 * 3600)
                    .setSecure(secureCookies).setSameSite(CookieSameSite.LAX));
        } else {
            Cookie c = ctx.request().getCookie(LANG_COOKIE);
            lang = c != null && texts.containsKey(c.getValue()) ? c.getValue() : "fr";
        }
        return new OperatorPage(lang, texts.get(lang), stylesheet, ctx.request().path(), signedIn);
    }

    void send(RoutingContext ctx, int status, String template, OperatorPage page, Object... params) {
        Map<String, Object> map = new HashMap<>();
        map.put("page", page);
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        StringOutput out = new StringOutput();
        engine.render(template, map, out);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(out.toString());
    }

    static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
    }

    private static Properties load(String lang) {
        Properties p = new Properties();
        String name = "i18n/operator_" + lang + ".properties";
        try (Reader r = new InputStreamReader(OperatorPages.class.getClassLoader().getResourceAsStream(name),
                StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("cannot read " + name, e));
        }
        return p;
    }
}
