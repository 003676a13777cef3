// Which seeded person an iteration works on, derived arithmetically from the iteration number: no CSV, no
// SharedArray, constant memory whatever the population (40 M persons).
import { person, recordState } from './identity.js';

// Strides for an affine permutation of [0, persons): a prime that does not divide `persons` is coprime with it, so
// k -> (k * stride + offset) mod persons visits every seeded person once per `persons` iterations, spread over the
// whole table (uniform access: the worst case for caches, on purpose).
const STRIDES = [1000003, 999983, 1000033];

function strideFor(persons) {
  for (const p of STRIDES) if (persons % p !== 0) return p % persons || 1;
  return 1;
}

// Planned shares of record states (identity.js recordState): a block of ceil(7 / share) candidates holds a person in
// the wanted state with probability > 99.9 %.
const SHARE = { ACTIVE: 0.93, INVITED: 0.05, OPPOSED: 0.015, CLOSED: 0.005 };

/**
 * Person for iteration `iteration` (exec.scenario.iterationInTest) of a flow; `salt` separates flows so that, say,
 * deposits and reads do not march over the same persons in lockstep. `wanted` is a record state ('ACTIVE',
 * 'INVITED', ...) or null for anyone.
 *
 * Iteration k owns its own block of candidates (positions k*B .. k*B+B-1 of the permutation) and takes the first in
 * the wanted state, so two iterations never get the same person until the population wraps (after persons / B
 * iterations): an invited person does not oppose twice.
 */
export function pickPerson(iteration, persons, salt = 0, wanted = 'ACTIVE') {
  const stride = strideFor(persons);
  const offset = (salt * 7919) % persons;
  // (n mod persons) * stride < 2^32 * 2^20: exact in a double.
  const at = (n) => ((n % persons) * stride + offset) % persons;
  if (!wanted) return person(at(iteration));
  const block = Math.ceil(7 / SHARE[wanted]);
  let i = 0;
  for (let j = 0; j < block; j++) {
    i = at(iteration * block + j);
    if (recordState(i) === wanted) return person(i);
  }
  for (let step = 0; step < 100000 && recordState(i) !== wanted; step++) i = (i + 1) % persons;
  return person(i);
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
