/**
 * @module catalog/dispatch
 * Compiles the `wants` of every file analyzer (catalogers, the secret scanner) into ONE matcher,
 * built once per scan, so each tar entry costs a map lookup or two instead of a loop over analyzers.
 * Order of tests: exact path → basename → suffix → prefix → predicate-only analyzers.
 */
import { posix } from 'node:path';
import type { FileMeta } from '../image/types.ts';
import type { Wants } from './types.ts';

/** Anything that declares files it wants: a Cataloger or a content scanner. */
export interface FileAnalyzer {
  readonly id: string;
  readonly version: number;
  readonly wants: Wants;
}

export interface DispatchMatch<A extends FileAnalyzer> {
  analyzers: A[];
  /** Largest maxBytes among the matching analyzers: what the walker buffers. */
  maxBytes: number;
  /**
   * Present only when every matching analyzer sniffs or needs a marker: true reads the file, false
   * skips it, a list of markers reads it only if its bytes contain one of them.
   */
  accept?: Accept;
  /**
   * With accept: true when content that `other` (another match's accept) turned down is turned
   * down here too, because this match's analyzers are all among that match's. The walker asks it
   * for a hard link whose target was declined (the secret scanner takes /usr/bin/perl but not its
   * hard link /usr/bin/perl5.36.0; the Go and Rust catalogers judge both).
   */
  declinesAfter?(other: Accept): boolean;
}

type Accept = (head: Buffer) => boolean | readonly Buffer[];

export interface Dispatcher<A extends FileAnalyzer> {
  match(meta: FileMeta): DispatchMatch<A> | undefined;
  /** Analyzers among `match.analyzers` that take this content (size and sniff checked per analyzer). */
  takers(match: DispatchMatch<A>, content: Buffer): A[];
}

const markers = new Map<string, Buffer>();
function markerOf(s: string): Buffer {
  let m = markers.get(s);
  if (m === undefined) markers.set(s, (m = Buffer.from(s, 'latin1')));
  return m;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compileDispatcher<A extends FileAnalyzer>(analyzers: readonly A[]): Dispatcher<A> {
  const byPath = new Map<string, A[]>();
  const byBase = new Map<string, A[]>();
  const suffixes: [string, A][] = [];
  const prefixes: [string, A][] = [];
  const predicateOnly: A[] = [];
  const ids = new Set<string>();
  for (const a of analyzers) {
    // Matches are shared by the set of analyzer ids (below), so an id must name one analyzer.
    if (ids.has(a.id)) throw new Error(`two file analyzers share the id '${a.id}'`);
    ids.add(a.id);
    const w = a.wants;
    for (const p of w.paths ?? []) push(byPath, p, a);
    for (const b of w.basenames ?? []) push(byBase, b, a);
    for (const s of w.suffixes ?? []) suffixes.push([s, a]);
    for (const p of w.prefixes ?? []) prefixes.push([p, a]);
    const cheap = Boolean(w.paths?.length || w.basenames?.length || w.suffixes?.length || w.prefixes?.length);
    if (!cheap && w.predicate) predicateOnly.push(a);
  }

  function candidates(path: string): Set<A> | undefined {
    let found: Set<A> | undefined;
    const add = (list: readonly A[] | undefined): void => {
      if (!list) return;
      found ??= new Set();
      for (const a of list) found.add(a);
    };
    add(byPath.get(path));
    add(byBase.get(posix.basename(path)));
    for (const [s, a] of suffixes) if (path.endsWith(s)) add([a]);
    for (const [p, a] of prefixes) if (path.startsWith(p)) add([a]);
    return found;
  }

  /** Each compiled accept function's analyzers. */
  const analyzersOf = new Map<Accept, ReadonlySet<A>>();
  function compile(chosen: A[]): DispatchMatch<A> {
    const maxBytes = Math.max(...chosen.map((a) => a.wants.maxBytes));
    if (chosen.some((a) => a.wants.accept === undefined && a.wants.mustContain === undefined)) return { analyzers: chosen, maxBytes };
    const accept: Accept = (head) => {
      let markers: Buffer[] | undefined;
      for (const a of chosen) {
        if (a.wants.accept !== undefined && !a.wants.accept(head)) continue;
        if (a.wants.mustContain === undefined) return true;
        (markers ??= []).push(markerOf(a.wants.mustContain));
      }
      return markers ?? false;
    };
    const declinesAfter = (other: Accept): boolean => {
      if (other === accept) return true;
      const theirs = analyzersOf.get(other);
      return theirs !== undefined && chosen.every((a) => theirs.has(a));
    };
    analyzersOf.set(accept, new Set(chosen));
    return { analyzers: chosen, maxBytes, accept, declinesAfter };
  }

  /**
   * One match per set of chosen analyzers: files judged by the same analyzers share one accept
   * function (and the walker's map of declined files holds a few functions, not one per file).
   */
  const matches = new Map<string, DispatchMatch<A>>();

  return {
    match(meta) {
      if (meta.type !== 'file' && meta.type !== 'hardlink') return undefined;
      const chosen: A[] = [];
      for (const a of candidates(meta.path) ?? []) if (!a.wants.predicate || a.wants.predicate(meta)) chosen.push(a);
      for (const a of predicateOnly) if (a.wants.predicate?.(meta)) chosen.push(a);
      if (chosen.length === 0) return undefined;
      const key = chosen.length === 1 ? chosen[0]!.id : chosen.map((a) => a.id).join('\0');
      let m = matches.get(key);
      if (m === undefined) matches.set(key, (m = compile(chosen)));
      return m;
    },
    takers(match, content) {
      const head = content.subarray(0, 8192);
      return match.analyzers.filter(
        (a) =>
          content.length <= a.wants.maxBytes &&
          (!a.wants.accept || a.wants.accept(head)) &&
          (a.wants.mustContain === undefined || content.includes(markerOf(a.wants.mustContain))),
      );
    },
  };
}
