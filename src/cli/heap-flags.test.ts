import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SMALL_IMAGE_BYTES, imageArgument, localImageBytes, needsHeapFlags } from './heap-flags.ts';

void describe('heap flags: re-execute unless the scan is of a small local image', () => {
  let dir: string;
  let small: string;
  let big: string;
  let layout: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reins-heap-'));
    small = join(dir, 'small.tar');
    writeFileSync(small, Buffer.alloc(1000));
    big = join(dir, 'big.tar');
    writeFileSync(big, '');
    truncateSync(big, SMALL_IMAGE_BYTES); // sparse: a size without the bytes
    layout = join(dir, 'layout');
    mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(join(layout, 'blobs', 'sha256', 'a'), Buffer.alloc(300));
    writeFileSync(join(layout, 'blobs', 'sha256', 'b'), Buffer.alloc(200));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('the IMAGE argument is found around flags, with or without values', () => {
    assert.equal(imageArgument(['scan', 'img']), 'img');
    assert.equal(imageArgument(['scan', '--format', 'json', 'img', '--output', 'x']), 'img');
    assert.equal(imageArgument(['scan', '--format=json', '--no-cache', '--offline', 'img']), 'img');
    assert.equal(imageArgument(['sbom', '--insecure', '-h', 'img']), 'img');
    assert.equal(imageArgument(['scan', '--', '-odd-name']), '-odd-name');
    // An unknown flag is taken to consume the next argument (so a flag's value is never read as the image).
    assert.equal(imageArgument(['scan', '--new-flag', 'value', 'img']), 'img');
    assert.equal(imageArgument(['scan', '--format', 'json']), undefined);
  });

  void test('local images are measured through their transports; other references are not local', () => {
    assert.equal(localImageBytes(small), 1000);
    assert.equal(localImageBytes(`docker-archive:${small}`), 1000);
    assert.equal(localImageBytes(`docker-archive:${small}:app:1.0`), 1000);
    assert.equal(localImageBytes(`oci-archive:${small}`), 1000);
    assert.equal(localImageBytes(layout), 500);
    assert.equal(localImageBytes(`oci:${layout}`), 500);
    assert.equal(localImageBytes(`oci:${layout}:v1`), 500);
    assert.equal(localImageBytes(big), SMALL_IMAGE_BYTES);
    assert.equal(localImageBytes('alpine:3.19'), undefined);
    assert.equal(localImageBytes('127.0.0.1:5000/app@sha256:abc'), undefined);
    assert.equal(localImageBytes(`docker://${small}`), undefined);
    assert.equal(localImageBytes('docker-daemon:app:1'), undefined);
    assert.equal(localImageBytes(join(dir, 'missing.tar')), undefined);
    assert.equal(localImageBytes(dir), undefined); // a directory without blobs/ is not an image
  });

  void test('only sbom/scan of a small local image or of an SBOM, and commands that read no image, skip the re-execution', () => {
    assert.equal(needsHeapFlags(['sbom', small]), false);
    assert.equal(needsHeapFlags(['scan', '--format', 'json', `oci:${layout}`]), false);
    assert.equal(needsHeapFlags(['version']), false);
    assert.equal(needsHeapFlags([]), false);
    assert.equal(needsHeapFlags(['--help']), false);
    assert.equal(needsHeapFlags(['sbom', big]), true);
    assert.equal(needsHeapFlags(['scan', 'alpine:3.19']), true);
    // A registry image with a small existing file as a flag value: the file is not taken for the image.
    assert.equal(needsHeapFlags(['scan', '--output', small, 'alpine:3.19']), true);
    // An SBOM input reads no layer, whatever its size.
    assert.equal(needsHeapFlags(['scan', `sbom:${small}`]), false);
    assert.equal(needsHeapFlags(['scan', `sbom:${big}`]), false);
    assert.equal(needsHeapFlags(['db', 'import', small]), true);
    assert.equal(needsHeapFlags(['check', small]), false);
    assert.equal(needsHeapFlags(['check', '--policy', 'preset:default', '--gate', 'ci', small]), false);
    assert.equal(needsHeapFlags(['check', '--policy', 'preset:default', big]), true);
  });
});
