package fr.sante.dmp.store.invitation;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of campaigns and of the scheduler, read once by the gateway. The opposition window and the reminder's delay
 * are not here: they are the policy file's ({@code ConsentEngine.invitations()}), one place for that rule.
 *
 * @param oppositionUrl     https page where the person opposes (sent in the invitation and reminder)
 * @param importBatch       rows per import transaction (memory is bounded by this, not by the file)
 * @param importInFlight    import transactions written at once, each on its own connection (parsing goes on meanwhile)
 * @param schedulerBatch    records per scheduler transaction (activation, purge, reminders, send times)
 * @param schedulerInterval period of the scheduler's timer on each gateway instance
 * @param fictionNumbers    accept the mobile numbers reserved for fiction (+33 6 39 98 xx xx) in cohorts: the
 *                          embedded mode's walk-through only, never in production
 */
public record InvitationOptions(String oppositionUrl, int importBatch, int importInFlight,
                                int schedulerBatch, Duration schedulerInterval, boolean fictionNumbers) {
    public InvitationOptions {
        Objects.requireNonNull(oppositionUrl, "oppositionUrl");
        Objects.requireNonNull(schedulerInterval, "schedulerInterval");
        if (!fr.sante.dmp.notify.template.PublicLinks.acceptable(oppositionUrl)) {
            throw new IllegalArgumentException("oppositionUrl must be an https URL (plain http only on localhost)");
        }
        if (importBatch < 1 || importInFlight < 1 || schedulerBatch < 1) {
            throw new IllegalArgumentException("importBatch, importInFlight and schedulerBatch must be >= 1");
        }
        if (schedulerInterval.isNegative() || schedulerInterval.isZero()) {
            throw new IllegalArgumentException("schedulerInterval > 0");
        }
    }

    /**
     * 2,000 rows per import transaction with 3 in flight (measured:
     * docs/BENCHMARKS.md), scheduler every minute by 500.
     */
    public static InvitationOptions defaults(String oppositionUrl) {
        return new InvitationOptions(oppositionUrl, 2000, 3, 500, Duration.ofMinutes(1), false);
    }

    /** Accept the fiction numbers (+33 6 39 98 xx xx): embedded mode only. */
    public InvitationOptions withFictionNumbers(boolean accepted) {
        return new InvitationOptions(oppositionUrl, importBatch, importInFlight, schedulerBatch, schedulerInterval,
                accepted);
    }

    public InvitationOptions withBatches(int importBatch, int schedulerBatch) {
        return new InvitationOptions(oppositionUrl, importBatch, importInFlight, schedulerBatch,
                schedulerInterval, fictionNumbers);
    }

    public InvitationOptions withImportInFlight(int inFlight) {
        return new InvitationOptions(oppositionUrl, importBatch, inFlight, schedulerBatch,
                schedulerInterval, fictionNumbers);
    }
}
