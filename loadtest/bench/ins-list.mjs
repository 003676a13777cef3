// Prints the INS of N ACTIVE seeded persons, one a line (wrk scripts read them; k6 derives them itself): the first N,
// or N spread evenly over the ACTIVE persons among the first PERSONS seeded (so that a big dataset is read all over).
// With "other" last, N other ACTIVE persons, none of them in the first list (the deposits of G6 go to them, so that
// the records G2 and G4 read keep their size).
//   node loadtest/bench/ins-list.mjs 10000 [PERSONS] [other] > /tmp/ins.txt
import { countInState, nthInState, person } from '../lib/identity.js';

const n = Number(process.argv[2] || 10000);
const persons = Number(process.argv[3] || 0);
const other = process.argv[4] === 'other';
const step = persons > 0 ? Math.max(1, Math.floor(countInState('ACTIVE', persons) / n)) : 1;
// The other list: the next N when the lists are dense, else the middle of each step (the first list takes step + 7).
const shift = !other ? (step > 1 ? 7 : 0) : (step > 1 ? 7 + Math.floor(step / 2) : n);
if (other && step > 1 && Math.floor(step / 2) === 0) throw new Error('too few persons for two disjoint lists');
const out = [];
for (let k = 0; k < n; k++) out.push(person(nthInState('ACTIVE', k * step + shift)).ins);
process.stdout.write(out.join('\n') + '\n');
