import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { finalEntries } from './final-fs.ts';
import { file, syntheticInput } from './testing/synthetic.ts';

void describe('finalEntries', () => {
  const all = (): boolean => true;
  void it('applies whiteouts (path and descendants) and opaque dirs of later layers only', () => {
    const { layers } = syntheticInput({
      walks: [
        { entries: [file('/root/.ssh/id_rsa'), file('/opt/c/deploy.env'), file('/keep'), file('/gone/a/b')] },
        { whiteouts: ['/root/.ssh/id_rsa', '/gone'], opaqueDirs: ['/opt/c'], entries: [file('/opt/c/app.conf')] },
      ],
      baseLayers: 1,
    });
    assert.deepEqual(
      finalEntries(layers, all).map((e) => [e.meta.path, e.layer.index]),
      [
        ['/keep', 0],
        ['/opt/c/app.conf', 1],
      ],
    );
  });
  void it('a later entry that fails the filter replaces the earlier one', () => {
    const { layers } = syntheticInput({ walks: [{ entries: [file('/bin/x', 0o4755)] }, { entries: [file('/bin/x', 0o755)] }] });
    assert.deepEqual(finalEntries(layers, (m) => (m.mode & 0o4000) !== 0), []);
  });
  void it('the topmost layer that writes a path owns it', () => {
    const { layers } = syntheticInput({ walks: [{ entries: [file('/a')] }, { entries: [file('/a')] }] });
    assert.deepEqual(finalEntries(layers, all).map((e) => e.layer.index), [1]);
  });
});
