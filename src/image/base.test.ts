import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyBoundary } from './base.ts';
import type { HistoryEntry } from './types.ts';

const layer = (created_by: string): HistoryEntry => ({ created_by });
const meta = (created_by: string): HistoryEntry => ({ created_by, empty_layer: true });

void test('classic builder: the base CMD followed by app layers is the boundary', () => {
  // FROM debian (ADD + CMD), then RUN, COPY, ENTRYPOINT, CMD: the example in Docker's own docs.
  const h = [layer('/bin/sh -c #(nop) ADD file:abc in / '), meta('/bin/sh -c #(nop)  CMD ["bash"]'), layer('/bin/sh -c apt-get update'), layer('/bin/sh -c #(nop) COPY file:x in /'), meta('/bin/sh -c #(nop)  ENTRYPOINT ["x"]'), meta('/bin/sh -c #(nop)  CMD ["y"]')];
  assert.equal(historyBoundary(h, 3), 1);
});

void test('BuildKit spelling and a two-level base (the last boundary followed by layers wins)', () => {
  const h = [layer('ADD rootfs.tar /'), meta('CMD ["sh"]'), layer('RUN apk add python3 # buildkit'), meta('ENTRYPOINT ["python3"]'), layer('COPY app /app # buildkit'), meta('CMD ["app.py"]')];
  assert.equal(historyBoundary(h, 3), 2);
});

void test('no boundary: a trailing CMD only, no history, or history not matching the layers', () => {
  assert.equal(historyBoundary([layer('ADD file:x in /'), meta('/bin/sh -c #(nop)  CMD ["bash"]')], 1), undefined);
  assert.equal(historyBoundary([layer('COPY a /a # buildkit'), layer('COPY b /b # buildkit')], 2), undefined);
  assert.equal(historyBoundary(undefined, 2), undefined);
  assert.equal(historyBoundary([layer('ADD x'), meta('CMD ["sh"]'), layer('RUN y')], 3), undefined);
});

void test('a RUN whose text mentions CMD is not a boundary (only empty-layer entries count)', () => {
  const h = [layer('ADD x /'), layer('/bin/sh -c echo CMD'), layer('RUN z')];
  assert.equal(historyBoundary(h, 3), undefined);
});
