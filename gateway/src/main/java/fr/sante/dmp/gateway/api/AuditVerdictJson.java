package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.audit.AuditVerification;
import io.vertx.core.json.JsonObject;

/** The verifier's verdict as the API and {@code dmp audit verify} print it. */
public final class AuditVerdictJson {
    private AuditVerdictJson() {
    }

    /** {ok, entries, firstBreak, reason, checkpoints, lastCheckpoint, witnessed}; null where there is nothing to report. */
    public static JsonObject json(AuditVerification v) {
        return new JsonObject()
                .put("ok", v.ok())
                .put("entries", v.entries())
                .put("firstBreak", v.firstBreak().orElse(null))
                .put("reason", v.reason().map(Enum::name).orElse(null))
                .put("checkpoints", v.checkpoints())
                .put("lastCheckpoint", v.lastCheckpoint().orElse(null))
                .put("witnessed", v.witnessed());
    }
}
