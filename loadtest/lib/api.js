// The platform's HTTP API as the load test uses it. Every URL with an id carries a `name` tag, so 40 million INS do
// not become 40 million metric series; `system` separates the platform (dmp) from the dev inbox and the issuer, so
// thresholds judge the platform only.
import http from 'k6/http';
import encoding from 'k6/encoding';
import { check, sleep } from 'k6';
import { Counter, Rate } from 'k6/metrics';
import { CONFIG } from './config.js';

export const unexpected = new Rate('dmp_unexpected_responses');
export const denied = new Counter('dmp_consent_denials');
export const skipped = new Counter('dmp_skipped_flows');

const base = CONFIG.baseUrl;
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

// A consent denial (403) is a correct answer of the platform, not an error: the seed blocks some professionals and
// masks some documents on purpose. Anything else outside the listed statuses counts as failed. One denial is never
// expected: care-relationship-required, since every professional flow acts in a care relationship (the seeded care
// context of the person's care-team member, or one the flow opened); it counts as unexpected (a dataset seeded
// before care contexts existed, or whose contexts expired, fails the run instead of measuring refusals).
const READ_OK = http.expectedStatuses(200, 403);
const DEPOSIT_OK = http.expectedStatuses(201, 403);

function params(token, name, expected, extra = {}) {
  return {
    headers: { ...JSON_HEADERS, Authorization: `Bearer ${token}` },
    tags: { name, system: 'dmp', ...extra },
    responseCallback: expected,
  };
}

function rule(res) {
  try {
    return res.json('rule');
  } catch (e) {
    return undefined;
  }
}

// The first unexpected answers of each VU go to k6's log (status and problem type, never a path or an identifier), so
// that a failed threshold in CI says which answer it was.
let reported = 0;

function problemType(res) {
  try {
    return res.json('type');
  } catch (e) {
    return undefined;
  }
}

function judge(res, name, okStatuses) {
  const fine = okStatuses.includes(res.status) && !(res.status === 403 && rule(res) === 'care-relationship-required');
  unexpected.add(!fine, { name });
  if (!fine && reported++ < 3) {
    console.warn(`unexpected answer: ${name} answered ${res.status} (expected ${okStatuses.join('|')}) ${problemType(res) || ''} ${rule(res) || ''}`);
  }
  if (res.status === 403) denied.add(1, { name });
  check(res, { [`${name} answered ${okStatuses.join('|')}`]: () => fine });
  return fine;
}

// ---- professional API (issue 2) ----

export function listDocuments(token, ins, tags) {
  const name = 'GET /api/v1/patients/{ins}/documents';
  const res = http.get(`${base}/api/v1/patients/${ins}/documents`, params(token, name, READ_OK, tags));
  judge(res, name, [200, 403]);
  if (res.status !== 200) return [];
  const body = res.json();
  // Accept a bare array or an envelope { documents: [...] } / { items: [...] }.
  return Array.isArray(body) ? body : body.documents || body.items || [];
}

export function readDocument(token, id, tags) {
  const name = 'GET /api/v1/documents/{id}';
  const res = http.get(`${base}/api/v1/documents/${id}`, params(token, name, READ_OK, tags));
  return judge(res, name, [200, 403]);
}

// One payload built at init; the bytes do not matter to the platform (it encrypts whatever it gets).
const PAYLOAD = (() => {
  let text = '%PDF-1.4\n% synthetic load-test document, no personal data\n';
  while (text.length < CONFIG.contentBytes) text += 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n';
  return encoding.b64encode(text.slice(0, CONFIG.contentBytes));
})();

export function deposit(token, ins, classCode, title, tags) {
  const name = 'POST /api/v1/patients/{ins}/documents';
  const body = JSON.stringify({ classCode, title, contentType: CONFIG.contentType, content: PAYLOAD });
  const res = http.post(`${base}/api/v1/patients/${ins}/documents`, body, params(token, name, DEPOSIT_OK, tags));
  return judge(res, name, [201, 403]);
}

