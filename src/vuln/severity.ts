/**
 * @module vuln/severity
 * Picks one severity for a vulnerability from everything its records say, in this order:
 * a CVSS v3.1 vector, a CVSS v4.0 vector, a CVSS v3.0 vector (base scores computed by reins from the
 * vector, see cvss/; for v4.0 that is CVSS-B, and the verdict says when the vector's Threat or
 * Environmental metrics were left out), then the database's own rating (GitHub's
 * `database_specific.severity`, Debian's tracker urgency, Ubuntu's priority). `severitySource` names
 * the winner and why, so a reader can check it.
 */
import { cvssBaseScore, ratingForScore } from './cvss/index.ts';
import { cvss4HasThreatOrEnvironmental } from './cvss/v4.ts';
import { exact, flat } from './flat.ts';
import type { OsvAffected, OsvRecord } from './osv/schema.ts';
import type { CvssScore, Severity } from './types.ts';

export interface SeverityVerdict {
  severity: Severity;
  severitySource: string;
  cvss: CvssScore[];
}

// Vectors repeat across records (GHSA copies NVD's); scoring is pure, so memoise it.
const scored = new Map<string, ReturnType<typeof cvssBaseScore>>();
function score(vector: string): ReturnType<typeof cvssBaseScore> {
  let r = scored.get(vector);
  if (r === undefined && !scored.has(vector)) {
    if (scored.size > 50_000) scored.clear();
    r = cvssBaseScore(vector);
    scored.set(vector, r);
  }
  return r;
}

const PREFERENCE: readonly CvssScore['version'][] = ['3.1', '4.0', '3.0'];

const WORDS: Record<string, Severity> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  important: 'HIGH',
  moderate: 'MEDIUM',
  medium: 'MEDIUM',
  low: 'LOW',
  negligible: 'LOW',
  unimportant: 'LOW',
};

/** A database's word for severity (GHSA `MODERATE`, Debian `low**`) → reins severity. */
export function severityFromWord(word: string): Severity | undefined {
  return WORDS[word.toLowerCase().replace(/\*+$/, '').trim()];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `records` come with the affected entries that matched (same order); the first record is primary. */
export function pickSeverity(matches: readonly { record: OsvRecord; affected: OsvAffected }[]): SeverityVerdict {
  const cvss: CvssScore[] = [];
  // Only the first database rating can be chosen (when no vector is scorable): its text is built only then.
  let word: Severity | undefined;
  let wordWhat = '';
  let wordText = '';
  let wordId = '';
  for (const { record, affected } of matches) {
    // The record's severities, then the entry's (two loops: no concatenated copy per match).
    for (let k = 0; k < 2; k++) {
      const list = k === 0 ? record.severity : affected.severity;
      if (!list) continue;
      for (const s of list) {
        if (s.type === 'CVSS_V3' || s.type === 'CVSS_V4') {
          const r = score(s.score);
          // `cvss` holds each vector once (a short list: a scan, not a Set per finding).
          if (r && !cvss.some((c) => c.vector === s.score)) {
            cvss.push({ version: r.version, vector: s.score, baseScore: r.baseScore, source: record.id });
          }
        } else if (s.type === 'Ubuntu' && word === undefined) {
          const sev = severityFromWord(s.score);
          if (sev) {
            word = sev;
            wordWhat = 'Ubuntu priority';
            wordText = s.score;
            wordId = record.id;
          }
        }
      }
    }
    if (word !== undefined) continue;
    const ghsa = str(record.database_specific?.severity);
    const ghsaSev = ghsa ? severityFromWord(ghsa) : undefined;
    if (ghsa && ghsaSev) {
      word = ghsaSev;
      wordWhat = 'database_specific.severity';
      wordText = ghsa;
      wordId = record.id;
      continue;
    }
    const urgency = str(affected.database_specific?.urgency) ?? str(affected.ecosystem_specific?.urgency);
    const urgencySev = urgency ? severityFromWord(urgency) : undefined;
    if (urgency && urgencySev) {
      word = urgencySev;
      wordWhat = 'Debian urgency';
      wordText = urgency;
      wordId = record.id;
    }
  }
  for (const version of PREFERENCE) {
    const best = cvss.find((c) => c.version === version);
    if (best) {
      const others = cvss.length > 1 ? `; preferred over ${cvss.length - 1} other vector(s) by version order 3.1 > 4.0 > 3.0` : '';
      // A v4.0 vector with Threat/Environmental values has a BT/BE/BTE score elsewhere; say which one this is.
      const kind = version === '4.0' && cvss4HasThreatOrEnvironmental(best.vector) ? " (CVSS-B base score: the vector's threat/environmental metrics are not applied)" : '';
      return {
        severity: ratingForScore(best.baseScore),
        severitySource: flat('cvss-v', version, ' ', String(best.baseScore), ' from ', best.vector, ' in ', best.source, kind, others),
        cvss: exact(cvss),
      };
    }
  }
  if (word !== undefined) {
    return { severity: word, severitySource: flat(wordWhat, ' "', wordText, '" in ', wordId, ' (no scorable CVSS vector)'), cvss: exact(cvss) };
  }
  return { severity: 'UNKNOWN', severitySource: 'no CVSS vector or database rating in the matched records', cvss: exact(cvss) };
}
