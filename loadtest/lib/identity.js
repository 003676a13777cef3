// Synthetic population, person number i -> identity. Twin of the Java class
// fr.sante.dmp.gateway.seed.SyntheticPopulation; loadtest/vectors/identities.json keeps the two in step.
//
// Plain ES module (no Node or k6 API), so k6 and `node --test` load the same file. All arithmetic is exact in IEEE
// doubles: values stay below 2^38 (< 2^53), and the 32-bit hashing uses Math.imul, ^ and >>> which behave exactly like
// Java's int operations. No BigInt needed.
//
// How: i is scrambled by a 4-round Feistel network on 38 bits, cycle-walked into [0, CAPACITY) (a permutation), and
// the result read as mixed-radix digits, least significant first: sex (2), month (12), department (96), commune (999),
// order (999), birth year (100, from 1925). The radices multiply to CAPACITY, so i -> INS is a bijection and
// indexOf() inverts it.

export const FIRST_BIRTH_YEAR = 1925;
export const BIRTH_YEARS = 100;
export const DEPARTMENTS = (() => {
  const codes = [];
  for (let d = 1; d <= 95; d++) {
    if (d === 20) codes.push('2A', '2B');
    else codes.push(two(d));
  }
  return Object.freeze(codes);
})();
export const CAPACITY = 2 * 12 * DEPARTMENTS.length * 999 * 999 * BIRTH_YEARS; // 229,939,430,400

const HALF_BITS = 19;
const HALF = 2 ** HALF_BITS;
const HALF_MASK = HALF - 1;
const FULL = HALF * HALF;
const ROUND_KEYS = [0x9e3779b9 | 0, 0x7f4a7c15 | 0, 0x85ebca6b | 0, 0xc2b2ae35 | 0];
const NAME_SALT = 0x2545f491 | 0;
const FAMILY_SALT = 0x68e31da4 | 0;
const TWO_32 = 2 ** 32;
// Per 10,000 persons: opposed 1.5 % (1.48 % after the first waves, RULES.md), closed 0.5 %, invited 5 %.
const OPPOSED_PER_10K = 150;
const CLOSED_PER_10K = 50;
const INVITED_PER_10K = 500;

export const MALE = Object.freeze([
  'Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'Alain', 'Nicolas', 'Christophe',
  'Daniel', 'Bernard', 'Thomas', 'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Léo',
  'Paul', 'Julien', 'Antoine', 'Mathieu', 'Éric', 'Patrick', 'François', 'Laurent',
  'Olivier', 'Sébastien', 'Arthur', 'Jules', 'Nathan', 'Raphaël', 'Maxime', 'Yves',
]);
export const FEMALE = Object.freeze([
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Monique', 'Christine',
  'Sophie', 'Julie', 'Camille', 'Léa', 'Manon', 'Emma', 'Chloé', 'Inès',
  'Jade', 'Louise', 'Alice', 'Sarah', 'Anne', 'Valérie', 'Sandrine', 'Céline',
  'Aurélie', 'Émilie', 'Lucie', 'Claire', 'Juliette', 'Zoé', 'Hélène', 'Agnès',
]);
export const FAMILY = Object.freeze([
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois',
  'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David',
  'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine',
  'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André', 'Mercier', 'Blanc',
  'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu',
  'Gautier', 'Masson', 'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire',
  'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly',
]);

function two(n) {
  return n < 10 ? `0${n}` : `${n}`;
}

