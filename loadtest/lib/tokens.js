// Professional tokens, obtained once before the load (setup()), never per request: the platform caches verified
// tokens, and the load test must measure record access, not the issuer.
import http from 'k6/http';
import { CONFIG } from './config.js';
import { professionals, SCOPE } from './professionals.js';

// open() only works in the init context, so the file is read when the module loads.
const tokenFileText = CONFIG.tokenFile ? open(CONFIG.tokenFile) : '';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

function fromFile() {
  const parsed = JSON.parse(tokenFileText);
  const list = Array.isArray(parsed) ? parsed : parsed.professionals;
  if (!Array.isArray(list) || list.length === 0 || list.some((p) => !JWT.test(p.token || ''))) {
    throw new Error(`TOKEN_FILE ${CONFIG.tokenFile}: expected { professionals: [{ role, rpps, profession, token }] }`);
  }
  return list;
}

// Asks the issuer's token endpoint directly (client credentials). Works when the issuer maps the extra form
// parameters (rpps, profession, category) into claims, as a mock-oauth2-server request mapping can; otherwise use
// TOKEN_FILE written by `node loadtest/tokens.mjs` (./dmp token).
function fromIssuer() {
  return professionals().map((pro) => {
    const form = {
      grant_type: 'client_credentials',
      client_id: CONFIG.oidcClientId,
      client_secret: CONFIG.oidcClientSecret,
      scope: SCOPE,
      rpps: pro.rpps,
      profession: pro.profession,
    };
    if (pro.category) form.category = pro.category;
    const res = http.post(CONFIG.oidcTokenUrl, form, { tags: { name: 'POST {issuer}/token', system: 'issuer' } });
    const token = res.status === 200 ? res.json('access_token') : undefined;
    if (!token) throw new Error(`token endpoint ${CONFIG.oidcTokenUrl} answered ${res.status} for ${pro.role}`);
    return { ...pro, token };
  });
}

/**
 * The card reader's token endpoint: PRESENCE_TOKEN_URL, else the development issuer's `presence` issuer beside the
 * professionals' one (http://127.0.0.1:P/dmp/token -> http://127.0.0.1:P/presence/token), else none.
 */
export function presenceTokenUrl() {
  if (CONFIG.presenceTokenUrl) return CONFIG.presenceTokenUrl;
  const m = /^(.*\/)[^/]+\/token$/.exec(CONFIG.oidcTokenUrl || '');
  return m ? `${m[1]}presence/token` : '';
}

/** Called from setup(): { pros: [...], byRole: { physician: [0, 1, ...], ... }, presenceTokenUrl }. */
export function obtainTokens() {
  let pros;
  if (tokenFileText) pros = fromFile();
  else if (CONFIG.oidcTokenUrl) pros = fromIssuer();
  else {
    throw new Error('no professional tokens: set TOKEN_FILE (see loadtest/tokens.mjs, run.sh does it) or OIDC_TOKEN_URL');
  }
  const byRole = {};
  pros.forEach((p, k) => {
    (byRole[p.role] = byRole[p.role] || []).push(k);
  });
  return { pros, byRole, presenceTokenUrl: presenceTokenUrl() };
}
