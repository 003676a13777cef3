package fr.sante.dmp.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production jar (built by this module's package phase) carries no development service (issue 20, item 5). */
class ProductionJarIT {
    private static List<String> entries;
    private static Path jar;

    @BeforeAll
    static void readTheJar() throws IOException {
        jar = Path.of(System.getProperty("production.jar", "target/dmp-production.jar"));
        try (JarFile j = new JarFile(jar.toFile())) {
            entries = j.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void holdsTheGatewayAndTheInterfaceItFindsDevelopmentServicesBy() {
        assertThat(entries).contains("fr/sante/dmp/gateway/Main.class", "fr/sante/dmp/devservices/DevServices.class");
    }

    @Test
    void holdsNoDevelopmentServiceNorTheLibrariesTheyRunOn() {
        assertThat(entries).noneMatch(e -> e.startsWith("fr/sante/dmp/dev/"))
                .noneMatch(e -> e.equals("META-INF/services/fr.sante.dmp.devservices.DevServices"))
                .noneMatch(e -> e.startsWith("io/zonky/"))                 // embedded PostgreSQL
                .noneMatch(e -> e.startsWith("redis/embedded/"))           // embedded Redis
                .noneMatch(e -> e.startsWith("no/nav/security/"))          // mock-oauth2-server
                .noneMatch(e -> e.startsWith("tools/jackson/"))            // its Jackson 3
                .noneMatch(e -> e.startsWith("com/icegreen/"));            // GreenMail (jSMPP stays: the client)
    }

    @Test
    void holdsNoPostgresqlNorRedisBinary() {
        assertThat(entries).noneMatch(e -> e.endsWith(".txz"))          // zonky's postgres-linux-x86_64.txz
                .noneMatch(e -> e.matches("(?i).*redis-server.*"));
    }

    @Test
    void keepsTheJacksonAnnotationsOfItsJacksonNotThoseOfTheDevelopmentIssuer() throws IOException {
        assertThat(mavenVersion("com.fasterxml.jackson.core", "jackson-annotations"))
                .isEqualTo(mavenVersion("com.fasterxml.jackson.core", "jackson-databind"));
    }

    @Test
    void refusesToStartWithoutTheUrlsOfItsDependencies(@TempDir Path data) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DMP_"));
        pb.environment().put("DMP_DATA_DIR", data.toString());
        // To a file, not a pipe: destroying the process closes its pipe, which may not have been drained yet.
        Path output = Files.createTempFile("production-jar", ".out");
        pb.redirectOutput(output.toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        } finally {
            p.destroyForcibly(); // a jar that starts (development services inside) must not outlive the test
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("DMP_REDIS_URL is not set").contains("no development services");
        assertThat(Files.exists(data.resolve("redis"))).isFalse();
    }

    private static String mavenVersion(String group, String artifact) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry e = j.getEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties");
            assertThat(e).as(artifact + "'s pom.properties").isNotNull();
            Properties p = new Properties();
            try (InputStream in = j.getInputStream(e)) {
                p.load(in);
            }
            return p.getProperty("version");
        }
    }
}