/**
 * The card reader's presence assertion for this patient at this professional's practice: the development issuer's
 * `presence` token endpoint, as `./dmp token --presence INS --rpps R` asks it (not platform traffic: system issuer).
 */
export function presenceAssertion(url, ins, rpps) {
  const res = http.post(url, { grant_type: 'client_credentials', client_id: 'card-reader', client_secret: 'dev', ins, rpps },
    { tags: { name: 'POST {presence}/token', system: 'issuer' }, responseCallback: http.expectedStatuses(200) });
  const token = res.status === 200 ? res.json('access_token') : undefined;
  unexpected.add(!token, { name: 'presence assertion' });
  return token;
}

/** Opens (or extends) a care context with a presence assertion; true when open. */
export function openCareContext(token, ins, assertion, tags) {
  const name = 'POST /api/v1/patients/{ins}/care-contexts';
  const body = JSON.stringify({ proof: { type: 'presence', assertion } });
  const res = http.post(`${base}/api/v1/patients/${ins}/care-contexts`, body,
    params(token, name, http.expectedStatuses(201, 403), tags));
  return judge(res, name, [201, 403]) && res.status === 201;
}

export function breakGlass(token, ins, tags) {
  const name = 'POST /api/v1/patients/{ins}/break-glass';
  const body = JSON.stringify({ reason: 'Patient unconscious on arrival, load-test emergency access' });
  const res = http.post(`${base}/api/v1/patients/${ins}/break-glass`, body, params(token, name, READ_OK, tags));
  return judge(res, name, [200, 403]);
}

export function readDirectives(token, ins, tags) {
  const name = 'GET /api/v1/patients/{ins}/directives';
  const res = http.get(`${base}/api/v1/patients/${ins}/directives`,
    params(token, name, http.expectedStatuses(200, 403, 404), tags));
  return judge(res, name, [200, 403, 404]);
}

// ---- FHIR face (IHE MHD as ANS PDSm profiles it): what practice software sends ----

const INS_NIR = 'urn:oid:1.2.250.1.213.1.4.8';
const FHIR_JSON = 'application/fhir+json';

function fhirParams(token, name, expected, tags) {
  return {
    headers: { Accept: FHIR_JSON, 'Content-Type': FHIR_JSON, Authorization: `Bearer ${token}` },
    tags: { name, system: 'dmp', ...tags },
    responseCallback: expected,
  };
}

/** ITI-67: the patient's current documents, newest first (one page); returns the DocumentReferences. */
export function fhirSearch(token, ins, tags) {
  const name = 'GET /fhir/r4/DocumentReference?patient.identifier';
  const res = http.get(`${base}/fhir/r4/DocumentReference?patient.identifier=${encodeURIComponent(`${INS_NIR}|${ins}`)}`,
    fhirParams(token, name, READ_OK, tags));
  judge(res, name, [200, 403]);
  if (res.status !== 200) return [];
  return (res.json().entry || []).map((e) => e.resource);
}

/** ITI-68: a document's content by its attachment URL (the server's Binary/{id}). */
export function fhirRetrieve(token, reference, tags) {
  const name = 'GET /fhir/r4/Binary/{id}';
  const url = reference.content[0].attachment.url;
  const res = http.get(url, { headers: { Authorization: `Bearer ${token}` }, tags: { name, system: 'dmp', ...tags },
    responseCallback: READ_OK });
  return judge(res, name, [200, 403]);
}

/** ITI-65: a transaction Bundle of the SubmissionSet List, one DocumentReference and its Binary. */
export function fhirProvide(token, ins, classCode, title, tags) {
  const name = 'POST /fhir/r4 (ITI-65)';
  const subject = { identifier: { system: INS_NIR, value: ins } };
  const doc = 'urn:uuid:' + uuid4();
  const bin = 'urn:uuid:' + uuid4();
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:' + uuid4(), request: { method: 'POST', url: 'List' }, resource: {
        resourceType: 'List', status: 'current', mode: 'working', subject,
        // IHE's sourceId (MHD requires it): this load test's own source.
        extension: [{ url: 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId',
          valueIdentifier: { value: 'urn:oid:2.999.1.1' } }],
        code: { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] },
        entry: [{ item: { reference: doc } }] } },
      { fullUrl: doc, request: { method: 'POST', url: 'DocumentReference' }, resource: {
        resourceType: 'DocumentReference', status: 'current', subject, description: title,
        type: { coding: [{ system: 'http://loinc.org', code: classCode }] },
        content: [{ attachment: { contentType: CONFIG.contentType, url: bin } }] } },
      { fullUrl: bin, request: { method: 'POST', url: 'Binary' }, resource: {
        resourceType: 'Binary', contentType: CONFIG.contentType, data: PAYLOAD } },
    ],
  };
  const res = http.post(`${base}/fhir/r4`, JSON.stringify(bundle), fhirParams(token, name, READ_OK, tags));
  return judge(res, name, [200, 403]);
}

