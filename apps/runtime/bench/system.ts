import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { delimiter, join } from 'node:path';
import { inheritedEnv } from './env.ts';

/** The Debian packages the bench uses, and the binary each provides. */
const PACKAGES = { nginx: 'nginx', haproxy: 'haproxy', wrk: 'wrk' } as const;
export type Tool = keyof typeof PACKAGES;

export function which(binary: string): string | undefined {
  const dirs = [...(inheritedEnv().PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];
  return dirs.map((dir) => join(dir, binary)).find((path) => existsSync(path));
}

/**
 * Installs the missing tools with apt-get (Debian; needs root). Returns one note per thing
 * done or not done, for the report: an arm whose tool is still missing is skipped, not failed.
 */
export function ensureTools(wanted: readonly Tool[]): string[] {
  const missing = wanted.filter((tool) => !which(tool));
  if (missing.length === 0) return [];
  const packages = missing.map((tool) => PACKAGES[tool]);
  if (process.getuid?.() !== 0 || !which('apt-get')) {
    return [`${packages.join(', ')} missing and not installed (needs root and apt-get): \`apt-get install -y ${packages.join(' ')}\``];
  }
  process.stderr.write(`bench: installing ${packages.join(', ')} (apt-get install -y)\n`);
  const env = { ...inheritedEnv(), DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', ...packages], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let result = install();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    result = install();
  }
  const notes = missing.filter((tool) => which(tool)).map((tool) => `installed ${PACKAGES[tool]} with apt-get`);
  const still = missing.filter((tool) => !which(tool));
  if (still.length > 0) notes.push(`could not install ${still.join(', ')}: ${result.stderr?.toString().trim().split('\n').at(-1) ?? ''}`);
  return notes;
}

/** Pins this process and every thread of it to core 1; what it starts inherits that. */
export function pinSelfToLoadCore(): void {
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
}

export async function waitForQuietMachine(maxLoad: number, maxWaitMs: number): Promise<string> {
  const started = Date.now();
  while (loadavg()[0]! > maxLoad) {
    if (Date.now() - started > maxWaitMs)
      return `the 1-minute load average was still ${loadavg()[0]!.toFixed(2)} after ${maxWaitMs / 60_000} min of waiting`;
    process.stderr.write(`bench: waiting for a quiet machine (1-minute load ${loadavg()[0]!.toFixed(2)} > ${maxLoad})\n`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
  return `waited ${Math.round((Date.now() - started) / 1000)} s for a 1-minute load average ≤ ${maxLoad}`;
}

function quiet(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly commit: string;
  readonly tools: string;
}

export function describeMachine(root: string): Machine {
  const commit = quiet('git', ['-C', root, 'rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = quiet('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']).length > 0;
  const versions = [
    which('nginx') && quiet('nginx', ['-v']).replace('nginx version: ', ''),
    which('haproxy') && /HAProxy version (\S+)/.exec(quiet('haproxy', ['-v']))?.[0].replace(' version', ''),
    which('wrk') && /wrk (\S+)/.exec(quiet('wrk', ['-v']))?.[0],
  ].filter(Boolean);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    node: process.version,
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
    tools: versions.join(', '),
  };
}

export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}

/** VmRSS and VmHWM (peak) of a process, in MiB; undefined once it is gone. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** The kernel's count of connections dropped because a listen queue was full (all sockets). */
export function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const header = lines.find((line) => line.startsWith('TcpExt:'))?.split(/\s+/) ?? [];
  const values = lines.filter((line) => line.startsWith('TcpExt:'))[1]?.split(/\s+/) ?? [];
  return Number(values[header.indexOf('ListenOverflows')] ?? 0);
}

/** Ports free on 127.0.0.1 right now (for nginx and HAProxy, which cannot report a port 0 back). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
    }),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
