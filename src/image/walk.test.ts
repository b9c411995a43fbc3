import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InputError, IntegrityError } from '../common/errors.ts';
import { compress, countingSource, layerFor, makeTar, memorySource, type Compression, type SyntheticEntry } from './test-support.ts';
import { VerifyingStream } from './digest.ts';
import type { Descriptor, FileMeta, LayerInfo } from './types.ts';
import { walkLayer, type WalkVisitor } from './walk.ts';

const ENTRIES: SyntheticEntry[] = [
  { name: './', type: 'directory' },
  { name: './etc/', type: 'directory' },
  { name: './etc/os-release', content: 'ID=debian\n' },
  { name: 'usr/bin/tool', content: Buffer.alloc(3000, 7), mode: 0o4755 },
  { name: 'usr/bin/tool-link', type: 'link', linkname: 'usr/bin/tool' },
  { name: 'usr/bin/sh', type: 'symlink', linkname: '../../bin/dash' },
  { name: 'opt/app/.wh..wh..opq', content: '' },
  { name: 'opt/.wh.old', content: '' },
  { name: '.wh.toplevel', content: '' },
  { name: 'opt/app/big.bin', content: Buffer.alloc(5000, 1) },
  { name: 'opt/app/' + 'x'.repeat(150) + '/long-name.txt', content: 'long' },
];

async function layer(entries: SyntheticEntry[], how: Compression): Promise<{ src: ReturnType<typeof memorySource>; info: LayerInfo; tar: Buffer; blob: Buffer }> {
  const tar = await makeTar(entries);
  const blob = compress(tar, how);
  return { src: memorySource([blob]), info: layerFor(blob, tar), tar, blob };
}

function collector(select: (m: FileMeta) => number | undefined): WalkVisitor & { got: Map<string, Buffer>; large: string[] } {
  const got = new Map<string, Buffer>();
  const large: string[] = [];
  return {
    got,
    large,
    select: (m) => {
      const max = select(m);
      return max === undefined ? undefined : { maxBytes: max };
    },
    file: (m, c) => {
      got.set(m.path, c);
    },
    tooLarge: (m) => {
      large.push(m.path);
    },
  };
}

for (const how of ['gzip', 'zstd', 'none'] as const) {
  void test(`walkLayer (${how}): paths, types, modes, whiteouts, hard link and long name`, async () => {
    const { src, info } = await layer(ENTRIES, how);
    const v = collector((m) => (m.path.startsWith('/opt/app/big') ? 100 : 1 << 20));
    const r = await walkLayer(src, info, v);
    assert.deepEqual(r.whiteouts.sort(), ['/opt/old', '/toplevel']);
    assert.deepEqual(r.opaqueDirs, ['/opt/app']);
    const byPath = new Map(r.entries.map((e) => [e.path, e]));
    assert.ok(!byPath.has('/'), 'the root entry is not recorded');
    assert.equal([...byPath.keys()].some((p) => p.includes('.wh.')), false, 'markers are not entries');
    assert.equal(byPath.get('/etc')?.type, 'dir');
    assert.equal(byPath.get('/usr/bin/tool')?.mode, 0o4755);
    assert.deepEqual(byPath.get('/usr/bin/sh'), { path: '/usr/bin/sh', type: 'symlink', mode: 0o644, uid: 0, gid: 0, size: 0, linkTarget: '../../bin/dash' });
    assert.equal(byPath.get('/usr/bin/tool-link')?.linkTarget, '/usr/bin/tool');
    assert.equal(v.got.get('/etc/os-release')?.toString(), 'ID=debian\n');
    assert.deepEqual(v.got.get('/usr/bin/tool-link'), Buffer.alloc(3000, 7));
    assert.equal(v.got.get('/opt/app/' + 'x'.repeat(150) + '/long-name.txt')?.toString(), 'long');
    assert.deepEqual(v.large, ['/opt/app/big.bin']);
    assert.equal(v.got.has('/opt/app/big.bin'), false);
  });
}

