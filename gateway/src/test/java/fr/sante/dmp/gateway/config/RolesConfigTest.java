package fr.sante.dmp.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** DMP_ROLES and {@code ./dmp run --role}: one process does everything unless told otherwise. */
class RolesConfigTest {

    @Test
    void oneProcessServesAndWorksByDefault() {
        assertThat(GatewayConfig.load(Map.of()).roles()).isEqualTo(Roles.ALL);
    }

    @Test
    void eachRoleIsReadAndAListOfBothIsAll() {
        assertThat(GatewayConfig.load(Map.of(Roles.VARIABLE, "api")).roles()).isEqualTo(Roles.API);
        assertThat(GatewayConfig.load(Map.of(Roles.VARIABLE, "Worker")).roles()).isEqualTo(Roles.WORKER);
        assertThat(GatewayConfig.load(Map.of(Roles.VARIABLE, "all")).roles()).isEqualTo(Roles.ALL);
        assertThat(Roles.parse("worker, api")).isEqualTo(Roles.ALL);
        assertThat(Roles.API.toString()).isEqualTo("api");
    }

    @Test
    void theCommandLineRoleWinsOverTheVariable() {
        GatewayConfig c = GatewayConfig.load(Map.of(Roles.VARIABLE, "api")).withRoles(Roles.WORKER);
        assertThat(c.roles()).isEqualTo(Roles.WORKER);
        assertThat(c.toString()).contains("roles=worker");
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of(Roles.VARIABLE, "scheduler")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(Roles.VARIABLE);
        assertThatThrownBy(() -> Roles.parse("")).isInstanceOf(ConfigException.class);
    }
}
