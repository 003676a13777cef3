package fr.sante.dmp.store.research;

import fr.sante.dmp.store.carehistory.ResearchCodes;
import fr.sante.dmp.store.crypto.Envelope;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * One extract, blocking (a worker thread): walks the eligible persons with a server-side cursor (JDBC fetch size, one
 * REPEATABLE READ snapshot for every pass, so the passes see the same rows), at most one person's rows in memory.
 * Passes: (1) persons' quasi-identifiers counted; (2) rows' months counted per published person group; (3) only if a
 * month group is too small: years of those rows; (4) the files written. Each pass opens the identity again rather than
 * keeping 10⁶ of them: memory stays bounded by the number of groups.
 */
final class Extraction {
    static final int FETCH = 1000;
    private static final int TOP_AGE = 90;

    private final Connection db;
    private final Envelope envelope;
    private final ResearchProject project;
    private final SecretKey projectKey;
    private final boolean objectedByDefault;
    private final LocalDate asOf;
    private final ResearchCodes codes = new ResearchCodes();
    private final Mac pseudonyms;
    private final PersonGroups persons;
    private final RowGroups documents;
    private final RowGroups careLines;

    Extraction(Connection db, Envelope envelope, ResearchProject project, SecretKey projectKey,
               boolean objectedByDefault, LocalDate asOf) throws GeneralSecurityException {
        this.db = db;
        this.envelope = envelope;
        this.project = project;
        this.projectKey = projectKey;
        this.objectedByDefault = objectedByDefault;
        this.asOf = asOf;
        this.pseudonyms = Mac.getInstance("HmacSHA256");
        pseudonyms.init(projectKey);
        this.persons = new PersonGroups(project.k());
        this.documents = new RowGroups(project.k());
        this.careLines = new RowGroups(project.k());
    }

    ExtractReport run(ExtractFiles out) throws SQLException, IOException {
        long started = System.nanoTime();
        walk(p -> persons.count(p.qi()));
        persons.close();
        walk(p -> persons.publish(p.qi()).ifPresent(qi -> {
            documents.countMonths(qi, p.documentMonths());
            careLines.countMonths(qi, p.careMonths());
        }));
        if (documents.needsYears() || careLines.needsYears()) {
            walk(p -> persons.publish(p.qi()).ifPresent(qi -> {
                documents.countYears(qi, p.documentMonths());
                careLines.countYears(qi, p.careMonths());
            }));
        }
        ExtractReport.Tally tally = new ExtractReport.Tally();
        walk(p -> write(p, out, tally));
        return tally.report(project, persons.publishedSizes(), documents.publishedSizes(), careLines.publishedSizes(),
                System.nanoTime() - started);
    }

    private void write(Person p, ExtractFiles out, ExtractReport.Tally tally) throws IOException {
        Optional<PersonGroups.PersonQi> published = persons.publish(p.qi());
        if (published.isEmpty()) {
            tally.suppressedPerson(p.documents.size(), p.care.size());
            return;
        }
        PersonGroups.PersonQi qi = published.get();
        String pseudonym = pseudonym(p.insHash);
        tally.person(!qi.equals(p.qi()));
        out.persons().row(pseudonym, qi.ageBand(), qi.sex(), qi.department());
        for (Document d : p.documents) {
            String period = documents.period(qi, d.month());
            if (tally.row(ExtractReport.Rows.DOCUMENTS, period, d.month())) {
                out.documents().row(pseudonym, period, d.classCode(), d.profession());
                tally.documentClass(qi, period, d.classCode());
            }
        }
        javax.crypto.SecretKey key = p.care.isEmpty() ? null : envelope.unwrap(p.recordId, p.wrappedKey);
        for (CareLine c : p.care) {
            YearMonth month = YearMonth.from(c.date());
            String period = careLines.period(qi, month);
            if (tally.row(ExtractReport.Rows.CARE_LINES, period, month)) {
                out.careHistory().row(pseudonym, period, codes.code(key, p.recordId, c.lineId(), c.date(), c.sealed()));
            }
        }
    }

