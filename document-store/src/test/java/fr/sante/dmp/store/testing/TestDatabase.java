package fr.sante.dmp.store.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One test class's own database on the embedded server, with a JDBC door for direct checks and tampering. */
public record TestDatabase(String host, int port, String database, String user, String password) {

    /** For {@code StoreOptions.pgUri} and other Vert.x clients. */
    public String pgUri() {
        return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A plain JDBC connection (autocommit), for test assertions on what is stored. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }
}
