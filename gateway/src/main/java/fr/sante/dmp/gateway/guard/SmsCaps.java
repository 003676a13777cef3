package fr.sante.dmp.gateway.guard;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The caps on one-time-code SMS that make SMS pumping (toll fraud: a bot asking codes for premium or many numbers)
 * pay nothing: a count per number per UTC day and a global daily budget, both in Redis and counted in one atomic
 * script: a number past its cap does not consume budget, and an SMS the budget refused does not count for its number. The country allow-list is checked before (no Redis).
 */
public final class SmsCaps {
    /** 0 send; 1 number capped; 2 number capped, first time today; 3 budget spent; 4 budget spent, first time. */
    private static final String SCRIPT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
            if n > tonumber(ARGV[1]) then
              if n == tonumber(ARGV[1]) + 1 then return 2 end
              return 1
            end
            local b = redis.call('INCR', KEYS[2])
            if b == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
            if b > tonumber(ARGV[2]) then
              redis.call('DECR', KEYS[1])
              if b == tonumber(ARGV[2]) + 1 then return 4 end
              return 3
            end
            return 0""";
    private static final long KEEP_SECONDS = Duration.ofDays(2).toSeconds();

    public enum Verdict {
        SEND, NUMBER_CAPPED, NUMBER_CAPPED_FIRST, BUDGET_SPENT, BUDGET_SPENT_FIRST;

        public boolean send() {
            return this == SEND;
        }

        /** The first refusal of its kind today: the moment to raise the alert (once, not per request). */
        public boolean alert() {
            return this == NUMBER_CAPPED_FIRST || this == BUDGET_SPENT_FIRST;
        }
    }

    private final RedisAPI redis;
    private final Pseudonyms numbers;
    private final int perNumber;
    private final int budget;
    private final Clock clock;

    public SmsCaps(RedisAPI redis, Pseudonyms numbers, int perNumber, int budget, Clock clock) {
        this.redis = redis;
        this.numbers = numbers;
        this.perNumber = perNumber;
        this.budget = budget;
        this.clock = clock;
    }

    /** Counts one SMS to {@code phone} if both caps allow it. Fails when Redis does not answer within a second. */
    public Future<Verdict> take(String phone) {
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        return redis.eval(List.of(SCRIPT, "2", numberKey(numbers.of(phone), day), budgetKey(day),
                        Integer.toString(perNumber), Integer.toString(budget), Long.toString(KEEP_SECONDS)))
                .timeout(1, TimeUnit.SECONDS)
                .map(r -> Verdict.values()[r.toInteger()]);
    }

    /** One-time-code SMS still allowed today by the daily budget (business metrics); fails when Redis does not answer. */
    public Future<Long> budgetLeft() {
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        return redis.get(budgetKey(day)).timeout(1, TimeUnit.SECONDS)
                .map(r -> Math.max(0L, budget - (r == null ? 0L : r.toLong())));
    }

    /**
     * Both counters of a day carry the tag {@code {<day>}}: Redis Cluster runs the script only on keys of one slot.
     * The day's budget is one counter anyway, so putting the numbers beside it costs no spread.
     */
    static String numberKey(String pseudonym, String day) {
        return "dmp:sms:{" + day + "}:n:" + pseudonym;
    }

    /** The day's global budget counter (same slot as the numbers of that day). */
    public static String budgetKey(String day) {
        return "dmp:sms:{" + day + "}:budget";
    }

    public int perNumber() {
        return perNumber;
    }

    public int budget() {
        return budget;
    }
}
