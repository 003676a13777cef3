package fr.sante.dmp.store.invitation;

import java.time.Instant;
import java.util.UUID;

/** A campaign in the operators' list: when, by whom, where its import stands (no personal data). */
public record CampaignListing(UUID campaignId, String status, String operator, Instant createdAt,
                              Instant finishedAt, long imported, long rejected, long skipped) {
}
