// National day: professionals' queries and deposits (the JSON API, and practice software on the FHIR face: the
// fhir-practice scenario), rare break-glass, patients logging in with one-time codes and
// managing their record, at RATE requests/s (PEAK_MULTIPLE=k for k × the derived national peak of 2,000 req/s).
// The mix and its sources: loadtest/README.md. Open model: one constant-arrival-rate scenario per flow.
import { CONFIG } from '../lib/config.js';
import { constant } from '../lib/shapes.js';
import { obtainTokens, presenceTokenUrl } from '../lib/tokens.js';
import { summaryHandler } from '../lib/summary.js';
import * as flows from '../lib/flows.js';

// share: of the platform's requests; requests: per iteration (to turn a request share into an arrival rate);
// seconds: a pessimistic iteration time, to size the VU pool; patientApi: needs issue 4 (skipped until PATIENT_API);
// cardReader: needs the card reader's presence assertions (PRESENCE_TOKEN_URL, or the dev issuer's beside OIDC_TOKEN_URL).
export const MIX = [
  { flow: 'proList', share: 0.40, requests: 1, seconds: 0.1 },
  { flow: 'proVisit', share: 0.03, requests: 2, seconds: 0.2, cardReader: true },
  { flow: 'proConsult', share: 0.38, requests: 2, seconds: 0.2 },
  { flow: 'proDeposit', share: 0.10, requests: 1, seconds: 0.2 },
  { flow: 'proBreakGlass', share: 0.002, requests: 1, seconds: 0.2 },
  // Practice software on the FHIR face (search -> retrieve -> provide); its share of the professional traffic is a guess.
  { flow: 'fhirPractice', scenario: 'fhir-practice', share: 0.05, requests: 3, seconds: 0.5 },
  { flow: 'proDirectives', share: 0.02, requests: 1, seconds: 0.1, patientApi: true },
  { flow: 'patientSession', share: 0.068, requests: 6, seconds: 2, patientApi: true },
];

const enabled = MIX.filter((m) => (CONFIG.patientApi || !m.patientApi) && (presenceTokenUrl() || !m.cardReader));
const totalShare = enabled.reduce((sum, m) => sum + m.share, 0);

const NAMES = [
  'GET /api/v1/patients/{ins}/documents',
  'GET /api/v1/documents/{id}',
  'POST /api/v1/patients/{ins}/documents',
  'POST /api/v1/patients/{ins}/break-glass',
  ...(presenceTokenUrl() ? ['POST /api/v1/patients/{ins}/care-contexts'] : []),
  'GET /fhir/r4/DocumentReference?patient.identifier',
  'GET /fhir/r4/Binary/{id}',
  'POST /fhir/r4 (ITI-65)',
  // The patient flows' main calls, so that the report has a row for each (PATIENT_API).
  ...(CONFIG.patientApi ? [
    'GET /api/v1/patients/{ins}/directives',
    'POST /api/v1/me/login',
    'POST /api/v1/me/login/verify',
    'GET /api/v1/me/documents',
    'GET /api/v1/me/access-history',
  ] : []),
];

export const options = {
  scenarios: Object.fromEntries(enabled.map((m) => [m.scenario || m.flow, {
    ...constant((CONFIG.rate * m.share) / totalShare / m.requests, CONFIG.duration, m.seconds),
    exec: m.flow,
  }])),
  thresholds: {
    'http_req_duration{system:dmp}': [`p(95)<${CONFIG.p95Ms}`, `p(99)<${CONFIG.p99Ms}`],
    'http_req_failed{system:dmp}': [`rate<${CONFIG.maxErrorRate}`],
    dmp_unexpected_responses: [`rate<${CONFIG.maxErrorRate}`],
    dropped_iterations: ['count<1'],
    // Per-endpoint rows in the report (same limit as the whole).
    ...Object.fromEntries(NAMES.map((n) => [`http_req_duration{name:${n}}`, [`p(99)<${CONFIG.p99Ms}`]])),
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
  setupTimeout: '120s',
};

export function setup() {
  if (!CONFIG.patientApi) console.warn('PATIENT_API is off: patient sessions and directives are skipped (issue 4)');
  const data = obtainTokens();
  if (!data.presenceTokenUrl) console.warn('no card reader (PRESENCE_TOKEN_URL, OIDC_TOKEN_URL): proVisit is skipped');
  return data;
}

export function proList(data) { flows.proList(data); }
export function proVisit(data) { flows.proVisit(data); }
export function proConsult(data) { flows.proConsult(data); }
export function proDeposit(data) { flows.proDeposit(data); }
export function proBreakGlass(data) { flows.proBreakGlass(data); }
export function fhirPractice(data) { flows.fhirPractice(data); }
export function proDirectives(data) { flows.proDirectives(data); }
export function patientSession() { flows.patientSession(); }

export const handleSummary = summaryHandler('national-day');
