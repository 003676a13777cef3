package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.gateway.config.Guards;
import fr.sante.dmp.store.patient.contact.CodeSender;
import fr.sante.dmp.store.patient.login.PatientContact;
import io.vertx.core.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time codes behind the SMS pumping caps: a number outside the allowed countries, past its daily count, or past
 * the platform's daily budget gets no SMS; the code goes by e-mail when the person has one, else nowhere. The caller
 * (the login) answers the same neutral "sent if the identity exists" in every case, so a reply tells nothing about a
 * number or a cap. When Redis cannot count, no SMS leaves (fail closed: the code could not be checked anyway, it lives
 * in Redis too). Alerts are logged once per capped number and day and once when the budget
 * breaker opens, naming no number.
 */
public final class CappedCodeSender implements CodeSender {
    private static final Logger LOG = LoggerFactory.getLogger(CappedCodeSender.class);

    private final CodeSender delegate;
    private final SmsCaps caps;
    private final Guards guards;

    public CappedCodeSender(CodeSender delegate, SmsCaps caps, Guards guards) {
        this.delegate = delegate;
        this.caps = caps;
        this.guards = guards;
    }

    @Override
    public Future<Void> send(PatientContact to, String code, String language, Purpose purpose) {
        if (to.phone().isEmpty()) {
            return delegate.send(to, code, language, purpose);
        }
        String phone = to.phone().get();
        if (!guards.smsAllowedTo(phone)) {
            LOG.atInfo().addKeyValue("guard", "sms-country").log("one-time code not texted: country not allowed");
            return byEmailOrNothing(to, code, language, purpose);
        }
        return caps.take(phone)
                .recover(e -> {
                    LOG.atWarn().addKeyValue("guard", "sms-caps").addKeyValue("error", e.toString())
                            .log("SMS caps unavailable; one-time code not texted (fail closed)");
                    return Future.succeededFuture(null);
                })
                .compose(v -> {
                    if (v != null && v.send()) {
                        return delegate.send(to, code, language, purpose);
                    }
                    if (v != null && v.alert()) {
                        boolean budget = v == SmsCaps.Verdict.BUDGET_SPENT_FIRST;
                        LOG.atWarn().addKeyValue("alert", budget ? "sms-daily-budget" : "sms-per-number")
                                .addKeyValue("limit", budget ? caps.budget() : caps.perNumber())
                                .log(budget ? "one-time-code SMS budget of the day spent: breaker open until midnight UTC"
                                        : "a number reached its daily one-time-code SMS cap (possible SMS pumping)");
                    }
                    return byEmailOrNothing(to, code, language, purpose);
                });
    }

    private Future<Void> byEmailOrNothing(PatientContact to, String code, String language, Purpose purpose) {
        if (to.email().isEmpty()) {
            return Future.succeededFuture();
        }
        return delegate.send(new PatientContact(Optional.empty(), to.email(), to.language()), code, language, purpose);
    }
}
