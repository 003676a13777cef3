package fr.sante.dmp.consent;

import java.time.Period;

/**
 * A validated policy compiled to lookup tables indexed by enum ordinals. Immutable once built: the arrays are filled
 * by {@link PolicyLoader} and never exposed, so sharing an instance between threads is safe.
 */
final class CompiledPolicy {
    private final Decision[] decisions;
    private final boolean[][] read;
    private final boolean[][] deposit;
    private final CategoryTreatment[] categories;
    private final boolean[] patientDeposit;
    private final int breakGlassMinReasonLength;
    private final Period withheldAutoRelease;
    private final Period careHistoryWindow;
    private final CareContextPolicy careContexts;
    private final java.util.Set<String> occupationalSpecialties;
    private final InvitationPolicy invitations;
    private final ResearchUseDefault researchUse;
    private final RepresentationPolicy representatives;

    CompiledPolicy(Decision[] decisions, boolean[][] read, boolean[][] deposit, CategoryTreatment[] categories,
            boolean[] patientDeposit, int breakGlassMinReasonLength, Period withheldAutoRelease,
            Period careHistoryWindow, CareContextPolicy careContexts, java.util.Set<String> occupationalSpecialties,
            InvitationPolicy invitations, ResearchUseDefault researchUse, RepresentationPolicy representatives) {
        this.invitations = invitations;
        this.researchUse = researchUse;
        this.representatives = representatives;
        this.careContexts = careContexts;
        this.occupationalSpecialties = java.util.Set.copyOf(occupationalSpecialties);
        this.decisions = decisions;
        this.read = read;
        this.deposit = deposit;
        this.categories = categories;
        this.patientDeposit = patientDeposit;
        this.breakGlassMinReasonLength = breakGlassMinReasonLength;
        this.withheldAutoRelease = withheldAutoRelease;
        this.careHistoryWindow = careHistoryWindow;
    }

    Decision decision(RuleId rule) {
        return decisions[rule.ordinal()];
    }

    boolean canRead(Profession profession, DocumentClass documentClass) {
        return read[profession.ordinal()][documentClass.ordinal()];
    }

    boolean canDeposit(Profession profession, DocumentClass documentClass) {
        return deposit[profession.ordinal()][documentClass.ordinal()];
    }

    boolean patientCanDeposit(DocumentClass documentClass) {
        return patientDeposit[documentClass.ordinal()];
    }

    CategoryTreatment treatment(ActorCategory category) {
        return categories[category.ordinal()];
    }

    /**
     * How a professional is treated: by the token's category, and a physician whose specialty is occupational
     * medicine is an occupational physician whatever the category claim says (or omits).
     */
    CategoryTreatment treatment(Actor.Professional pro) {
        CategoryTreatment byCategory = categories[pro.category().ordinal()];
        if (byCategory == CategoryTreatment.ORDINARY && pro.specialty().isPresent()
                && occupationalSpecialties.contains(pro.specialty().get())) {
            return categories[ActorCategory.OCCUPATIONAL_HEALTH.ordinal()];
        }
        return byCategory;
    }

    InvitationPolicy invitations() {
        return invitations;
    }

    ResearchUseDefault researchUse() {
        return researchUse;
    }

    RepresentationPolicy representatives() {
        return representatives;
    }

    CareContextPolicy careContexts() {
        return careContexts;
    }

    int breakGlassMinReasonLength() {
        return breakGlassMinReasonLength;
    }

    Period withheldAutoRelease() {
        return withheldAutoRelease;
    }

    Period careHistoryWindow() {
        return careHistoryWindow;
    }
}
