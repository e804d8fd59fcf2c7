/** The address of a target's own page: under its upstream, by id (a moved target gets a new id). */
export function targetPagePath(upstream: string, id: string): string {
  return `/upstreams/${encodeURIComponent(upstream)}/targets/${encodeURIComponent(id)}`;
}
