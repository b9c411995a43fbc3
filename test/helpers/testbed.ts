/**
 * Where the testbed's real images are (`../shared/testbed/build-all.sh` builds them into
 * $TESTBED_OUT, default ~/.cache/reins-testbed) and its committed reference answers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const TESTBED_OUT = process.env.TESTBED_OUT ?? join(homedir(), '.cache', 'reins-testbed');
export const SHARED = resolve(import.meta.dirname, '..', '..', '..', 'shared');
export const REFERENCE = join(SHARED, 'testbed', 'reference');

export const IMAGES = [
  'big-mixed', 'debian-base', 'distroless-like', 'go-bins', 'go-bins-mod', 'java-libs',
  'layered-tricks', 'node-app', 'node-app-multiarch', 'node-app-zstd', 'py-tools',
] as const;

export function testbedReady(): boolean {
  return existsSync(join(TESTBED_OUT, 'images', 'node-app', 'oci', 'index.json'));
}

/** Reason to skip a test when the testbed has not been built, else false. */
export function skipWithoutTestbed(): string | false {
  return testbedReady() ? false : `testbed not built at ${TESTBED_OUT} (run ../shared/testbed/build-all.sh)`;
}

export const ociLayout = (image: string): string => join(TESTBED_OUT, 'images', image, 'oci');
export const dockerArchive = (image: string): string => join(TESTBED_OUT, 'images', image, `${image}.docker.tar`);
export const ociArchive = (image: string): string => join(TESTBED_OUT, 'images', image, `${image}.oci.tar`);

/** Rows of a reference TSV as objects keyed by the header. */
export function readTsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const cols = header!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}
