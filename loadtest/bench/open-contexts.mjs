// Puts the benchmark professional in care with every person of INS lists, as practice software does when the
// patient's card is read: a presence assertion from the card reader (the development issuer's `presence` issuer, as
// `./dmp token --presence INS --rpps R` asks it), then POST /api/v1/patients/{ins}/care-contexts. Without a care
// relationship the wrk and vegeta benchmarks would time 403 care-relationship-required answers instead of reads.
//   BASE_URL=http://127.0.0.1:18080 ISSUER=$(cat data/oidc.issuer) TOKEN=... RPPS=10001234565 \
//     node loadtest/bench/open-contexts.mjs /tmp/ins.txt [/tmp/other.txt ...]
// Prints "care contexts: N opened" and exits 1 when an opening failed otherwise than by a consent refusal (a person
// who blocked the professional answers 403, as their reads will). CONCURRENCY (16) requests in flight.
import { readFileSync } from 'node:fs';

const base = (process.env.BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
const issuer = (process.env.ISSUER || '').trim().replace(/\/$/, '');
const token = process.env.TOKEN;
const rpps = process.env.RPPS;
if (!issuer || !token || !rpps || process.argv.length < 3) {
  console.error('usage: BASE_URL=... ISSUER=<dev issuer URL> TOKEN=... RPPS=... node open-contexts.mjs INS_FILE...');
  process.exit(2);
}
// The card reader of a running development issuer: its URL with the last path segment replaced (DevIssuer).
const presence = `${issuer.slice(0, issuer.lastIndexOf('/') + 1)}presence/token`;
const persons = process.argv.slice(2).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));

async function open(ins) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'card-reader',
    client_secret: 'dev', ins, rpps });
  const issued = await fetch(presence, { method: 'POST', body: form });
  if (issued.status !== 200) throw new Error(`card reader answered ${issued.status}`);
  const assertion = (await issued.json()).access_token;
  const r = await fetch(`${base}/api/v1/patients/${ins}/care-contexts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ proof: { type: 'presence', assertion } }),
  });
  await r.arrayBuffer();
  return r.status;
}

let next = 0;
let opened = 0;
const refused = {};
async function worker() {
  while (next < persons.length) {
    const status = await open(persons[next++]);
    if (status === 201) opened++;
    else refused[status] = (refused[status] || 0) + 1;
  }
}
await Promise.all(Array.from({ length: Number(process.env.CONCURRENCY || 16) }, worker));
console.log(`care contexts: ${opened} opened${Object.keys(refused).length ? `, refused ${JSON.stringify(refused)}` : ''}`);
process.exit(Object.keys(refused).some((status) => status !== '403') ? 1 : 0);
