package fr.sante.dmp.pwa.passkey;

import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.pwa.PwaConfig;
import fr.sante.dmp.pwa.login.LoginService;
import fr.sante.dmp.pwa.security.Csrf;
import fr.sante.dmp.pwa.security.Hmac;
import fr.sante.dmp.pwa.session.PatientSession;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.pwa.web.Paths;
import fr.sante.dmp.pwa.web.Routes;
import fr.sante.dmp.pwa.web.PageRenderer;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.passkey.PasskeyService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passkeys: register one from the profile page once signed in (by one-time code), list and remove them, and sign in
 * with one from the login page. JSON in and out for {@code passkey.js}; CSRF token in the header like htmx; each
 * challenge is single use and expires ({@link Challenges}); a registration challenge is bound to the session that
 * asked for it. Answers to a refused login say nothing about why (unknown credential, bad signature, counter).
 */
public final class PasskeyPages {

    private static final Logger LOG = LoggerFactory.getLogger(PasskeyPages.class);
    private static final String REGISTER = "register";
    private static final String LOGIN = "login";

    private final PasskeyService passkeys;
    private final LoginService login;
    private final SessionAuth sessions;
    private final Csrf csrf;
    private final PwaConfig config;
    private final Challenges challenges;
    private final Ceremonies ceremonies;

    public PasskeyPages(Vertx vertx, RedisAPI redis, PasskeyService passkeys, LoginService login,
                        SessionAuth sessions, Csrf csrf, PwaConfig config) {
        this.passkeys = passkeys;
        this.login = login;
        this.sessions = sessions;
        this.csrf = csrf;
        this.config = config;
        this.challenges = new Challenges(redis, Duration.ofMillis(Ceremonies.TIMEOUT_MS + 30_000));
        this.ceremonies = new Ceremonies(vertx, config);
    }

    public void mount(Routes routes) {
        routes.signedIn(HttpMethod.POST, Paths.PASSKEY_REGISTER_OPTIONS, this::registrationOptions);
        routes.signedIn(HttpMethod.POST, Paths.PASSKEYS, this::register);
        routes.signedIn(HttpMethod.POST, Paths.PASSKEY_REMOVE, this::remove);
        routes.open(HttpMethod.POST, Paths.PASSKEY_LOGIN_OPTIONS, this::loginOptions);
        routes.open(HttpMethod.POST, Paths.PASSKEY_LOGIN, this::signIn);
    }

    private Future<Void> registrationOptions(RoutingContext ctx) {
        PatientSession session = Routes.session(ctx);
        Future<String> handle = passkeys.userHandle(session.ins());
        Future<java.util.List<PasskeyService.Passkey>> existing = passkeys.list(session.ins());
        return Future.all(handle, existing).compose(v -> {
            if (existing.result().size() >= PasskeyService.MAX_PER_RECORD) {
                return PageRenderer.problem(ctx, fr.sante.dmp.problem.Problem.bilingual(ProblemType.CONFLICT,
                        "au plus " + PasskeyService.MAX_PER_RECORD + " clés d'accès",
                        "at most " + PasskeyService.MAX_PER_RECORD + " passkeys"));
            }
            return ceremonies.registrationOptions(handle.result(),
                    existing.result().stream().map(PasskeyService.Passkey::credentialId).toList(), "Mon espace santé")
                    .compose(options -> challenges.remember(options.getString("challenge"), new JsonObject()
                                    .put("for", REGISTER).put("session", Hmac.sha256(session.id()))
                                    .put("handle", handle.result()))
                            .compose(x -> PageRenderer.json(ctx, 200, options)));
        });
    }

    private Future<Void> register(RoutingContext ctx) {
        PatientSession session = Routes.session(ctx);
        Optional<Answer> answer = Answer.of(ctx);
        if (answer.isEmpty()) {
            return refused(ctx, 400);
        }
        Answer a = answer.get();
        return challenges.take(a.challenge()).compose(found -> {
            if (found.isEmpty() || !REGISTER.equals(found.get().getString("for"))
                    || !Hmac.same(Hmac.sha256(session.id()), found.get().getString("session"))
                    || !config.passkeyOriginAllowed(a.origin())) {
                return refused(ctx, 400);
            }
            return ceremonies.register(a.credential(), a.challenge(), a.origin(), found.get().getString("handle"),
                            p -> passkeys.register(session.ins(), p))
                    .compose(v -> PageRenderer.json(ctx, 201, new JsonObject().put("redirect",
                            Paths.PROFILE + "?saved=passkey")))
                    .recover(e -> {
                        if (e instanceof RecordException.Unavailable) {
                            return Future.failedFuture(e);
                        }
                        LOG.info("passkey registration refused ({})", e.getClass().getSimpleName());
                        return refused(ctx, 400);
                    });
        });
    }

