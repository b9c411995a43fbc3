/**
 * The documentation and examples users copy from stay valid:
 * - every ```yaml block of docs/policy.md whose first non-comment line is `apiVersion: reins.dev/v1`
 *   loads with `loadPolicy` (blocks starting `# file: NAME` are written next to it first, for
 *   `exceptionFiles`) and validates against the published JSON Schema;
 * - examples/policy/*.yaml load, and the team policy evaluates on the report fixture;
 * - the CI examples parse as YAML, the GitHub action is composite, and every reins command in them
 *   uses only flags (and formats) that the CLI accepts — read from `reins <cmd> --help`, or from
 *   the usage strings in src/cli/commands/*.ts when the CLI cannot start in this tree.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { evaluatePolicy } from '../../src/policy/evaluate.ts';
import { loadPolicy } from '../../src/policy/load.ts';
import { fixtureReport } from '../../src/report/fixtures/report.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'reins-examples-'));
const read = (...p: string[]): string => readFileSync(join(ROOT, ...p), 'utf8');
const schema = JSON.parse(read('schemas', 'policy.schema.json'));
const validate = new Ajv2020.default({ strict: false, allErrors: true }).compile(schema);

/** ```yaml fenced blocks of a Markdown text, with the line each starts on. */
function yamlBlocks(md: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```yaml') continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j]!.trim() !== '```') j++;
    out.push({ line: start + 1, text: `${lines.slice(start, j).join('\n')}\n` });
    i = j;
  }
  return out;
}

const firstContentLine = (text: string): string => text.split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';

test('every policy example in docs/policy.md loads and matches the JSON Schema', async () => {
  const blocks = yamlBlocks(read('docs', 'policy.md'));
  const dir = mkdtempSync(join(tmp, 'docs-'));
  // Companion files first (exceptionFiles of the examples).
  for (const b of blocks) {
    const name = /^# file: (\S+)\n/.exec(b.text)?.[1];
    if (name) writeFileSync(join(dir, name), b.text);
  }
  const policies = blocks.filter((b) => firstContentLine(b.text) === 'apiVersion: reins.dev/v1');
  assert.ok(policies.length >= 10, `expected the doc's policy examples, found ${policies.length}`);
  for (const b of policies) {
    const file = join(dir, `policy-line-${b.line}.yaml`);
    writeFileSync(file, b.text);
    const policy = await loadPolicy(file).catch((err: unknown) => assert.fail(`docs/policy.md:${b.line}: ${String(err)}`));
    assert.ok(policy.rules.length > 0, `docs/policy.md:${b.line}: no rules`);
    assert.ok(validate(parse(b.text)), `docs/policy.md:${b.line}: ${JSON.stringify(validate.errors)}`);
  }
  const withFiles = await loadPolicy(join(dir, `policy-line-${policies.find((b) => b.text.includes('exceptionFiles:'))!.line}.yaml`));
  assert.ok(withFiles.exceptions.length > 0, 'the exceptionFiles example picks up its exceptions file');
});

test('examples/policy: the team policy and its exceptions load and evaluate', async () => {
  const dir = join(ROOT, 'examples', 'policy');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.deepEqual(files.sort(), ['exceptions.yaml', 'team-policy.yaml']);
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (firstContentLine(text) === 'apiVersion: reins.dev/v1') assert.ok(validate(parse(text)), `${f}: ${JSON.stringify(validate.errors)}`);
  }
  const policy = await loadPolicy(join(dir, 'team-policy.yaml'));
  assert.ok(policy.rules.some((r) => r.kind === 'condition'), 'has CEL rules');
  assert.ok(policy.rules.some((r) => r.scope?.registries || r.scope?.images), 'has scoped rules');
  assert.equal(policy.exceptions.length, 2);
  const [vex, permanent] = policy.exceptions;
  assert.ok(vex!.justification && vex!.expires && vex!.file.endsWith('exceptions.yaml'));
  assert.equal(permanent!.permanent, true);
  // Every CEL rule runs on a real report without an evaluation error, in and out of prod scope.
  for (const name of ['registry.acme.example/prod/payments/api', 'registry.acme.example/dev/tool', '']) {
    const report = fixtureReport();
    report.artifact.name = name || undefined;
    const verdict = evaluatePolicy(policy, report, { gate: 'ci', now: new Date('2026-11-22T12:00:00Z') });
    assert.equal(verdict.result, 'fail', 'the fixture (root, secrets) fails the team policy');
  }
});

/** `--flag` names and `--format` values a command accepts. */
interface Accepts { flags: Set<string>; formats: Set<string> }

function fromUsage(usage: string): Accepts {
  const flags = new Set([...usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!));
  flags.add('help');
  const formats = new Set((/--format ([a-z|-]+)/.exec(usage)?.[1] ?? '').split('|'));
  return { flags, formats };
}

const helpSource = new Map<string, string>();
const accepted = new Map<string, Accepts>();

/** The usage of `reins <command>`: its --help output, or the usage string in its source file. */
function accepts(command: 'check' | 'scan'): Accepts {
  let a = accepted.get(command);
  if (!a) accepted.set(command, (a = readUsage(command)));
  return a;
}

