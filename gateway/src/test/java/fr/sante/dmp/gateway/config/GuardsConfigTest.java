package fr.sante.dmp.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardsConfigTest {

    @Test
    void defaultsCapPatientsSmsAndBreakGlassAndTrustNoProxy() {
        GatewayConfig c = GatewayConfig.load(Map.of());
        assertThat(c.guards().distinctPatientsPerDay()).isEqualTo(500);
        assertThat(c.guards().breakGlassTtl()).isEqualTo(Duration.ofHours(4));
        assertThat(c.guards().smsPerNumberPerDay()).isEqualTo(5);
        assertThat(c.guards().smsDailyBudget()).isEqualTo(20_000);
        assertThat(c.guards().trustedProxies()).isEmpty();
        assertThat(c.guards().smsAllowedTo("+33612345678")).isTrue();
        assertThat(c.guards().smsAllowedTo("+262692123456")).isTrue();
        assertThat(c.guards().smsAllowedTo("+4915112345678")).isFalse();
        assertThat(c.tls()).isEmpty();
    }

    @Test
    void breakGlassAccessLongerThanADayIsRefused() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(Guards.BREAK_GLASS_TTL, "PT25H")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(Guards.BREAK_GLASS_TTL);
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(Guards.BREAK_GLASS_TTL, "4 hours")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ISO-8601");
        assertThat(GatewayConfig.load(Map.of(Guards.BREAK_GLASS_TTL, "PT24H")).guards().breakGlassTtl())
                .isEqualTo(Duration.ofHours(24));
    }

    /** France and its overseas departments and territories, as ISO 3166 regions (TF has no telephone numbering). */
    private static final java.util.Set<String> FRENCH_REGIONS = java.util.Set.of(
            "FR", "RE", "YT", "PM", "GP", "BL", "MF", "GF", "MQ", "WF", "NC", "PF");

    @Test
    void defaultSmsCountriesAreExactlyTheCallingCodesOfFrenchRegionsPerLibphonenumber() {
        var phones = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        java.util.List<String> prefixes = java.util.Arrays.asList(Guards.FRENCH_PREFIXES.split(","));
        for (String prefix : prefixes) {
            int code = Integer.parseInt(prefix.substring(1));
            assertThat(phones.getRegionCodesForCountryCode(code)).as("regions of %s", prefix)
                    .isNotEmpty().allMatch(FRENCH_REGIONS::contains);
        }
        for (String region : FRENCH_REGIONS) {
            assertThat(prefixes).as("calling code of %s", region)
                    .contains("+" + phones.getCountryCodeForRegion(region));
        }
        // Mayotte has used +262 since 2007; +269 is the Comoros.
        assertThat(phones.getRegionCodesForCountryCode(269)).containsExactly("KM");
        GatewayConfig c = GatewayConfig.load(Map.of());
        assertThat(c.guards().smsAllowedTo("+269321234567")).isFalse();
        assertThat(c.guards().smsAllowedTo("+262639123456")).as("a Mayotte mobile").isTrue();
    }

    @Test
    void countryPrefixesMustBeE164() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(Guards.SMS_COUNTRIES, "33,+262")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(Guards.SMS_COUNTRIES);
    }

    @Test
    void tlsNeedsCertificateAndKeyTogetherAndReadableFiles(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(TlsConfig.CERT, cert.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TlsConfig.KEY);
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(TlsConfig.CLIENT_CA, cert.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(TlsConfig.CERT);
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(TlsConfig.CERT, cert.toString(),
                TlsConfig.KEY, dir.resolve("missing.pem").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
        GatewayConfig c = GatewayConfig.load(Map.of(TlsConfig.CERT, cert.toString(), TlsConfig.KEY, key.toString(),
                TlsConfig.CLIENT_CA, cert.toString()));
        assertThat(c.tls()).isPresent();
        assertThat(c.tls().get().clientCa()).contains(cert);
        assertThat(c.toString()).contains("tls=mtls");
    }
}
