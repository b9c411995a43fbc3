// Dockerfile checks. NODE_APP is the Dockerfile equivalent of the testbed's node-app
// (shared/testbed/recipes/files/node-app/Dockerfile); `trivy config` reported on it exactly
// DS002 (root), DS004 (port 22), DS013 (RUN cd), DS026 (no HEALTHCHECK), DS029
// (--no-install-recommends) - REFERENCE.md, "Probes". reins must fail the same, on the same lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../common/errors.ts';
import { ALNUM, fakeChars } from '../secret/testing/fake-secrets.ts';
import { DOCKERFILE_RULES, checkDockerfile } from './index.ts';
import { runCommand, parseDockerfile } from './parse.ts';

const NODE_APP = `# Dockerfile equivalent of recipes/node-app.json
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y nodejs npm
COPY app /srv/app
RUN cd /srv/app && npm install --ignore-scripts

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends nodejs ca-certificates curl && apt-get clean && rm -rf /var/lib/apt/lists/*
COPY --from=build /srv/app /srv/app
WORKDIR /srv/app
ENV NODE_ENV=production
ENV DB_PASSWORD=hunter2
EXPOSE 22 3000
CMD ["node", "server.js"]
`;

function fails(text: string): string[] {
  return checkDockerfile(text, 'Dockerfile')
    .filter((f) => f.status === 'fail')
    .map((f) => `${f.id}@${f.line}`);
}

void describe('checkDockerfile on node-app (vs trivy config)', () => {
  const found = fails(NODE_APP);
  void it('fails what Trivy fails: DS002 root, DS004 port 22, DS013 RUN cd, DS026 healthcheck, DS029 recommends', () => {
    for (const e of ['REINS-IMG-001@7', 'REINS-IMG-010@13', 'REINS-DF-002@5', 'REINS-IMG-002@7', 'REINS-DF-001@3']) assert.ok(found.includes(e), `${e} in ${found.join(' ')}`);
  });
  void it('also fails ENV DB_PASSWORD (CIS 4.10), which trivy config does not report; nothing else', () => {
    assert.deepEqual(found.sort(), ['REINS-DF-001@3', 'REINS-DF-002@5', 'REINS-IMG-001@7', 'REINS-IMG-002@7', 'REINS-IMG-006@12', 'REINS-IMG-010@13']);
    const secret = checkDockerfile(NODE_APP, 'Dockerfile').find((f) => f.id === 'REINS-IMG-006')!;
    assert.ok(!JSON.stringify(secret).includes('hunter2'));
  });
  void it('gives every rule a pass finding when it has nothing to report', () => {
    const all = checkDockerfile(NODE_APP, 'Dockerfile');
    assert.ok(all.some((f) => f.id === 'REINS-IMG-004' && f.status === 'pass'));
    assert.ok(all.some((f) => f.id === 'REINS-IMG-011' && f.status === 'pass'));
  });
});

void describe('checkDockerfile rules, true positives and negatives', () => {
  const clean = `FROM debian:12.5\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nWORKDIR /app\nUSER 10001\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nEXPOSE 8080\n`;
  void it('a clean Dockerfile passes every rule', () => assert.deepEqual(fails(clean), []));
  void it('USER root last in the final stage fails; a non-root USER in an earlier stage does not count', () => {
    assert.deepEqual(fails(`FROM a:1 AS b\nUSER 1000\nFROM c:1\nUSER root\nHEALTHCHECK CMD true\n`), ['REINS-IMG-001@4']);
  });
  void it('HEALTHCHECK NONE fails', () => assert.ok(fails(`FROM a:1\nUSER 1\nHEALTHCHECK NONE\n`).includes('REINS-IMG-002@3')));
  void it('ADD of a URL fails, ADD --checksum and local ADD pass', () => {
    assert.deepEqual(fails(`${clean}ADD https://example.com/x.sh /x.sh\nADD --checksum=sha256:00 https://example.com/y /y\nADD app.tgz /app/\n`), ['REINS-IMG-004@7']);
  });
  void it('curl | sh fails, also in exec form', () => {
    assert.deepEqual(fails(`${clean}RUN curl -fsSL https://x/i.sh | bash\nRUN ["/bin/sh", "-c", "wget -qO- https://x | sh"]\n`), ['REINS-IMG-005@7', 'REINS-IMG-005@8']);
  });
  void it('apt-get update alone fails', () => assert.deepEqual(fails(`${clean}RUN apt-get update\n`), ['REINS-IMG-007@7']));
  void it('FROM latest and untagged fail; a stage alias, scratch, a digest and ${VAR} do not', () => {
    const text = `ARG BASE=debian\nFROM debian:latest AS a\nFROM alpine\nFROM a\nFROM scratch\nFROM debian@sha256:${'0'.repeat(64)}\nFROM \${BASE}\nUSER 1\nHEALTHCHECK CMD true\n`;
    assert.deepEqual(fails(text), ['REINS-IMG-011@2', 'REINS-IMG-011@3']);
  });
  void it('secrets in ARG and in RUN lines fail, built at run time (no token in the repo)', () => {
    const token = 'ghp_' + fakeChars(ALNUM, 36, 51);
    const text = `${clean}ARG NPM_TOKEN=s3cr3tvalue\nRUN curl -H "Authorization: token ${token}" https://api.github.com/\n`;
    assert.deepEqual(fails(text), ['REINS-IMG-006@7', 'REINS-IMG-006@8']);
    assert.ok(!JSON.stringify(checkDockerfile(text, 'Dockerfile')).includes(token));
  });
});

void describe('parse errors', () => {
  const cases: [string, RegExp][] = [
    ['FROM a:1\nFORM b\n', /^Dockerfile\.dev:2: unknown instruction "FORM"$/],
    ['RUN make\nFROM a:1\n', /^Dockerfile\.dev:1: RUN before the first FROM/],
    ['# only a comment\n', /^Dockerfile\.dev:1: no FROM instruction$/],
  ];
  for (const [text, message] of cases) {
    void it(message.source, () => {
      assert.throws(() => checkDockerfile(text, 'Dockerfile.dev'), (e: unknown) => e instanceof InputError && message.test(e.message));
    });
  }
  void it('ARG before FROM is allowed', () => assert.doesNotThrow(() => parseDockerfile('ARG V=1\nFROM a:${V}\n', 'Dockerfile')));
});

void describe('runCommand', () => {
  void it('drops RUN flags and unwraps exec-form sh -c', () => {
    const df = parseDockerfile('FROM a:1\nRUN --mount=type=cache,target=/root/.npm npm ci\nRUN ["sh", "-c", "make all"]\nRUN ["make", "all"]\n', 'D');
    assert.deepEqual(df.instructions.slice(1).map(runCommand), ['npm ci', 'make all', 'make all']);
  });
});

void describe('DOCKERFILE_RULES', () => {
  void it('has unique ids and complete metadata', () => {
    const ids = DOCKERFILE_RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of DOCKERFILE_RULES) assert.ok(r.meta.title && r.meta.rationale && r.meta.remediation, r.meta.id);
  });
});
