package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** POST /patients/{ins}/break-glass: emergency access with a stated reason; flagged in the audit by the store. */
final class BreakGlassHandler implements Handler<RoutingContext> {
    static final int MIN_REASON = 10;
    private final RecordService records;

    BreakGlassHandler(RecordService records) {
        this.records = records;
    }

    @Override
    public void handle(RoutingContext rc) {
        Ins ins = Exchange.ins(rc);
        String reason = Exchange.body(rc).getString("reason", "").strip();
        if (reason.length() < MIN_REASON) {
            throw Exchange.invalid("reason", "reason must state the emergency in at least " + MIN_REASON + " characters");
        }
        records.breakGlass(Exchange.professional(rc), ins, reason)
                .onSuccess(documents -> Exchange.json(rc, 200, DocumentJson.list(documents)))
                .onFailure(rc::fail);
    }
}
