// The flows a scenario is made of, each one iteration of an arrival-rate scenario. Identities come from the iteration
// number through the population bijection (population.js), professionals from the tokens obtained in setup().
// A professional reads or writes a record only in a care relationship: the record flows act as the person's care-team
// member, whose care context `./dmp seed` opened (careTeamMember, professionals.js); proVisit opens new ones the way
// practice software does, with a presence assertion of the card reader.
import exec from 'k6/execution';
import { CONFIG } from './config.js';
import { hasOwnAccess, pickPerson, weighted } from './population.js';
import { PROFILES, careTeamMember, professionals } from './professionals.js';
import * as api from './api.js';

/** Document classes by share of the ~300 M documents of 2024 (biology 117 M, prescriptions 69 M, imaging 26 M). */
const CLASSES = [
  { weight: 117, code: '11502-2', title: 'Compte rendu de biologie' },
  { weight: 69, code: '57833-6', title: 'Ordonnance' },
  { weight: 26, code: '18748-4', title: "Compte rendu d'imagerie" },
  { weight: 40, code: '11488-4', title: 'Compte rendu de consultation' },
  { weight: 25, code: '18842-5', title: 'Lettre de liaison de sortie' },
  { weight: 10, code: '11369-6', title: 'Vaccinations' },
  { weight: 8, code: '11526-1', title: "Compte rendu d'anatomopathologie" },
  { weight: 5, code: '60591-5', title: 'Synthèse médicale' },
];

const READERS = PROFILES.filter((p) => p.weight > 0);

function iteration() {
  return exec.scenario.iterationInTest;
}

function proFor(data, role, n) {
  const slots = data.byRole[role];
  if (!slots || slots.length === 0) throw new Error(`no token for role ${role}`);
  return data.pros[slots[n % slots.length]];
}

function tokenFor(data, role, n) {
  return proFor(data, role, n).token;
}

// Per VU: RPPS -> token, built on first use from the tokens of setup().
let byRpps = null;

/** The token of person p's care-team member: the professional in care with them (seeded context). */
function inCare(data, p) {
  if (byRpps === null) byRpps = new Map(data.pros.map((pro) => [pro.rpps, pro.token]));
  const rpps = careTeamMember(p.index).rpps;
  const token = byRpps.get(rpps);
  if (!token) throw new Error(`no token for the care-team member ${rpps}`);
  return token;
}

// ---- professionals (issue 2) ----

/** A professional of the patient's care team opens the record: the list of documents they may see. */
export function proList(data, salt = 1, tags) {
  const k = iteration();
  const p = pickPerson(k, CONFIG.persons, salt);
  api.listDocuments(inCare(data, p), p.ins, tags);
}

/** A professional opens a record then reads one document of it (the newest, as software shows first). */
export function proConsult(data, salt = 2, tags) {
  const k = iteration();
  const p = pickPerson(k, CONFIG.persons, salt);
  const token = inCare(data, p);
  const docs = api.listDocuments(token, p.ins, tags);
  if (docs.length > 0) api.readDocument(token, docs[0].id, tags);
}

/** Software deposits a document (lab results and prescriptions dominate). */
export function proDeposit(data, salt = 3, tags) {
  const k = iteration();
  const cls = weighted(CLASSES, Math.floor(k / 7));
  const p = pickPerson(k, CONFIG.persons, salt);
  api.deposit(inCare(data, p), p.ins, cls.code, cls.title, tags);
}

/**
 * A patient seen by a professional who is not yet in their care team: the software reads the patient's card, gets the
 * card reader's presence assertion (dev issuer, not counted as platform traffic), opens the care context, then opens
 * the record. Two platform requests.
 */
export function proVisit(data, salt = 7, tags) {
  if (!data.presenceTokenUrl) return api.skipped.add(1, { flow: 'proVisit' });
  const k = iteration();
  const pro = proFor(data, weighted(READERS, k).role, Math.floor(k / 5));
  const p = pickPerson(k, CONFIG.persons, salt);
  const assertion = api.presenceAssertion(data.presenceTokenUrl, p.ins, pro.rpps);
  if (!assertion) return undefined;
  if (api.openCareContext(pro.token, p.ins, assertion, tags)) api.listDocuments(pro.token, p.ins, tags);
  return undefined;
}

/** Emergency access by the SAMU regulating doctor (rare; the patient and the treating doctor are told). */
export function proBreakGlass(data, salt = 4, tags) {
  const k = iteration();
  api.breakGlass(tokenFor(data, 'samu', k), pickPerson(k, CONFIG.persons, salt).ins, tags);
}

