package fr.sante.dmp.gateway.api;

import fr.sante.dmp.gateway.auth.PrivilegedReads;
import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import fr.sante.dmp.store.invitation.CampaignProgress;
import fr.sante.dmp.store.invitation.CampaignService;
import fr.sante.dmp.store.invitation.CampaignSummary;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.UUID;

/**
 * The operators' campaign endpoints under {@code /admin/campaigns}: import a cohort (the CSV streamed into the store,
 * no body handler on the route), read a campaign's progress, download its refused lines. Scope {@code dmp:admin}.
 */
public final class CampaignHandlers {
    /** Largest cohort accepted in one upload: a bound on one request's duration (the import streams). */
    public static final long MAX_BODY_BYTES = 2L << 30;
    private static final String CSV = "text/csv";
    private static final String TOO_LARGE = "a cohort upload may be up to 2 GiB: split the file or use ./dmp campaign"
            + " import";

    private final CampaignService campaigns;
    private final PrivilegedReads reads;

    CampaignHandlers(CampaignService campaigns, AuditService audit) {
        this.campaigns = campaigns;
        this.reads = new PrivilegedReads(audit);
    }

    /** POST /admin/campaigns: 201 {campaignId, imported, rejected, skipped} and Location once every batch committed. */
    Handler<RoutingContext> importCohort() {
        return rc -> {
            HttpServerRequest request = rc.request();
            String type = request.getHeader("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip().equals(CSV)) {
                rc.fail(new ProblemException(Problem.field(ProblemType.UNSUPPORTED_CONTENT_TYPE, "Content-Type",
                        "send the cohort as " + CSV)));
                return;
            }
            String length = request.getHeader("Content-Length");
            if (length != null && tooLong(length)) {
                rc.fail(new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, TOO_LARGE)));
                return;
            }
            // Called while the request is still paused (authentication paused it, no body handler ran): the service
            // reads it with back-pressure, one batch per transaction.
            campaigns.importCohort(operator(rc), new BoundedStream(request, MAX_BODY_BYTES, TOO_LARGE))
                    .onSuccess(summary -> {
                        rc.response().putHeader("Location",
                                ProfessionalApi.MOUNT + "/admin/campaigns/" + summary.campaignId());
                        Exchange.json(rc, 201, json(summary));
                    })
                    .onFailure(rc::fail);
        };
    }

    /** GET /admin/campaigns/{id}: the counts, once the read is audited. */
    Handler<RoutingContext> progress() {
        return rc -> {
            UUID id = campaignId(rc);
            reads.byOperator(Exchange.caller(rc), AuditAction.READ_CAMPAIGN).compose(v -> campaigns.progress(id))
                    .onSuccess(p -> Exchange.json(rc, 200, json(p)))
                    .onFailure(rc::fail);
        };
    }

    /** GET /admin/campaigns/{id}/rejections: text/csv {@code line,field,reason}, written page by page. */
    Handler<RoutingContext> rejections() {
        return rc -> {
            UUID id = campaignId(rc);
            // The read is audited first; the campaign is looked up next so that an unknown one is a 404 problem, not
            // an empty 200 report.
            reads.byOperator(Exchange.caller(rc), AuditAction.READ_CAMPAIGN_REJECTIONS).compose(v -> campaigns.progress(id)).onSuccess(p -> {
                HttpServerResponse response = rc.response().setStatusCode(200).setChunked(true)
                        .putHeader("Content-Type", CSV + "; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"rejections-" + id + ".csv\"")
                        .putHeader("Cache-Control", "no-store");
                campaigns.writeRejectionReport(id, response)
                        .onSuccess(v -> response.end())
                        // Headers are gone: the client must see a broken download, not a short report.
                        .onFailure(e -> response.reset());
            }).onFailure(rc::fail);
        };
    }

    /** Audited as the operator's token subject (a person or a service account, never a patient). */
    private static String operator(RoutingContext rc) {
        return PrivilegedReads.actor(Exchange.caller(rc));
    }

    private static UUID campaignId(RoutingContext rc) {
        try {
            return UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Exchange.invalid("id", "a campaign id is a UUID");
        }
    }

    static JsonObject json(CampaignSummary s) {
        return new JsonObject()
                .put("campaignId", s.campaignId().toString())
                .put("imported", s.imported())
                .put("rejected", s.rejected())
                .put("skipped", s.skipped());
    }

    static JsonObject json(CampaignProgress p) {
        return new JsonObject()
                .put("campaignId", p.campaignId().toString())
                .put("status", p.status())
                .put("imported", p.imported())
                .put("rejected", p.rejected())
                .put("skipped", p.skipped())
                .put("queued", p.queued())
                .put("sent", p.sent())
                .put("delivered", p.delivered())
                .put("failed", p.failed())
                .put("opposed", p.opposed())
                .put("activated", p.activated());
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