    private Future<Void> remove(RoutingContext ctx) {
        String id = ctx.request().getFormAttribute("credentialId");
        return passkeys.remove(Routes.session(ctx).ins(), id)
                .compose(v -> PageRenderer.redirect(ctx, Paths.PROFILE + "?saved=passkeyRemoved"));
    }

    private Future<Void> loginOptions(RoutingContext ctx) {
        return login.addressHit(PageRenderer.clientAddress(ctx)).compose(ip -> {
            if (!ip.allowed()) {
                return PageRenderer.json(ctx, 429, new JsonObject().put("error", "too-many"));
            }
            return ceremonies.loginOptions().compose(options -> challenges.remember(options.getString("challenge"),
                    new JsonObject().put("for", LOGIN)).compose(x -> PageRenderer.json(ctx, 200, options)));
        });
    }

    private Future<Void> signIn(RoutingContext ctx) {
        Optional<Answer> answer = Answer.of(ctx);
        if (answer.isEmpty()) {
            return refused(ctx, 401);
        }
        Answer a = answer.get();
        String credentialId = a.credential().getString("id");
        return challenges.take(a.challenge()).compose(found -> {
            if (found.isEmpty() || !LOGIN.equals(found.get().getString("for"))
                    || !config.passkeyOriginAllowed(a.origin())) {
                return refused(ctx, 401);
            }
            return passkeys.find(credentialId).compose(stored -> {
                if (stored.isEmpty() || !userHandleMatches(a.credential(), stored.get())) {
                    // Unknown or removed credential: nothing to audit against, nothing said.
                    return refused(ctx, 401);
                }
                return ceremonies.login(a.credential(), a.challenge(), a.origin(), stored.get(),
                                count -> passkeys.signIn(credentialId, count))
                        .compose(owner -> sessions.store().create(owner.ins(), owner.birthDate(),
                                PatientSession.Kind.WEB))
                        .compose(session -> {
                            // A new session id at login (no fixation) and a CSRF token bound to it.
                            ctx.response().addCookie(sessions.cookie(session));
                            ctx.put(PatientSession.CONTEXT_KEY, session);
                            csrf.issue(ctx, Csrf.binding(ctx));
                            return PageRenderer.json(ctx, 200, new JsonObject().put("redirect", Paths.DASHBOARD));
                        })
                        .recover(e -> {
                            if (e instanceof RecordException.Unavailable) {
                                return Future.failedFuture(e);
                            }
                            LOG.info("passkey login refused ({})", e.getClass().getSimpleName());
                            return passkeys.refuseSignIn(credentialId).compose(v -> refused(ctx, 401));
                        });
            });
        });
    }

    /** A discoverable credential returns the user handle it was made for: it must be the stored one. */
    private static boolean userHandleMatches(JsonObject credential, PasskeyService.StoredPasskey stored) {
        Object handle = credential.getJsonObject("response").getValue("userHandle");
        return handle == null || stored.userHandle().equals(handle);
    }

    private static Future<Void> refused(RoutingContext ctx, int status) {
        return PageRenderer.json(ctx, status, new JsonObject().put("error", "refused"));
    }

    /** The browser's answer: the credential JSON, and the challenge and origin read from its clientDataJSON. */
    private record Answer(JsonObject credential, String challenge, String origin) {
        static Optional<Answer> of(RoutingContext ctx) {
            try {
                JsonObject credential = ctx.body().asJsonObject();
                String id = credential.getString("id");
                if (id == null || !id.matches("[A-Za-z0-9_-]{16,1400}") || !id.equals(credential.getString("rawId"))
                        || !"public-key".equals(credential.getString("type"))) {
                    return Optional.empty();
                }
                JsonObject clientData = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(
                        credential.getJsonObject("response").getString("clientDataJSON"))));
                return Optional.of(new Answer(credential, clientData.getString("challenge"),
                        clientData.getString("origin")));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
