// Every knob of the load test, read once from __ENV (k6 -e NAME=value or the environment through run.sh).
// Scenarios import CONFIG and never read __ENV themselves.

function str(name, fallback) {
  const v = __ENV[name];
  return v === undefined || v === '' ? fallback : v;
}

function num(name, fallback) {
  const v = str(name, undefined);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${v}"`);
  return n;
}

function bool(name, fallback) {
  const v = str(name, undefined);
  return v === undefined ? fallback : /^(1|true|yes|on)$/i.test(v);
}

/** Upper end of the derived national peak for 40 M people: 0.9–2 k requests/s (../shared/reference/RULES.md). */
export const NATIONAL_PEAK = 2000;

const peakMultiple = num('PEAK_MULTIPLE', undefined);

export const CONFIG = Object.freeze({
  baseUrl: str('BASE_URL', 'http://localhost:8080').replace(/\/$/, ''),
  inboxUrl: str('INBOX_URL', 'http://127.0.0.1:8025').replace(/\/$/, ''),
  // Target arrival rate in requests/s for the whole mix; PEAK_MULTIPLE=k means k × NATIONAL_PEAK.
  rate: peakMultiple !== undefined ? peakMultiple * NATIONAL_PEAK : num('RATE', 50),
  duration: str('DURATION', '30s'),
  // Persons seeded by `./dmp seed --persons N`: identities are drawn from [0, PERSONS).
  persons: num('PERSONS', 100000),
  // Professional tokens: a JSON file written before the run (loadtest/tokens.mjs), or an issuer token endpoint.
  tokenFile: str('TOKEN_FILE', ''),
  oidcTokenUrl: str('OIDC_TOKEN_URL', ''),
  oidcClientId: str('OIDC_CLIENT_ID', 'loadtest'),
  oidcClientSecret: str('OIDC_CLIENT_SECRET', 'loadtest'),
  // The card reader's token endpoint for presence assertions (proVisit): by default the development issuer's
  // `presence` issuer next to OIDC_TOKEN_URL's; without either, proVisit is skipped.
  presenceTokenUrl: str('PRESENCE_TOKEN_URL', ''),
  // Parts that need endpoints not built yet (issue 4: patient API and directives; issue 3: dev inbox).
  patientApi: bool('PATIENT_API', false),
  // Thresholds: the pass criterion of a run (G9: p99 <= 50 ms, errors < 0.1 %, no dropped iteration).
  p95Ms: num('P95_MS', 25),
  p99Ms: num('P99_MS', 50),
  maxErrorRate: num('MAX_ERROR_RATE', 0.001),
  // VU pool for the open model: preallocate enough to absorb latency spikes without dropping iterations.
  preAllocatedVUs: num('PRE_VUS', 0),
  maxVUs: num('MAX_VUS', 0),
  // invitation-wave
  waveRate: num('WAVE_RATE', 0), // persons reacting per second at the wave's peak (0: RATE / 6)
  opposeShare: num('OPPOSE_SHARE', 0.1),
  // Parents acting for their children during the wave (issue 16): FAMILIES pairs linked in setup(), a share of the
  // wave's rate (FAMILY_SHARE); ADMIN_TOKEN (dmp:admin) for the links, else one from OIDC_TOKEN_URL.
  families: num('FAMILIES', 200),
  familyShare: num('FAMILY_SHARE', 0.1),
  adminToken: str('ADMIN_TOKEN', ''),
  // stress
  startRate: num('START_RATE', 100),
  maxRate: num('MAX_RATE', 0), // 0: 5 × RATE
  steps: num('STEPS', 10),
  stepDuration: str('STEP_DURATION', '30s'),
  // deposit payload
  contentType: str('CONTENT_TYPE', 'application/pdf'),
  contentBytes: num('CONTENT_BYTES', 2048),
});

/** VU pool sized from the rate (Little's law with a pessimistic 100 ms per iteration), unless given. */
export function vuPool(ratePerSecond, secondsPerIteration = 0.1) {
  const needed = Math.max(2, Math.ceil(ratePerSecond * secondsPerIteration));
  return {
    preAllocatedVUs: CONFIG.preAllocatedVUs || needed,
    maxVUs: CONFIG.maxVUs || Math.max(needed * 10, 50),
  };
}

/** Duration string ("90s", "10m", "1h30m") to seconds. */
export function seconds(duration) {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let match;
  let consumed = '';
  while ((match = re.exec(duration)) !== null) {
    consumed += match[0];
    total += Number(match[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2]];
  }
  if (consumed !== duration) throw new Error(`bad duration "${duration}"`);
  return total;
}
