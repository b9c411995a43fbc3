/**
 * @module checks/dockerfile/rules
 * The Dockerfile rules: the image checklist's classes (same reins ids and metadata where the class
 * is the same) judged on the source, with line numbers, plus two source-only rules
 * (REINS-DF-001 `--no-install-recommends`, REINS-DF-002 `RUN cd`, Trivy DS029 and DS013).
 * Each rule returns the offending instructions (line + evidence); none means pass.
 */
import type { Instruction } from 'dockerfile-ast';
import { addRemoteUrl, remoteAddSources } from '../misconfig/checks/add-remote-url.ts';
import { curlPipeShell } from '../misconfig/checks/curl-pipe-shell.ts';
import { latestTag } from '../misconfig/checks/latest-tag.ts';
import { noHealthcheck } from '../misconfig/checks/no-healthcheck.ts';
import { secretsInConfig } from '../misconfig/checks/secrets-in-config.ts';
import { sshPortExposed, isSshPort } from '../misconfig/checks/ssh-port-exposed.ts';
import { updateAlone } from '../misconfig/checks/update-alone.ts';
import { isRootUser, userRoot } from '../misconfig/checks/user-root.ts';
import type { ImageCheck } from '../misconfig/types.ts';
import { findSecrets } from '../secret/engine.ts';
import { redactLine } from '../secret/redact.ts';
import { scanText } from '../secret/scanner.ts';
import { aptInstallsWithRecommends, pipesDownloadToShell, updateWithoutInstall, usesCd } from '../shell.ts';
import { lineOf, runCommand } from './parse.ts';
import type { ParsedDockerfile } from './parse.ts';

export interface Hit {
  line: number;
  message: string;
  evidence: string[];
}

export interface DockerfileRule {
  meta: Omit<ImageCheck, 'evaluate'>;
  find(df: ParsedDockerfile, text: string, file: string): Hit[];
}

const kw = (i: Instruction): string => i.getKeyword().toUpperCase();
const args = (i: Instruction): string => (i.getArgumentsContent() ?? '').trim();
const source = (i: Instruction): string => `${i.getKeyword()} ${args(i)}`.slice(0, 200);

function each(df: ParsedDockerfile, keyword: string, test: (i: Instruction) => string | undefined): Hit[] {
  return df.instructions.filter((i) => kw(i) === keyword).flatMap((i) => {
    const message = test(i);
    return message === undefined ? [] : [{ line: lineOf(i), message, evidence: [source(i)] }];
  });
}

const lastStage = (df: ParsedDockerfile): Instruction[] => df.instructions.slice(df.lastFrom);

export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  {
    meta: userRoot,
    find(df) {
      const users = lastStage(df).filter((i) => kw(i) === 'USER');
      const last = users.at(-1);
      if (last === undefined) {
        const from = df.instructions[df.lastFrom]!;
        return [{ line: lineOf(from), message: 'no USER in the final stage: runs as root', evidence: [source(from)] }];
      }
      return isRootUser(args(last)) ? [{ line: lineOf(last), message: `final USER is ${args(last)}`, evidence: [source(last)] }] : [];
    },
  },
  {
    meta: noHealthcheck,
    find(df) {
      const hc = lastStage(df).filter((i) => kw(i) === 'HEALTHCHECK').at(-1);
      if (hc === undefined) return [{ line: lineOf(df.instructions[df.lastFrom]!), message: 'no HEALTHCHECK in the final stage', evidence: [] }];
      return /^NONE\b/i.test(args(hc)) ? [{ line: lineOf(hc), message: 'HEALTHCHECK NONE', evidence: [source(hc)] }] : [];
    },
  },
  {
    meta: addRemoteUrl,
    find: (df) =>
      each(df, 'ADD', (i) => {
        const remote = remoteAddSources(args(i));
        // getArgumentsContent() leaves out flags; --checksum is read from the instruction's text.
        return remote.length > 0 && !i.getTextContent().includes('--checksum=') ? `ADD of ${remote.join(', ')}` : undefined;
      }),
  },
  { meta: curlPipeShell, find: (df) => each(df, 'RUN', (i) => (pipesDownloadToShell(runCommand(i)) ? 'download piped into a shell' : undefined)) },
  {
    meta: secretsInConfig,
    find(df, text, file) {
      const hits = new Map<string, Hit>();
      for (const i of df.instructions.filter((x) => kw(x) === 'ENV' || kw(x) === 'ARG' || kw(x) === 'LABEL')) {
        const a = args(i);
        for (const m of findSecrets(a, file, 'config')) {
          hits.set(`${lineOf(i)} ${m.rule.id}`, { line: lineOf(i), message: `${m.rule.title} in ${kw(i)}`, evidence: [`${kw(i)} ${redactLine(a, m.secretStart, m.secretEnd, m.secret)}`] });
        }
      }
      for (const d of scanText(text, file)) {
        hits.set(`${d.line} ${d.ruleId}`, { line: d.line, message: `${d.title}`, evidence: [d.match] });
      }
      return [...hits.values()].sort((a, b) => a.line - b.line);
    },
  },
  {
    meta: updateAlone,
    find: (df) => each(df, 'RUN', (i) => (updateWithoutInstall(runCommand(i)).length > 0 ? `${updateWithoutInstall(runCommand(i)).join(', ')} without install` : undefined)),
  },
  { meta: sshPortExposed, find: (df) => each(df, 'EXPOSE', (i) => (args(i).split(/\s+/).some(isSshPort) ? 'exposes port 22' : undefined)) },
  {
    meta: latestTag,
    find(df) {
      const stages = new Set<string>();
      const hits: Hit[] = [];
      for (const i of df.dockerfile.getFROMs()) {
        const name = i.getImageName() ?? '';
        const stage = i.getBuildStage();
        const image = i.getImage() ?? '';
        if (name !== '' && !stages.has(name.toLowerCase()) && name !== 'scratch' && !image.includes('$')) {
          const tag = i.getImageTag();
          if (i.getImageDigest() === null && (tag === null || tag === 'latest')) {
            hits.push({ line: lineOf(i), message: `FROM ${image} is ${tag === null ? 'untagged' : 'latest'}`, evidence: [source(i)] });
          }
        }
        if (stage) stages.add(stage.toLowerCase());
      }
      return hits;
    },
  },
  {
    meta: {
      id: 'REINS-DF-001',
      trivyId: 'DS029',
      title: "'apt-get install' without '--no-install-recommends'",
      severity: 'LOW',
      rationale: 'Recommended packages are not needed to run the software; they enlarge the image and its attack surface.',
      remediation: 'Use `apt-get install -y --no-install-recommends <packages>`.',
    },
    find: (df) => each(df, 'RUN', (i) => (aptInstallsWithRecommends(runCommand(i)).length > 0 ? 'apt install without --no-install-recommends' : undefined)),
  },
  {
    meta: {
      id: 'REINS-DF-002',
      trivyId: 'DS013',
      title: "'RUN cd ...' to change directory",
      severity: 'LOW',
      rationale: 'A `cd` lasts for one RUN only; later instructions silently run elsewhere. WORKDIR states the directory for all of them.',
      remediation: 'Use `WORKDIR /path` instead of `cd /path &&`.',
    },
    find: (df) => each(df, 'RUN', (i) => (usesCd(runCommand(i)) ? 'cd inside RUN' : undefined)),
  },
];
