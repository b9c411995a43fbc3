/**
 * @module policy/load
 * Reads and validates a policy file BEFORE any scanning: YAML syntax, the schema (unknown fields,
 * wrong types, missing expiry on exceptions), one condition kind per rule, CEL that compiles.
 * Every mistake is an InputError E_POLICY naming the file, the line and the reason.
 * `preset:<name>` loads one of the presets in ./presets/ (ordinary policy files).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../common/errors.ts';
import { CelCompileError, compileCondition, type Condition, type Subject } from './cel.ts';
import { exceptionFileSchema, policySchema, type ExceptionDoc, type PolicyDoc, type RuleDoc } from './schema.ts';

export const PRESETS = ['cis', 'default', 'strict'] as const;
const PRESET_DIR = join(import.meta.dirname, 'presets');

const SIMPLE_KINDS = ['maxSeverity', 'denyPackages', 'denyLicenses', 'allowedRegistries', 'allowedBaseImages', 'requireNonRoot', 'denySecrets', 'failedChecks', 'condition'] as const;
export type RuleKind = (typeof SIMPLE_KINDS)[number];

export interface CompiledRule extends RuleDoc {
  kind: RuleKind;
  /** For `condition` rules. */
  subject?: Subject;
  evaluate?: Condition;
}

export interface CompiledPolicy {
  name: string;
  file: string;
  /** sha256 of the policy file and its exception files, recorded in every verdict. */
  hash: string;
  rules: CompiledRule[];
  exceptions: (ExceptionDoc & { file: string })[];
}

interface Located { doc: Document; lines: LineCounter; file: string }

function lineOf(src: Located, path: readonly PropertyKey[]): number | undefined {
  for (let p = [...path]; p.length >= 0; p = p.slice(0, -1)) {
    const node = src.doc.getIn(p as unknown[], true);
    if (isNode(node) && node.range) return src.lines.linePos(node.range[0]).line;
    if (p.length === 0) break;
  }
  return undefined;
}

function fail(src: Located, path: readonly PropertyKey[], reason: string): never {
  const line = lineOf(src, path);
  const where = path.length ? ` (${path.join('.')})` : '';
  throw new InputError('E_POLICY', `${src.file}${line ? `:${line}` : ''}: ${reason}${where}`);
}

async function readYaml(file: string): Promise<Located & { text: string; data: unknown }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError('E_INPUT_NOT_FOUND', `${file}: cannot read policy file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const src = { doc, lines, file };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new InputError('E_POLICY', `${file}:${lines.linePos(e.pos[0]).line}: YAML error: ${e.message.split('\n')[0]}`);
  }
  return { ...src, text, data: doc.toJS() };
}

function validate<T>(src: Located, schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    return fail(src, [...issue.path, issue.keys[0]!], `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`);
  }
  return fail(src, issue.path, issue.message);
}

function compileRule(src: Located, rule: RuleDoc, index: number): CompiledRule {
  const kinds = SIMPLE_KINDS.filter((k) => rule[k] !== undefined);
  if (kinds.length !== 1) {
    fail(src, ['rules', index], kinds.length === 0
      ? `rule "${rule.id}" has no condition: give one of ${SIMPLE_KINDS.join(', ')}`
      : `rule "${rule.id}" mixes conditions ${kinds.join(' + ')}: give exactly one`);
  }
  const kind = kinds[0]!;
  if (rule.fixAvailable !== undefined && kind !== 'maxSeverity') fail(src, ['rules', index, 'fixAvailable'], 'fixAvailable only goes with maxSeverity');
  if (kind !== 'condition') {
    if (rule.for !== undefined) fail(src, ['rules', index, 'for'], '`for` only goes with a CEL `condition`');
    return { ...rule, kind };
  }
  const subject = rule.for ?? 'image';
  try {
    return { ...rule, kind, subject, evaluate: compileCondition(rule.condition!, subject) };
  } catch (err) {
    if (!(err instanceof CelCompileError)) throw err;
    const base = lineOf(src, ['rules', index, 'condition']);
    const line = base !== undefined && err.exprLine !== undefined && err.exprLine > 1 ? base + err.exprLine - 1 : base;
    throw new InputError('E_POLICY', `${src.file}${line ? `:${line}` : ''}: rule "${rule.id}": ${err.message}`);
  }
}

/** Loads `FILE` or `preset:NAME`, plus its exception files and any given extra exception files. */
export async function loadPolicy(ref: string, extraExceptionFiles: readonly string[] = []): Promise<CompiledPolicy> {
  let file = ref;
  if (ref.startsWith('preset:')) {
    const name = ref.slice('preset:'.length);
    if (!(PRESETS as readonly string[]).includes(name)) throw new InputError('E_POLICY', `unknown preset "${name}" (presets: ${PRESETS.join(', ')})`);
    file = join(PRESET_DIR, `${name}.yaml`);
  }
  const src = await readYaml(file);
  const doc: PolicyDoc = validate(src, policySchema, src.data);
  const hash = createHash('sha256').update(src.text);
  const seen = new Set<string>();
  doc.rules.forEach((r, i) => {
    if (seen.has(r.id)) fail(src, ['rules', i, 'id'], `duplicate rule id "${r.id}"`);
    seen.add(r.id);
  });
  const rules = doc.rules.map((r, i) => compileRule(src, r, i));
  const exceptions: CompiledPolicy['exceptions'] = (doc.exceptions ?? []).map((e) => ({ ...e, file }));
  const files = [...(doc.exceptionFiles ?? []).map((f) => resolve(dirname(file), f)), ...extraExceptionFiles];
  for (const f of files) {
    const esrc = await readYaml(f);
    hash.update(esrc.text);
    for (const e of validate(esrc, exceptionFileSchema, esrc.data).exceptions) exceptions.push({ ...e, file: f });
  }
  const ids = new Set<string>();
  for (const e of exceptions) {
    if (ids.has(e.id)) throw new InputError('E_POLICY', `${e.file}: duplicate exception id "${e.id}"`);
    ids.add(e.id);
  }
  return { name: doc.metadata.name, file, hash: `sha256:${hash.digest('hex')}`, rules, exceptions };
}
