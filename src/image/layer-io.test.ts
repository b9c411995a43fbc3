import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MarkerScan } from './layer-io.ts';

void test('MarkerScan finds a marker wherever the parts split it, and nothing when it is absent', () => {
  const marker = Buffer.from('.dep-v0');
  for (let at = 0; at <= 40 - marker.length; at++) {
    const body = Buffer.alloc(40, 0x41);
    marker.copy(body, at);
    for (const step of [1, 2, 3, 6, 7, 8, 13, 40]) {
      for (const markers of [[marker], [Buffer.from('\xff Go buildinf:', 'latin1'), marker]]) {
        const scan = new MarkerScan(markers);
        for (let i = 0; i < body.length; i += step) scan.push(body.subarray(i, i + step));
        assert.equal(scan.found, true, `marker at ${at}, parts of ${step}, ${markers.length} markers`);
      }
    }
  }
  // Almost-markers only: ".dep-v" at every split, never the whole string.
  const near = Buffer.from('.dep-vX.dep-v.dep-v1 dep-v0');
  for (const step of [1, 2, 5, 7, near.length]) {
    const scan = new MarkerScan([marker]);
    for (let i = 0; i < near.length; i += step) scan.push(near.subarray(i, i + step));
    assert.equal(scan.found, false, `parts of ${step}`);
  }
});