function uuid4() {
  const h = '0123456789abcdef';
  let s = '';
  for (let i = 0; i < 32; i++) s += h[Math.floor(Math.random() * 16)];
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

// ---- dev inbox (issue 3): GET /api/messages?to=... -> [{channel, to, subject, body, receivedAt}] ----

function inboxMessages(to) {
  const res = http.get(`${CONFIG.inboxUrl}/api/messages?to=${encodeURIComponent(to)}`,
    { tags: { name: 'GET {inbox}/api/messages', system: 'inbox' }, responseCallback: http.expectedStatuses(200) });
  return res.status === 200 ? res.json() : [];
}

/**
 * The one-time codes sent to this person since `sinceMs`, newest first. The phone numbers are shared (a fiction block
 * of 10,000 numbers), so several codes may be candidates; the caller tries them in order.
 */
export function codesSince(p, sinceMs, attempts = 10) {
  for (let k = 0; k < attempts; k++) {
    const messages = [...inboxMessages(p.email), ...inboxMessages(p.phone)]
      .filter((m) => Date.parse(m.receivedAt) >= sinceMs - 1000)
      .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
    const codes = messages.map((m) => (/\b(\d{6})\b/.exec(m.body || '') || [])[1]).filter(Boolean);
    if (codes.length > 0) return codes.slice(0, 3);
    sleep(0.2); // the code leaves through the outbox: give the dispatcher a moment
  }
  return [];
}

// ---- patient API (issue 4) ----

function patientParams(token, name, expected, tags) {
  const headers = token ? { ...JSON_HEADERS, Authorization: `Bearer ${token}` } : JSON_HEADERS;
  return { headers, tags: { name, system: 'dmp', ...tags }, responseCallback: expected };
}

/** Logs person p in with a one-time code read from the dev inbox; returns the bearer token or null. */
export function patientLogin(p, tags) {
  const identity = { ins: p.ins, birthDate: p.birthDate };
  const since = Date.now();
  let name = 'POST /api/v1/me/login';
  let res = http.post(`${base}/api/v1/me/login`, JSON.stringify(identity),
    patientParams(null, name, http.expectedStatuses(202), tags));
  if (!judge(res, name, [202])) return null;
  const codes = codesSince(p, since);
  if (codes.length === 0) {
    unexpected.add(true, { name: 'one-time code in the inbox' });
    return null;
  }
  name = 'POST /api/v1/me/login/verify';
  for (const code of codes) {
    res = http.post(`${base}/api/v1/me/login/verify`, JSON.stringify({ ...identity, code }),
      patientParams(null, name, http.expectedStatuses(200, 401), tags));
    if (res.status === 200) {
      judge(res, name, [200]);
      return res.json('token');
    }
  }
  judge(res, name, [200]);
  return null;
}

export function patientGet(token, path, name, tags, okStatuses = [200]) {
  const res = http.get(`${base}${path}`, patientParams(token, name, http.expectedStatuses(...okStatuses), tags));
  judge(res, name, okStatuses);
  return res;
}

export function patientSend(token, method, path, name, body, okStatuses, tags) {
  const res = http.request(method, `${base}${path}`, body === null ? null : JSON.stringify(body),
    patientParams(token, name, http.expectedStatuses(...okStatuses), tags));
  judge(res, name, okStatuses);
  return res;
}
