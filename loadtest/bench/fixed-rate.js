// G4 and B4 of docs/BENCHMARKS.md: latency at a fixed arrival rate (k6 constant-arrival-rate, free of wrk's
// coordinated omission). TARGET=documents: the consent-checked, audited GET /api/v1/patients/{ins}/documents of a
// physician over the seeded ACTIVE persons; TARGET=hello: HELLO_URL (B4, the bare Vert.x server of B1).
//   RATE=150 DURATION=30s TARGET=documents OIDC_TOKEN_URL=... k6 run loadtest/bench/fixed-rate.js
import http from 'k6/http';
import { CONFIG } from '../lib/config.js';
import { obtainTokens } from '../lib/tokens.js';
import * as flows from '../lib/flows.js';

const target = __ENV.TARGET || 'documents';
const helloUrl = __ENV.HELLO_URL || 'http://127.0.0.1:8090/';

export const options = {
  // Nothing here reads a body: k6 then neither keeps nor decodes them (less of the box's CPU spent by the driver).
  discardResponseBodies: true,
  scenarios: {
    fixed: {
      executor: 'constant-arrival-rate',
      rate: CONFIG.rate,
      timeUnit: '1s',
      duration: CONFIG.duration,
      preAllocatedVUs: CONFIG.preAllocatedVUs || Math.max(10, Math.ceil(CONFIG.rate / 10)),
      maxVUs: CONFIG.maxVUs || Math.max(100, CONFIG.rate),
      exec: target,
    },
  },
  thresholds: { dropped_iterations: ['count<1'], http_req_failed: ['rate<0.001'] },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max', 'count'],
};

export function setup() {
  return target === 'documents' ? obtainTokens() : {};
}

export function documents(data) { flows.proList(data, 41); }
export function hello() { http.get(helloUrl, { tags: { name: 'hello' } }); }
