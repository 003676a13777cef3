package fr.sante.dmp.store.invitation;

import fr.sante.dmp.notify.outbox.Channel;
import java.util.Locale;
import java.util.UUID;

/** Group and idempotency keys of campaign messages: built from non-personal ids only (they are hashed anyway). */
public final class Campaigns {
    private Campaigns() {
    }

    /** The outbox group of a campaign's messages ({@code Outbox.countsByGroup}). */
    public static String groupKey(UUID campaignId) {
        return "campaign:" + campaignId;
    }

    /** One invitation per record, campaign and channel: a retried batch can never enqueue it twice. */
    public static String invitationKey(UUID campaignId, UUID recordId, Channel channel) {
        return "invitation:" + campaignId + ":" + recordId + ":" + channel.name().toLowerCase(Locale.ROOT);
    }

    /**
     * One re-invitation per failed message: keyed by the message it replaces, so running the command twice enqueues
     * nothing more, and a re-invitation that fails in its turn can be re-invited again.
     */
    public static String reinvitationKey(UUID failedMessage, Channel channel) {
        return "reinvitation:" + failedMessage + ":" + channel.name().toLowerCase(Locale.ROOT);
    }

    /** One reminder per record, ever. */
    public static String reminderKey(UUID recordId) {
        return "reminder:" + recordId;
    }
}
