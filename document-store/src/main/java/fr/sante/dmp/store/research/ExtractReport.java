package fr.sante.dmp.store.research;

import fr.sante.dmp.consent.DocumentClass;
import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * What an extract published and left out, and how much re-identification risk is left: counts per file (kept,
 * generalised, suppressed), the smallest published group and the risks it implies, and the l-diversity of the
 * document classes (the fewest distinct classes in a published group of document rows: 1 means everyone in some
 * group has the same class, which the group then reveals).
 */
public record ExtractReport(JsonObject json) {

    public long persons() {
        return json.getJsonObject("persons").getLong("kept");
    }

    public long documents() {
        return json.getJsonObject("documents").getLong("kept");
    }

    public long careLines() {
        return json.getJsonObject("careLines").getLong("kept");
    }

    public long suppressed() {
        return json.getJsonObject("persons").getLong("suppressed") + json.getJsonObject("documents").getLong("suppressed")
                + json.getJsonObject("careLines").getLong("suppressed");
    }

    public long generalised() {
        return json.getJsonObject("persons").getLong("generalised")
                + json.getJsonObject("documents").getLong("generalised")
                + json.getJsonObject("careLines").getLong("generalised");
    }

    enum Rows { DOCUMENTS, CARE_LINES }

    /** The counts of one extract's last pass. */
    static final class Tally {
        private final long[] persons = new long[3];
        private final long[] documents = new long[3];
        private final long[] careLines = new long[3];
        private final Map<RowGroups.Key, long[]> classesByGroup = new HashMap<>();

        void person(boolean generalised) {
            persons[0]++;
            if (generalised) {
                persons[1]++;
            }
        }

        void suppressedPerson(int documentRows, int careRows) {
            persons[2]++;
            documents[2] += documentRows;
            careLines[2] += careRows;
        }

        /** Counts a row; true when it is published (its period is not null). */
        boolean row(Rows kind, String period, YearMonth month) {
            long[] t = kind == Rows.DOCUMENTS ? documents : careLines;
            if (period == null) {
                t[2]++;
                return false;
            }
            t[0]++;
            if (!period.equals(month.toString())) {
                t[1]++;
            }
            return true;
        }

        void documentClass(PersonGroups.PersonQi qi, String period, String classCode) {
            long[] bits = classesByGroup.computeIfAbsent(new RowGroups.Key(qi, period), k -> new long[1]);
            bits[0] |= 1L << DocumentClass.fromLoinc(classCode).ordinal();
        }

        ExtractReport report(ResearchProject project, PersonGroups.GroupSizes personGroups,
                             PersonGroups.GroupSizes documentGroups, PersonGroups.GroupSizes careGroups, long nanos) {
            int l = Integer.MAX_VALUE;
            long homogeneous = 0;
            for (long[] bits : classesByGroup.values()) {
                int distinct = Long.bitCount(bits[0]);
                l = Math.min(l, distinct);
                if (distinct == 1) {
                    homogeneous++;
                }
            }
            JsonObject json = new JsonObject()
                    .put("project", project.id().toString())
                    .put("k", project.k())
                    .put("quasiIdentifiers", io.vertx.core.json.JsonArray.of("age_band", "sex", "department",
                            "period"))
                    .put("persons", counts(persons))
                    .put("documents", counts(documents))
                    .put("careLines", counts(careLines))
                    .put("residualRisk", new JsonObject()
                            .put("persons", risk(personGroups))
                            .put("documents", risk(documentGroups))
                            .put("careLines", risk(careGroups)))
                    .put("lDiversity", new JsonObject()
                            .put("attribute", "document_class")
                            .put("l", classesByGroup.isEmpty() ? 0 : l)
                            .put("groups", classesByGroup.size())
                            .put("groupsWithOneClass", homogeneous))
                    .put("seconds", nanos / 1e9);
            return new ExtractReport(json);
        }

        private static JsonObject counts(long[] t) {
            return new JsonObject().put("kept", t[0]).put("generalised", t[1]).put("suppressed", t[2]);
        }

        private static JsonObject risk(PersonGroups.GroupSizes s) {
            return new JsonObject().put("groups", s.groups).put("smallestGroup", s.groups == 0 ? 0 : s.smallest)
                    .put("maxReidentificationProbability", s.maxRisk())
                    .put("averageReidentificationProbability", s.averageRisk());
        }
    }
}
