/**
 * @module report/junit/xml
 * Minimal XML 1.0 writing: escaping for text and attributes, and dropping the characters XML 1.0
 * cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), which
 * package metadata and secret matches may contain. https://www.w3.org/TR/xml/#charsets
 */

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values keep their line breaks and tabs as character references (not normalised away). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** `<name a="…"/>`, `<name>text</name>` or `<name>` + children (already XML) + `</name>`, indented. */
export function el(name: string, a: Attrs, content?: string | string[], indent = ''): string {
  if (content === undefined || (Array.isArray(content) && content.length === 0)) return `${indent}<${name}${attrs(a)}/>`;
  if (typeof content === 'string') return `${indent}<${name}${attrs(a)}>${xmlText(content)}</${name}>`;
  return `${indent}<${name}${attrs(a)}>\n${content.join('\n')}\n${indent}</${name}>`;
}
