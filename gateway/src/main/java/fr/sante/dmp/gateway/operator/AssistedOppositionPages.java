package fr.sante.dmp.gateway.operator;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions.CallerTraits;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions.Opposition;
import fr.sante.dmp.store.patient.lifecycle.AssistedOppositions.Outcome;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opposition by telephone on the operators' pages: the agent types what the caller says (INS or invitation code,
 * names, birth date), the store checks it against the invitation, and, once the person has confirmed aloud, opposes
 * for them; the receipt's code is shown to be read out and its copy goes by SMS, e-mail or letter. What is checked and
 * why: {@link AssistedOppositions}. Every step is audited by the store under the agent's token subject. Forms carry
 * the sign-in's form token and are refused from another origin; nothing of the caller is logged.
 */
public final class AssistedOppositionPages {
    private static final Logger LOG = LoggerFactory.getLogger(AssistedOppositionPages.class);
    /** What the agent may type per field: a name of 100 characters and some slack, never more. */
    private static final int MAX_TYPED = 120;
    public static final List<String> FIELDS = List.of("identifier", "familyName", "givenName", "birthDate");

    private final OperatorPages pages;
    private final AssistedOppositions desk;

    AssistedOppositionPages(OperatorPages pages, AssistedOppositions desk) {
        this.pages = pages;
        this.desk = desk;
    }

    void mount(Router root) {
        root.get(OperatorPaths.OPPOSITION).handler(pages::requireOperator)
                .handler(ctx -> render(ctx, 200, View.form(pages.formToken(ctx), Map.of(), Map.of(), null)));
        root.post(OperatorPaths.OPPOSITION_CHECK).handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(pages::requireOperator).handler(ctx -> step(ctx, false));
        root.post(OperatorPaths.OPPOSITION_CONFIRM).handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
                .handler(pages::requireOperator).handler(ctx -> step(ctx, true));
    }

