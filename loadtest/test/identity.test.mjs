// node --test loadtest/test/   (Node >= 18, no dependency)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CAPACITY, DEPARTMENTS, indexOf, insKey, insOf, person } from '../lib/identity.js';

const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL('../vectors/identities.json', import.meta.url)), 'utf8'));

test('the JS generator reproduces every Java vector field for field', () => {
  assert.equal(vectors.capacity, CAPACITY);
  assert.ok(vectors.persons.length >= 200);
  for (const expected of vectors.persons) {
    assert.deepEqual(person(expected.index), expected, `person ${expected.index}`);
  }
});

test('the INS key follows IDENTIFIERS.md test vectors, Corsica included', () => {
  const table = {
    '1850575123456': 73, '2910399012034': 85, '1780299356001': 72, '269052A123017': 42,
    '180082B045002': 43, '2851175056123': 37, '1550999216001': 79,
  };
  for (const [number, key] of Object.entries(table)) assert.equal(insKey(number), key, number);
});

test('every generated INS is well formed and its key checks', () => {
  for (let i = 0; i < 200000; i++) {
    const ins = insOf(i * 1149697) // strides across the whole domain;
    assert.match(ins, /^[12]\d{2}(0[1-9]|1[0-2])(\d{2}|2A|2B)\d{6}\d{2}$/);
    assert.notEqual(ins.slice(5, 7), '20');
    assert.ok(DEPARTMENTS.includes(ins.slice(5, 7)));
    assert.equal(Number(ins.slice(13)), insKey(ins.slice(0, 13)));
  }
});

test('birth date agrees with the INS year and month', () => {
  for (const i of [0, 1, 2, 39999999, CAPACITY - 1]) {
    const p = person(i);
    assert.equal(p.birthDate.slice(2, 4), p.ins.slice(1, 3));
    assert.equal(p.birthDate.slice(5, 7), p.ins.slice(3, 5));
    assert.equal(String(p.sex), p.ins[0]);
  }
});

test('a million consecutive indices give a million distinct INS', () => {
  const seen = new Set();
  for (let i = 0; i < 1000000; i++) seen.add(insOf(i));
  assert.equal(seen.size, 1000000);
});

test('indexOf inverts the generator, so it is a bijection', () => {
  for (let i = 39990000; i < 40000000; i++) assert.equal(indexOf(insOf(i)), i);
  for (const p of vectors.persons) assert.equal(indexOf(p.ins), p.index);
  assert.equal(indexOf('385057512345679'), -1);
});

test('indices outside the domain are refused', () => {
  assert.throws(() => person(-1), RangeError);
  assert.throws(() => person(CAPACITY), RangeError);
  assert.throws(() => person(1.5), RangeError);
});
