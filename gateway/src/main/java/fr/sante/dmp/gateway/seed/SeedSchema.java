package fr.sante.dmp.gateway.seed;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seeder's COPY statements, derived from the store's schema as it stands (the migrations ran before): for each
 * table, its columns from {@code information_schema} in their order, less those the seeder leaves to their default.
 * Read once before a run, so the seeder cannot drift from the store silently: a column the schema has and the seeder
 * neither writes nor lists as left out (a migration added it), a column it writes that the schema lacks, or an encoder
 * writing in another order than the table's, and the seeder refuses to start, naming each column.
 */
final class SeedSchema {
    private static final String COLUMNS = "SELECT table_name, column_name FROM information_schema.columns"
            + " WHERE table_schema = current_schema() AND table_name = ANY (?) ORDER BY table_name, ordinal_position";

    private SeedSchema() {
    }

    /**
     * One binary COPY statement per table; {@link IllegalStateException} naming every difference found. Reads in the
     * caller's transaction, which the caller ends.
     */
    static Map<SeedTable, String> copyStatements(Connection c) throws SQLException {
        Map<String, List<String>> schema = columns(c);
        List<String> differences = new ArrayList<>();
        Map<SeedTable, String> statements = new EnumMap<>(SeedTable.class);
        for (SeedTable t : SeedTable.values()) {
            List<String> inSchema = schema.getOrDefault(t.table(), List.of());
            int before = differences.size();
            List<String> copied = new ArrayList<>();
            for (String column : inSchema) {
                if (t.written().contains(column)) {
                    copied.add(column);
                } else if (!t.leftOut().contains(column)) {
                    differences.add(t.table() + "." + column + " is in the schema but neither written by the seeder"
                            + " nor left to its default (SeedTable)");
                }
            }
            for (String column : t.written()) {
                if (!inSchema.contains(column)) {
                    differences.add(t.table() + "." + column + " is written by the seeder but not in the schema");
                }
            }
            if (differences.size() == before && !copied.equals(t.written())) {
                differences.add(t.table() + ": the seeder writes " + t.written() + ", the table's order is " + copied);
            }
            statements.put(t, "COPY " + t.table() + " (" + String.join(", ", copied) + ") FROM STDIN (FORMAT binary)");
        }
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the seeder does not match the store's schema: "
                    + String.join("; ", differences));
        }
        return statements;
    }

    private static Map<String, List<String>> columns(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(COLUMNS)) {
            Array tables = c.createArrayOf("text", Arrays.stream(SeedTable.values()).map(SeedTable::table).toArray());
            s.setArray(1, tables);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return columns;
    }
}
