package fr.sante.dmp.store.representation;

/**
 * Whether a person is under guardianship on a day, and whether the judge's or family council's authorisation to
 * write their own directives is recorded (L1111-11): one row, {@code authorised} null when no guardian is in force
 * ($1 the record id, $2 the day).
 */
public final class Guardianship {
    private Guardianship() {
    }

    public static final String SQL = RepresentationSql.GUARDIANSHIP;
}
