package fr.sante.dmp.gateway.ratelimit;

import java.nio.charset.StandardCharsets;

/**
 * The Redis keys of the professional API's guard, in one place because Redis Cluster runs a script only when all its
 * keys lie in one hash slot (else CROSSSLOT). A read naming a patient touches the caller's token bucket and the
 * professional's set of patients of the day in one script: both carry the hash tag {@code {rpps:<rpps>}} (the rate
 * key of a professional, {@code Caller.rateKey()}), so they share a slot, and the professionals spread over the
 * cluster. The script also reads this instance's sentinel, which says whether Redis lost what the instance counted in
 * it; a node lost alone must be noticed, so there is one sentinel per slot, tagged with a string of that slot.
 */
public final class GuardKeys {
    private static final int SLOTS = 16384;
    /** For each slot, a short tag hashing to it (Redis hashes the text between the first braces). */
    private static final String[] SLOT_TAGS = slotTags();

    private GuardKeys() {
    }

    /** A client's token bucket; {@code rateKey} is {@code rpps:<rpps>} or {@code client:<id>}. */
    public static String bucket(String rateKey) {
        return "dmp:rl:{" + rateKey + "}";
    }

    /** One professional's set of patient pseudonyms of one UTC day: the slot of {@code bucket("rpps:" + rpps)}. */
    public static String patientsOfDay(String rpps, String day) {
        return "dmp:pq:{rpps:" + rpps + "}:" + day;
    }

    /** The "already alerted today" marker of such a set (same slot: the tag is the set's). */
    public static String alerted(String set) {
        return set + ":alerted";
    }

    /** This instance's sentinel in the slot of {@code key}. */
    static String sentinel(String instance, String key) {
        return "dmp:guard:instance:" + instance + ":{" + SLOT_TAGS[slot(key)] + "}";
    }

    /** Redis Cluster's hash slot of a key: CRC16 (XMODEM) of its hash tag, or of the whole key, modulo 16384. */
    public static int slot(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                key = key.substring(open + 1, close);
            }
        }
        return crc16(key.getBytes(StandardCharsets.UTF_8)) % SLOTS;
    }

    private static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }

    private static String[] slotTags() {
        String[] tags = new String[SLOTS];
        int found = 0;
        // About 170,000 candidates cover every slot (coupon collector); bounded by the int range anyway.
        for (int i = 0; found < SLOTS; i++) {
            String tag = Integer.toString(i, 36);
            int s = slot(tag);
            if (tags[s] == null) {
                tags[s] = tag;
                found++;
            }
        }
        return tags;
    }
}
