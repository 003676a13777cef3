package fr.sante.dmp.consent;

/**
 * Ages the representation rules use, from the policy file ({@code settings.representatives}).
 *
 * @param ownAccessAge  from this age a minor may log in to their own space beside their representatives (15 by
 *                      default, as Germany's ePA); under it, logging in alone is refused
 * @param majorityAge   parental authority ends on this birthday (18, Code civil 388 and 414)
 */
public record RepresentationPolicy(int ownAccessAge, int majorityAge) {

    public static final RepresentationPolicy DEFAULT = new RepresentationPolicy(15, 18);

    public RepresentationPolicy {
        if (majorityAge < 1 || ownAccessAge < 1 || ownAccessAge > majorityAge) {
            throw new PolicyException("settings.representatives: ownAccessAge and majorityAge must be positive, "
                    + "ownAccessAge at most majorityAge");
        }
    }
}
