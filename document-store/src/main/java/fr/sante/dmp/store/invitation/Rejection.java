package fr.sante.dmp.store.invitation;

/** A refused field of a cohort line: the line number (header = 1), the field and why. Never the value. */
public record Rejection(long line, String field, String reason) {
    /** The report's header line. */
    public static final String CSV_HEADER = "line,field,reason";

    /** One line of the report (reasons are ours: no commas or quotes to escape, but quote them anyway). */
    public String toCsv() {
        return line + "," + field + ",\"" + reason.replace("\"", "\"\"") + "\"";
    }
}
