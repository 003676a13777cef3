package fr.sante.dmp.store.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PostgreSQL 17 (zonky embedded binaries) started once per test JVM, and a fresh empty database per test class.
 * Inject {@link TestDatabase} into a test's constructor, {@code @BeforeAll} or test methods:
 * <pre>
 * &#64;ExtendWith(EmbeddedPostgresExtension.class)
 * class MyIT {
 *     &#64;BeforeAll static void start(TestDatabase db) { ... db.pgUri() ... }
 * }
 * </pre>
 * Shipped in document-store's test-jar for the other modules' tests.
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return database(extension);
    }

    private static TestDatabase database(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NS).getOrComputeIfAbsent("database",
                k -> createDatabase(server(context)), TestDatabase.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** The server lives in the root store: started once, closed when the JVM's test run ends. */
    private static EmbeddedPostgres server(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("server", k -> new Server(), Server.class).pg;
    }

    private static TestDatabase createDatabase(EmbeddedPostgres pg) {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database", e);
        }
        return new TestDatabase("localhost", pg.getPort(), name, "postgres", "postgres");
    }

    /** AutoCloseable values in a store are closed by JUnit (5.13+) when their context ends. */
    private static final class Server implements AutoCloseable {
        private final EmbeddedPostgres pg;

        Server() {
            try {
                this.pg = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }

        @Override
        public void close() throws IOException {
            pg.close();
        }
    }
}
