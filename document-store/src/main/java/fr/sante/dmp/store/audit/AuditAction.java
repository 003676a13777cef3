package fr.sante.dmp.store.audit;

/** What an audited call did. Stored by name: renaming a constant breaks the verification of older entries. */
public enum AuditAction {
    REGISTER,
    DEPOSIT,
    LIST_DOCUMENTS,
    READ_DOCUMENT,
    BREAK_GLASS,
    BLOCK_PROFESSIONAL,
    UNBLOCK_PROFESSIONAL,
    SET_TREATING_DOCTOR,
    SET_EMERGENCY_ACCESS_OPPOSED,
    MASK_DOCUMENT,
    UNMASK_DOCUMENT,
    GRANT_EXPRESS_CONSENT,
    REVOKE_EXPRESS_CONSENT
}
