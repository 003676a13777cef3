package fr.sante.dmp.store.invitation;

import java.util.UUID;

/**
 * Where a campaign stands. Persons: imported, rejected (lines), skipped, opposed, activated. Messages (an invitation
 * sent by SMS and e-mail counts twice; reminders included): queued (QUEUED or SENDING), sent (accepted by the
 * provider, no receipt yet), delivered, failed (receipt or bounce said undelivered, or DEAD after the last attempt).
 */
public record CampaignProgress(UUID campaignId, String status, long imported, long rejected, long skipped,
                               long queued, long sent, long delivered, long failed, long opposed, long activated) {

    /** Plain lines {@code name: value} for {@code ./dmp campaign status ID}. */
    public String toText() {
        return "campaign: " + campaignId + "\nstatus: " + status + "\nimported: " + imported + "\nrejected: "
                + rejected + "\nskipped: " + skipped + "\nqueued: " + queued + "\nsent: " + sent + "\ndelivered: "
                + delivered + "\nfailed: " + failed + "\nopposed: " + opposed + "\nactivated: " + activated + "\n";
    }
}
