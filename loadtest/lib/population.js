// Which seeded person an iteration works on, derived arithmetically from the iteration number: no CSV, no
// SharedArray, constant memory whatever the population (40 M persons).
import { countInState, nthInState, person } from './identity.js';

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

// Affine permutation of [0, size): n -> (n * stride + offset) mod size with the stride near size / golden ratio and
// coprime with size, so consecutive iterations land far apart and every element comes once per `size` iterations.
const strides = new Map();
function permuteWithin(n, size, salt) {
  if (size > 94000000) throw new RangeError('population above 94 M: (n * stride) would leave exact double range');
  let stride = strides.get(size);
  if (stride === undefined) {
    stride = Math.max(1, Math.round(size * 0.6180339887));
    while (gcd(stride, size) !== 1) stride++;
    strides.set(size, stride);
  }
  return ((n % size) * stride + ((salt * 7919) % size)) % size;
}

/**
 * Person for iteration `iteration` (exec.scenario.iterationInTest) of a flow; `salt` separates flows so that, say,
 * deposits and reads do not march over the same persons in lockstep. `wanted` is a record state ('ACTIVE',
 * 'INVITED', ...) or null for anyone. Successive iterations get distinct persons until every seeded person in that
 * state has had a turn: an invited person does not oppose twice in a run.
 */
export function pickPerson(iteration, persons, salt = 0, wanted = 'ACTIVE') {
  if (!wanted) return person(permuteWithin(iteration, persons, salt));
  const count = countInState(wanted, persons);
  if (count === 0) throw new Error(`no ${wanted} person among the first ${persons}`);
  return person(nthInState(wanted, permuteWithin(iteration, count, salt)));
}

/**
 * A deterministic choice in a weighted table [{ weight, ...}] from an integer. Consecutive n are spread by a prime
 * multiplier (coprime with any total it is not a factor of), so each short run of iterations already follows the
 * weights instead of taking 55 physicians in a row.
 */
export function weighted(table, n) {
  const total = table.reduce((sum, row) => sum + row.weight, 0);
  let x = (n * 7919) % total;
  for (const row of table) {
    if (x < row.weight) return row;
    x -= row.weight;
  }
  return table[table.length - 1];
}

/**
 * Whether person p may log in to their own space today: from the own-access age (15 by default, the policy's
 * settings.representatives.ownAccessAge) a minor logs in beside their representatives; younger ones are reached through
 * a parent (families.js). A day's margin either side of the birthday keeps the platform's clock zone out of the verdict.
 */
export function hasOwnAccess(p, ownAccessAge = 15, now = new Date()) {
  const [y, m, d] = p.birthDate.split('-').map(Number);
  const birthday = Date.UTC(y + ownAccessAge, m - 1, d);
  return birthday + 86400000 < now.getTime();
}
