package fr.sante.dmp.consent;

/** Why a professional asks: ordinary care, or an emergency (break-glass, L1111-17 I). */
public enum Purpose {
    CARE,
    BREAK_GLASS
}
