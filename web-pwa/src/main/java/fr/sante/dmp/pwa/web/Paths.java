package fr.sante.dmp.pwa.web;

/** Every URL of the patient space, used by routes and templates alike (no URL is spelled twice). */
public final class Paths {
    private Paths() {
    }

    public static final String HOME = "/";
    public static final String LOGIN = "/connexion";
    public static final String LOGIN_CODE = "/connexion/code";
    public static final String LOGOUT = "/deconnexion";
    public static final String SESSION_KEEP_ALIVE = "/session/maintien";
    /** Query parameters: the login page after an idle logout, the home page after a logout. */
    public static final String EXPIRED = "expire";
    public static final String LOGGED_OUT = "deconnecte";
    public static final String OPPOSITION = "/opposition";
    public static final String OPPOSITION_CHECK = "/opposition/verification";
    public static final String OPPOSITION_CONFIRM = "/opposition/confirmation";
    public static final String OPPOSITION_WITHDRAW = "/opposition/annulation";
    public static final String OPPOSITION_RECEIPT = "/opposition/recepisse";
    public static final String DASHBOARD = "/tableau-de-bord";
    public static final String ACTIVATION = "/tableau-de-bord/activation";
    public static final String DOCUMENTS = "/documents";
    public static final String DOCUMENT = "/documents/:id";
    public static final String DOCUMENT_CONTENT = "/documents/:id/contenu";
    public static final String DOCUMENT_MASK = "/documents/:id/masquage";
    /** A document the patient adds (PDF, JPEG, PNG; multipart form), and the deletion of one they added. */
    public static final String DOCUMENT_ADD = "/documents/ajout";
    public static final String DOCUMENT_DELETE = "/documents/:id/suppression";
    public static final String PRIVACY = "/confidentialite";
    public static final String PRIVACY_BLOCK = "/confidentialite/blocages";
    public static final String PRIVACY_UNBLOCK = "/confidentialite/blocages/:rpps/retrait";
    public static final String PRIVACY_TREATING_DOCTOR = "/confidentialite/medecin-traitant";
    public static final String PRIVACY_EMERGENCY = "/confidentialite/urgence";
    public static final String PRIVACY_PREVIEW = "/confidentialite/apercu";
    public static final String RESEARCH = "/confidentialite/recherche";
    public static final String DIRECTIVES = "/directives";
    public static final String DIRECTIVES_DRAFT = "/directives/brouillon";
    public static final String DIRECTIVES_SIGN_CODE = "/directives/signature/code";
    public static final String DIRECTIVES_SIGN = "/directives/signature";
    public static final String DIRECTIVES_REVOKE = "/directives/revocation";
    public static final String DIRECTIVES_PRINT = "/directives/impression";
    public static final String DIRECTIVES_PDF = "/directives/directives-anticipees.pdf";
    public static final String CARE = "/professionnels";
    /** A representative chooses whose space to act in, or goes back to their own. */
    public static final String REPRESENTED = "/representes";
    public static final String ACT_FOR = "/representes/agir";
    public static final String OWN_SPACE = "/representes/mon-espace";
    public static final String CARE_CODE = "/professionnels/code-de-soins";
    public static final String CARE_GRANT = "/professionnels/autorisation";
    public static final String CARE_END = "/professionnels/contextes/:id/fin";
    public static final String CARE_EXPRESS = "/professionnels/medecin-du-travail";
    public static final String CARE_EXPRESS_WITHDRAW = "/professionnels/medecin-du-travail/:rpps/retrait";
    public static final String HISTORY = "/historique";
    /** The access history as CSV ({@code ?filter=}). */
    public static final String HISTORY_CSV = "/historique/export.csv";
    public static final String CARE_HISTORY = "/remboursements";
    public static final String ALERTS = "/alertes";
    public static final String PROFILE = "/profil";
    public static final String PROFILE_CLOSE = "/profil/fermeture";
    public static final String PROFILE_REOPEN = "/profil/reouverture";
    public static final String PROFILE_DELETION = "/profil/suppression";
    /** The whole record as a ZIP (documents and a FHIR Bundle): a form, so that no other site can start one. */
    public static final String PROFILE_EXPORT = "/profil/export";
    /** The phone number or e-mail address: the new one, then the code sent to it. */
    public static final String PROFILE_CONTACT = "/profil/coordonnees";
    public static final String PROFILE_CONTACT_CONFIRM = "/profil/coordonnees/confirmation";
    public static final String PROFILE_MEDICAL = "/profil-medical";
    public static final String PASSKEYS = "/profil/cles-acces";
    public static final String PASSKEY_REGISTER_OPTIONS = "/profil/cles-acces/options";
    public static final String PASSKEY_REMOVE = "/profil/cles-acces/suppression";
    public static final String PASSKEY_LOGIN = "/connexion/cle-acces";
    public static final String PASSKEY_LOGIN_OPTIONS = "/connexion/cle-acces/options";
    public static final String OFFLINE = "/hors-ligne";
    public static final String LEGAL_NOTICE = "/mentions-legales";
    public static final String PERSONAL_DATA = "/donnees-personnelles";
    public static final String ACCESSIBILITY = "/accessibilite";
    public static final String MANIFEST = "/manifest.webmanifest";
    public static final String SERVICE_WORKER = "/sw.js";
    public static final String ASSETS = "/assets";

    public static final String API = "/api/v1/me";

    /** A path with its {@code :name} parameter filled in (values are ids we generated or validated). */
    public static String of(String pattern, String value) {
        int colon = pattern.indexOf(':');
        int end = pattern.indexOf('/', colon);
        return pattern.substring(0, colon) + value + (end < 0 ? "" : pattern.substring(end));
    }
}
