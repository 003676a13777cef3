// Prints the INS of N ACTIVE seeded persons, one a line (wrk scripts read them; k6 derives them itself): the first N,
// or N spread evenly over the ACTIVE persons among the first PERSONS seeded (so that a big dataset is read all over).
//   node loadtest/bench/ins-list.mjs 10000 [PERSONS] > /tmp/ins.txt
import { countInState, nthInState, person } from '../lib/identity.js';

const n = Number(process.argv[2] || 10000);
const persons = Number(process.argv[3] || 0);
const step = persons > 0 ? Math.max(1, Math.floor(countInState('ACTIVE', persons) / n)) : 1;
const out = [];
for (let k = 0; k < n; k++) out.push(person(nthInState('ACTIVE', k * step + (step > 1 ? 7 : 0))).ins);
process.stdout.write(out.join('\n') + '\n');
