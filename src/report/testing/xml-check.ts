/**
 * @module report/testing/xml-check
 * A strict XML 1.0 well-formedness check for the format tests (no dependency): one root element,
 * balanced and properly nested tags, well-formed attributes (quoted, unique per element), only the
 * five predefined entities or character references, no `<` or bare `&` in text, no forbidden
 * characters. Not a validating parser: DTDs, CDATA, comments and PIs other than the declaration
 * are rejected because the formats never write them.
 */
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
// eslint-disable-next-line no-control-regex -- looking for forbidden characters
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkRefs(s: string, where: string): string | undefined {
  if (s.includes('<')) return `'<' in ${where}`;
  for (const m of s.matchAll(/&([^;]*);?/g)) {
    const ref = m[1] ?? '';
    if (!m[0].endsWith(';') || !/^(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+)$/.test(ref)) return `bad reference '${m[0]}' in ${where}`;
  }
  return undefined;
}

/** Returns the problems found (empty when well-formed). */
export function xmlProblems(doc: string): string[] {
  const problems: string[] = [];
  if (FORBIDDEN.test(doc)) problems.push('forbidden character');
  let rest = doc.replace(/^<\?xml\s+version="1\.0"(\s+encoding="UTF-8")?\s*\?>\s*/, '');
  if (rest === doc) problems.push('missing XML declaration');
  const stack: string[] = [];
  let roots = 0;
  while (rest.length) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (stack.length === 0 && text.trim()) problems.push(`text outside the root: ${text.trim().slice(0, 30)}`);
    const bad = checkRefs(text, 'text');
    if (bad) problems.push(bad);
    if (lt === -1) break;
    const gt = rest.indexOf('>', lt);
    if (gt === -1) {
      problems.push('unterminated tag');
      break;
    }
    const tag = rest.slice(lt + 1, gt);
    rest = rest.slice(gt + 1);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) problems.push(`mismatched </${name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s/>]+)([\s\S]*)$/.exec(body);
    const name = m?.[1] ?? '';
    if (!NAME.test(name)) problems.push(`bad element name '${name}'`);
    const seen = new Set<string>();
    let attrs = (m?.[2] ?? '').trim();
    while (attrs) {
      const a = /^([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')\s*/.exec(attrs);
      if (!a) {
        problems.push(`bad attribute syntax in <${name}>: ${attrs.slice(0, 30)}`);
        break;
      }
      const an = a[1] ?? '';
      if (!NAME.test(an)) problems.push(`bad attribute name '${an}'`);
      if (seen.has(an)) problems.push(`duplicate attribute ${an}`);
      seen.add(an);
      const bad2 = checkRefs(a[3] ?? a[4] ?? '', `attribute ${an}`);
      if (bad2) problems.push(bad2);
      attrs = attrs.slice(a[0].length);
    }
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(name);
  }
  if (stack.length) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
