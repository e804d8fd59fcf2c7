// The benchmarks' environment, read once: they have no variables of their own, and the
// processes they start inherit this environment under the benchmark's own settings.
export function inheritedEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/**
 * The environment without the runtime's own settings (`HEADWATER_*`, `DATABASE_URL`, libpq's
 * `PG*`): `pnpm bench` measures Headwater at its defaults, whatever the shell that started it
 * has set, and gives it only the variables it names.
 */
export function environmentWithoutRuntimeSettings(): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('HEADWATER_') || name === 'DATABASE_URL' || name.startsWith('PG')) continue;
    kept[name] = value;
  }
  return kept;
}
