// Can a professional tell an opposed or purged person from an unknown one? Issue "One access door...": they get the
// same answer for every professional operation, "same status, same body, no timing difference a client can measure".
// For each operation naming a patient, ROUNDS rounds each send one request for an unknown, an opposed and a purged
// person, in a random order, one at a time on one keep-alive connection (the client a prober would use). Prints, per
// operation: the statuses, whether the bodies are identical once the request id is set aside, the median and p90 of
// each group, and the two-sample Kolmogorov-Smirnov test of opposed and purged against unknown (D, p). A p-value
// under 0.01 / (number of tests) (Bonferroni: 1 % for the whole table) is a timing difference this many samples can
// measure; the exit status is 1 then, or if a status or a body differs.
//   BASE_URL=http://127.0.0.1:18080 TOKEN=... ISSUER=$(cat data/oidc.issuer) RPPS=10001234565 DATA_DIR=data \
//     PERSONS=20000 [ROUNDS=400] node loadtest/bench/erased-timing.mjs
// DATA_DIR holds the seeded platform's keys and PostgreSQL port: half of the seeded OPPOSED persons are made PURGED
// (as RecordErasure leaves them) with psql, their rows found by the keyed INS hash (keys/ins-hash.key). The persons'
// records are erased already: nothing the requests do changes them (every answer is a refusal).
import { createHmac, randomInt } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { countInState, nthInState, person } from '../lib/identity.js';

const base = new URL(process.env.BASE_URL || 'http://127.0.0.1:8080');
const token = process.env.TOKEN;
const issuer = (process.env.ISSUER || '').trim().replace(/\/$/, '');
const rpps = process.env.RPPS;
const dataDir = process.env.DATA_DIR;
const persons = Number(process.env.PERSONS || 0);
const rounds = Number(process.env.ROUNDS || 400);
if (!token || !issuer || !rpps || !dataDir || !(persons > 0)) {
  console.error('usage: BASE_URL=... TOKEN=... ISSUER=... RPPS=... DATA_DIR=... PERSONS=N node erased-timing.mjs');
  process.exit(2);
}

// ---- the three groups ----
const erased = countInState('OPPOSED', persons);
const half = Math.min(Math.floor(erased / 2), 200);
if (half < 10) throw new Error(`only ${erased} opposed persons among ${persons}: seed more`);
const opposed = Array.from({ length: half }, (_, k) => person(nthInState('OPPOSED', k)).ins);
const purged = Array.from({ length: half }, (_, k) => person(nthInState('OPPOSED', half + k)).ins);
const unknown = Array.from({ length: half }, (_, k) => person(persons + 1000 + k).ins);

const key = Buffer.from(readFileSync(`${dataDir}/keys/ins-hash.key`, 'utf8').trim(), 'base64');
const hashes = purged.map((ins) => createHmac('sha256', key).update(ins, 'ascii').digest('hex'));
const psql = (sql) => execFileSync('psql', ['-X', '-q', '-At', '-h', '127.0.0.1', '-p',
  readFileSync(`${dataDir}/pg.port`, 'utf8').trim(), '-U', 'postgres', '-c', sql], {
  env: { ...process.env, PGPASSWORD: readFileSync(`${dataDir}/keys/pg.password`, 'utf8').trim() },
}).toString().trim();
const marked = psql(`WITH p AS (UPDATE record SET state = 'PURGED', wrapped_key = NULL, identity = NULL
  WHERE ins_hash = ANY (ARRAY[${hashes.map((h) => `'\\x${h}'::bytea`).join(',')}]) RETURNING 1)
  SELECT count(*) FROM p`);
if (Number(marked) !== half) throw new Error(`${marked} of ${half} persons marked PURGED: not the seeded dataset?`);

// ---- the operations ----
const presence = `${issuer.slice(0, issuer.lastIndexOf('/') + 1)}presence/token`;
async function cardAssertion(ins) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'card-reader', client_secret: 'dev',
    ins, rpps });
  const r = await fetch(presence, { method: 'POST', body: form });
  return (await r.json()).access_token;
}
const deposit = JSON.stringify({ classCode: '11502-2', title: 'Compte rendu de biologie',
  contentType: 'application/pdf', content: 'JVBERi0xLjQK'.repeat(170) });
