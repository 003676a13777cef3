#!/usr/bin/env node
// Mints one access token per load-test professional with the platform's own command, before k6 starts:
//   ./dmp token --rpps R --profession P [--category C] --scope "dmp:read dmp:write"
// and prints { professionals: [{ role, profession, rpps, category?, token }] } on stdout (run.sh saves it and passes
// it to k6 as TOKEN_FILE). DMP_CMD overrides the command (default: ./dmp at the repository root).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { professionals, SCOPE } from './lib/professionals.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cmd = process.env.DMP_CMD || join(root, 'dmp');
if (!existsSync(cmd)) {
  console.error(`tokens: ${cmd} not found; start the platform (./dmp run) from a branch that has it, or set OIDC_TOKEN_URL`);
  process.exit(2);
}

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

// Tolerant of the command's output format: a JSON object with access_token, or the bare token on a line of its own,
// or a token somewhere in a sentence ("export TOKEN=...").
export function extractToken(output) {
  for (const line of output.trim().split('\n').reverse()) {
    const t = line.trim();
    if (t.startsWith('{')) {
      try {
        const o = JSON.parse(t);
        if (o.access_token || o.token) return o.access_token || o.token;
      } catch {
        // not JSON after all: fall through to the pattern
      }
    }
    const m = JWT.exec(t);
    if (m) return m[0];
  }
  return null;
}

const out = [];
for (const pro of professionals()) {
  const args = ['token', '--rpps', pro.rpps, '--profession', pro.profession, '--scope', SCOPE];
  if (pro.category) args.push('--category', pro.category);
  let output;
  try {
    output = execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (e) {
    console.error(`tokens: ${cmd} ${args.join(' ')} failed (${e.status}); is the platform running (./dmp run)?`);
    process.exit(3);
  }
  const token = extractToken(output);
  if (!token) {
    console.error(`tokens: no token in the output of ${cmd} ${args.slice(0, 5).join(' ')}`);
    process.exit(4);
  }
  out.push({ ...pro, token });
}
process.stdout.write(`${JSON.stringify({ issuedAt: new Date().toISOString(), professionals: out }, null, 2)}\n`);
