package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.record.PersonRegistration;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** PUT /admin/patients/{ins}: registers a person (idempotent); 201 when created, 200 when already there. */
final class RegisterPatientHandler implements Handler<RoutingContext> {
    private final RecordService records;

    RegisterPatientHandler(RecordService records) {
        this.records = records;
    }

    @Override
    public void handle(RoutingContext rc) {
        Ins ins = Exchange.ins(rc);
        JsonObject b = Exchange.body(rc);
        PersonRegistration person = new PersonRegistration(
                birthDate(b.getString("birthDate")),
                b.getString("givenName"),
                b.getString("familyName"),
                b.getString("sex"),
                Optional.ofNullable(b.getString("phone")),
                Optional.ofNullable(b.getString("email")),
                RecordState.valueOf(b.getString("state")));
        records.register(Exchange.caller(rc).subject(), ins, person)
                .onSuccess(r -> Exchange.json(rc, r.created() ? 201 : 200,
                        new JsonObject().put("created", r.created()).put("state", r.state().name())))
                .onFailure(rc::fail);
    }

    /** A date; whether it may be a birth date (not ahead of the store's clock, not before 1900) is the store's rule. */
    private static LocalDate birthDate(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Exchange.invalid("birthDate", "birthDate must be a date (YYYY-MM-DD)");
        }
    }
}
