package fr.sante.dmp.pwa.web;

/** Element ids that htmx targets and tests look for; templates and handlers share them. */
public final class Ids {
    private Ids() {
    }

    public static final String MAIN = "main";
    public static final String LOGIN_FORM = "login-form";
    public static final String OPPOSITION_FORM = "opposition-form";
    public static final String RECEIPT = "receipt";
    public static final String DOCUMENT_LIST = "document-list";
    public static final String DOCUMENT_ROW = "doc-";
    public static final String BLOCKED_LIST = "blocked-list";
    public static final String PREVIEW_RESULT = "preview-result";
    public static final String HISTORY_LIST = "history-list";
    public static final String HISTORY_MORE = "history-more";
    public static final String DIRECTIVES_FORM = "directives-form";
    public static final String SIGN_PANEL = "sign-panel";
    public static final String ERROR_SUMMARY = "error-summary";
    public static final String FLASH = "flash";
    /** The page's alert region: htmx failures that have no form of their own to show in land here (app.js). */
    public static final String APP_ALERT = "app-alert";
    public static final String IDLE_WARNING = "idle-warning";
    public static final String CARE_CODE = "care-code";
    public static final String CARE_CONTEXT_LIST = "care-contexts";
    public static final String CARE_CONTEXT_ROW = "ctx-";
    public static final String EXPRESS_CONSENT_LIST = "express-consents";

    public static String documentRow(Object id) {
        return DOCUMENT_ROW + id;
    }

    public static String careContextRow(Object id) {
        return CARE_CONTEXT_ROW + id;
    }
}