void test('walkLayer: a hard link whose target was not selected is read in a second pass', async () => {
  const { src, info } = await layer(ENTRIES, 'gzip');
  const v = collector((m) => (m.path === '/usr/bin/tool-link' ? 1 << 20 : undefined));
  await walkLayer(src, info, v);
  assert.deepEqual([...v.got.keys()], ['/usr/bin/tool-link']);
  assert.deepEqual(v.got.get('/usr/bin/tool-link'), Buffer.alloc(3000, 7));
});

void test('walkLayer: a hard link to a file its accept function turned down is skipped in one pass; another function reads it again', async () => {
  const elfNoMarker = Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(3000, 0x41)]);
  const script = Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.alloc(3000, 0x20)]);
  const entries: SyntheticEntry[] = [
    { name: 'usr/bin/perl', content: elfNoMarker, mode: 0o755 },
    { name: 'usr/bin/perl5.36.0', type: 'link', linkname: 'usr/bin/perl' },
    { name: 'bin/gunzip', content: script, mode: 0o755 },
    { name: 'bin/uncompress', type: 'link', linkname: 'bin/gunzip' },
  ];
  const tar = await makeTar(entries);
  const blob = compress(tar, 'gzip');
  const layerInfo = layerFor(blob, tar);
  const { source: counting, opens: opened } = countingSource(memorySource([blob]));
  /** Passes over the layer since the last call. */
  const passes = (): number => {
    const n = opened.get(layerInfo.descriptor.digest) ?? 0;
    opened.clear();
    return n;
  };
  const marker = Buffer.from('\xff Go buildinf:', 'latin1');
  // One function for every file, as the dispatcher gives to files judged by the same analyzers:
  // markers for ELF files (perl has none), false for scripts (gunzip).
  const sameRule = (head: Buffer): boolean | readonly Buffer[] => (head.subarray(0, 4).toString('latin1') === '\x7fELF' ? [marker] : false);
  const got: string[] = [];
  await walkLayer(counting, layerInfo, { select: () => ({ maxBytes: 1 << 20, accept: sameRule }), file: (m) => void got.push(m.path) });
  assert.deepEqual(got, []);
  assert.equal(passes(), 1, 'one pass: the links were judged by the rule that turned their targets down');

  // The links judged by another rule (one that takes any file) are read in a second pass.
  const takeAll = (): boolean => true;
  const again: string[] = [];
  await walkLayer(counting, layerInfo, {
    select: (m) => ({ maxBytes: 1 << 20, accept: m.type === 'hardlink' ? takeAll : sameRule }),
    file: (m) => void again.push(m.path),
  });
  assert.deepEqual(again.sort(), ['/bin/uncompress', '/usr/bin/perl5.36.0']);
  assert.equal(passes(), 2);

  // A link judged by another function that says it declines whatever sameRule declined: one pass.
  const narrower = (head: Buffer): boolean | readonly Buffer[] => sameRule(head);
  await walkLayer(counting, layerInfo, {
    select: (m) => (m.type === 'hardlink' ? { maxBytes: 1 << 20, accept: narrower, declinesAfter: (other) => other === sameRule } : { maxBytes: 1 << 20, accept: sameRule }),
    file: (m) => void again.push(m.path),
  });
  assert.equal(passes(), 1);
});

void test('walkLayer: accept() sees the head and can skip a file', async () => {
  const { src, info } = await layer([{ name: 'a.elf', content: Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(2000)]) }, { name: 'b.txt', content: 'text' }], 'gzip');
  const got: string[] = [];
  await walkLayer(src, info, {
    select: () => ({ maxBytes: 1 << 20, accept: (head) => head.subarray(0, 4).toString('latin1') === '\x7fELF' }),
    file: (m) => {
      got.push(m.path);
    },
  });
  assert.deepEqual(got, ['/a.elf']);
});

