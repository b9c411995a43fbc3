/**
 * @module report/license
 * SPDX license expressions (SPDX 2.3 Annex D): validation and normalisation of the license strings
 * catalogers report, shared by the SBOM formats. Ids are checked against the SPDX license list
 * that `@cyclonedx/cyclonedx-library` ships (licenses and exceptions, case fixed up the way the
 * spec allows: ids match case-insensitively).
 *
 * Limits: the list mixes license and exception ids, so an exception after `WITH` is recognised by
 * containing `exception` in its id; `DocumentRef-…:LicenseRef-…` is accepted without checking
 * that the document reference exists.
 */
import { SPDX } from '@cyclonedx/cyclonedx-library';

export type NormalizedLicense =
  | { kind: 'id'; id: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'other'; text: string };

const LICENSE_REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;

function tokenize(s: string): string[] | undefined {
  const tokens: string[] = [];
  for (const raw of s.replace(/([()])/g, ' $1 ').split(/\s+/)) {
    if (raw === '') continue;
    if (!/^[A-Za-z0-9.+:()-]+$/.test(raw)) return undefined;
    tokens.push(raw);
  }
  return tokens;
}

/** The canonical spelling of a simple license id (`mit` → `MIT`, `GPL-2.0+` kept), or undefined. */
function canonicalSimple(token: string): string | undefined {
  if (LICENSE_REF.test(token)) return token;
  const plus = token.endsWith('+') ? '+' : '';
  const id = SPDX.fixupSpdxId(plus ? token.slice(0, -1) : token);
  if (!id || /exception/i.test(id)) return undefined;
  return id + plus;
}

/**
 * Parses an SPDX license expression and returns it with canonical id spelling and operators in
 * upper case, or undefined when it is not a valid expression.
 */
export function canonicalExpression(s: string): string | undefined {
  const tokens = tokenize(s.trim());
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const op = (name: string): boolean => peek()?.toUpperCase() === name;

  // compound := and (OR and)* ; and := with (AND with)* ; with := simple [WITH exception] | ( compound )
  function primary(): string | undefined {
    if (peek() === '(') {
      pos++;
      const inner = compound();
      if (inner === undefined || peek() !== ')') return undefined;
      pos++;
      return `(${inner})`;
    }
    const t = peek();
    if (t === undefined || t === ')' || op('AND') || op('OR') || op('WITH')) return undefined;
    pos++;
    const id = canonicalSimple(t);
    if (!id) return undefined;
    if (!op('WITH')) return id;
    pos++;
    const e = peek();
    const exc = e === undefined ? undefined : SPDX.fixupSpdxId(e);
    if (!exc || !/exception/i.test(exc)) return undefined;
    pos++;
    return `${id} WITH ${exc}`;
  }
  function chain(next: () => string | undefined, name: string): string | undefined {
    let left = next();
    while (left !== undefined && op(name)) {
      pos++;
      const right = next();
      if (right === undefined) return undefined;
      left = `${left} ${name} ${right}`;
    }
    return left;
  }
  function compound(): string | undefined {
    return chain(() => chain(primary, 'AND'), 'OR');
  }
  const out = compound();
  return out !== undefined && pos === tokens.length ? out : undefined;
}

export function isValidSpdxExpression(s: string): boolean {
  return canonicalExpression(s) !== undefined;
}

/** Classifies one license string as a catalogers found it. */
export function normalizeLicense(s: string): NormalizedLicense {
  const text = s.trim();
  const expr = canonicalExpression(text);
  if (expr === undefined) return { kind: 'other', text };
  return /\s|\(/.test(expr) ? { kind: 'expression', expression: expr } : { kind: 'id', id: expr };
}

/** `LicenseRef-` id for a non-SPDX license text: letters, digits, `.` and `-` only (SPDX 2.3 §10.1). */
export function licenseRefFor(text: string): string {
  const idString = text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
  return `LicenseRef-${idString}`;
}
