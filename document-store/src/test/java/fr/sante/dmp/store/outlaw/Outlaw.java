package fr.sante.dmp.store.outlaw;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.GroupCommitAppender;

/** What the one-door rules must catch: a class outside the door deciding and auditing by itself. Never called. */
public final class Outlaw {
    private Outlaw() {
    }

    static boolean decideAlone(ConsentEngine engine, AccessRequest request) {
        return engine.decide(request).allowed();
    }

    static void auditAlone(GroupCommitAppender appender, AuditEvent event) {
        appender.append(event);
    }
}
