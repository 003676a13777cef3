package fr.sante.dmp.consent;

import java.time.Duration;
import java.util.Objects;

/**
 * The invitation's timing, from the policy file ({@code settings.invitations}): how long a person has to oppose once
 * the invitation is sent, and how long before that deadline the one reminder goes.
 *
 * @param oppositionWindow at least 42 days: CSP R1111-28 gives the person six weeks; a policy may give more, never
 *                         less (testers move the clock instead, {@code DMP_CLOCK_OFFSET})
 * @param reminderBefore   positive and shorter than the window
 */
public record InvitationPolicy(Duration oppositionWindow, Duration reminderBefore) {

    /** The legal minimum and the default: six weeks. */
    public static final Duration LEGAL_MINIMUM_WINDOW = Duration.ofDays(42);
    public static final InvitationPolicy DEFAULT = new InvitationPolicy(LEGAL_MINIMUM_WINDOW, Duration.ofDays(14));

    public InvitationPolicy {
        Objects.requireNonNull(oppositionWindow, "oppositionWindow");
        Objects.requireNonNull(reminderBefore, "reminderBefore");
        if (oppositionWindow.compareTo(LEGAL_MINIMUM_WINDOW) < 0) {
            throw new PolicyException("settings.invitations.oppositionWindowDays: at least 42 (six weeks, CSP R1111-28)");
        }
        if (reminderBefore.isNegative() || reminderBefore.isZero() || reminderBefore.compareTo(oppositionWindow) >= 0) {
            throw new PolicyException("settings.invitations.reminderDaysBefore: more than 0 and fewer than the window's"
                    + " days");
        }
    }
}
