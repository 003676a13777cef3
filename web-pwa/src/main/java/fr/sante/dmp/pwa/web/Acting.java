package fr.sante.dmp.pwa.web;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.store.patient.PatientService;
import io.vertx.ext.web.RoutingContext;

/**
 * Who a page acts as: the signed-in person, or the representative acting for the person whose space they chose
 * (docs/representatives.md). Every page about a record takes its services and actor from here, so that a
 * representative's actions are audited as theirs and filtered by their rules.
 */
public final class Acting {
    private Acting() {
    }

    /** The patient services as this request's actor. */
    public static PatientService on(RoutingContext ctx, PatientService patients) {
        return SessionAuth.representation(ctx).map(patients::as).orElse(patients);
    }

    /** The patient-space actor of this request, on the record of the person acted for. */
    public static Actor.Patient actor(RoutingContext ctx) {
        return new Actor.Patient(Routes.session(ctx).subject(), SessionAuth.representation(ctx));
    }
}
