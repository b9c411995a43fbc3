/**
 * @module cli/commands/check
 * `reins check IMAGE --policy FILE|preset:NAME`: the security team's verdict (exit 0 pass, 1 fail).
 * The policy is loaded and validated before any scanning; only the scanners it needs run.
 * `reins check dockerfile FILE`: the checklist on a Dockerfile, with line numbers.
 */
import { readFile } from 'node:fs/promises';
import { InputError, UsageError } from '../../common/errors.ts';
import { evaluatePolicy, loadPolicy, toOpenVex, type CompiledPolicy, type Gate, type Verdict } from '../../policy/index.ts';
import { getFormat } from '../../report/index.ts';
import { renderVerdictText } from '../../report/verdict.ts';
import { scanImage } from '../../scan/index.ts';
import type { ScanReport, ScannerName } from '../../scan/types.ts';
import { imageFlags, imageScanOptions, oneImage, parse } from '../args.ts';
import { emit, progressReporter, useColor } from '../output.ts';
import type { Command, CommandContext } from '../types.ts';

const GATES: readonly Gate[] = ['ci', 'registry', 'admission', 'runtime'];

/** The scanners a policy's rules need. */
export function scannersFor(policy: CompiledPolicy): ScannerName[] {
  const need = new Set<ScannerName>();
  for (const r of policy.rules) {
    if (r.kind === 'maxSeverity' || r.subject === 'vulnerability') need.add('vuln');
    if (r.kind === 'denySecrets' || r.subject === 'secret') need.add('secret');
    if (r.kind === 'failedChecks' || r.subject === 'misconfiguration') need.add('misconfig');
  }
  return [...need];
}

async function checkDockerfileCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse('check dockerfile', argv, { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return (ctx.stdout.write('reins check dockerfile FILE [--format table|json]\n'), 0);
  const file = oneImage('check dockerfile', positionals);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError('E_INPUT_NOT_FOUND', `${file}: cannot read Dockerfile (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  // Loaded here only: the Dockerfile parser (dockerfile-ast and its ~37 modules) is not needed by `check IMAGE`.
  const { checkDockerfile } = await import('../../checks/index.ts');
  const findings = checkDockerfile(text, file);
  const failed = findings.filter((f) => f.status === 'fail');
  const format = values.format ?? 'table';
  if (format === 'json') await emit(ctx, JSON.stringify({ file, findings }, null, 2), values.output);
  else if (format === 'table') {
    const rows = failed.map((f) => `${file}:${f.line ?? '-'}  [${f.severity}] ${f.id}${f.cisId ? ` (CIS ${f.cisId})` : ''} ${f.title}\n    ${f.message}\n    fix: ${f.remediation}`);
    await emit(ctx, `${rows.join('\n')}\n${failed.length} failed of ${findings.length} checks\n`, values.output);
  } else throw new UsageError(`--format "${format}": reins check dockerfile supports table, json`, 'E_USAGE_UNKNOWN_FORMAT');
  return failed.length ? 1 : 0;
}

export const checkCommand: Command = {
  name: 'check',
  summary: "Evaluate an image against the security team's policy (exit 1 when it fails)",
  usage: `reins check IMAGE --policy FILE|preset:default|preset:strict|preset:cis
           [--gate ci|registry|admission|runtime] [--exceptions FILE]...
           [--format table|json|sarif|junit|markdown|openvex] [--output FILE]
           [--db PATH] [--offline] [--vex FILE]... [--platform P|all] [--insecure] [--username U --password P]
       reins check dockerfile FILE [--format table|json]`,
  async run(ctx) {
    if (ctx.argv[0] === 'dockerfile') return checkDockerfileCommand(ctx, ctx.argv.slice(1));
    const { values, positionals } = parse('check', ctx.argv, {
      ...imageFlags,
      policy: { type: 'string', short: 'p' },
      gate: { type: 'string' },
      exceptions: { type: 'string', multiple: true },
      db: { type: 'string' },
      offline: { type: 'boolean' },
      vex: { type: 'string', multiple: true },
    });
    if (values.help) return (ctx.stdout.write(`${this.usage}\n`), 0);
    const image = oneImage('check', positionals);
    if (!values.policy) throw new UsageError("reins check: --policy FILE (or preset:NAME) is required (see 'reins check --help')");
    const gate = (values.gate ?? 'ci') as Gate;
    if (!GATES.includes(gate)) throw new UsageError(`--gate "${values.gate}": expected one of ${GATES.join(', ')}`);
    const format = values.format ?? 'table';
    const formatter = format === 'table' || format === 'openvex' ? undefined : await getFormat(format, 'check');
    // Validate the policy before any scanning.
    const policy = await loadPolicy(values.policy, values.exceptions ?? []);
    const progress = progressReporter(ctx);
    const reports: ScanReport[] = await scanImage(image, {
      scanners: scannersFor(policy),
      ...imageScanOptions(values),
      ...(values.db !== undefined && { dbPath: values.db }),
      ...(values.vex && { vex: values.vex }),
      ...(values.offline && { offline: true }),
      ...(progress && { onProgress: progress }),
      warn: (msg: string) => ctx.stderr.write(`reins check: warning: ${msg}\n`),
    });
    const now = new Date();
    const verdicts: Verdict[] = reports.map((r) => evaluatePolicy(policy, r, { gate, now }));
    const color = !values.output && useColor(ctx);
    let text: string;
    if (format === 'table') text = verdicts.map((v) => renderVerdictText(v, color)).join('\n');
    else if (format === 'openvex') text = JSON.stringify(verdicts.length === 1 ? toOpenVex(verdicts[0]!, reports[0]!, policy) : verdicts.map((v, i) => toOpenVex(v, reports[i]!, policy)), null, 2);
    else text = formatter!.render({ reports, verdict: verdicts.length === 1 ? verdicts[0] : verdicts, color });
    await emit(ctx, text, values.output);
    return verdicts.some((v) => v.result === 'fail') ? 1 : 0;
  },
};
