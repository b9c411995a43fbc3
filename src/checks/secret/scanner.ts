/**
 * @module checks/secret/scanner
 * The file secret scanner, shaped like a cataloger: `wants` tells the layer walker which files to
 * hand over, `scanFile` scans one file of one layer (pure: same bytes, same findings) and returns
 * drafts; the walker adds the layer, its origin and whether a later layer deleted the file.
 * Line numbers are 1-based, of the line where the match starts (for a PEM key: the BEGIN line).
 */
import type { CatalogFile, Wants } from '../../catalog/types.ts';
import { findSecrets } from './engine.ts';
import { redactLine } from './redact.ts';
import type { SecretDraft } from './types.ts';
import { MAX_SECRET_FILE_BYTES, looksLikeText, wantsSecretScan } from './wants.ts';

/** Scans decoded text (offsets = byte offsets when decoded as latin1) and builds drafts. */
export function scanText(
  text: string,
  path: string,
  decodeLine: (start: number, end: number) => string = (s, e) => text.slice(s, e),
): SecretDraft[] {
  const matches = findSecrets(text, path, 'file').sort((a, b) => a.matchStart - b.matchStart);
  const drafts: SecretDraft[] = [];
  // One forward pass over the text counts lines for all matches (sorted by offset).
  let line = 1;
  let lineStart = 0;
  for (const m of matches) {
    let nl = text.indexOf('\n', lineStart);
    while (nl !== -1 && nl < m.matchStart) {
      line++;
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    const lineEnd = nl === -1 ? text.length : nl;
    const lineText = decodeLine(lineStart, lineEnd);
    // Offsets inside the decoded line: decoding may shorten multi-byte text before the secret.
    const prefix = decodeLine(lineStart, Math.min(Math.max(m.secretStart, lineStart), lineEnd)).length;
    const inLine = Math.min(m.secretEnd, lineEnd) - Math.max(m.secretStart, lineStart);
    drafts.push({
      ruleId: m.rule.id,
      category: m.rule.category,
      title: m.rule.title,
      severity: m.rule.severity,
      source: 'file',
      path,
      line,
      match: redactLine(lineText, prefix, prefix + Math.max(0, inLine), m.secret),
    });
  }
  return drafts;
}

const wants: Wants = {
  maxBytes: MAX_SECRET_FILE_BYTES,
  predicate: wantsSecretScan,
  accept: looksLikeText,
};

export const secretScanner: { id: 'secret'; version: number; wants: Wants; scanFile(file: CatalogFile): SecretDraft[] } = {
  id: 'secret',
  /** Bump when rules or output change: part of the layer-cache key. */
  version: 1,
  wants,
  scanFile(file: CatalogFile): SecretDraft[] {
    const { content, meta } = file;
    if (!looksLikeText(content.subarray(0, 512))) return [];
    const text = content.toString('latin1');
    return scanText(text, meta.path, (s, e) => content.subarray(s, e).toString('utf8'));
  },
};
