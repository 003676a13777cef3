package fr.sante.dmp.gateway.api;

import fr.sante.dmp.gateway.auth.Caller;
import fr.sante.dmp.gateway.auth.PrivilegedReads;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditService;
import fr.sante.dmp.store.breakglass.BreakGlassGrants;
import fr.sante.dmp.store.breakglass.BreakGlassReview;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The break-glass review queue: the data protection officer (or an admin) sees every emergency access under
 * {@code /admin/break-glass-reviews}; a treating doctor sees those to their own patients under
 * {@code /break-glass-reviews}. Either marks an item reviewed; a doctor marking another doctor's item gets a 404.
 */
final class BreakGlassReviewHandlers {
    static final int DEFAULT_LIMIT = 100;
    private final BreakGlassGrants grants;
    private final PrivilegedReads reads;

    BreakGlassReviewHandlers(BreakGlassGrants grants, AuditService audit) {
        this.grants = grants;
        this.reads = new PrivilegedReads(audit);
    }

    /** The whole queue (reasons decrypted, RPPS, record ids): audited as the operator's or the DPO's read. */
    Handler<RoutingContext> listAll() {
        return rc -> list(rc, Optional.empty());
    }

    /** A treating doctor's own queue (their patients' emergency accesses, reasons decrypted): audited as theirs. */
    Handler<RoutingContext> listOwn() {
        return rc -> list(rc, Optional.of(Exchange.professional(rc).rpps().value()));
    }

    Handler<RoutingContext> markAll() {
        return rc -> mark(rc, Optional.empty());
    }

    Handler<RoutingContext> markOwn() {
        return rc -> mark(rc, Optional.of(Exchange.professional(rc).rpps().value()));
    }

    private void list(RoutingContext rc, Optional<String> doctor) {
        boolean pendingOnly = !"all".equals(rc.queryParams().get("status"));
        int limit = DEFAULT_LIMIT;
        String raw = rc.queryParams().get("limit");
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw Exchange.invalid("limit", "limit must be an integer from 1 to 1000");
            }
        }
        int max = limit;
        // Served only once the read is audited, the doctor's own queue as the whole one: both show the reasons.
        audited(rc, doctor, AuditAction.READ_BREAK_GLASS_REVIEWS)
                .compose(v -> grants.reviews(doctor, pendingOnly, max))
                .onSuccess(items -> Exchange.json(rc, 200, new JsonObject().put("reviews", json(items))))
                .onFailure(rc::fail);
    }

    private void mark(RoutingContext rc, Optional<String> doctor) {
        UUID id;
        try {
            id = UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Exchange.invalid("id", "id must be a UUID");
        }
        Caller caller = Exchange.caller(rc);
        String reviewer = caller.professional().map(p -> "rpps:" + p.rpps().value())
                .orElse("sub:" + caller.subject());
        // The answer shows the reason: audited first, as a read (a 404, another doctor's item, is audited too).
        audited(rc, doctor, AuditAction.REVIEW_BREAK_GLASS)
                .compose(v -> grants.markReviewed(id, reviewer, doctor))
                .onSuccess(review -> Exchange.json(rc, 200, json(review)))
                .onFailure(rc::fail);
    }

    private Future<Void> audited(RoutingContext rc, Optional<String> doctor, AuditAction action) {
        Caller caller = Exchange.caller(rc);
        return doctor.isPresent() ? reads.byTreatingDoctor(caller, action) : reads.byOperator(caller, action);
    }

    private static JsonArray json(List<BreakGlassReview> items) {
        JsonArray a = new JsonArray();
        items.forEach(i -> a.add(json(i)));
        return a;
    }

    static JsonObject json(BreakGlassReview r) {
        return new JsonObject()
                .put("id", r.id().toString())
                .put("recordId", r.recordId().toString())
                .put("rpps", r.rpps())
                .put("grantedAt", r.grantedAt().toString())
                .put("expiresAt", r.expiresAt().toString())
                .put("reason", r.reason().orElse(null))
                .put("treatingDoctor", r.treatingDoctor().orElse(null))
                .put("notification", r.notification().orElse(null))
                .put("reviewedAt", r.reviewedAt().map(Object::toString).orElse(null))
                .put("reviewedBy", r.reviewedBy().orElse(null));
    }
}
