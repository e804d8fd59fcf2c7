import { maskHeaders, maskSecret } from '@headwater/core';
import type { TargetRecord, UpstreamRecord } from '../config/records.ts';

// What the admin API returns: the stored config with every secret masked.

export function targetView(target: TargetRecord) {
  return { ...target, headers: maskHeaders(target.headers) };
}

export function upstreamView(upstream: UpstreamRecord) {
  return {
    ...upstream,
    proxy: upstream.proxy
      ? { ...upstream.proxy, password: upstream.proxy.password === undefined ? undefined : maskSecret(upstream.proxy.password) }
      : null,
    targets: upstream.targets.map(targetView),
  };
}

export type TargetView = ReturnType<typeof targetView>;
export type UpstreamView = ReturnType<typeof upstreamView>;
