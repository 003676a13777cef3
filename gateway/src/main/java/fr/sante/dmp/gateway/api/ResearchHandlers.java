package fr.sante.dmp.gateway.api;

import fr.sante.dmp.gateway.auth.PrivilegedReads;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditService;
import fr.sante.dmp.store.research.ExtractSummary;
import fr.sante.dmp.store.research.ResearchProject;
import fr.sante.dmp.store.research.ResearchProjects;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Research projects under {@code /admin/research-projects} (an operator registers and ends them) and the DPO's list of
 * extracts under {@code /admin/research-extracts} (the read audited first). Bad input is a 400 naming the field.
 */
final class ResearchHandlers {
    private final ResearchProjects projects;
    private final PrivilegedReads reads;

    ResearchHandlers(ResearchProjects projects, AuditService audit) {
        this.projects = projects;
        this.reads = new PrivilegedReads(audit);
    }

    /** POST /admin/research-projects: 201 with the project (never its key) and Location. */
    Handler<RoutingContext> register() {
        return rc -> {
            JsonObject b = Exchange.body(rc);
            JsonObject period = b.getJsonObject("period", new JsonObject());
            List<String> classes = new ArrayList<>();
            b.getJsonArray("dataClasses", new JsonArray()).forEach(c -> classes.add(String.valueOf(c)));
            ResearchProject project = ResearchProject.of(b.getString("name"), b.getString("purpose"),
                    b.getString("legalBasis"), classes, date(period.getString("from"), "period.from"),
                    date(period.getString("to"), "period.to"), date(b.getString("endDate"), "endDate"),
                    b.getInteger("k", ResearchProject.DEFAULT_K));
            projects.register(PrivilegedReads.actor(Exchange.caller(rc)), project).onSuccess(p -> {
                rc.response().putHeader("Location", ProfessionalApi.MOUNT + "/admin/research-projects/" + p.id());
                Exchange.json(rc, 201, json(p));
            }).onFailure(rc::fail);
        };
    }

    /** POST /admin/research-projects/{id}/end: 204 once the key is destroyed; 404 for an unknown or ended one. */
    Handler<RoutingContext> end() {
        return rc -> {
            UUID id;
            try {
                id = UUID.fromString(rc.pathParam("id"));
            } catch (IllegalArgumentException e) {
                throw Exchange.invalid("id", "id must be a UUID");
            }
            projects.end(PrivilegedReads.actor(Exchange.caller(rc)), id)
                    .onSuccess(v -> rc.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
                    .onFailure(rc::fail);
        };
    }

    /** GET /admin/research-extracts: the DPO's list, served once the read is audited. */
    Handler<RoutingContext> extracts() {
        return rc -> reads.byOperator(Exchange.caller(rc), AuditAction.READ_RESEARCH_EXTRACTS)
                .compose(v -> projects.extracts(ResearchProjects.MAX_LISTED))
                .onSuccess(list -> {
                    JsonArray a = new JsonArray();
                    list.forEach(e -> a.add(json(e)));
                    Exchange.json(rc, 200, new JsonObject().put("extracts", a));
                })
                .onFailure(rc::fail);
    }

    private static LocalDate date(String raw, String field) {
        if (raw == null) {
            return null; // the project names the missing field
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw Exchange.invalid(field, field + " must be an ISO date (YYYY-MM-DD)");
        }
    }

    static JsonObject json(ResearchProject p) {
        return new JsonObject().put("id", p.id().toString()).put("name", p.name()).put("purpose", p.purpose())
                .put("legalBasis", p.legalBasis()).put("dataClasses", new JsonArray(p.dataClasses().stream().sorted()
                        .toList()))
                .put("period", new JsonObject().put("from", p.periodStart().toString())
                        .put("to", p.periodEnd().toString()))
                .put("endDate", p.endDate().toString()).put("k", p.k());
    }

    private static JsonObject json(ExtractSummary e) {
        return new JsonObject().put("id", e.id().toString()).put("projectId", e.projectId().toString())
                .put("projectName", e.projectName()).put("madeBy", e.madeBy()).put("madeAt", e.madeAt().toString())
                .put("persons", e.persons()).put("documents", e.documents()).put("careLines", e.careLines())
                .put("suppressed", e.suppressed()).put("generalised", e.generalised())
                .put("projectEnded", e.projectEndedAt().isPresent());
    }
}