function three(n) {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/** murmur3's 32-bit finaliser; returns a signed int32 exactly like the Java version. */
export function fmix32(h) {
  h |= 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function round(half, key) {
  return fmix32(half ^ key) & HALF_MASK;
}

function feistel(x) {
  let left = Math.floor(x / HALF);
  let right = x % HALF;
  for (let r = 0; r < ROUND_KEYS.length; r++) {
    const next = left ^ round(right, ROUND_KEYS[r]);
    left = right;
    right = next;
  }
  return left * HALF + right;
}

function inverseFeistel(y) {
  let left = Math.floor(y / HALF);
  let right = y % HALF;
  for (let r = ROUND_KEYS.length - 1; r >= 0; r--) {
    const previous = right ^ round(left, ROUND_KEYS[r]);
    right = left;
    left = previous;
  }
  return left * HALF + right;
}

function checkIndex(i) {
  if (!Number.isSafeInteger(i) || i < 0 || i >= CAPACITY) {
    throw new RangeError(`index out of the synthetic domain [0, ${CAPACITY})`);
  }
}

/** The bijective scramble of [0, CAPACITY): Feistel on 38 bits, cycle-walked into the domain. */
export function permute(i) {
  checkIndex(i);
  let y = feistel(i);
  while (y >= CAPACITY) y = feistel(y);
  return y;
}

function invert(y) {
  let x = inverseFeistel(y);
  while (x >= CAPACITY) x = inverseFeistel(x);
  return x;
}

/** INS key: 97 - (number mod 97), Corsica's 2A/2B counted as 19/18. The 13-digit number is < 2^53: exact. */
export function insKey(number13) {
  const digits = number13.slice(0, 5) + ({ '2A': '19', '2B': '18' }[number13.slice(5, 7)] || number13.slice(5, 7))
    + number13.slice(7, 13);
  return 97 - (Number(digits) % 97);
}

/** The INS (15 characters) of person i; cheaper than person(i) when only the INS is needed. */
export function insOf(i) {
  return decompose(permute(i)).ins;
}

function decompose(scrambled) {
  let y = scrambled;
  const sex = (y % 2) + 1;
  y = Math.floor(y / 2);
  const month = (y % 12) + 1;
  y = Math.floor(y / 12);
  const department = DEPARTMENTS[y % DEPARTMENTS.length];
  y = Math.floor(y / DEPARTMENTS.length);
  const commune = (y % 999) + 1;
  y = Math.floor(y / 999);
  const order = (y % 999) + 1;
  y = Math.floor(y / 999);
  const year = FIRST_BIRTH_YEAR + y;
  const number = `${sex}${two(year % 100)}${two(month)}${department}${three(commune)}${three(order)}`;
  return { sex, year, month, ins: number + two(insKey(number)) };
}

function daysInMonth(year, month) {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Person number i: { index, ins, sex, birthDate, givenName, familyName, phone, email }.
 * phone: E.164 in 06 39 98 xx xx (a block reserved for fiction), shared by 1 person in 10,000; email is unique.
 */
export function person(i) {
  const { sex, year, month, ins } = decompose(permute(i));
  const lo = i % TWO_32;
  const hi = Math.floor(i / TWO_32);
  const hash = fmix32(fmix32(lo ^ NAME_SALT) ^ hi);
  const day = 1 + ((hash >>> 0) % daysInMonth(year, month));
  const given = sex === 1 ? MALE : FEMALE;
  const last = i % 10000;
  return {
    index: i,
    ins,
    sex,
    birthDate: `${year}-${two(month)}-${two(day)}`,
    givenName: given[(hash >>> 8) % given.length],
    familyName: FAMILY[(fmix32(hash ^ FAMILY_SALT) >>> 0) % FAMILY.length],
    phone: `+3363998${two(Math.floor(last / 100))}${two(last % 100)}`,
    email: `p${i}@example.test`,
    state: recordState(i),
  };
}

const STATE_RUN = 10000;
const STATE_MULTIPLIER = 7193; // coprime with 10,000: a permutation of the run
const STATE_OFFSET = 1234;

function stateOfBucket(bucket) {
  if (bucket < OPPOSED_PER_10K) return 'OPPOSED';
  if (bucket < OPPOSED_PER_10K + CLOSED_PER_10K) return 'CLOSED';
  if (bucket < OPPOSED_PER_10K + CLOSED_PER_10K + INVITED_PER_10K) return 'INVITED';
  return 'ACTIVE';
}

/**
 * The record state the seeder gives person i (pure function of i). Exact shares in every run of 10,000 consecutive
 * indices: 9,300 ACTIVE, 500 INVITED, 150 OPPOSED, 50 CLOSED.
 */
export function recordState(i) {
  if (!Number.isSafeInteger(i) || i < 0) throw new RangeError('index must be a non-negative integer');
  return stateOfBucket(((i % STATE_RUN) * STATE_MULTIPLIER + STATE_OFFSET) % STATE_RUN);
}

// Offsets within a run of 10,000 holding each state, ascending: the n-th person in a state is then O(1).
const OFFSETS = (() => {
  const by = { ACTIVE: [], INVITED: [], OPPOSED: [], CLOSED: [] };
  for (let o = 0; o < STATE_RUN; o++) by[recordState(o)].push(o);
  return by;
})();

/** How many of the persons [0, persons) are in `state`. */
export function countInState(state, persons) {
  const offsets = OFFSETS[state];
  const rest = persons % STATE_RUN;
  let partial = 0;
  while (partial < offsets.length && offsets[partial] < rest) partial++;
  return Math.floor(persons / STATE_RUN) * offsets.length + partial;
}

/** The index of the n-th person (0-based) in `state`, in ascending index order. */
export function nthInState(state, n) {
  const offsets = OFFSETS[state];
  return Math.floor(n / offsets.length) * STATE_RUN + offsets[n % offsets.length];
}

/** The index of the person with this INS, or -1 when the INS lies outside the synthetic population. */
export function indexOf(ins) {
  const v = String(ins).toUpperCase();
  if (!/^[12]\d{4}(\d{2}|2A|2B)\d{8}$/.test(v)) return -1;
  if (Number(v.slice(13, 15)) !== insKey(v.slice(0, 13))) return -1;
  const sex = Number(v[0]);
  const yy = Number(v.slice(1, 3));
  const month = Number(v.slice(3, 5));
  const department = DEPARTMENTS.indexOf(v.slice(5, 7));
  const commune = Number(v.slice(7, 10));
  const order = Number(v.slice(10, 13));
  if (month < 1 || month > 12 || department < 0 || commune === 0 || order === 0) return -1;
  let y = (((yy - FIRST_BIRTH_YEAR) % 100) + 100) % 100;
  y = y * 999 + (order - 1);
  y = y * 999 + (commune - 1);
  y = y * DEPARTMENTS.length + department;
  y = y * 12 + (month - 1);
  y = y * 2 + (sex - 1);
  return invert(y);
}

// Guard against a future edit that would break exactness.
if (CAPACITY > FULL || FULL > Number.MAX_SAFE_INTEGER) throw new Error('identity: domain exceeds exact arithmetic');
