package fr.sante.dmp.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    private static final Pattern CLIENT_SYNTAX = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @Test
    void idsOfOneProcessNeverRepeatAndKeepTheAcceptedSyntax() {
        RequestIds ids = new RequestIds(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String id = ids.next();
            assertThat(CLIENT_SYNTAX.matcher(id).matches()).as(id).isTrue();
            assertThat(seen.add(id)).as("duplicate %s after %d ids", id, i).isTrue();
        }
    }

    @Test
    void twoProcessesDrawDifferentPrefixes() {
        String a = new RequestIds(new SecureRandom()).next();
        String b = new RequestIds(new SecureRandom()).next();
        assertThat(a.substring(0, 16)).isNotEqualTo(b.substring(0, 16));
    }

    @Test
    void consecutiveIdsDoNotCountVisibly() {
        RequestIds ids = new RequestIds(new SecureRandom());
        long first = Long.parseUnsignedLong(ids.next().substring(17), 16);
        long second = Long.parseUnsignedLong(ids.next().substring(17), 16);
        assertThat(second - first).isNotEqualTo(1L);
    }
}
