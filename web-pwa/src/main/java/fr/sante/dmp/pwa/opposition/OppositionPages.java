package fr.sante.dmp.pwa.opposition;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.login.AttemptWindows;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.Deadline;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.lifecycle.OppositionReceipt;
import fr.sante.dmp.store.patient.overview.PatientOverview;
import fr.sante.dmp.pwa.web.Acting;
import fr.sante.dmp.store.patient.lifecycle.LifecycleService;
import fr.sante.dmp.store.patient.login.PatientLoginService;
import fr.sante.dmp.store.patient.overview.OverviewService;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Opposition to the record's creation (CSP R1111-28), without logging in: INS + birth date + invitation code, or from
 * a signed-in session. Neutral wording, explicit confirmation, a printable receipt with its verification code, and an
 * undo while the window is open. Plain forms and full pages: nothing here needs JavaScript, and the first page costs
 * no Redis or database work, which matters on deadline day.
 */
public final class OppositionPages {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OppositionPages.class);
    /** Query parameter of the page shown after a withdrawal (post-redirect-get). */
    static final String WITHDRAWN = "annulee";

    private final PageRenderer views;
    private final LifecycleService lifecycle;
    private final OverviewService overview;
    private final PatientLoginService patientLogin;
    private final LoginService login;
    private final AttemptWindows limiter;
    private final OppositionGrants grants;
    private final PwaConfig config;
    private final Hmac hmac;
    private final OppositionReceipts receipts;
    private final CodeSender sender;
    private final String receiptCookie;

    public OppositionPages(PageRenderer views, LifecycleService lifecycle, OverviewService overview, PatientLoginService patientLogin, LoginService login, AttemptWindows limiter,
                           OppositionGrants grants, OppositionReceipts receipts, CodeSender sender, PwaConfig config,
                           Hmac hmac) {
        this.receipts = receipts;
        this.sender = sender;
        // Browsers accept a __Host- cookie only with Secure, Path=/ and no Domain (as the session's).
        this.receiptCookie = config.secureCookies() ? "__Host-dmp-receipt" : "dmp-receipt";
        this.views = views;
        this.lifecycle = lifecycle;
        this.overview = overview;
        this.patientLogin = patientLogin;
        this.login = login;
        this.limiter = limiter;
        this.grants = grants;
        this.config = config;
        this.hmac = hmac;
    }

    public void mount(Routes routes) {
        routes.open(HttpMethod.GET, Paths.OPPOSITION, ctx -> {
            PatientSession s = Routes.session(ctx);
            if ("1".equals(ctx.request().getParam(WITHDRAWN))) {
                return s == null ? render(ctx, 200, "withdrawn", Map.of()) : withdrawn(ctx, s.subject());
            }
            return s == null ? render(ctx, 200, "identity", Map.of()) : status(ctx, s.subject(), null);
        });
        routes.open(HttpMethod.POST, Paths.OPPOSITION_CHECK, this::check);
        routes.open(HttpMethod.POST, Paths.OPPOSITION_CONFIRM, this::confirm);
        routes.open(HttpMethod.GET, Paths.OPPOSITION_RECEIPT, this::showReceipt);
        routes.open(HttpMethod.GET, Paths.OPPOSITION_WITHDRAW, this::withdrawForm);
        routes.open(HttpMethod.POST, Paths.OPPOSITION_WITHDRAW, this::withdraw);
    }

    private Future<Void> check(RoutingContext ctx) {
        String rawIns = ctx.request().getFormAttribute("ins");
        String rawBirth = ctx.request().getFormAttribute("birthDate");
        String rawCode = ctx.request().getFormAttribute("invitationCode");
        FormErrors errors = FormErrors.none();
        Optional<Ins> ins = Inputs.ins(rawIns, errors);
        Optional<LocalDate> birth = Inputs.birthDate(rawBirth, errors);
        String code = rawCode == null ? "" : rawCode.replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT);
        if (code.isEmpty()) {
            errors.add("invitationCode", "error.invitationCode.required");
        } else if (code.length() > 64) {
            errors.add("invitationCode", "error.invitationCode.tooLong");
        }
        Map<String, Object> values = Map.of("ins", nz(rawIns), "birthDate", nz(rawBirth));
        if (!errors.isEmpty()) {
            return render(ctx, 400, "identity", with(values, "errors", errors));
        }
        if (patientLogin.ownAccess(birth.get()).denied()) {
            // Under the own-access age a child does not oppose alone (issue 16): their parents do, from their own
            // space. Decided from the typed birth date, so it tells nothing of the INS.
            return render(ctx, 403, "identity", with(values, "notice", "opposition.ownAccessAge"));
        }
        return limited(ctx, ins.get()).compose(ok -> {
            if (!ok) {
                return render(ctx, 429, "identity", with(values, "notice", "login.tooManyFromAddress"));
            }
            return patientLogin.checkInvitationCode(ins.get(), birth.get(), code).compose(valid -> valid
                    ? grants.create(ins.get()).compose(grant -> status(ctx, ins.get(), grant))
                    : render(ctx, 401, "identity", with(values, "errors",
                            FormErrors.none().add("invitationCode", "error.invitationCode.wrong"))));
        });
    }

    /**
     * Opposes once per confirmation form: the form's nonce is claimed first, so a resend (Back, a double click, a
     * replayed request) opposes nothing and lands on the receipt page of the first. Then post-redirect-get: the
     * receipt is a GET, and Back never offers to send the confirmation again.
     */
    private Future<Void> confirm(RoutingContext ctx) {
        return who(ctx).compose(found -> {
            if (found.isEmpty()) {
                return render(ctx, 401, "identity", Map.of("notice", "opposition.expired"));
            }
            Ins ins = found.get();
            String grant = ctx.request().getFormAttribute("grant");
            String nonce = ctx.request().getFormAttribute("nonce");
            if (!OppositionReceipts.wellFormed(nonce)) {
                return status(ctx, ins, grant, FormErrors.none(), "opposition.formExpired");
            }
            if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
                return status(ctx, ins, grant, FormErrors.none().add("confirm", "error.confirm.required"), null);
            }
            return receipts.claim(nonce).compose(first -> {
                if (!first) {
                    return toReceipt(ctx, nonce);
                }
                return Acting.on(ctx, lifecycle).oppose(ins)
                        .compose(receipt -> kept(ctx, nonce, ins, grant, receipt))
                        .compose(v -> toReceipt(ctx, nonce))
                        .recover(e -> e instanceof RecordException.Conflict
                                ? receipts.release(nonce).compose(v -> status(ctx, ins, grant))
                                : receipts.release(nonce).transform(v -> Future.failedFuture(e)));
            });
        });
    }

    /**
     * Keeps the receipt for the page and, for a signed-in patient, with their session; queues its copy by SMS or
     * e-mail (after the opposition committed: a failure to queue is logged, the receipt on screen stays the proof).
     */
    private Future<Void> kept(RoutingContext ctx, String nonce, Ins ins, String grant, OppositionReceipt receipt) {
        Future<Void> saved = receipts.save(nonce, new OppositionReceipts.Receipt(ins, receipt.opposedAt(),
                receipt.windowClosesAt(), receipt.verificationCode(), nz(grant)));
        PatientSession s = Routes.session(ctx);
        Future<Void> session = s == null ? Future.succeededFuture()
                : receipts.keepForSession(s.id(), receipt.verificationCode());
        receipt.sendTo().ifPresent(to -> sender.send(to, receipt.verificationCode(), views.messages(ctx).lang(),
                        CodeSender.Purpose.OPPOSITION_RECEIPT)
                .onFailure(e -> LOG.warn("opposition receipt copy not queued: {}", e.getClass().getSimpleName())));
        return Future.all(saved, session).mapEmpty();
    }

    /** 303 to the receipt page, the nonce in an HttpOnly cookie (never in the URL, the history or a log). */
    private Future<Void> toReceipt(RoutingContext ctx, String nonce) {
        ctx.response().addCookie(Cookie.cookie(receiptCookie, nonce).setPath("/").setHttpOnly(true)
                .setSecure(config.secureCookies()).setSameSite(CookieSameSite.STRICT)
                .setMaxAge(OppositionReceipts.TTL.toSeconds()));
        return PageRenderer.redirect(ctx, Paths.OPPOSITION_RECEIPT);
    }

    /**
     * The receipt of this browser's opposition while it stands; once withdrawn, that it was withdrawn; without one
     * (expired, another browser), the opposition page.
     */
    private Future<Void> showReceipt(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(receiptCookie);
        return receipts.find(c == null ? null : c.getValue()).compose(found -> {
            if (found.isEmpty()) {
                return PageRenderer.redirect(ctx, Paths.OPPOSITION);
            }
            OppositionReceipts.Receipt r = found.get();
            return Acting.on(ctx, overview).overview(r.ins()).compose(o -> {
                if (o.state() == RecordState.OPPOSED) {
                    return render(ctx, 200, "receipt", values("receipt", new OppositionReceipt(r.opposedAt(),
                            r.windowClosesAt(), r.code()), "grant", r.grant(),
                            "deadline", Deadline.of(r.windowClosesAt(), config.clock())));
                }
                if (o.state() == RecordState.INVITED) {
                    return render(ctx, 200, "withdrawn", values("overview", o, "deadline", deadline(o)));
                }
                return status(ctx, r.ins(), r.grant());
            });
        });
    }

    private Future<Void> withdrawForm(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        Future<Boolean> kept = s == null ? Future.succeededFuture(false)
                : receipts.codeForSession(s.id()).map(Optional::isPresent);
        return kept.compose(k -> render(ctx, 200, "withdrawForm", values("withoutCode", k)));
    }

    /**
     * Withdraws with the receipt's code: typed, sent by the receipt page, or, for the signed-in patient who opposed,
     * kept with their session. Then post-redirect-get, so Back shows the current state rather than a form to resend.
     */
    private Future<Void> withdraw(RoutingContext ctx) {
        String typed = nz(ctx.request().getFormAttribute("receiptCode")).strip();
        PatientSession session = Routes.session(ctx);
        Future<Optional<String>> keptCode = session == null || !typed.isEmpty() ? Future.succeededFuture(Optional.empty())
                : receipts.codeForSession(session.id());
        return keptCode.compose(kept -> who(ctx).compose(found -> {
            String receiptCode = kept.orElse(typed);
            FormErrors errors = FormErrors.none();
            Optional<Ins> ins = found;
            if (ins.isEmpty()) {
                ins = Inputs.ins(ctx.request().getFormAttribute("ins"), errors);
            }
            if (receiptCode.isEmpty()) {
                errors.add("receiptCode", "error.code.required");
            } else if (receiptCode.length() > 64) {
                errors.add("receiptCode", "error.receiptCode.wrong");
            }
            Map<String, Object> values = Map.of("ins", nz(ctx.request().getFormAttribute("ins")),
                    "grant", nz(ctx.request().getFormAttribute("grant")));
            if (!errors.isEmpty()) {
                return render(ctx, 400, "withdrawForm", with(values, "errors", errors));
            }
            Ins who = ins.get();
            return limited(ctx, who).compose(ok -> !ok
                    ? render(ctx, 429, "withdrawForm", with(values, "notice", "login.tooManyFromAddress"))
                    : Acting.on(ctx, lifecycle).withdrawOpposition(who, receiptCode)
                            .compose(v -> session == null ? Future.succeededFuture()
                                    : receipts.forgetSession(session.id()))
                            .compose(v -> PageRenderer.redirect(ctx, ctx.request().getCookie(receiptCookie) != null
                                    ? Paths.OPPOSITION_RECEIPT : Paths.OPPOSITION + "?" + WITHDRAWN + "=1"))
                            .recover(e -> e instanceof RecordException.Invalid || e instanceof RecordException.NotFound
                                    ? render(ctx, 400, "withdrawForm", with(values, "errors",
                                            FormErrors.none().add("receiptCode", "error.receiptCode.wrong")))
                                    : e instanceof RecordException.Conflict
                                    ? render(ctx, 409, "withdrawForm", with(values, "notice", "opposition.withdraw.closed"))
                                    : Future.failedFuture(e)));
        }));
    }

    private Future<Void> withdrawn(RoutingContext ctx, Ins ins) {
        return Acting.on(ctx, overview).overview(ins).compose(o -> render(ctx, 200, "withdrawn",
                values("overview", o, "deadline", deadline(o))));
    }

    private Future<Void> status(RoutingContext ctx, Ins ins, String grant) {
        return status(ctx, ins, grant, FormErrors.none(), null);
    }

    /** The record's state and the choice; each rendering of the confirmation form gets a fresh nonce. */
    private Future<Void> status(RoutingContext ctx, Ins ins, String grant, FormErrors errors, String notice) {
        PatientSession s = Routes.session(ctx);
        Future<Boolean> kept = s == null ? Future.succeededFuture(false)
                : receipts.codeForSession(s.id()).map(Optional::isPresent);
        return kept.compose(k -> Acting.on(ctx, overview).overview(ins).compose(o -> render(ctx,
                errors.isEmpty() && notice == null ? 200 : 400, "status",
                values("overview", o, "deadline", deadline(o), "grant", nz(grant), "errors", errors,
                        "notice", notice, "nonce", receipts.newNonce(), "withoutCode", k))));
    }

    /** The person acting: the signed-in patient, or the holder of a grant from the invitation code. */
    private Future<Optional<Ins>> who(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        if (s != null) {
            // A representative acting for someone opposes (or withdraws) for that person, audited as themself.
            return Future.succeededFuture(Optional.of(s.subject()));
        }
        return grants.find(ctx.request().getFormAttribute("grant"));
    }

    /** Per address and per INS: the invitation code is short, so guesses are counted. */
    private Future<Boolean> limited(RoutingContext ctx, Ins ins) {
        return login.addressHit(PageRenderer.clientAddress(ctx)).compose(ip -> !ip.allowed()
                ? Future.succeededFuture(false)
                : limiter.hit("pwa:rl:opp:" + hmac.sign("ins", ins.value()), config.codeMaxAttempts() * 2,
                        config.codeWindow()).map(AttemptWindows.Outcome::allowed));
    }

    private Deadline deadline(PatientOverview o) {
        return o.oppositionDeadline().map(d -> Deadline.of(d, config.clock())).orElse(null);
    }

    private Future<Void> render(RoutingContext ctx, int status, String step, Map<String, Object> values) {
        Map<String, Object> m = new HashMap<>();
        m.put("ins", "");
        m.put("birthDate", "");
        m.put("grant", "");
        m.put("errors", FormErrors.none());
        m.put("notice", null);
        m.put("overview", null);
        m.put("deadline", null);
        m.put("receipt", null);
        m.put("nonce", "");
        m.put("withoutCode", false);
        m.putAll(values);
        return views.send(ctx, status, "pages/opposition.jte", views.page(ctx, "opposition"),
                "v", new OppositionView(step, (String) m.get("ins"), (String) m.get("birthDate"),
                        (String) m.get("grant"), (FormErrors) m.get("errors"), (String) m.get("notice"),
                        (PatientOverview) m.get("overview"), (Deadline) m.get("deadline"),
                        (OppositionReceipt) m.get("receipt"), Routes.session(ctx) != null, (String) m.get("nonce"),
                        (Boolean) m.get("withoutCode")));
    }

    /** Like Map.of, but a value may be null (no deadline once a record is open). */
    private static Map<String, Object> values(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Everything the opposition template shows, for one step. */
    public record OppositionView(String step, String ins, String birthDate, String grant, FormErrors errors,
                                 String notice, PatientOverview overview, Deadline deadline,
                                 OppositionReceipt receipt, boolean signedIn, String nonce, boolean withoutCode) {
        public boolean invited() {
            return overview != null && overview.state() == RecordState.INVITED && deadline != null && !deadline.passed();
        }

        /** INVITED, the invitation not sent yet: no deadline, the window has not started; the person may oppose. */
        public boolean sending() {
            return overview != null && overview.state() == RecordState.INVITED && overview.oppositionDeadline().isEmpty();
        }

        /** OPPOSED and the window still open (or not started: opposed before the invitation went out). */
        public boolean opposedAndOpen() {
            return overview != null && overview.state() == RecordState.OPPOSED
                    && (overview.oppositionDeadline().isEmpty() || deadline != null && !deadline.passed());
        }
    }
}
