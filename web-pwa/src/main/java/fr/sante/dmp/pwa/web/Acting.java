package fr.sante.dmp.pwa.web;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.pwa.session.SessionAuth;
import fr.sante.dmp.store.patient.PatientServices;
import fr.sante.dmp.store.patient.choices.ChoicesService;
import fr.sante.dmp.store.patient.contact.ContactService;
import fr.sante.dmp.store.patient.directives.PatientDirectivesService;
import fr.sante.dmp.store.patient.history.HistoryService;
import fr.sante.dmp.store.patient.lifecycle.LifecycleService;
import fr.sante.dmp.store.patient.overview.OverviewService;
import io.vertx.ext.web.RoutingContext;

/**
 * Who a page acts as: the signed-in person, or the representative acting for the person whose space they chose
 * (docs/representatives.md). Every page about a record takes its services and actor from here, so that a
 * representative's actions are audited as theirs and filtered by their rules.
 */
public final class Acting {
    private Acting() {
    }

    /** Every patient service as this request's actor (the whole-record export reads them all). */
    public static PatientServices on(RoutingContext ctx, PatientServices services) {
        return SessionAuth.representation(ctx).map(services::as).orElse(services);
    }

    /** The lifecycle as this request's actor. */
    public static LifecycleService on(RoutingContext ctx, LifecycleService service) {
        return SessionAuth.representation(ctx).map(service::as).orElse(service);
    }

    /** The choices as this request's actor. */
    public static ChoicesService on(RoutingContext ctx, ChoicesService service) {
        return SessionAuth.representation(ctx).map(service::as).orElse(service);
    }

    /** The overview as this request's actor. */
    public static OverviewService on(RoutingContext ctx, OverviewService service) {
        return SessionAuth.representation(ctx).map(service::as).orElse(service);
    }

    /** The directives as this request's actor. */
    public static PatientDirectivesService on(RoutingContext ctx, PatientDirectivesService service) {
        return SessionAuth.representation(ctx).map(service::as).orElse(service);
    }

    /** The history as this request's actor. */
    public static HistoryService on(RoutingContext ctx, HistoryService service) {
        return SessionAuth.representation(ctx).map(service::as).orElse(service);
    }

    /** The contact details as this request's actor. */
    public static ContactService on(RoutingContext ctx, ContactService service) {
        return SessionAuth.representation(ctx).map(service::as).orElse(service);
    }

    /** The patient-space actor of this request, on the record of the person acted for. */
    public static Actor.Patient actor(RoutingContext ctx) {
        return new Actor.Patient(Routes.session(ctx).subject(), SessionAuth.representation(ctx));
    }
}
