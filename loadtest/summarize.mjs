#!/usr/bin/env node
// Appends a short markdown record of a k6 run to a file, by default summary.md beside the summary (run.sh): it is copied
// into docs/BENCHMARKS.md by hand when the run is that area's current figure.
//   node loadtest/summarize.mjs loadtest/results/<run>/summary.json [TARGET_MD]
// Reads the summary written by the scenarios' handleSummary (lib/summary.js); no jq, no dependency.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [summaryPath, target = join(dirname(process.argv[2] || '.'), 'summary.md')] = process.argv.slice(2);
if (!summaryPath) {
  console.error('usage: summarize.mjs SUMMARY_JSON [TARGET_MD]');
  process.exit(2);
}
const data = JSON.parse(readFileSync(summaryPath, 'utf8'));
const m = data.metrics;
const dmp = data.dmp || { scenario: '?', config: {} };
const v = (name, stat) => (m[name] && m[name].values ? m[name].values[stat] : undefined);
const ms = (x) => (x === undefined ? '–' : `${x.toFixed(x < 10 ? 2 : 1)}`);
const pct = (x) => (x === undefined ? '–' : `${(x * 100).toFixed(3)} %`);

const lat = m['http_req_duration{system:dmp}'] ? 'http_req_duration{system:dmp}' : 'http_req_duration';
const err = m['http_req_failed{system:dmp}'] ? 'http_req_failed{system:dmp}' : 'http_req_failed';
const failed = [];
for (const [metric, x] of Object.entries(m)) {
  for (const [expr, t] of Object.entries(x.thresholds || {})) if (!t.ok) failed.push(`\`${metric}: ${expr}\``);
}
const c = dmp.config;
const env = [`RATE=${c.rate}`, `DURATION=${c.duration}`, `PERSONS=${c.persons}`, `P95_MS=${c.p95Ms}`, `P99_MS=${c.p99Ms}`];
if (c.patientApi) env.push('PATIENT_API=true');
if (dmp.scenario === 'stress') env.push(`START_RATE=${c.startRate}`, `MAX_RATE=${c.maxRate || c.rate * 5}`,
  `STEPS=${c.steps}`, `STEP_DURATION=${c.stepDuration}`);

const lines = [
  '',
  `### k6 ${dmp.scenario}, ${(dmp.finishedAt || new Date().toISOString()).slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Machine: ${cpus().length} vCPU (${(cpus()[0] || {}).model || '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB;`
    + ` k6 on the same box. Command: \`${env.join(' ')} loadtest/run.sh ${dmp.scenario}\`.`,
  `Dataset: ${c.persons} persons seeded (\`./dmp seed --persons ${c.persons}\`).`,
  '',
  '| requests | rate (req/s) | dropped iterations | p50 ms | p95 ms | p99 ms | p99.9 ms | errors | thresholds |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  `| ${v('http_reqs', 'count') ?? 0} | ${(v('http_reqs', 'rate') ?? 0).toFixed(1)} | ${v('dropped_iterations', 'count') ?? 0}`
    + ` | ${ms(v(lat, 'med'))} | ${ms(v(lat, 'p(95)'))} | ${ms(v(lat, 'p(99)'))} | ${ms(v(lat, 'p(99.9)'))}`
    + ` | ${pct(v(err, 'rate'))} | ${failed.length === 0 ? 'all passed' : `failed: ${failed.join(', ')}`} |`,
];
if (dmp.scenario === 'stress') {
  const k = data.dmp_knee;
  lines.push('', k ? `Knee: ${k.rate} req/s held (p99 ${ms(k.p99)} ms, errors ${pct(k.errors)}).`
    : 'Knee: none, the first step already broke the limits.');
}
const report = process.env.REPORT_HTML;
if (report) lines.push('', `HTML report (not committed): \`${relative(root, report)}\`.`);
lines.push('');

if (!existsSync(target)) writeFileSync(target, '# k6 run\n');
appendFileSync(target, lines.join('\n'));
console.log(lines.join('\n'));
