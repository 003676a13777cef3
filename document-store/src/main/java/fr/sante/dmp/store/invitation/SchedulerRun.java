package fr.sante.dmp.store.invitation;

/**
 * What one scheduler pass did: invitations found sent (window opened), reminders enqueued, records activated at their
 * deadline, records purged, opposition escrows erased, letters sent as the fallback of failed SMS and e-mails,
 * parental links ended at the person's majority.
 */
public record SchedulerRun(long invitationsSent, long reminders, long activated, long purged, long escrowsErased,
                           long letters, long ofAge) {
}
