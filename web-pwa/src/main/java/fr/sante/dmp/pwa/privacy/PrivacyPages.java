package fr.sante.dmp.pwa.privacy;

import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.pwa.directory.Professionals;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.care.DirectoryEntry;
import fr.sante.dmp.store.care.ProfessionalDirectory;
import fr.sante.dmp.store.patient.overview.AccessPreview;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import fr.sante.dmp.store.patient.overview.OverviewService;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Privacy: blocked professionals, treating doctor, emergency access, and the "who can see what" preview computed by
 * the consent engine (through the store) for a chosen profession.
 */
public final class PrivacyPages {

    /** Saved-change notices accepted from the query string (anything else is ignored). */
    private static final Set<String> NOTICES = Set.of("blocked", "unblocked", "doctorSet", "doctorRemoved",
            "emergencyOpposed", "emergencyAllowed");

    private final PageRenderer views;
    private final ChoicesService choices;
    private final OverviewService overview;
    private final Optional<ProfessionalDirectory> directory;

    public PrivacyPages(PageRenderer views, ChoicesService choices, OverviewService overview, Optional<ProfessionalDirectory> directory) {
        this.views = views;
        this.choices = choices;
        this.overview = overview;
        this.directory = directory;
    }

    /** A search of the directory shown under its form: the words typed and the professionals found. */
    public record Matches(String field, String query, List<DirectoryEntry> found) {
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.GET, Paths.PRIVACY, ctx -> show(ctx, 200, FormErrors.none(), null, ""));
        routes.signedIn(HttpMethod.GET, Paths.PRIVACY_PREVIEW, this::preview);
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_BLOCK, this::block);
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_UNBLOCK, ctx -> {
            Rpps rpps = parsePath(ctx);
            return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setBlocked(ins(ctx).subject(), rpps, false)
                    .compose(v -> PageRenderer.redirect(ctx, Paths.PRIVACY + "?saved=unblocked"));
        });
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_TREATING_DOCTOR, this::treatingDoctor);
        routes.signedIn(HttpMethod.POST, Paths.PRIVACY_EMERGENCY, ctx -> {
            boolean opposed = "true".equals(ctx.request().getFormAttribute("opposed"));
            return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setEmergencyAccessOpposed(ins(ctx).subject(), opposed).compose(v -> PageRenderer.redirect(ctx,
                    Paths.PRIVACY + "?saved=" + (opposed ? "emergencyOpposed" : "emergencyAllowed")));
        });
    }

    private Future<Void> block(RoutingContext ctx) {
        String raw = ctx.request().getFormAttribute("rpps");
        if (isName(raw)) {
            return find(ctx, "rpps", raw, Optional.empty());
        }
        FormErrors errors = FormErrors.none();
        Optional<Rpps> rpps = Inputs.rpps(raw, errors);
        if (rpps.isEmpty()) {
            return show(ctx, 400, errors, null, raw);
        }
        // Once the national directory is loaded, the store refuses an RPPS absent from it: said at the field.
        return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setBlocked(ins(ctx).subject(), rpps.get(), true).compose(
                v -> PageRenderer.redirect(ctx, Paths.PRIVACY + "?saved=blocked"),
                e -> e instanceof RecordException.Invalid invalid && "rpps".equals(invalid.field())
                        ? show(ctx, 400, FormErrors.none().add("rpps", "error.rpps.notInDirectory"), null, raw)
                        : Future.failedFuture(e));
    }

    private Future<Void> treatingDoctor(RoutingContext ctx) {
        if ("true".equals(ctx.request().getFormAttribute("remove"))) {
            return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setTreatingDoctor(ins(ctx).subject(), Optional.empty())
                    .compose(v -> PageRenderer.redirect(ctx, Paths.PRIVACY + "?saved=doctorRemoved"));
        }
        String raw = ctx.request().getFormAttribute("doctor");
        if (isName(raw)) {
            return find(ctx, "doctor", raw, Optional.of(Profession.PHYSICIAN.code()));
        }
        FormErrors errors = FormErrors.none();
        Optional<Rpps> rpps = Inputs.rpps(raw, errors);
        if (rpps.isEmpty()) {
            FormErrors renamed = FormErrors.none();
            errors.entries().forEach(e -> renamed.add("doctor", e.getValue()));
            return show(ctx, 400, renamed, null, "");
        }
        // The store refuses an RPPS the directory does not know as a physician's (CSS L162-5-3): said at the field.
        return fr.sante.dmp.pwa.web.Acting.on(ctx, choices).setTreatingDoctor(ins(ctx).subject(), rpps).compose(
                v -> PageRenderer.redirect(ctx, Paths.PRIVACY + "?saved=doctorSet"),
                e -> e instanceof RecordException.Invalid invalid && "rpps".equals(invalid.field())
                        ? show(ctx, 400, FormErrors.none().add("doctor", "error.doctor.notAPhysician"), null, "")
                        : Future.failedFuture(e));
    }

    /** Letters typed where an RPPS may go: a name to look up (the RPPS stays the fallback). */
    static boolean isName(String raw) {
        return raw != null && raw.chars().anyMatch(Character::isLetter);
    }

    /**
     * A name typed in {@code field}: the page again with the professionals found, each with a button that posts their
     * RPPS to the same form; none found (or too short) is the field's error.
     */
    private Future<Void> find(RoutingContext ctx, String field, String raw, Optional<String> profession) {
        String typed = raw.strip();
        if (typed.length() > ProfessionalDirectory.MAX_QUERY) {
            return show(ctx, 400, FormErrors.none().add(field, "error.directory.tooLong"), null,
                    "rpps".equals(field) ? typed.substring(0, ProfessionalDirectory.MAX_QUERY) : "");
        }
        if (typed.codePoints().filter(Character::isLetterOrDigit).count() < ProfessionalDirectory.MIN_QUERY) {
            return show(ctx, 400, FormErrors.none().add(field, "error.directory.tooShort"), null,
                    "rpps".equals(field) ? typed : "");
        }
        if (directory.isEmpty()) {
            return show(ctx, 400, FormErrors.none().add(field, "error.directory.noMatch"), null, "");
        }
        return directory.get().search(typed, profession).compose(found -> found.isEmpty()
                ? show(ctx, 400, FormErrors.none().add(field, "error.directory.noMatch"), null,
                        "rpps".equals(field) ? typed : "")
                : show(ctx, 200, FormErrors.none(), null, "rpps".equals(field) ? typed : "",
                        new Matches(field, typed, found)));
    }

    private Future<Void> preview(RoutingContext ctx) {
        Profession profession;
        try {
            profession = Profession.fromCode(ctx.request().getParam("profession"));
        } catch (InvalidIdentifierException e) {
            return show(ctx, 400, FormErrors.none().add("profession", "error.profession.required"), null, "");
        }
        if (PageRenderer.isHtmx(ctx)) {
            return fr.sante.dmp.pwa.web.Acting.on(ctx, overview).preview(ins(ctx).subject(), profession)
                    .compose(p -> views.send(ctx, 200, "partials/preview.jte", views.page(ctx, "privacy"), "preview", p));
        }
        // The whole page: the overview and the preview from one load of the record.
        return fr.sante.dmp.pwa.web.Acting.on(ctx, overview).overviewWithPreview(ins(ctx).subject(), profession)
                .compose(both -> render(ctx, 200, FormErrors.none(), both.preview(), "", null, both.overview()));
    }

    private Future<Void> show(RoutingContext ctx, int status, FormErrors errors, AccessPreview preview,
                              String rppsValue) {
        return show(ctx, status, errors, preview, rppsValue, null);
    }

    private Future<Void> show(RoutingContext ctx, int status, FormErrors errors, AccessPreview preview,
                              String rppsValue, Matches matches) {
        return fr.sante.dmp.pwa.web.Acting.on(ctx, overview).overview(ins(ctx).subject())
                .compose(o -> render(ctx, status, errors, preview, rppsValue, matches, o));
    }

    private Future<Void> render(RoutingContext ctx, int status, FormErrors errors, AccessPreview preview,
                                String rppsValue, Matches matches, PatientOverview o) {
        String saved = ctx.request().getParam("saved");
        List<String> named = new java.util.ArrayList<>(o.blockedRpps());
        o.treatingDoctorRpps().ifPresent(named::add);
        return Professionals.of(directory, named).compose(pros -> views.send(ctx, status, "pages/privacy.jte",
                views.page(ctx, "privacy"), "overview", o, "errors", errors, "preview", preview,
                "rppsValue", rppsValue == null ? "" : rppsValue,
                "professions", PROFESSIONS,
                "saved", saved != null && NOTICES.contains(saved) ? "privacy.saved." + saved : null,
                "pros", pros, "matches", matches));
    }

    static final List<Profession> PROFESSIONS = Arrays.asList(Profession.values());

    private static PatientSession ins(RoutingContext ctx) {
        return Routes.session(ctx);
    }

    private static Rpps parsePath(RoutingContext ctx) {
        return Rpps.parse(ctx.pathParam("rpps"));
    }
}
