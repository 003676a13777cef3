package fr.sante.dmp.store.invitation;

import java.util.UUID;

/** The outcome of an import: the campaign and how many lines were invited, rejected and skipped (already known). */
public record CampaignSummary(UUID campaignId, long imported, long rejected, long skipped) {
}
