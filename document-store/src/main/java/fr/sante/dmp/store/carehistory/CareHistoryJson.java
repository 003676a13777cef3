package fr.sante.dmp.store.carehistory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;

/**
 * The care history as JSON ({@code CareHistory} in the contracts): the same line shape for the patient and for
 * professionals; only the patient's view carries the patient's own choice on each line.
 */
public final class CareHistoryJson {

    private CareHistoryJson() {
    }

    /** {@code {"lines": [...]}}, newest first as the service returns them. */
    public static JsonObject history(List<CareHistoryLine> lines, boolean withPatientChoice) {
        JsonArray a = new JsonArray();
        lines.forEach(l -> a.add(line(l, withPatientChoice)));
        return new JsonObject().put("lines", a);
    }

    private static JsonObject line(CareHistoryLine l, boolean withPatientChoice) {
        JsonObject j = new JsonObject()
                .put("lineId", l.lineId())
                .put("dateOfCare", l.dateOfCare().toString())
                .put("kind", l.kind().name())
                .put("code", l.code())
                .put("label", l.label())
                .put("sensitive", l.sensitive())
                .put("minorConfidential", l.minorConfidential());
        l.prescriber().ifPresent(r -> j.put("prescriberRpps", r.value()));
        l.performer().ifPresent(r -> j.put("performerRpps", r.value()));
        // Euros as a decimal string: no binary floating point for money.
        l.amountCents().ifPresent(c -> j.put("amount", BigDecimal.valueOf(c, 2).toPlainString()));
        if (withPatientChoice) {
            j.put("patientChoice", l.patientChoice().name());
        }
        return j;
    }
}
