// Invitation wave: a campaign's SMS lands on a large invited cohort; within hours a share opposes (OPPOSE_SHARE,
// default 10 % of those who react), a few activate early, the rest log in and browse. Meanwhile professionals keep
// working at RATE requests/s. The wave's peak is WAVE_RATE persons/s (default RATE / 6), shaped by lib/shapes.js:
// fast ramp, plateau, decay over DURATION (a compressed morning).
import { CONFIG } from '../lib/config.js';
import { constant, wave } from '../lib/shapes.js';
import { obtainTokens } from '../lib/tokens.js';
import { summaryHandler } from '../lib/summary.js';
import * as flows from '../lib/flows.js';
import { linkFamilies, parentActingForChild as parentFlow } from '../lib/families.js';

const wavePeak = CONFIG.waveRate || Math.max(1, CONFIG.rate / 6);

const scenarios = {
  professionalsList: { ...constant(CONFIG.rate * 0.55, CONFIG.duration, 0.1), exec: 'professionalsList' },
  professionalsConsult: { ...constant((CONFIG.rate * 0.45) / 2, CONFIG.duration, 0.2), exec: 'professionalsConsult' },
};
if (CONFIG.patientApi) {
  // Each reacting person makes about 4 platform requests plus inbox polling: about 1 s per iteration.
  scenarios.wave = { ...wave(wavePeak, CONFIG.duration, 1.5), exec: 'invitedPerson' };
  if (CONFIG.families > 0 && CONFIG.familyShare > 0) {
    // Parents of invited children act in their children's spaces while the wave runs (about 6 requests each).
    scenarios.parents = { ...wave(wavePeak * CONFIG.familyShare, CONFIG.duration, 2), exec: 'parentActingForChild' };
  }
}

export const options = {
  scenarios,
  thresholds: {
    'http_req_duration{system:dmp}': [`p(95)<${CONFIG.p95Ms}`, `p(99)<${CONFIG.p99Ms}`],
    'http_req_failed{system:dmp}': [`rate<${CONFIG.maxErrorRate}`],
    dmp_unexpected_responses: [`rate<${CONFIG.maxErrorRate}`],
    dropped_iterations: ['count<1'],
    'http_req_duration{name:GET /api/v1/patients/{ins}/documents}': [`p(99)<${CONFIG.p99Ms}`],
    ...(CONFIG.patientApi ? {
      'http_req_duration{name:POST /api/v1/me/opposition}': [`p(99)<${CONFIG.p99Ms}`],
      'http_req_duration{name:POST /api/v1/me/login}': [`p(99)<${CONFIG.p99Ms}`],
      'http_req_duration{name:POST /api/v1/me/acting-for}': [`p(99)<${CONFIG.p99Ms}`],
    } : {}),
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
  setupTimeout: '120s',
};

export function setup() {
  if (!CONFIG.patientApi) {
    console.warn('PATIENT_API is off: the wave itself is skipped (issue 4); only the professionals\' load runs');
  }
  const tokens = obtainTokens();
  if (CONFIG.patientApi && CONFIG.families > 0 && CONFIG.familyShare > 0) {
    tokens.families = linkFamilies(CONFIG.families);
  }
  return tokens;
}

export function professionalsList(data) { flows.proList(data, 21); }
export function professionalsConsult(data) { flows.proConsult(data, 22); }
export function invitedPerson() { flows.invitedPerson(); }
export function parentActingForChild(data) { parentFlow(data.families); }

export const handleSummary = summaryHandler('invitation-wave');
