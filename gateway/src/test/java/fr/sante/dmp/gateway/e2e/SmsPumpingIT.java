package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.guard.CappedCodeSender;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SMS pumping (issue 6): a bot sends 10,000 code requests for 1,000 numbers from 50 addresses. It gets no more SMS than
 * the caps allow ({@value GuardsExtension#SMS_PER_NUMBER} per number per day, none outside the French prefixes, a daily
 * budget of {@value GuardsExtension#SMS_BUDGET} for the platform), counted where they arrive (the embedded SMSC); every
 * reply is one of two neutral answers; the breaker's alert is logged once and names no number.
 */
@ExtendWith(GuardsExtension.class)
class SmsPumpingIT {
    private static final Pattern OTP = Pattern.compile("\\b\\d{6}\\b");
    private static final int NUMBERS = 1_000;
    private static final int REQUESTS = 10_000;
    private static final int ADDRESSES = 50;
    private static final int IN_FLIGHT = 32;

    @Test
    void botAskingTenThousandCodesForAThousandNumbersFromFiftyAddressesGetsNoMoreSmsThanTheCaps(Dmp dmp)
            throws Exception {
        List<String[]> people = registerThousandPeople(dmp);
        Set<String> foreign = new HashSet<>();
        people.stream().filter(p -> p[1].startsWith("+49")).forEach(p -> foreign.add(p[1]));
        Redis redis = Redis.createClient(dmp.vertx, dmp.platform.services().redisUri());
        try (LogCapture log = new LogCapture(CappedCodeSender.class)) {
            Map<Integer, Set<String>> bodies = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            List<Future<Void>> workers = new ArrayList<>();
            for (int w = 0; w < IN_FLIGHT; w++) {
                workers.add(worker(dmp, people, next, statuses, bodies));
            }
            await(Future.all(workers));
            long botMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(statuses.keySet()).as("only the neutral answer or the per-address limit").containsOnly(202, 429);
            assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(REQUESTS);
            bodies.values().forEach(set -> assertThat(set).as("one body per status, whatever the number").hasSize(1));

            JsonArray sms = waitForOtpSms(dmp, GuardsExtension.SMS_BUDGET);
            Map<String, Integer> perNumber = new HashMap<>();
            sms.forEach(m -> perNumber.merge(e164(((JsonObject) m).getString("to")), 1, Integer::sum));
            assertThat(sms.size()).as("the budget breaker binds: the bot wanted far more").isEqualTo(
                    GuardsExtension.SMS_BUDGET);
            assertThat(perNumber.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(
                    GuardsExtension.SMS_PER_NUMBER));
            assertThat(perNumber.keySet()).noneMatch(foreign::contains);

            var budgetAlerts = log.alerts("sms-daily-budget");
            assertThat(budgetAlerts).hasSize(1);
            for (var e : budgetAlerts) {
                String line = LogCapture.line(e);
                people.forEach(p -> assertThat(line).doesNotContain(p[1].substring(1)));
            }
            System.out.printf("sms-pumping: %d requests in %d ms, statuses %s, %d SMS to %d numbers, 0 foreign,"
                            + " max %d per number, %d per-number alerts%n", REQUESTS, botMillis, statuses, sms.size(),
                    perNumber.size(), perNumber.values().stream().mapToInt(i -> i).max().orElse(0),
                    log.alerts("sms-per-number").size());
        } finally {
            // The day's budget is spent: give it back so that the other tests on this platform can log in by SMS.
            String day = LocalDate.now(ZoneOffset.UTC).toString();
            await(RedisAPI.api(redis).del(List.of(fr.sante.dmp.gateway.guard.SmsCaps.budgetKey(day))));
            redis.close();
        }
    }

    @Test
    void oneNumberReceivesNoMoreCodesThanItsDailyCapAndTheAlertNamesNoNumber(Dmp dmp) {
        String phone = "+33618" + String.format("%06d", java.util.concurrent.ThreadLocalRandom.current()
                .nextInt(1_000_000));
        String ins = Identities.ins();
        JsonObject person = Dmp.person("ACTIVE").put("phone", phone);
        person.remove("email");
        assertThat(dmp.send(HttpMethod.PUT, "/api/v1/admin/patients/" + ins, dmp.admin(), person).statusCode())
                .isEqualTo(201);
        try (LogCapture log = new LogCapture(CappedCodeSender.class)) {
            // Three codes: the identity limit's allowance (3 per 15 minutes); the number's cap is 2 a day.
            for (int i = 0; i < 3; i++) {
                HttpResponse<Buffer> r = await(dmp.request(HttpMethod.POST, "/api/v1/me/login", null)
                        .putHeader("X-Forwarded-For", "198.51.100." + (1 + i))
                        .sendJsonObject(new JsonObject().put("ins", ins).put("birthDate", "1985-05-14")));
                assertThat(r.statusCode()).isEqualTo(202);
            }
            long deadline = System.nanoTime() + 15_000_000_000L;
            int received = 0;
            while (System.nanoTime() < deadline) {
                received = (int) otpSms(dmp).stream().filter(m -> phone.equals(e164(((JsonObject) m)
                        .getString("to")))).count();
                if (received >= GuardsExtension.SMS_PER_NUMBER && log.alerts("sms-per-number").size() > 0) {
                    await(dmp.vertx.timer(1_000));
                    received = (int) otpSms(dmp).stream().filter(m -> phone.equals(e164(((JsonObject) m)
                            .getString("to")))).count();
                    break;
                }
                await(dmp.vertx.timer(200));
            }
            assertThat(received).isEqualTo(GuardsExtension.SMS_PER_NUMBER);
            var alerts = log.alerts("sms-per-number");
            assertThat(alerts).hasSize(1);
            assertThat(LogCapture.line(alerts.get(0))).doesNotContain(phone.substring(3));
        }
    }

    /** 800 metropolitan mobiles, 100 in Réunion, 100 German ones (not allowed); no e-mail (SMS or nothing). */
    private static List<String[]> registerThousandPeople(Dmp dmp) {
        List<String[]> people = new ArrayList<>();
        for (int i = 0; i < NUMBERS; i++) {
            String phone = switch (i % 10) {
                case 9 -> "+4915112" + String.format("%06d", i);
                case 8 -> "+262692" + String.format("%06d", i);
                default -> "+33619" + String.format("%06d", i);
            };
            people.add(new String[] {Identities.ins(), phone});
        }
        String admin = dmp.admin();
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> workers = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            workers.add(register(dmp, admin, people, next));
        }
        await(Future.all(workers));
        return people;
    }

    private static Future<Void> register(Dmp dmp, String admin, List<String[]> people, AtomicInteger next) {
        int i = next.getAndIncrement();
        if (i >= people.size()) {
            return Future.succeededFuture();
        }
        String[] p = people.get(i);
        JsonObject person = Dmp.person("ACTIVE").put("phone", p[1]);
        person.remove("email");
        return dmp.request(HttpMethod.PUT, "/api/v1/admin/patients/" + p[0], admin).sendJsonObject(person)
                .compose(r -> r.statusCode() == 201 || r.statusCode() == 200 ? Future.succeededFuture()
                        : Future.failedFuture("registration " + r.statusCode() + " " + r.bodyAsString()))
                .compose(v -> register(dmp, admin, people, next));
    }

    private static Future<Void> worker(Dmp dmp, List<String[]> people, AtomicInteger next,
            Map<Integer, AtomicInteger> statuses, Map<Integer, Set<String>> bodies) {
        int i = next.getAndIncrement();
        if (i >= REQUESTS) {
            return Future.succeededFuture();
        }
        String[] p = people.get(i % NUMBERS);
        JsonObject identity = new JsonObject().put("ins", p[0]).put("birthDate", "1985-05-14");
        return dmp.request(HttpMethod.POST, "/api/v1/me/login", null)
                .putHeader("X-Forwarded-For", "203.0.113." + (1 + i % ADDRESSES))
                .sendJsonObject(identity)
                .compose(r -> {
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    bodies.computeIfAbsent(r.statusCode(), k -> ConcurrentHashMap.newKeySet()).add(withoutIds(r));
                    return worker(dmp, people, next, statuses, bodies);
                });
    }

    private static String e164(String to) {
        return to.startsWith("+") ? to : "+" + to;
    }

    private static String withoutIds(HttpResponse<Buffer> r) {
        return r.bodyAsString().replaceAll("\"requestId\":\"[^\"]*\"", "");
    }

    /** One-time-code SMS at the SMSC once the dispatcher is done: {@code expected}, then 2 s without another. */
    private static JsonArray waitForOtpSms(Dmp dmp, int expected) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        JsonArray last = new JsonArray();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            JsonArray now = otpSms(dmp);
            if (now.size() != last.size()) {
                stableSince = System.nanoTime();
                last = now;
            } else if (now.size() >= expected && System.nanoTime() - stableSince > 2_000_000_000L) {
                return now;
            }
            await(dmp.vertx.timer(250));
        }
        return last;
    }

    private static JsonArray otpSms(Dmp dmp) {
        int port = dmp.platform.inboxPort().orElseThrow();
        HttpResponse<Buffer> r = await(dmp.client.get(port, "127.0.0.1", "/api/messages").send());
        JsonArray out = new JsonArray();
        r.bodyAsJsonArray().forEach(m -> {
            JsonObject message = (JsonObject) m;
            if ("sms".equals(message.getString("channel")) && OTP.matcher(message.getString("body", "")).find()) {
                out.add(message);
            }
        });
        return out;
    }
}