    /** The check ({@code oppose} false) or the opposition: validated, then decided and audited by the store. */
    private void step(RoutingContext ctx, boolean oppose) {
        if (!OperatorPages.sameOrigin(ctx) || !pages.formTokenValid(ctx, ctx.request().getFormAttribute("form"))) {
            pages.send(ctx, 403, "operator/error.jte", pages.page(ctx, true), "message", "assist.formExpired");
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : FIELDS) {
            String v = ctx.request().getFormAttribute(f);
            values.put(f, v == null ? "" : v.length() > MAX_TYPED ? v.substring(0, MAX_TYPED) : v);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<CallerTraits> traits = traits(values, errors);
        String token = pages.formToken(ctx);
        if (traits.isEmpty()) {
            render(ctx, 400, View.form(token, values, errors, null));
            return;
        }
        if (oppose && !"oui".equals(ctx.request().getFormAttribute("confirm"))) {
            // Not confirmed aloud yet: the check again (audited), the confirmation form with its error.
            desk.check(agent(ctx), traits.get()).onComplete(ar -> {
                if (ar.failed()) {
                    pages.failed(ctx, ar.cause());
                } else if (ar.result().outcome() != Outcome.MAY_OPPOSE) {
                    refused(ctx, values, ar.result(), token);
                } else {
                    render(ctx, 400, new View("confirm", token, values, Map.of("confirm", "assist.error.confirm"),
                            ar.result(), null));
                }
            });
            return;
        }
        if (!oppose) {
            desk.check(agent(ctx), traits.get()).onComplete(ar -> {
                if (ar.failed()) {
                    pages.failed(ctx, ar.cause());
                } else if (ar.result().outcome() == Outcome.MAY_OPPOSE) {
                    render(ctx, 200, new View("confirm", token, values, Map.of(), ar.result(), null));
                } else {
                    refused(ctx, values, ar.result(), token);
                }
            });
            return;
        }
        desk.oppose(agent(ctx), traits.get()).onComplete(ar -> {
            if (ar.failed()) {
                pages.failed(ctx, ar.cause());
                return;
            }
            Opposition done = ar.result();
            LOG.atInfo().addKeyValue("operator", agent(ctx)).addKeyValue("outcome",
                    done.receipt().isPresent() ? "opposed" : done.check().outcome().name())
                    .log("assisted opposition");
            if (done.receipt().isPresent()) {
                render(ctx, 200, new View("receipt", token, Map.of(), Map.of(), done.check(),
                        done.receipt().get()));
            } else {
                refused(ctx, values, done.check(), token);
            }
        });
    }

    /** A check that does not lead to an opposition: the reason, and the form again to correct a typo. */
    private void refused(RoutingContext ctx, Map<String, String> values, AssistedOppositions.CallerCheck check,
                         String token) {
        int status = switch (check.outcome()) {
            case NOT_CONFIRMED, UNDER_OWN_ACCESS_AGE -> 403;
            case TOO_MANY_FAILED_CHECKS -> 429;
            default -> 409;
        };
        render(ctx, status, new View("form", token, values, Map.of(), check, null));
    }

    /** The caller's traits as typed, or field errors (every field checked, so all problems show at once). */
    static Optional<CallerTraits> traits(Map<String, String> values, Map<String, String> errors) {
        String id = values.get("identifier").replaceAll("[\\s.\\-]", "");
        Optional<Ins> ins = Optional.empty();
        Optional<String> code = Optional.empty();
        if (id.isEmpty()) {
            errors.put("identifier", "assist.error.identifier.required");
        } else if (id.length() == 15) {
            try {
                ins = Optional.of(Ins.parse(id));
            } catch (InvalidIdentifierException e) {
                errors.put("identifier", "assist.error.identifier.ins");
            }
        } else if (id.matches("[A-Za-z2-9]{12}")) {
            code = Optional.of(id);
        } else {
            errors.put("identifier", "assist.error.identifier.invalid");
        }
        for (String name : List.of("familyName", "givenName")) {
            String v = values.get(name).strip();
            if (v.isEmpty()) {
                errors.put(name, "assist.error." + name + ".required");
            } else if (v.length() > 100 || v.chars().anyMatch(Character::isISOControl)) {
                errors.put(name, "assist.error.name.invalid");
            }
        }
        Optional<LocalDate> birth = birthDate(values.get("birthDate").strip(), errors);
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CallerTraits(ins, code, values.get("familyName"), values.get("givenName"),
                    birth.get()));
        } catch (RecordException.Invalid e) {
            errors.put("identifier", "assist.error.identifier.invalid");
            return Optional.empty();
        }
    }

    /** JJ/MM/AAAA as agents type it, or ISO; not in the future, not before 1900. */
    private static Optional<LocalDate> birthDate(String v, Map<String, String> errors) {
        if (v.isEmpty()) {
            errors.put("birthDate", "assist.error.birthDate.required");
            return Optional.empty();
        }
        try {
            LocalDate d = v.matches("\\d{2}/\\d{2}/\\d{4}") ? LocalDate.of(Integer.parseInt(v.substring(6)),
                    Integer.parseInt(v.substring(3, 5)), Integer.parseInt(v.substring(0, 2))) : LocalDate.parse(v);
            if (d.getYear() < 1900 || d.isAfter(LocalDate.now())) {
                errors.put("birthDate", "assist.error.birthDate.invalid");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            errors.put("birthDate", "assist.error.birthDate.invalid");
            return Optional.empty();
        }
    }

    private static String agent(RoutingContext ctx) {
        return "sub:" + ((Caller) ctx.get(OperatorPages.OPERATOR)).subject();
    }

    private void render(RoutingContext ctx, int status, View view) {
        pages.send(ctx, status, "operator/opposition.jte", pages.page(ctx, true), "v", view);
    }

    /**
     * One step of the page: {@code form} (the traits to type; with {@code check} when one stopped), {@code confirm}
     * (identity confirmed, the opposition to confirm aloud), {@code receipt} (to read out).
     */
    public record View(String step, String formToken, Map<String, String> values, Map<String, String> errors,
                       AssistedOppositions.CallerCheck check, AssistedOppositions.AssistedReceipt receipt) {
        static View form(String token, Map<String, String> values, Map<String, String> errors,
                         AssistedOppositions.CallerCheck check) {
            return new View("form", token, values, errors, check, null);
        }

        public String value(String field) {
            return values.getOrDefault(field, "");
        }

        public String error(String field) {
            return errors.get(field);
        }

        /** The code grouped by four, each group on its own for reading out. */
        public List<String> codeGroups() {
            return List.of(receipt.verificationCode().split("-"));
        }
    }
}
