package fr.sante.dmp.gateway.api;

import fr.sante.dmp.store.carehistory.FeedReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A feed's report as JSON ({@code FeedReport} in openapi.yaml): the HTTP feed's answer and {@code dmp feed}'s output. */
public final class FeedReportJson {

    private FeedReportJson() {
    }

    public static JsonObject json(FeedReport r) {
        JsonObject byReason = new JsonObject();
        r.byReason().forEach((reason, n) -> byReason.put(reason.name(), n));
        JsonArray rejections = new JsonArray();
        r.rejections().forEach(x -> {
            JsonObject j = new JsonObject().put("lineNumber", x.lineNumber()).put("reason", x.reason().name())
                    .put("detail", x.detail());
            x.lineId().ifPresent(id -> j.put("lineId", id));
            rejections.add(j);
        });
        return new JsonObject()
                .put("received", r.received())
                .put("stored", r.stored())
                .put("duplicates", r.duplicates())
                .put("rejected", r.rejected())
                .put("refused", r.refused())
                .put("byReason", byReason)
                .put("rejections", rejections)
                .put("detailsTruncated", r.detailsTruncated());
    }
}
