package fr.sante.dmp.gateway.operator;

import java.util.UUID;

/** URLs of the operators' pages (French paths, like the patient space). */
public final class OperatorPaths {
    public static final String ROOT = "/operateur";
    public static final String LOGIN = ROOT + "/connexion";
    public static final String LOGOUT = ROOT + "/deconnexion";
    public static final String CAMPAIGNS = ROOT + "/campagnes";
    /** The cohort upload form; the form posts to {@link #CAMPAIGNS}. */
    public static final String NEW_CAMPAIGN = CAMPAIGNS + "/nouvelle";
    /** The upload page's only script (progress bar): same origin, so the CSP's script-src 'self' allows it. */
    public static final String UPLOAD_SCRIPT = ROOT + "/televersement.js";

    /** The break-glass review queue ({@code ?tous} shows the reviewed ones too). */
    public static final String BREAK_GLASS = ROOT + "/bris-de-glace";

    /** Representation links (issue 16): the form to create one; it posts here too. */
    public static final String REPRESENTATIONS = ROOT + "/representations";
    /** The form that ends a link posts here. */
    public static final String END_REPRESENTATION = REPRESENTATIONS + "/fin";
    /** Opposition by telephone: the phone agent's form (identity check), then the confirmation. */
    public static final String OPPOSITION = ROOT + "/opposition";
    public static final String OPPOSITION_CHECK = OPPOSITION + "/verification";
    public static final String OPPOSITION_CONFIRM = OPPOSITION + "/confirmation";

    private OperatorPaths() {
    }

    public static String campaign(UUID id) {
        return CAMPAIGNS + "/" + id;
    }

    public static String accept(UUID grant) {
        return BREAK_GLASS + "/" + grant + "/accepter";
    }

    public static String flag(UUID grant) {
        return BREAK_GLASS + "/" + grant + "/signaler";
    }

    public static String rejections(UUID id) {
        return campaign(id) + "/rejets.csv";
    }
}
