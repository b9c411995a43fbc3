// Registry consistency and the testbed comparison with Trivy's image-config results
// (shared/testbed/reference/<image>/misconfig.tsv). Where reins and Trivy differ, the test says why.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE_CHECKS, runImageChecks } from './index.ts';
import { loadTestbedInput } from './testing/testbed.ts';

void describe('image check registry', () => {
  void it('registers every file under checks/, ids REINS-IMG-001.. in order, metadata complete', () => {
    const files = readdirSync(new URL('./checks/', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    assert.equal(IMAGE_CHECKS.length, files.length);
    IMAGE_CHECKS.forEach((c, i) => {
      assert.equal(c.id, `REINS-IMG-${String(i + 1).padStart(3, '0')}`);
      assert.ok(c.title && c.rationale && c.remediation, c.id);
    });
  });
});

const REFERENCE = new URL('../../../../shared/testbed/reference/', import.meta.url);
function trivyStatus(image: string): Map<string, 'pass' | 'fail'> {
  const rows = readFileSync(new URL(`${image}/misconfig.tsv`, REFERENCE), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((r) => r.split('\t')).map(([id, , , status]) => [id!, status === 'FAIL' ? 'fail' : 'pass']));
}

function statuses(image: string): Map<string, string> | undefined {
  const input = loadTestbedInput(image);
  return input && new Map(runImageChecks(input).map((f) => [f.id, `${f.status}${f.cause ? `:${f.cause}` : ''}`]));
}

void describe('testbed vs Trivy', () => {
  const nodeApp = statuses('node-app');
  const debianBase = statuses('debian-base');
  const tricks = statuses('layered-tricks');
  const skip = (!nodeApp || !debianBase || !tricks) && 'testbed not built';

  void it('node-app: Trivy DS002, DS004, DS026 fail, so do REINS 001, 010, 002; the app is the cause', { skip }, () => {
    const t = trivyStatus('node-app');
    assert.deepEqual([t.get('DS002'), t.get('DS004'), t.get('DS026')], ['fail', 'fail', 'fail']);
    assert.deepEqual([nodeApp!.get('REINS-IMG-001'), nodeApp!.get('REINS-IMG-010'), nodeApp!.get('REINS-IMG-002')], ['fail:app', 'fail:app', 'fail:app']);
    // Trivy's DS011 (COPY with 3+ args not ending in /) FAIL is an artefact: it reads the classic
    // history line `COPY dir:<hash> in /srv/app` as a 3-argument COPY. reins has no such check.
    assert.equal(t.get('DS011'), 'fail');
    // reins is stricter: DB_PASSWORD=hunter2 in ENV (CIS 4.10) and Debian's setuid programs (CIS 4.8).
    assert.equal(nodeApp!.get('REINS-IMG-006'), 'fail:app');
    assert.equal(nodeApp!.get('REINS-IMG-003'), 'fail:base');
    assert.equal(nodeApp!.get('REINS-IMG-007'), 'pass'); // DS017 PASS: update and install share the RUN
  });

  void it('debian-base: Trivy DS002, DS026 fail, so do REINS 001, 002 (cause base)', { skip }, () => {
    const t = trivyStatus('debian-base');
    assert.deepEqual([t.get('DS002'), t.get('DS026')], ['fail', 'fail']);
    assert.deepEqual([debianBase!.get('REINS-IMG-001'), debianBase!.get('REINS-IMG-002')], ['fail:base', 'fail:base']);
    // Trivy DS005 (ADD instead of COPY) fails on `ADD file:<rootfs> in /`, the idiom that creates a
    // base image; reins' CIS 4.9 check only fails ADD of remote URLs, so it passes here.
    assert.equal(t.get('DS005'), 'fail');
    assert.equal(debianBase!.get('REINS-IMG-004'), 'pass');
    assert.equal(debianBase!.get('REINS-IMG-010'), 'pass');
  });

  void it('layered-tricks: USER 1000 and HEALTHCHECK pass as in Trivy; ADD URL, curl|sh and the app setuid file fail', { skip }, () => {
    const t = trivyStatus('layered-tricks');
    assert.deepEqual([t.get('DS002'), t.get('DS026')], ['pass', 'pass']);
    assert.deepEqual([tricks!.get('REINS-IMG-001'), tricks!.get('REINS-IMG-002')], ['pass', 'pass']);
    // Trivy passes all 26 checks on this image; reins is stricter (CIS 4.8, 4.9, build hygiene).
    assert.deepEqual(
      [tricks!.get('REINS-IMG-003'), tricks!.get('REINS-IMG-004'), tricks!.get('REINS-IMG-005')],
      ['fail:app', 'fail:app', 'fail:app'],
    );
    assert.equal(tricks!.get('REINS-IMG-008'), 'pass'); // apt lists were removed
  });

  void it('agreement on the checks both tools have: 12 of 15, the 3 differences all DS001 (by design)', { skip }, () => {
    const byTrivy = new Map(IMAGE_CHECKS.filter((c) => c.trivyId !== undefined).map((c) => [c.trivyId!, c.id]));
    const differences: string[] = [];
    let compared = 0;
    for (const [image, ours] of [['node-app', nodeApp], ['debian-base', debianBase], ['layered-tricks', tricks]] as const) {
      for (const [ds, status] of trivyStatus(image)) {
        const id = byTrivy.get(ds);
        if (id === undefined) continue;
        compared++;
        if ((ours!.get(id) ?? '').split(':')[0] !== status) differences.push(`${image} ${ds}`);
      }
    }
    assert.equal(compared, 15); // DS001, DS002, DS004, DS017, DS026 x 3 images
    // The testbed layouts are tagged `latest` and say nothing of their base: reins fails
    // REINS-IMG-011 on the image's own tag, Trivy's DS001 only reads FROM lines and passes.
    assert.deepEqual(differences, ['node-app DS001', 'debian-base DS001', 'layered-tricks DS001']);
  });
});
