/**
 * The dpkg cataloger over whole testbed filesystems, through the scan's real dispatcher: every
 * regular file of the rootfs is offered, the wanted ones parsed, as a scan of a one-layer image would.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { compileDispatcher } from '../dispatch.ts';
import type { CatalogOutput } from '../types.ts';
import { dpkgCataloger } from './index.ts';

const ROOTFS = join(process.env.TESTBED_OUT ?? join(homedir(), '.cache/reins-testbed'), 'rootfs');
const REFERENCE = new URL('../../../../shared/testbed/reference/', import.meta.url);

/** Regular files under `dir` (absolute image paths), not following symlinks. */
function* walk(root: string, dir = '/'): Generator<string> {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`;
    if (entry.isDirectory()) yield* walk(root, path);
    else if (entry.isFile()) yield path;
  }
}

function scan(root: string): { outputs: CatalogOutput[]; parsed: string[] } {
  const dispatcher = compileDispatcher([dpkgCataloger]);
  const outputs: CatalogOutput[] = [];
  const parsed: string[] = [];
  // Only /var/lib/dpkg can hold wanted files; walking it alone keeps the test quick.
  for (const path of walk(root, '/var/lib/dpkg')) {
    const st = lstatSync(join(root, path));
    const match = dispatcher.match({ path, type: 'file', mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size });
    if (!match) continue;
    parsed.push(path);
    outputs.push(dpkgCataloger.parse({ meta: { path, type: 'file', mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size }, content: readFileSync(join(root, path)) }));
  }
  return { outputs, parsed };
}

function trivyDebianNames(image: string): string[] {
  return readFileSync(new URL(`${image}/packages.tsv`, REFERENCE), 'utf8').split('\n')
    .filter((l) => l.startsWith('debian\t')).map((l) => l.split('\t')[1]!).sort();
}

for (const image of ['debian-base', 'distroless-like', 'py-tools', 'node-app']) {
  const root = join(ROOTFS, image);
  void describe(`${image} rootfs`, { skip: !existsSync(join(root, 'var/lib/dpkg')) && 'testbed not built' }, () => {
    const { outputs, parsed } = existsSync(join(root, 'var/lib/dpkg')) ? scan(root) : { outputs: [], parsed: [] };
    void it('parses only the status database and file lists, without diagnostics', () => {
      assert.ok(parsed.every((p) => p === '/var/lib/dpkg/status' || /^\/var\/lib\/dpkg\/(info|status\.d)\/[^/]+$/.test(p)));
      assert.ok(!parsed.includes('/var/lib/dpkg/status-old'));
      assert.deepEqual(outputs.flatMap((o) => o.diagnostics ?? []), []);
    });
    void it("finds Trivy's package names", () => {
      assert.deepEqual(outputs.flatMap((o) => o.packages ?? []).map((p) => p.name).sort(), trivyDebianNames(image));
    });
    void it('owns files that exist in the filesystem', () => {
      const owned = new Set(outputs.flatMap((o) => o.ownedFiles ?? []));
      assert.ok(owned.size > 1000, `${owned.size} owned files`);
      assert.ok(owned.has('/usr/share/doc/libc6/copyright'));
      // dpkg's lists name the files it unpacked; a path missing from the rootfs would mean we
      // mangled it (diverted files and conffiles removed later are the only legitimate misses).
      const missing = [...owned].filter((p) => !existsSync(join(root, p)));
      assert.ok(missing.length <= 5, `missing: ${missing.slice(0, 10).join(' ')}`);
    });
  });
}
