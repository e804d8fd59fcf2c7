import { maskSecret } from '@headwater/core';
import { Document, isScalar, visit } from 'yaml';
import type { UpstreamRecord } from './records.ts';

// The stored config as the YAML a declarative file holds (the shape `applyConfigText` reads),
// with every field written, defaults included, so an export documents the effective config.
// Secrets never leave as they are: masked (an import keeps the stored value) or as `${VAR}`
// placeholders with deterministic names (an import reads them from the environment).

export const secretModes = ['masked', 'placeholders'] as const;
export type SecretMode = (typeof secretModes)[number];

/**
 * `SECRET_` + the parts, upper-cased, every character outside A-Z and 0-9 as `_`. Not
 * `HEADWATER_`: a config never reads the runtime's own settings (see config-variables.ts).
 */
export function secretVariable(...parts: Array<string | number>): string {
  return ['SECRET', ...parts]
    .map((part) =>
      String(part)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '_'),
    )
    .join('_');
}

export function exportConfig(upstreams: readonly UpstreamRecord[], mode: SecretMode): string {
  const variables: string[] = [];
  // Two secrets whose names normalise alike (`a-b` and `a.b`) get `_2`, `_3`… in export order.
  const secret = (value: string, ...parts: Array<string | number>) => {
    if (mode === 'masked') return maskSecret(value);
    const base = secretVariable(...parts);
    let name = base;
    for (let suffix = 2; variables.includes(name); suffix++) name = `${base}_${suffix}`;
    variables.push(name);
    return `\${${name}}`;
  };

  const document = {
    upstreams: upstreams.map(({ id: _id, version: _version, targets, proxy, ...settings }) => ({
      ...settings,
      proxy: proxy && {
        ...proxy,
        ...(proxy.password === undefined ? {} : { password: secret(proxy.password, settings.name, 'proxy', 'password') }),
      },
      targets: targets.map(({ id: _targetId, upstreamId: _upstreamId, headers, ...target }) => ({
        ...target,
        headers: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, secret(value, settings.name, target.host, target.port, name)]),
        ),
      })),
    })),
  };
  const yaml = new Document(document);
  // Lists of plain values on one line (`retryOn: [connect-error, reset, "502"]`), as the spec writes them.
  visit(yaml, {
    Seq: (_, node) => {
      node.flow = node.items.every((item) => isScalar(item));
    },
  });
  return header(mode, variables) + yaml.toString({ lineWidth: 0 });
}

// No `${…}` in these comments: an import interpolates the whole text, comments included.
function header(mode: SecretMode, variables: readonly string[]): string {
  const lines = ['Headwater config export: every field written, defaults included.'];
  if (mode === 'masked') {
    lines.push('Secrets are masked: importing a masked value keeps the stored one (a new upstream or target needs the real value).');
  } else if (variables.length > 0) {
    lines.push('Secrets are placeholders: set these environment variables of the runtime before importing:');
    lines.push(...variables.map((name) => `  ${name}`));
  }
  return lines.map((line) => `# ${line}\n`).join('');
}