function readUsage(command: 'check' | 'scan'): Accepts {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'reins.js'), command, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status === 0 && r.stdout.includes(`reins ${command}`)) {
    helpSource.set(command, '--help');
    return fromUsage(r.stdout);
  }
  const src = read('src', 'cli', 'commands', `${command}.ts`);
  const usage = /usage: `([^`]*)`/.exec(src)?.[1];
  assert.ok(usage, `no usage string in src/cli/commands/${command}.ts`);
  helpSource.set(command, `src/cli/commands/${command}.ts (the CLI did not start: ${r.stderr.split('\n').find((l) => l.includes('Error')) ?? r.status})`);
  return fromUsage(usage);
}

/** Every `reins check|scan …` invocation in shell text (line continuations joined). */
function reinsCommands(shell: string): { command: 'check' | 'scan'; args: string }[] {
  const joined = shell.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/(?:bin\/reins\.js"?|(?:^|\s)reins)\s+(check|scan)\b([^\n]*)/gm)].map((m) => ({ command: m[1] as 'check' | 'scan', args: m[2]! }));
}

function assertAccepted(where: string, shell: string, usage: Record<'check' | 'scan', Accepts>): number {
  const cmds = reinsCommands(shell);
  for (const { command, args } of cmds) {
    for (const [, flag] of args.matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)) {
      assert.ok(usage[command].flags.has(flag!), `${where}: reins ${command} does not accept --${flag} (usage from ${helpSource.get(command)})`);
    }
    const format = /--format\s+"?([a-z-]+)/.exec(args)?.[1];
    if (format) assert.ok(usage[command].formats.has(format), `${where}: reins ${command} has no --format ${format}`);
  }
  return cmds.length;
}

test('CI examples parse, the action is composite, and reins is called with flags it accepts', (t) => {
  const usage = { check: accepts('check'), scan: accepts('scan') };
  t.diagnostic(`usage of check from ${helpSource.get('check')}; of scan from ${helpSource.get('scan')}`);
  assert.ok(usage.check.flags.has('policy') && usage.check.formats.has('sarif') && usage.scan.formats.has('markdown'));

  const action = parse(read('examples', 'ci', 'github', 'action.yml'));
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.keys(action.inputs).filter((k) => ['image', 'policy', 'gate', 'fail', 'reins-ref'].includes(k)).sort(), ['fail', 'gate', 'image', 'policy', 'reins-ref']);
  assert.equal(action.inputs.policy.default, 'preset:default');
  assert.equal(action.inputs.gate.default, 'ci');
  assert.equal(String(action.inputs.fail.default), 'true');
  const steps = action.runs.steps as { uses?: string; run?: string; shell?: string; if?: string; with?: Record<string, unknown> }[];
  const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  assert.equal(String(node?.with?.['node-version']), '24');
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'the action uploads SARIF');
  assert.ok(upload.if?.includes('always()'), 'SARIF is uploaded even when the verdict fails');
  assert.equal(upload.with?.category, 'reins');
  for (const s of steps.filter((x) => x.run)) assert.equal(s.shell, 'bash', 'composite run steps need a shell');
  const runText = steps.map((s) => s.run ?? '').join('\n');
  assert.match(runText, /GITHUB_STEP_SUMMARY/);
  assert.match(runText, /npm ci/);
  let calls = assertAccepted('examples/ci/github/action.yml', runText, usage);
  assert.ok(reinsCommands(runText).some((c) => c.command === 'check' && /--format sarif/.test(c.args)));
  assert.ok(reinsCommands(runText).some((c) => c.command === 'scan' && /--format markdown/.test(c.args)));

  const workflow = parse(read('examples', 'ci', 'github', 'workflow.yml'));
  const wsteps = Object.values(workflow.jobs as Record<string, { steps: { uses?: string }[] }>).flatMap((j) => j.steps);
  assert.ok(wsteps.some((s) => s.uses?.includes('examples/ci/github')), 'the workflow uses the action');
  assert.equal(workflow.permissions['security-events'], 'write');

  const gitlab = parse(read('examples', 'ci', 'gitlab', 'reins.gitlab-ci.yml'));
  const job = gitlab['reins-check'];
  assert.equal(job.image, 'node:24');
  assert.equal(job.allow_failure, false);
  assert.ok(job.variables.IMAGE && job.variables.POLICY);
  assert.equal(job.artifacts.reports.junit, 'reins-junit.xml');
  assert.ok(job.artifacts.paths.includes('reins.sarif'));
  const script = [...job.before_script, ...job.script].join('\n');
  calls += assertAccepted('examples/ci/gitlab/reins.gitlab-ci.yml', script, usage);
  assert.ok(reinsCommands(script).some((c) => /--format junit --output reins-junit\.xml/.test(c.args)));
  assert.ok(calls >= 4, `found ${calls} reins invocations`);
});

test('the flag check catches a flag the CLI does not accept', () => {
  const usage = { check: accepts('check'), scan: accepts('scan') };
  assert.throws(() => assertAccepted('x', 'node bin/reins.js check "$IMAGE" --policy p --fail-on HIGH', usage), /does not accept --fail-on/);
  assert.throws(() => assertAccepted('x', 'node bin/reins.js scan "$IMAGE" --format openvex', usage), /no --format openvex/);
});
