// Prints the INS of the first N ACTIVE seeded persons, one a line (wrk scripts read them; k6 derives them itself).
//   node loadtest/bench/ins-list.mjs 10000 > /tmp/ins.txt
import { nthInState, person } from '../lib/identity.js';

const n = Number(process.argv[2] || 10000);
const out = [];
for (let k = 0; k < n; k++) out.push(person(nthInState('ACTIVE', k)).ins);
process.stdout.write(out.join('\n') + '\n');
