package fr.sante.dmp.store.audit;

/** What an audited call did. Stored by name: renaming a constant breaks the verification of older entries. */
public enum AuditAction {
    REGISTER,
    DEPOSIT,
    LIST_DOCUMENTS,
    READ_DOCUMENT,
    BREAK_GLASS,
    // insurer-fed care history (package carehistory)
    FEED_CARE_HISTORY,
    READ_CARE_HISTORY,
    HIDE_CARE_HISTORY_LINE,
    SHOW_CARE_HISTORY_LINE,
    OPEN_CARE_HISTORY,
    QUARANTINE_CARE_HISTORY,
    BLOCK_PROFESSIONAL,
    UNBLOCK_PROFESSIONAL,
    SET_TREATING_DOCTOR,
    SET_EMERGENCY_ACCESS_OPPOSED,
    MASK_DOCUMENT,
    UNMASK_DOCUMENT,
    GRANT_EXPRESS_CONSENT,
    REVOKE_EXPRESS_CONSENT,
    // The patient space (package patient).
    PATIENT_LOGIN,
    ISSUE_INVITATION_CODE,
    OPPOSE,
    WITHDRAW_OPPOSITION,
    ACTIVATE,
    CLOSE,
    REOPEN,
    REQUEST_DELETION,
    SET_ALERTS,
    SET_LANGUAGE,
    SAVE_DIRECTIVES,
    SIGN_DIRECTIVES,
    REVOKE_DIRECTIVES,
    READ_DIRECTIVES,
    // Passkeys (package patient): registration, login, removal.
    REGISTER_PASSKEY,
    PASSKEY_LOGIN,
    REMOVE_PASSKEY,
    // The medical profile the patient enters (blood group, allergies, emergency contacts).
    SAVE_MEDICAL_PROFILE,
    // The scheduler (package invitation): a record erased after its archive period or deletion delay.
    PURGE,
    // Care relationships (packages record and care): release of a withheld document, care contexts, care codes.
    RELEASE_DOCUMENT,
    OPEN_CARE_CONTEXT,
    END_CARE_CONTEXT,
    ISSUE_CARE_CODE,
    REGISTER_PROFESSIONAL,
    // Privileged reads by operators and the data protection officer (no patient named: no INS hash).
    READ_BREAK_GLASS_REVIEWS,
    READ_CAMPAIGN,
    READ_CAMPAIGN_REJECTIONS,
    VERIFY_AUDIT,
    // A break-glass access marked reviewed (the answer shows the reason), and the operators' list of campaigns.
    REVIEW_BREAK_GLASS,
    READ_CAMPAIGNS,
    // The FHIR face's patient search (ITI-78): a professional looked a person up by INS.
    FIND_PATIENT,
    // Research use (package research): the person's choice, projects, extracts, the end of a project, the DPO's list.
    SET_RESEARCH_USE,
    REGISTER_RESEARCH_PROJECT,
    EXTRACT_RESEARCH_DATA,
    END_RESEARCH_PROJECT,
    READ_RESEARCH_EXTRACTS,
    // An operator loaded the national directory's extract of professionals (package care).
    IMPORT_DIRECTORY,
    // Representatives (package representation): links created and ended (by an operator, or at majority), a
    // representative entering a person's space, the person hiding a document from their representatives.
    CREATE_REPRESENTATION,
    END_REPRESENTATION,
    ACT_FOR,
    RECORD_DIRECTIVES_AUTHORISATION,
    HIDE_FROM_REPRESENTATIVES,
    SHOW_TO_REPRESENTATIVES,
    // A person under the own-access age refused a login alone (no code sent).
    LOGIN_REFUSED,
    // The patient changed their phone number or e-mail address, confirmed by a code sent to the new one.
    CHANGE_CONTACT,
    // A phone agent checked a caller's identity against an invitation (confirmed or not), before an assisted
    // opposition; the opposition itself is OPPOSE under the agent's name.
    CHECK_CALLER_IDENTITY,
    // The person (or a representative, as the door allows) downloaded the whole record as a ZIP (patient space).
    EXPORT_RECORD,
    // The patient added a document of their own (PDF, JPEG, PNG), or deleted one.
    ADD_OWN_DOCUMENT,
    DELETE_OWN_DOCUMENT
}
