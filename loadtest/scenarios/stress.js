// Stress: the professional mix on stairs from START_RATE to MAX_RATE requests/s (STEPS steps of STEP_DURATION).
// Each request carries its step's target rate as the `stage` tag; a step whose p99 or error rate breaks the limit
// aborts the run (judged from the end of the first step on, so that a step's p99 rests on a whole step of samples).
// The knee is the highest step that held: printed at the end and recorded by summarize.mjs. Error limit: the larger
// of MAX_ERROR_RATE and 1 %.
import exec from 'k6/execution';
import { CONFIG } from '../lib/config.js';
import { seconds } from '../lib/config.js';
import { stairs, stairTarget } from '../lib/shapes.js';
import { obtainTokens } from '../lib/tokens.js';
import { summaryHandler } from '../lib/summary.js';
import { weighted } from '../lib/population.js';
import * as flows from '../lib/flows.js';

const from = CONFIG.startRate;
const to = CONFIG.maxRate || CONFIG.rate * 5;
const steps = CONFIG.steps;
const stepMs = seconds(CONFIG.stepDuration) * 1000;
const targets = Array.from({ length: steps }, (_, k) => stairTarget(from, to, steps, k));

// Request shares as in national-day's professional part; iterations weighted so that requests follow them.
const MIX = [
  { weight: 43, requests: 1, run: (data, tags) => flows.proList(data, 31, tags) },
  { weight: 19, requests: 2, run: (data, tags) => flows.proConsult(data, 32, tags) }, // 38 % of requests
  { weight: 10, requests: 1, run: (data, tags) => flows.proDeposit(data, 33, tags) },
];

// Average platform requests per iteration of the mix (consult makes 2): the stairs are in iterations/s.
const REQUESTS_PER_ITERATION = MIX.reduce((sum, m) => sum + m.weight * m.requests, 0)
  / MIX.reduce((sum, m) => sum + m.weight, 0);

const stageThresholds = {};
for (const target of targets) {
  stageThresholds[`http_req_duration{stage:${target}}`] = [
    { threshold: `p(99)<${CONFIG.p99Ms}`, abortOnFail: true, delayAbortEval: CONFIG.stepDuration },
  ];
  stageThresholds[`http_req_failed{stage:${target}}`] = [
    { threshold: `rate<${Math.max(CONFIG.maxErrorRate, 0.01)}`, abortOnFail: true, delayAbortEval: CONFIG.stepDuration },
  ];
}

export const options = {
  scenarios: {
    stress: {
      ...stairs(from / REQUESTS_PER_ITERATION, to / REQUESTS_PER_ITERATION, steps, CONFIG.stepDuration, 0.15),
      exec: 'mixed',
    },
  },
  thresholds: stageThresholds,
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
  setupTimeout: '120s',
};

export function setup() {
  return obtainTokens();
}

export function mixed(data) {
  const elapsed = Date.now() - exec.scenario.startTime;
  const stage = targets[Math.min(steps - 1, Math.floor(elapsed / stepMs))];
  weighted(MIX, exec.scenario.iterationInTest).run(data, { stage: String(stage) });
}

/** The highest step whose latency and error thresholds held (and that ran); null when the first one broke. */
export function knee(data) {
  let best = null;
  for (const target of targets) {
    const d = data.metrics[`http_req_duration{stage:${target}}`];
    const f = data.metrics[`http_req_failed{stage:${target}}`];
    const ran = d && d.values.count > 0;
    const held = ran && Object.values(d.thresholds || {}).every((t) => t.ok)
      && Object.values((f && f.thresholds) || {}).every((t) => t.ok);
    if (!held) break;
    best = { rate: target, p99: d.values['p(99)'], errors: f ? f.values.rate : 0 };
  }
  return best;
}

const base = summaryHandler('stress');
export function handleSummary(data) {
  const k = knee(data);
  data.dmp_knee = k;
  const out = base(data);
  out.stdout += k
    ? `Knee: ${k.rate} req/s held (p99 ${k.p99.toFixed(1)} ms, errors ${(k.errors * 100).toFixed(3)} %)`
      + ` of steps ${targets.join(', ')}\n`
    : `Knee: none, the first step (${targets[0]} req/s) already broke the limits\n`;
  return out;
}