void test('walkLayer: accept() markers read only the files that contain one, whole, whatever the chunking', async () => {
  const marker = Buffer.from('.dep-v0');
  const body = (at: number | undefined, size = 20000): Buffer => {
    const b = Buffer.alloc(size, 0x41);
    b.write('\x7fELF', 0, 'latin1');
    if (at !== undefined) marker.copy(b, at);
    return b;
  };
  const files: Record<string, Buffer> = {
    '/hit-head': body(100),
    '/hit-middle': body(9000),
    '/hit-end': body(20000 - marker.length),
    '/miss': body(undefined),
    '/tiny-hit': body(10, 40),
    '/other': Buffer.from('not elf at all'),
  };
  const tar = await makeTar(Object.entries(files).map(([name, content]) => ({ name, content })));
  for (const chunk of [7, 512, 1000, 4099, tar.length]) {
    const src = memorySource([tar], chunk);
    const got = new Map<string, Buffer>();
    await walkLayer(src, layerFor(tar, tar), {
      select: () => ({ maxBytes: 1 << 20, accept: (head) => (head.subarray(0, 4).toString('latin1') === '\x7fELF' ? [marker] : false) }),
      file: (m, c) => {
        got.set(m.path, Buffer.from(c));
      },
    });
    assert.deepEqual([...got.keys()].sort(), ['/hit-end', '/hit-head', '/hit-middle', '/tiny-hit'], `chunks of ${chunk}`);
    for (const [p, c] of got) assert.ok(c.equals(files[p]!), `${p} whole, chunks of ${chunk}`);
  }
});

void test('walkLayer: markers on files above the zero-copy size: whole wherever the marker is, dropped without one', async () => {
  const marker = Buffer.from('.dep-v0');
  const SIZE = 17 << 20;
  const big = (at: number | undefined): Buffer => {
    const b = Buffer.alloc(SIZE, 0x42);
    b.write('\x7fELF', 0, 'latin1');
    for (let i = 4; i < b.length; i += 4099) b[i] = i & 0xff; // not one repeated byte: a misplaced copy shows
    if (at !== undefined) marker.copy(b, at);
    return b;
  };
  // '/big-seam' is the first entry: its byte p is tar byte 512 + p, so this marker straddles a 1 MiB boundary.
  const files: Record<string, Buffer> = {
    '/big-seam': big((9 << 20) - 512 - 3),
    '/big-head': big(100),
    '/big-end': big(SIZE - marker.length),
    '/big-miss': big(undefined),
  };
  const tar = await makeTar(Object.entries(files).map(([name, content]) => ({ name, content })));
  const gz = compress(tar, 'gzip');
  for (const [what, src, info] of [
    ['gzip', memorySource([gz]), layerFor(gz, tar)],
    ['tar in 1 MiB chunks', memorySource([tar], 1 << 20), layerFor(tar, tar)],
    ['tar in odd chunks', memorySource([tar], (1 << 20) + 7), layerFor(tar, tar)],
  ] as const) {
    const got = new Map<string, Buffer>();
    await walkLayer(src, info, {
      select: () => ({ maxBytes: 64 << 20, accept: () => [marker] }),
      file: (m, c) => {
        got.set(m.path, Buffer.from(c));
      },
    });
    assert.deepEqual([...got.keys()].sort(), ['/big-end', '/big-head', '/big-seam'], what);
    for (const [p, c] of got) assert.ok(c.equals(files[p]!), `${p} whole (${what})`);
  }
});

void test('walkLayer: onBytes reports every compressed byte', async () => {
  const { src, info, blob } = await layer(ENTRIES, 'gzip');
  let n = 0;
  await walkLayer(src, info, collector(() => undefined), { onBytes: (k) => (n += k) });
  assert.equal(n, blob.length);
});

/** Recomputes the checksum of the tar header at `at` after a field was patched. */
function fixChecksum(tar: Buffer, at: number): void {
  tar.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + 512; i++) sum += tar[i]!;
  tar.write(sum.toString(8).padStart(6, '0') + '\0 ', at + 148, 'latin1');
}