/** A professional reads the patient's advance directives (issue 4). */
export function proDirectives(data, salt = 6, tags) {
  if (!CONFIG.patientApi) return api.skipped.add(1, { flow: 'proDirectives' });
  const k = iteration();
  const p = pickPerson(k, CONFIG.persons, salt);
  return api.readDirectives(inCare(data, p), p.ins, tags);
}

/** Practice software on the FHIR face: search the patient's documents, retrieve the newest, provide one (ITI-67, 68, 65). */
export function fhirPractice(data, salt = 7, tags) {
  const k = iteration();
  const token = reader(data, k);
  const ins = pickPerson(k, CONFIG.persons, salt).ins;
  const refs = api.fhirSearch(token, ins, tags);
  if (refs.length > 0) api.fhirRetrieve(token, refs[0], tags);
  const cls = weighted(CLASSES, Math.floor(k / 7));
  api.fhirProvide(token, ins, cls.code, cls.title, tags);
}

// ---- patients (issue 4, with the dev inbox of issue 3) ----

/** A patient logs in with a one-time code and looks around; some mask a document, read directives, block someone. */
export function patientSession(salt = 5, tags) {
  if (!CONFIG.patientApi) return api.skipped.add(1, { flow: 'patientSession' });
  const k = iteration();
  const p = pickPerson(k, CONFIG.persons, salt);
  if (!hasOwnAccess(p)) return api.skipped.add(1, { flow: 'patientSession (under the own-access age)' });
  const token = api.patientLogin(p, tags);
  if (!token) return undefined;
  api.patientGet(token, '/api/v1/me', 'GET /api/v1/me', tags);
  const res = api.patientGet(token, '/api/v1/me/documents', 'GET /api/v1/me/documents', tags);
  api.patientGet(token, '/api/v1/me/access-history?page=1', 'GET /api/v1/me/access-history', tags);
  const docs = res.status === 200 ? [].concat(res.json().documents || res.json().items || res.json()) : [];
  if (k % 5 === 0 && docs.length > 0 && docs[0].id) {
    const path = `/api/v1/me/documents/${docs[0].id}/mask`;
    api.patientSend(token, 'PUT', path, 'PUT /api/v1/me/documents/{id}/mask', null, [200, 204], tags);
    api.patientSend(token, 'DELETE', path, 'DELETE /api/v1/me/documents/{id}/mask', null, [200, 204], tags);
  }
  if (k % 10 === 1) api.patientGet(token, '/api/v1/me/directives', 'GET /api/v1/me/directives', tags, [200, 404]);
  if (k % 20 === 2) api.patientGet(token, '/api/v1/me/preview?profession=21', 'GET /api/v1/me/preview', tags);
  if (k % 50 === 3) {
    const path = `/api/v1/me/blocked/${professionals()[0].rpps}`;
    api.patientSend(token, 'PUT', path, 'PUT /api/v1/me/blocked/{rpps}', null, [200, 204], tags);
    api.patientSend(token, 'DELETE', path, 'DELETE /api/v1/me/blocked/{rpps}', null, [200, 204], tags);
  }
  return undefined;
}

/** An invited person reacts to the campaign SMS: a share opposes, some activate early, the rest browse. */
export function invitedPerson(salt = 11, tags) {
  if (!CONFIG.patientApi) return api.skipped.add(1, { flow: 'invitedPerson' });
  const k = iteration();
  const p = pickPerson(k, CONFIG.persons, salt, 'INVITED');
  if (!hasOwnAccess(p)) return api.skipped.add(1, { flow: 'invitedPerson (under the own-access age)' });
  const token = api.patientLogin(p, tags);
  if (!token) return undefined;
  api.patientGet(token, '/api/v1/me', 'GET /api/v1/me', tags);
  // Exactly opposeShare of every 1,000 iterations oppose, spread out (617 is coprime with 1,000).
  const slot = (k * 617) % 1000;
  if (slot < CONFIG.opposeShare * 1000) {
    api.patientSend(token, 'POST', '/api/v1/me/opposition', 'POST /api/v1/me/opposition', {}, [200, 201], tags);
  } else if (slot < CONFIG.opposeShare * 1000 + 50) {
    api.patientSend(token, 'POST', '/api/v1/me/activation', 'POST /api/v1/me/activation', {}, [200, 201, 204], tags);
  } else {
    api.patientGet(token, '/api/v1/me/documents', 'GET /api/v1/me/documents', tags);
  }
  return undefined;
}
