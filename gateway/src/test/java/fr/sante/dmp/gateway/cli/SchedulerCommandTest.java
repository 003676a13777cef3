package fr.sante.dmp.gateway.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.gateway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerCommandTest {

    @Test
    void aPassAsOfAFutureInstantIsRefusedOnAnExternalDatabaseBeforeAnythingIsTouched() {
        // The host does not exist: the refusal must come before any connection attempt.
        GatewayConfig production = GatewayConfig.load(Map.of(GatewayConfig.PG_URL,
                "postgresql://u:p@db.invalid:5432/dmp"));
        assertThatThrownBy(() -> SchedulerCommand.run(production, List.of("run", "--at", "2099-01-01T00:00:00Z")))
                .isInstanceOf(UsageException.class).hasMessageContaining("DMP_PG_URL");
    }

    @Test
    void aMalformedInstantOrSubcommandIsAUsageError() {
        GatewayConfig embedded = GatewayConfig.load(Map.of());
        assertThatThrownBy(() -> SchedulerCommand.run(embedded, List.of("run", "--at", "tomorrow")))
                .isInstanceOf(UsageException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> SchedulerCommand.run(embedded, List.of("start")))
                .isInstanceOf(UsageException.class).hasMessageContaining("scheduler run");
    }
}
