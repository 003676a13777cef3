// node --test loadtest/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasOwnAccess, pickPerson, weighted } from '../lib/population.js';
import { careTeamMember, professionals, rpps } from '../lib/professionals.js';

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

test('the care-team member of a person is the Java seed plan\'s (SeedPlanTest asserts the same table)', () => {
  const twin = [[0, '10', '10000000017'], [1, '10', '10000000017'], [3, '21', '10000000074'], [4, '60', '10000000108'],
    [5, '70', '10000000132'], [150, '10', '10000000025'], [12345, '21', '10000000074'], [39999999, '60', '10000000116']];
  for (const [index, profession, id] of twin) {
    const member = careTeamMember(index);
    assert.equal(member.profession, profession, `person ${index}`);
    assert.equal(member.rpps, id, `person ${index}`);
  }
  const readers = new Set(professionals().filter((p) => p.role !== 'samu').map((p) => p.rpps));
  const counts = {};
  for (let i = 0; i < 100000; i++) {
    const member = careTeamMember(i);
    assert.ok(readers.has(member.rpps), `person ${i}: ${member.rpps} is not a reading load-test professional`);
    counts[member.role] = (counts[member.role] || 0) + 1;
  }
  assert.equal(counts.physician, 55000);
  assert.equal(counts.pharmacist, 20000);
  assert.equal(readers.size, new Set(Array.from({ length: 100000 }, (_, i) => careTeamMember(i).rpps)).size,
    'every reading professional is somebody\'s care-team member');
});

test('only persons past the own-access age log in on their own (a day of margin around the birthday)', () => {
  const now = new Date(Date.UTC(2026, 11, 7, 12));
  assert.equal(hasOwnAccess({ birthDate: '2011-12-05' }, 15, now), true);
  assert.equal(hasOwnAccess({ birthDate: '2011-12-07' }, 15, now), false);
  assert.equal(hasOwnAccess({ birthDate: '2011-12-06' }, 15, now), true);
  assert.equal(hasOwnAccess({ birthDate: '2011-12-06' }, 15, new Date(Date.UTC(2026, 11, 6, 23))), false);
  assert.equal(hasOwnAccess({ birthDate: '2015-03-01' }, 15, now), false);
  assert.equal(hasOwnAccess({ birthDate: '1950-03-01' }, 15, now), true);
});
