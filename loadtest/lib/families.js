// Parents acting for their children (issue 16, docs/representatives.md). The families are drawn from the seeded
// population (identity.js, a pure function of the index): the k-th ACTIVE adult of 25 or more is the parent of the k-th
// ACTIVE child under the own-access age (15), so no CSV and no state. setup() links them through the admin API (a
// link that already exists answers 409, accepted: runs can be repeated on the same data); each iteration is a parent
// logging in with their own code, listing whom they represent, taking an acting-for token and reading the child's
// space with it.
import http from 'k6/http';
import exec from 'k6/execution';
import { CONFIG } from './config.js';
import { person } from './identity.js';
import * as api from './api.js';

const YEAR = new Date().getUTCFullYear();

/** The first `count` (parent, child) pairs among the first `persons` identities. */
export function families(persons, count) {
  const parents = [];
  const children = [];
  for (let i = 0; i < persons && (parents.length < count || children.length < count); i++) {
    const p = person(i);
    if (p.state !== 'ACTIVE') continue;
    const born = Number(p.birthDate.slice(0, 4));
    if (YEAR - born >= 25 && parents.length < count) parents.push(i);
    else if (YEAR - born <= 13 && YEAR - born >= 1 && children.length < count) children.push(i);
  }
  const n = Math.min(parents.length, children.length);
  const out = [];
  for (let k = 0; k < n; k++) out.push([parents[k], children[k]]);
  return out;
}

function adminToken() {
  if (CONFIG.adminToken) return CONFIG.adminToken;
  if (!CONFIG.oidcTokenUrl) throw new Error('families: set ADMIN_TOKEN (./dmp token --scope dmp:admin) or OIDC_TOKEN_URL');
  const res = http.post(CONFIG.oidcTokenUrl, {
    grant_type: 'client_credentials', client_id: CONFIG.oidcClientId, client_secret: CONFIG.oidcClientSecret,
    scope: 'dmp:admin',
  }, { tags: { name: 'POST {issuer}/token', system: 'issuer' } });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status} for the admin token`);
  return res.json('access_token');
}

/** In setup(): links every family (201, or 409 when the link is already there). Returns the pairs linked. */
export function linkFamilies(count) {
  const pairs = families(CONFIG.persons, count);
  const token = adminToken();
  const linked = [];
  for (const [parent, child] of pairs) {
    const c = person(child);
    const res = http.post(`${CONFIG.baseUrl}/api/v1/admin/representations`, JSON.stringify({
      representative: person(parent).ins, represented: c.ins, kind: 'PARENTAL_AUTHORITY', from: c.birthDate,
      justification: 'load test family',
    }), {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      tags: { name: 'POST /api/v1/admin/representations', system: 'setup' },
      responseCallback: http.expectedStatuses(201, 409),
    });
    if (res.status === 201 || res.status === 409) linked.push([parent, child]);
  }
  if (linked.length === 0) throw new Error('families: no family could be linked (is the population seeded?)');
  return linked;
}

/** A parent acting for their child: login, whom I represent, acting-for token, the child's space. */
export function parentActingForChild(pairs, tags) {
  const [parent, child] = pairs[exec.scenario.iterationInTest % pairs.length];
  const token = api.patientLogin(person(parent), tags);
  if (!token) return;
  api.patientGet(token, '/api/v1/me/represented', 'GET /api/v1/me/represented', tags);
  const res = api.patientSend(token, 'POST', '/api/v1/me/acting-for', 'POST /api/v1/me/acting-for',
    { ins: person(child).ins }, [200], tags);
  if (res.status !== 200) return;
  const forChild = res.json('token');
  api.patientGet(forChild, '/api/v1/me', 'GET /api/v1/me (acting for)', tags);
  api.patientGet(forChild, '/api/v1/me/documents', 'GET /api/v1/me/documents (acting for)', tags);
}
