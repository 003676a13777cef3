package fr.sante.dmp.pwa.opposition;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.login.RateLimiter;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.web.Deadline;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.Views;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.OppositionReceipt;
import fr.sante.dmp.store.patient.PatientOverview;
import fr.sante.dmp.store.patient.PatientService;
import io.vertx.core.Future;
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

    private final Views views;
    private final PatientService patients;
    private final LoginService login;
    private final RateLimiter limiter;
    private final OppositionGrants grants;
    private final PwaConfig config;
    private final Hmac hmac;

    public OppositionPages(Views views, PatientService patients, LoginService login, RateLimiter limiter,
                           OppositionGrants grants, PwaConfig config, Hmac hmac) {
        this.views = views;
        this.patients = patients;
        this.login = login;
        this.limiter = limiter;
        this.grants = grants;
        this.config = config;
        this.hmac = hmac;
    }

    public void mount(Routes routes) {
        routes.open(HttpMethod.GET, Paths.OPPOSITION, ctx -> {
            PatientSession s = Routes.session(ctx);
            return s == null ? render(ctx, 200, "identity", Map.of()) : status(ctx, s.ins(), null);
        });
        routes.open(HttpMethod.POST, Paths.OPPOSITION_CHECK, this::check);
        routes.open(HttpMethod.POST, Paths.OPPOSITION_CONFIRM, this::confirm);
        routes.open(HttpMethod.GET, Paths.OPPOSITION_WITHDRAW, ctx -> render(ctx, 200, "withdrawForm", Map.of()));
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
        return limited(ctx, ins.get()).compose(ok -> {
            if (!ok) {
                return render(ctx, 429, "identity", with(values, "notice", "login.tooManyFromAddress"));
            }
            return patients.checkInvitationCode(ins.get(), birth.get(), code).compose(valid -> valid
                    ? grants.create(ins.get()).compose(grant -> status(ctx, ins.get(), grant))
                    : render(ctx, 401, "identity", with(values, "errors",
                            FormErrors.none().add("invitationCode", "error.invitationCode.wrong"))));
        });
    }

    private Future<Void> confirm(RoutingContext ctx) {
        return who(ctx).compose(found -> {
            if (found.isEmpty()) {
                return render(ctx, 401, "identity", Map.of("notice", "opposition.expired"));
            }
            Ins ins = found.get();
            String grant = ctx.request().getFormAttribute("grant");
            if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
                return status(ctx, ins, grant, FormErrors.none().add("confirm", "error.confirm.required"));
            }
            return patients.oppose(ins).compose(receipt -> receipt(ctx, receipt, grant))
                    .recover(e -> e instanceof RecordException.Conflict ? status(ctx, ins, grant) : Future.failedFuture(e));
        });
    }

    private Future<Void> withdraw(RoutingContext ctx) {
        String receiptCode = nz(ctx.request().getFormAttribute("receiptCode")).strip();
        return who(ctx).compose(found -> {
            FormErrors errors = FormErrors.none();
            Optional<Ins> ins = found;
            if (ins.isEmpty()) {
                ins = Inputs.ins(ctx.request().getFormAttribute("ins"), errors);
            }
            if (receiptCode.isEmpty() || receiptCode.length() > 64) {
                errors.add("receiptCode", "error.code.required");
            }
            Map<String, Object> values = Map.of("ins", nz(ctx.request().getFormAttribute("ins")),
                    "grant", nz(ctx.request().getFormAttribute("grant")));
            if (!errors.isEmpty()) {
                return render(ctx, 400, "withdrawForm", with(values, "errors", errors));
            }
            Ins who = ins.get();
            return limited(ctx, who).compose(ok -> !ok
                    ? render(ctx, 429, "withdrawForm", with(values, "notice", "login.tooManyFromAddress"))
                    : patients.withdrawOpposition(who, receiptCode)
                            .compose(v -> patients.overview(who))
                            .compose(o -> render(ctx, 200, "withdrawn", values("overview", o,
                                    "deadline", deadline(o))))
                            .recover(e -> e instanceof RecordException.Invalid || e instanceof RecordException.NotFound
                                    ? render(ctx, 400, "withdrawForm", with(values, "errors",
                                            FormErrors.none().add("receiptCode", "error.receiptCode.wrong")))
                                    : e instanceof RecordException.Conflict
                                    ? render(ctx, 409, "withdrawForm", with(values, "notice", "opposition.withdraw.closed"))
                                    : Future.failedFuture(e)));
        });
    }

    private Future<Void> status(RoutingContext ctx, Ins ins, String grant) {
        return status(ctx, ins, grant, FormErrors.none());
    }

    private Future<Void> status(RoutingContext ctx, Ins ins, String grant, FormErrors errors) {
        return patients.overview(ins).compose(o -> render(ctx, errors.isEmpty() ? 200 : 400, "status",
                values("overview", o, "deadline", deadline(o), "grant", nz(grant), "errors", errors)));
    }

    private Future<Void> receipt(RoutingContext ctx, OppositionReceipt receipt, String grant) {
        return render(ctx, 200, "receipt", Map.of("receipt", receipt, "grant", nz(grant),
                "deadline", Deadline.of(receipt.windowClosesAt(), config.clock())));
    }

    /** The person acting: the signed-in patient, or the holder of a grant from the invitation code. */
    private Future<Optional<Ins>> who(RoutingContext ctx) {
        PatientSession s = Routes.session(ctx);
        if (s != null) {
            return Future.succeededFuture(Optional.of(s.ins()));
        }
        return grants.find(ctx.request().getFormAttribute("grant"));
    }

    /** Per address and per INS: the invitation code is short, so guesses are counted. */
    private Future<Boolean> limited(RoutingContext ctx, Ins ins) {
        return login.addressHit(Views.clientAddress(ctx)).compose(ip -> !ip.allowed()
                ? Future.succeededFuture(false)
                : limiter.hit("pwa:rl:opp:" + hmac.sign("ins", ins.value()), config.codeMaxAttempts() * 2,
                        config.codeWindow()).map(RateLimiter.Outcome::allowed));
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
        m.putAll(values);
        return views.send(ctx, status, "pages/opposition.jte", views.page(ctx, "opposition"),
                "v", new OppositionView(step, (String) m.get("ins"), (String) m.get("birthDate"),
                        (String) m.get("grant"), (FormErrors) m.get("errors"), (String) m.get("notice"),
                        (PatientOverview) m.get("overview"), (Deadline) m.get("deadline"),
                        (OppositionReceipt) m.get("receipt"), Routes.session(ctx) != null));
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
                                 OppositionReceipt receipt, boolean signedIn) {
        public boolean invited() {
            return overview != null && overview.state() == RecordState.INVITED && deadline != null && !deadline.passed();
        }

        public boolean opposedAndOpen() {
            return overview != null && overview.state() == RecordState.OPPOSED && deadline != null && !deadline.passed();
        }
    }
}
