// Image-config secrets: ENV, labels and history. The node-app config below mirrors the testbed
// recipe (shared/testbed/recipes/node-app.json). Trivy reports nothing for DB_PASSWORD=hunter2
// there (REFERENCE.md); reins reports it (CIS 4.10) - a deliberate, documented difference.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageConfig, LayerRef } from '../../image/types.ts';
import { layerOfHistory, scanImageConfigSecrets } from './config.ts';
import { ALNUM, fakeChars } from './testing/fake-secrets.ts';

const layers: LayerRef[] = [0, 1, 2].map((index) => ({ index, digest: `sha256:${index}`, diffId: `sha256:d${index}`, origin: index === 0 ? 'base' : 'app' }));

function config(env: string[], history: { created_by: string; empty_layer?: boolean }[], labels: Record<string, string> = {}): ImageConfig {
  return { architecture: 'amd64', os: 'linux', config: { Env: env, Labels: labels }, rootfs: { type: 'layers', diff_ids: [] }, history };
}

const nodeApp = config(
  ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NODE_ENV=production', 'DB_PASSWORD=hunter2'],
  [
    { created_by: '/bin/sh -c #(nop) ADD file:debootstrap-minbase-bookworm in / ' },
    { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
    { created_by: '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends nodejs ca-certificates curl && apt-get clean && rm -rf /var/lib/apt/lists/*' },
    { created_by: '/bin/sh -c #(nop) COPY dir:5b3a in /srv/app ' },
    { created_by: '/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2', empty_layer: true },
    { created_by: '/bin/sh -c #(nop)  EXPOSE 22 3000', empty_layer: true },
  ],
  { 'org.opencontainers.image.title': 'node-app' },
);

void describe('scanImageConfigSecrets', () => {
  void it('node-app: DB_PASSWORD in ENV, once (the history line that set it is the same secret)', () => {
    const found = scanImageConfigSecrets(nodeApp, layers);
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.source, f.path, f.match, f.deleted, f.line]),
      [['env-password', 'env', 'Env[2]', 'DB_PASSWORD=********', false, 1]],
    );
    assert.ok(!found[0]!.match.includes('hunter2'));
  });
  void it('layered-tricks-like history (curl | sh of an https URL, no credentials): nothing', () => {
    const cfg = config(['PATH=/usr/bin'], [{ created_by: 'RUN /bin/sh -c curl -fsSL https://get.example.com/install.sh | sh # buildkit' }, { created_by: 'USER 1000', empty_layer: true }]);
    assert.deepEqual(scanImageConfigSecrets(cfg, layers), []);
  });
  void it('a token passed as build ARG shows in history, attributed to the layer that RUN made', () => {
    const token = 'ghp_' + fakeChars(ALNUM, 36, 41);
    const cfg = config(
      [],
      [
        { created_by: 'ADD file:x in /' },
        { created_by: 'ARG GH', empty_layer: true },
        { created_by: `RUN |1 GH=${token} /bin/sh -c git clone https://github.com/o/r # buildkit` },
      ],
    );
    const found = scanImageConfigSecrets(cfg, layers);
    assert.deepEqual(found.map((f) => [f.ruleId, f.path, f.layer?.index, f.origin]), [['github-pat', 'history[2]', 1, 'app']]);
    assert.ok(found.every((f) => !f.match.includes(token)));
  });
  void it('labels are scanned as key=value', () => {
    const cfg = config([], [], { 'com.example.api_token': 'tok3nV4lue' });
    assert.deepEqual(scanImageConfigSecrets(cfg, layers).map((f) => [f.ruleId, f.source, f.path]), [['env-password', 'label', 'Labels.com.example.api_token']]);
  });
  void it('ignores references to files and variables', () => {
    const cfg = config(['POSTGRES_PASSWORD_FILE=/run/secrets/pg', 'API_TOKEN=$TOKEN'], []);
    assert.deepEqual(scanImageConfigSecrets(cfg, layers), []);
  });
});

void describe('layerOfHistory', () => {
  void it('skips empty_layer entries when pairing history with layers', () => {
    const map = layerOfHistory([{ created_by: 'a' }, { created_by: 'b', empty_layer: true }, { created_by: 'c' }], layers);
    assert.deepEqual(map.map((l) => l?.index), [0, undefined, 1]);
  });
});