    /** HMAC-SHA256(project key, INS hash), 128 bits in hex: stable within a project, unlinkable across projects. */
    private String pseudonym(byte[] insHash) {
        return HexFormat.of().formatHex(pseudonyms.doFinal(insHash), 0, 16);
    }

    @FunctionalInterface
    private interface Visit {
        void person(Person p) throws IOException;
    }

    private void walk(Visit visit) throws SQLException, IOException {
        try (PreparedStatement s = db.prepareStatement(ResearchSql.PERSONS)) {
            s.setFetchSize(FETCH);
            s.setArray(1, db.createArrayOf("text", project.documentClasses()));
            s.setObject(2, project.periodStart().atStartOfDay().atOffset(ZoneOffset.UTC));
            s.setObject(3, project.periodEnd().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            s.setBoolean(4, project.includesCareHistory());
            s.setObject(5, project.periodStart());
            s.setObject(6, project.periodEnd().plusDays(1));
            s.setBoolean(7, objectedByDefault);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    visit.person(person(rs));
                }
            }
        }
    }

    private Person person(ResultSet rs) throws SQLException {
        UUID recordId = rs.getObject(1, UUID.class);
        byte[] wrapped = rs.getBytes(3);
        SecretKey key = envelope.unwrap(recordId, wrapped);
        JsonObject identity = new JsonObject(new String(envelope.openIdentity(key, recordId, rs.getBytes(4)),
                StandardCharsets.UTF_8));
        PersonGroups.PersonQi qi = new PersonGroups.PersonQi(ageBand(identity.getString("birthDate")),
                sex(identity.getString("sex")), department(identity.getString("department")));
        List<Document> docs = new ArrayList<>();
        String[] classes = strings(rs.getArray(5));
        String[] professions = strings(rs.getArray(6));
        String[] months = strings(rs.getArray(7));
        for (int i = 0; i < classes.length; i++) {
            docs.add(new Document(classes[i], professions[i], YearMonth.parse(months[i])));
        }
        List<CareLine> care = new ArrayList<>();
        Array dates = rs.getArray(8);
        if (dates != null) {
            Object[] d = (Object[]) dates.getArray();
            String[] ids = strings(rs.getArray(9));
            Object[] payloads = (Object[]) rs.getArray(10).getArray();
            for (int i = 0; i < d.length; i++) {
                care.add(new CareLine(date(d[i]), ids[i], (byte[]) payloads[i]));
            }
        }
        return new Person(recordId, rs.getBytes(2), wrapped, qi, docs, care);
    }

    private static LocalDate date(Object o) {
        return o instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) o;
    }

    private static String[] strings(Array a) throws SQLException {
        return a == null ? new String[0] : (String[]) a.getArray();
    }

    /** Five-year bands at the extract's date, 90 and over in one band (the oldest are the fewest). */
    String ageBand(String birthDate) {
        if (birthDate == null || birthDate.isBlank()) {
            return PersonGroups.ANY;
        }
        int age = Period.between(LocalDate.parse(birthDate), asOf).getYears();
        if (age >= TOP_AGE) {
            return TOP_AGE + "+";
        }
        int low = Math.max(0, age) / 5 * 5;
        return low + "-" + (low + 4);
    }

    private static String sex(String s) {
        return "M".equals(s) || "F".equals(s) ? s : PersonGroups.ANY;
    }

    private static String department(String d) {
        return d == null || d.isBlank() ? PersonGroups.ANY : d;
    }

    record Document(String classCode, String profession, YearMonth month) {
    }

    record CareLine(LocalDate date, String lineId, byte[] sealed) {
    }

    /** One person as a pass sees them: quasi-identifiers and the rows they may carry (one person in memory). */
    record Person(UUID recordId, byte[] insHash, byte[] wrappedKey, PersonGroups.PersonQi qi,
                  List<Document> documents, List<CareLine> care) {
        Set<YearMonth> documentMonths() {
            Set<YearMonth> m = new TreeSet<>();
            documents.forEach(d -> m.add(d.month()));
            return m;
        }

        Set<YearMonth> careMonths() {
            Set<YearMonth> m = new TreeSet<>();
            care.forEach(c -> m.add(YearMonth.from(c.date())));
            return m;
        }
    }

    static OffsetDateTime utc(LocalDate d) {
        return d.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
