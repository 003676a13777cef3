package fr.sante.dmp.gateway.api;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.gateway.auth.PresenceVerifier;
import fr.sante.dmp.store.care.CareContext;
import fr.sante.dmp.store.care.CareContextService;
import fr.sante.dmp.store.care.CareProof;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /patients/{ins}/care-contexts: the practice software opens (or extends) a care context with a proof. A presence
 * assertion is verified here (signature, issuer, lifetime) and must name this patient and this professional; the
 * store checks codes and declarations, decides, audits. 201 {@code {id, expiresAt, via}}.
 */
final class CareContextHandler implements Handler<RoutingContext> {
    private final CareContextService contexts;
    private final PresenceVerifier presence;

    CareContextHandler(CareContextService contexts, PresenceVerifier presence) {
        this.contexts = contexts;
        this.presence = presence;
    }

    @Override
    public void handle(RoutingContext rc) {
        Ins ins = Exchange.ins(rc);
        Actor.Professional pro = Exchange.professional(rc);
        JsonObject proof = Exchange.body(rc).getJsonObject("proof");
        proof(proof, ins, pro)
                .compose(p -> contexts.open(pro, ins, p))
                .onSuccess(context -> Exchange.json(rc, 201, json(context)))
                .onFailure(rc::fail);
    }

    private Future<CareProof> proof(JsonObject proof, Ins ins, Actor.Professional pro) {
        String type = proof.getString("type");
        return switch (type) {
            case "presence" -> presence.verify(proof.getString("assertion")).compose(p -> {
                if (!p.ins().equals(ins)) {
                    return Future.failedFuture(Exchange.invalid("proof.assertion",
                            "the assertion names another patient than the path's INS"));
                }
                if (!p.rpps().equals(pro.rpps())) {
                    return Future.failedFuture(Exchange.invalid("proof.assertion",
                            "the assertion was made for another professional than the token's"));
                }
                return Future.succeededFuture(new CareProof.Presence(p.ins(), p.rpps()));
            });
            case "care-code" -> Future.succeededFuture(new CareProof.CareCode(proof.getString("code")));
            case "declared" -> Future.succeededFuture(new CareProof.Declared(proof.getString("reason")));
            default -> Future.failedFuture(Exchange.invalid("proof.type",
                    "must be presence, care-code or declared"));
        };
    }

    static JsonObject json(CareContext c) {
        return new JsonObject().put("id", c.id().toString()).put("expiresAt", c.expiresAt().toString())
                .put("via", c.via());
    }
}
