// The professionals the load test acts as. Plain ES module: used by k6 (setup) and by loadtest/tokens.mjs (Node),
// which mints their tokens with `./dmp token` before the run.

/** RPPS: 11 digits, the last a Luhn check digit (../shared/reference/IDENTIFIERS.md). */
export function rpps(n) {
  const body = `1${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    // Luhn: double every second digit from the right of the full number, i.e. from the rightmost body digit.
    let d = Number(body[body.length - 1 - k]);
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/**
 * Who queries a national record at peak. Weights follow document volumes by sender (biology and prescriptions
 * dominate, RULES.md) and the fact that physicians are the main readers; the SAMU regulator is only used for the rare
 * break-glass flow.
 */
export const PROFILES = Object.freeze([
  { role: 'physician', profession: '10', count: 6, weight: 55 },
  { role: 'pharmacist', profession: '21', count: 3, weight: 20 },
  { role: 'nurse', profession: '60', count: 2, weight: 15 },
  { role: 'midwife', profession: '50', count: 1, weight: 5 },
  { role: 'physiotherapist', profession: '70', count: 1, weight: 5 },
  { role: 'samu', profession: '10', category: 'samu-regulation', count: 1, weight: 0 },
]);

export const SCOPE = 'dmp:read dmp:write';

/** Every professional, with a stable RPPS: [{ role, profession, category?, rpps }]. */
export function professionals() {
  const out = [];
  let n = 1;
  for (const p of PROFILES) {
    for (let k = 0; k < p.count; k++) {
      const pro = { role: p.role, profession: p.profession, rpps: rpps(n++) };
      if (p.category) pro.category = p.category;
      out.push(pro);
    }
  }
  return out;
}

/** The profiles that read records outside emergencies (not the SAMU regulator), in PROFILES order. */
const READING = PROFILES.filter((p) => p.weight > 0);

/**
 * The load-test professional who holds a live care context on person `index`'s record: `./dmp seed` writes it for
 * every ACTIVE person (fr.sante.dmp.gateway.seed.SeedPlan.careTeamMember, this function's Java twin), as if their
 * software had opened it when the patient's card was read. The role follows the reading weights over consecutive
 * persons ((index * 7919) mod 100, as population.js weighted()), the professional within the role changes every 100
 * persons. Returns { role, profession, rpps }.
 */
export function careTeamMember(index) {
  const total = READING.reduce((sum, p) => sum + p.weight, 0);
  let x = (index * 7919) % total;
  let n = 1;
  for (const p of PROFILES) {
    if (p.weight > 0 && x < p.weight) {
      return { role: p.role, profession: p.profession, rpps: rpps(n + (Math.floor(index / 100) % p.count)) };
    }
    if (p.weight > 0) x -= p.weight;
    n += p.count;
  }
  throw new Error('unreachable');
}