async function rejectsWith(p: Promise<unknown>, code: string, mention: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof InputError || err instanceof IntegrityError, `got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.message.includes(mention), `message names ${mention}: ${err.message}`);
    assert.ok(!err.message.includes('\n'), 'one line');
    return true;
  });
}

void test('walkLayer: truncated tar → E_INPUT_TRUNCATED_TAR naming the layer', async () => {
  const tar = (await makeTar(ENTRIES)).subarray(0, 512 * 6 + 100);
  const blob = compress(tar, 'gzip');
  const info = layerFor(blob, tar);
  await rejectsWith(walkLayer(memorySource([blob]), info, collector(() => 1 << 20)), 'E_INPUT_TRUNCATED_TAR', info.descriptor.digest);
});

for (const how of ['gzip', 'zstd'] as const) {
  void test(`walkLayer: corrupt ${how} → E_INPUT_CORRUPT_COMPRESSION`, async () => {
    const tar = await makeTar(ENTRIES);
    const blob = Buffer.from(compress(tar, how));
    for (let i = 20; i < blob.length - 20; i += 7) blob[i] = blob[i]! ^ 0x5a;
    const info = layerFor(blob, tar);
    await rejectsWith(walkLayer(memorySource([blob]), info, collector(() => 1 << 20)), 'E_INPUT_CORRUPT_COMPRESSION', info.descriptor.digest);
  });
  void test(`walkLayer: ${how} stream cut short → E_INPUT_CORRUPT_COMPRESSION or truncated`, async () => {
    const tar = await makeTar(ENTRIES);
    const full = compress(tar, how);
    const blob = full.subarray(0, Math.floor(full.length / 2));
    const info = layerFor(blob, tar);
    await assert.rejects(walkLayer(memorySource([blob]), info, collector(() => 1 << 20)), (err: InputError) =>
      ['E_INPUT_CORRUPT_COMPRESSION', 'E_INPUT_TRUNCATED_TAR'].includes(err.code));
  });
}

void test('walkLayer: blob digest mismatch → IntegrityError', async () => {
  const { tar, blob } = await layer(ENTRIES, 'gzip');
  const info = layerFor(blob, tar);
  const tampered = Buffer.from(blob);
  tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
  // Serve tampered bytes under the original digest, verified the way every real source does.
  const src = { ...memorySource([blob]), openBlob: async (d: Descriptor) => Readable.from([tampered]).pipe(new VerifyingStream(d.digest, d.size, 'memory')) };
  await rejectsWith(walkLayer(src, info, collector(() => undefined)), 'E_DIGEST_MISMATCH', info.descriptor.digest);
});

void test('walkLayer: a tampered byte early in a big gzip blob is a digest mismatch, not corrupt compression', async () => {
  const { tar, blob } = await layer([{ name: 'noise.bin', content: randomBytes(4 << 20) }], 'gzip');
  const info = layerFor(blob, tar);
  const tampered = Buffer.from(blob);
  for (let i = 4096; i < 8192; i++) tampered[i] = tampered[i]! ^ 0x5a;
  // Served in 16 KiB chunks: gunzip fails long before the digest check at the end of the blob.
  const chunks = Array.from({ length: Math.ceil(tampered.length / 16384) }, (_, i) => tampered.subarray(i * 16384, (i + 1) * 16384));
  const src = { ...memorySource([blob]), openBlob: async (d: Descriptor) => Readable.from(chunks).pipe(new VerifyingStream(d.digest, d.size, 'memory')) };
  await rejectsWith(walkLayer(src, info, collector(() => 1 << 20)), 'E_DIGEST_MISMATCH', info.descriptor.digest);
});

void test('walkLayer: diffId mismatch → IntegrityError naming the layer and both digests', async () => {
  const { src, info } = await layer(ENTRIES, 'gzip');
  const wrong = `sha256:${'0'.repeat(64)}`;
  await rejectsWith(walkLayer(src, { ...info, diffId: wrong }, collector(() => undefined)), 'E_DIGEST_MISMATCH', wrong);
});

for (const name of ['../etc/passwd', './a/../../etc/passwd', '/../../etc/shadow']) {
  void test(`walkLayer: ${name} → E_INPUT_UNSAFE_PATH`, async () => {
    const { src, info } = await layer([{ name: 'ok', content: 'x' }, { name, content: 'root::0:0' }], 'gzip');
    await rejectsWith(walkLayer(src, info, collector(() => 1 << 20)), 'E_INPUT_UNSAFE_PATH', JSON.stringify(name));
  });
}

void test('walkLayer: an absolute name inside the root is normalised, not refused', async () => {
  const { src, info } = await layer([{ name: '/etc/hosts', content: 'x' }], 'none');
  const r = await walkLayer(src, info, collector(() => undefined));
  assert.deepEqual(r.entries.map((e) => e.path), ['/etc/hosts']);
});

void test('walkLayer: a header claiming 10 GB is never buffered (truncated, RSS stays small)', async () => {
  const tar = Buffer.from(await makeTar([{ name: 'huge.bin', content: 'x' }]));
  // Rewrite the size field as GNU base-256 10 GiB and fix the header checksum.
  const size = 10n * 1024n ** 3n;
  tar.fill(0, 124, 136);
  tar[124] = 0x80;
  for (let i = 0; i < 8; i++) tar[135 - i] = Number((size >> BigInt(8 * i)) & 0xffn);
  fixChecksum(tar, 0);
  const body = Buffer.concat([tar.subarray(0, 512), Buffer.alloc(64 << 20, 0x41)]); // 64 MiB of a 10 GiB claim
  const blob = compress(body, 'gzip');
  const info = layerFor(blob, body);
  for (const maxBytes of [1 << 20, 2 ** 40]) {
    const before = process.memoryUsage().rss;
    const v = collector(() => maxBytes);
    await rejectsWith(walkLayer(memorySource([blob]), info, v), 'E_INPUT_TRUNCATED_TAR', info.descriptor.digest);
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 200 << 20, `rss grew ${grown} bytes`);
    assert.equal(v.got.size, 0);
  }
});

void test('walkLayer: visitor errors propagate and stop the walk', async () => {
  const { src, info } = await layer(ENTRIES, 'gzip');
  await assert.rejects(
    walkLayer(src, info, {
      select: () => ({ maxBytes: 1 << 20 }),
      file: () => {
        throw new Error('visitor failed');
      },
    }),
    /visitor failed/,
  );
});

void test('walkLayer: an aborted signal stops the walk', async () => {
  const { src, info } = await layer(ENTRIES, 'gzip');
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(walkLayer(src, info, collector(() => undefined), { signal: ac.signal }));
});

void test('walkLayer: a GNU sparse member (type S, 1 GiB apparent size) is recorded as other and never read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reins-sparse-'));
  try {
    await writeFile(join(dir, 'disk.img'), 'head');
    await truncate(join(dir, 'disk.img'), 1 << 30);
    await writeFile(join(dir, 'after.txt'), 'after');
    execFileSync('tar', ['--format=gnu', '--sparse', '-cf', join(dir, 'l.tar'), '-C', dir, 'disk.img', 'after.txt']);
    const tar = await readFile(join(dir, 'l.tar'));
    assert.equal(String.fromCharCode(tar[156]!), 'S', 'GNU tar wrote a sparse member');
    const blob = compress(tar, 'gzip');
    const selected: string[] = [];
    const r = await walkLayer(memorySource([blob]), layerFor(blob, tar), {
      select: (m) => {
        selected.push(m.path);
        return { maxBytes: 1 << 20 };
      },
      file: () => undefined,
    });
    assert.deepEqual(r.entries.map((e) => [e.path, e.type]), [['/disk.img', 'other'], ['/after.txt', 'file']]);
    assert.deepEqual(selected, ['/after.txt']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

void test('walkLayer: PAX uid/gid beyond the ustar range and file-type bits in the mode field', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reins-pax-'));
  try {
    // Python's tarfile writes uid/gid that do not fit in 7 octal digits as PAX records.
    execFileSync('python3', ['-c', `
import tarfile, io
with tarfile.open(${JSON.stringify(join(dir, 'l.tar'))}, 'w', format=tarfile.PAX_FORMAT) as t:
    i = tarfile.TarInfo('home/u/file'); i.size = 2; i.uid = 3000000; i.gid = 3000001; i.mode = 0o2755
    t.addfile(i, io.BytesIO(b'hi'))
`]);
    const tar = await readFile(join(dir, 'l.tar'));
    // The file's header follows the PAX header and its records; patch its mode to carry S_IFREG.
    const at = tar.indexOf('home/u/file', 512) - 0;
    assert.ok(at > 0 && at % 512 === 0);
    tar.write('0102755\0', at + 100, 'latin1');
    fixChecksum(tar, at);
    const blob = compress(tar, 'gzip');
    const r = await walkLayer(memorySource([blob]), layerFor(blob, tar), collector(() => undefined));
    assert.deepEqual(r.entries, [{ path: '/home/u/file', type: 'file', mode: 0o2755, uid: 3000000, gid: 3000001, size: 2 }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
