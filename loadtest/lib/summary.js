// handleSummary shared by the scenarios: the full k6 summary as JSON (for loadtest/summarize.mjs and later
// comparison) plus a short text on stdout. The HTML report comes from k6's web dashboard (run.sh sets
// K6_WEB_DASHBOARD_EXPORT), which has the time series this end-of-test summary lacks.
import { CONFIG } from './config.js';

function ms(v) {
  return v === undefined ? '-' : `${v.toFixed(v < 10 ? 2 : 1)} ms`;
}

function pct(v) {
  return v === undefined ? '-' : `${(v * 100).toFixed(3)} %`;
}

export function thresholdLines(data) {
  const lines = [];
  for (const [metric, m] of Object.entries(data.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds || {})) {
      lines.push(`  ${t.ok ? 'ok  ' : 'FAIL'} ${metric}: ${expr}`);
    }
  }
  return lines.sort();
}

function durationRow(label, m) {
  if (!m || !m.values.count) return null;
  const v = m.values;
  return `  ${label.padEnd(48)} n=${String(v.count ?? '-').padStart(8)}  p50 ${ms(v.med)}  p95 ${ms(v['p(95)'])}`
    + `  p99 ${ms(v['p(99)'])}  p99.9 ${ms(v['p(99.9)'])}  max ${ms(v.max)}`;
}

export function textSummary(scenario, data) {
  const m = data.metrics;
  const lines = [
    '',
    `DMP load test: ${scenario}  (rate ${CONFIG.rate}/s, duration ${CONFIG.duration}, persons ${CONFIG.persons},`
      + ` patient API ${CONFIG.patientApi ? 'on' : 'off'})`,
    `  requests ${m.http_reqs ? m.http_reqs.values.count : 0}`
      + ` (${m.http_reqs ? m.http_reqs.values.rate.toFixed(1) : 0}/s),`
      + ` iterations ${m.iterations ? m.iterations.values.count : 0},`
      + ` dropped iterations ${m.dropped_iterations ? m.dropped_iterations.values.count : 0},`
      + ` max VUs ${m.vus_max ? m.vus_max.values.max : '-'}`,
    `  platform errors ${pct((m['http_req_failed{system:dmp}'] || m.http_req_failed || { values: {} }).values.rate)},`
      + ` unexpected responses ${pct(m.dmp_unexpected_responses && m.dmp_unexpected_responses.values.rate)},`
      + ` consent denials ${m.dmp_consent_denials ? m.dmp_consent_denials.values.count : 0}`,
    'Latency (platform only):',
  ];
  const rows = Object.keys(m)
    .filter((k) => k.startsWith('http_req_duration{'))
    .sort()
    .map((k) => durationRow(k.slice('http_req_duration'.length), m[k]))
    .filter(Boolean);
  lines.push(...rows, 'Thresholds:', ...thresholdLines(data), '');
  return lines.join('\n');
}

/** handleSummary for a scenario: SUMMARY_JSON (set by run.sh) receives the raw summary. */
export function summaryHandler(scenario) {
  return (data) => {
    data.dmp = { scenario, config: CONFIG, finishedAt: new Date().toISOString() };
    const out = { stdout: textSummary(scenario, data) };
    const file = __ENV.SUMMARY_JSON;
    if (file) out[file] = JSON.stringify(data, null, 2);
    return out;
  };
}
