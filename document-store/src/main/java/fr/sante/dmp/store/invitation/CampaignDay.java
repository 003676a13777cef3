package fr.sante.dmp.store.invitation;

import java.time.LocalDate;

/**
 * One day (Paris time) of a campaign, counted in persons: invitations sent (first message accepted by a provider, or a
 * letter handed to the mail house), delivered (first receipt confirming one of them), oppositions, records activated
 * (on their deadline day: the scheduler opens them within a minute of it).
 */
public record CampaignDay(LocalDate day, long sent, long delivered, long opposed, long activated) {
}
