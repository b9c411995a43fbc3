/**
 * @module checks/secret/config
 * Secrets in the image configuration: `config.Env`, `config.Labels` and `history[].created_by`
 * (build commands, `ENV`/`ARG` lines). Anyone who can pull the image reads these with
 * `docker inspect` / `docker history`, whatever the layers contain. Runs the file rules and the
 * config-only rules (`env-password`). A secret already reported from Env or a label is not
 * reported again for the history line that set it. Findings carry the layer of the history entry
 * when it created one, else the config is the cause (no layer).
 */
import type { HistoryEntry, ImageConfig, LayerRef } from '../../image/types.ts';
import type { SecretFinding } from '../types.ts';
import { findSecrets } from './engine.ts';
import { redactLine } from './redact.ts';

function scanValue(
  text: string,
  source: SecretFinding['source'],
  path: string,
  seen: Set<string>,
  layer: LayerRef | undefined,
): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const m of findSecrets(text, path, 'config')) {
    const key = `${m.rule.id}\u0000${m.secret}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding: SecretFinding = {
      ruleId: m.rule.id,
      category: m.rule.category,
      title: m.rule.title,
      severity: m.rule.severity,
      source,
      path,
      deleted: false,
      line: 1,
      match: redactLine(text, m.secretStart, m.secretEnd, m.secret),
    };
    if (layer) {
      finding.layer = layer;
      finding.origin = layer.origin;
    }
    out.push(finding);
  }
  return out;
}

/** Maps each history entry to the layer it created (entries with empty_layer create none). */
export function layerOfHistory(history: readonly HistoryEntry[], layers: readonly LayerRef[]): (LayerRef | undefined)[] {
  let next = 0;
  return history.map((h) => (h.empty_layer ? undefined : layers[next++]));
}

export function scanImageConfigSecrets(config: ImageConfig, layers: LayerRef[]): SecretFinding[] {
  const seen = new Set<string>();
  const out: SecretFinding[] = [];
  const c = config.config ?? {};
  (c.Env ?? []).forEach((e, i) => out.push(...scanValue(e, 'env', `Env[${i}]`, seen, undefined)));
  for (const [k, v] of Object.entries(c.Labels ?? {})) {
    out.push(...scanValue(`${k}=${v}`, 'label', `Labels.${k}`, seen, undefined));
  }
  const history = config.history ?? [];
  const byEntry = layerOfHistory(history, layers);
  history.forEach((h, i) => {
    if (h.created_by) out.push(...scanValue(h.created_by, 'history', `history[${i}]`, seen, byEntry[i]));
  });
  return out;
}
