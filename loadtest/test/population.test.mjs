// node --test loadtest/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickPerson, weighted } from '../lib/population.js';
import { professionals, rpps } from '../lib/professionals.js';

test('RPPS carry a Luhn key, as the examples of IDENTIFIERS.md', () => {
  assert.equal(rpps(1), '10000000017');
  assert.equal(rpps(123456), '10001234565');
  assert.equal(rpps(12345678), '10123456781');
  const all = professionals().map((p) => p.rpps);
  assert.equal(new Set(all).size, all.length);
});

test('invited persons picked by successive iterations are all distinct and all invited', () => {
  const persons = 100000;
  const seen = new Set();
  for (let k = 0; k < 5000; k++) {
    const p = pickPerson(k, persons, 11, 'INVITED');
    assert.equal(p.state, 'INVITED');
    assert.ok(p.index < persons);
    seen.add(p.index);
  }
  assert.equal(seen.size, 5000);
});

test('active persons spread over the whole seeded range', () => {
  const persons = 40000000;
  let high = 0;
  for (let k = 0; k < 1000; k++) {
    const p = pickPerson(k, persons, 1);
    assert.equal(p.state, 'ACTIVE');
    if (p.index >= persons / 2) high++;
  }
  assert.ok(high > 400 && high < 600, `${high} of 1000 in the upper half`);
});

test('weighted choices follow the weights even over short runs', () => {
  const table = [{ weight: 55, id: 'a' }, { weight: 45, id: 'b' }];
  let a = 0;
  for (let n = 0; n < 20; n++) if (weighted(table, n).id === 'a') a++;
  assert.ok(a >= 8 && a <= 14, `${a} of 20`);
});

test('the n-th person in a state agrees with recordState and with the counts', async () => {
  const { countInState, nthInState, recordState } = await import('../lib/identity.js');
  for (const state of ['ACTIVE', 'INVITED', 'OPPOSED', 'CLOSED']) {
    let n = 0;
    for (let i = 0; i < 23456; i++) {
      if (recordState(i) === state) assert.equal(nthInState(state, n++), i);
    }
    assert.equal(countInState(state, 23456), n);
  }
});