const INS_NIR = 'urn:oid:1.2.250.1.213.1.4.8';
const operations = [
  { name: 'list documents', method: 'GET', path: (ins) => `/api/v1/patients/${ins}/documents` },
  { name: 'deposit', method: 'POST', path: (ins) => `/api/v1/patients/${ins}/documents`, body: () => deposit },
  { name: 'break-glass', method: 'POST', path: (ins) => `/api/v1/patients/${ins}/break-glass`,
    body: () => JSON.stringify({ reason: 'patient inconscient aux urgences, pronostic vital engagé' }) },
  { name: 'directives', method: 'GET', path: (ins) => `/api/v1/patients/${ins}/directives` },
  { name: 'care history', method: 'GET', path: (ins) => `/api/v1/patients/${ins}/care-history` },
  { name: 'care context (card)', method: 'POST', path: (ins) => `/api/v1/patients/${ins}/care-contexts`,
    prepare: async (ins) => JSON.stringify({ proof: { type: 'presence', assertion: await cardAssertion(ins) } }) },
  { name: 'FHIR Patient (ITI-78)', method: 'GET',
    path: (ins) => `/fhir/r4/Patient?identifier=${encodeURIComponent(`${INS_NIR}|${ins}`)}` },
  { name: 'FHIR DocumentReference (ITI-67)', method: 'GET',
    path: (ins) => `/fhir/r4/DocumentReference?patient.identifier=${encodeURIComponent(`${INS_NIR}|${ins}`)}` },
];

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function send(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}` };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const started = process.hrtime.bigint();
    const req = request({ host: base.hostname, port: base.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ns: Number(process.hrtime.bigint() - started),
        body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// What differs from one answer to the next whoever the person is: the request id, the FHIR resource's id and time,
// and the person's own INS where the answer repeats the request (a search's self link).
const comparable = (body, ins) => body.split(ins).join('<ins>')
  .replace(/"(requestId|instance|id|lastUpdated)"\s*:\s*"[^"]*"/g, '"$1":"-"')
  .replace(/urn:uuid:[0-9a-f-]{36}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '-')
  .replace(/request id [0-9a-f-]+/g, 'request id -');

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
/** Two-sample Kolmogorov-Smirnov: D and the asymptotic p-value (Numerical Recipes' Q_KS with its correction). */
function ks(a, b) {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

const groups = { unknown, opposed, purged };
const alpha = 0.01 / (2 * operations.length);
let failed = false;
console.log(`${rounds} rounds per operation; ${half} persons per group (${persons} seeded); one connection\n`);
console.log('| operation | status (unknown / opposed / purged) | same body | median µs (u / o / p) | p90 µs (u / o / p) '
  + '| KS opposed: D, p | KS purged: D, p |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const op of operations) {
  const times = { unknown: [], opposed: [], purged: [] };
  const statuses = { unknown: new Set(), opposed: new Set(), purged: new Set() };
  const bodies = new Set();
  // Warm-up of this operation's path (JIT, statement cache), not measured.
  for (let w = 0; w < 30; w++) {
    const ins = unknown[w % half];
    await send(op.method, op.path(ins), op.prepare ? await op.prepare(ins) : op.body?.());
  }
  for (let r = 0; r < rounds; r++) {
    const order = Object.keys(groups);
    for (let k = order.length - 1; k > 0; k--) {
      const s = randomInt(k + 1);
      [order[k], order[s]] = [order[s], order[k]];
    }
    for (const g of order) {
      const ins = groups[g][r % half];
      const body = op.prepare ? await op.prepare(ins) : op.body?.();
      const res = await send(op.method, op.path(ins), body);
      times[g].push(res.ns / 1000);
      statuses[g].add(res.status);
      bodies.add(`${res.status} ${comparable(res.body, ins)}`);
    }
  }
  const sorted = Object.fromEntries(Object.entries(times).map(([g, t]) => [g, [...t].sort((a, b) => a - b)]));
  const show = (q) => ['unknown', 'opposed', 'purged'].map((g) => quantile(sorted[g], q).toFixed(0)).join(' / ');
  const ko = ks(times.unknown, times.opposed);
  const kp = ks(times.unknown, times.purged);
  const status = ['unknown', 'opposed', 'purged'].map((g) => [...statuses[g]].join(',')).join(' / ');
  const sameStatus = new Set(['unknown', 'opposed', 'purged'].map((g) => [...statuses[g]].sort().join())).size === 1;
  const sameBody = bodies.size === 1;
  if (!sameStatus || !sameBody || ko.p < alpha || kp.p < alpha) failed = true;
  console.log(`| ${op.name} | ${status} | ${sameBody ? 'yes' : `no (${bodies.size} kinds)`} | ${show(0.5)} | `
    + `${show(0.9)} | ${ko.d.toFixed(3)}, ${ko.p.toFixed(3)} | ${kp.d.toFixed(3)}, ${kp.p.toFixed(3)} |`);
  if (!sameBody) for (const b of [...bodies].slice(0, 3)) console.error(`   body: ${b.slice(0, 400)}`);
}
agent.destroy();
console.log(failed ? `\nA status, a body or the timing tells the groups apart (p < ${alpha.toPrecision(2)}).`
  : `\nSame statuses, same bodies, and no timing difference at p < ${alpha.toPrecision(2)} (1 % for the table).`);
process.exit(failed ? 1 : 0);
