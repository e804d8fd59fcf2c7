// `pnpm --filter @headwater/runtime run build`: the runtime as one JavaScript file,
// dist/main.js, which `pnpm run start:runtime` runs with plain `node` (no tsx process in
// front of it, no TypeScript compiled at start).
//
// The workspace's own packages (core, prisma) export TypeScript source, so they are bundled.
// Every other package stays external and is imported from where pnpm installed it: each
// import is resolved here, from the file that makes it, to an absolute path. That keeps
// pnpm's isolation (Prisma's adapters live under prisma/node_modules, not the runtime's) and
// lets packages that load files next to themselves (Prisma's WebAssembly engine, libsql's
// native binding) find them. Bundled files keep their own `import.meta.url`, so paths the
// prisma package derives from it (its migrations folder) still point into prisma/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const runtimeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = path.resolve(runtimeRoot, '../..');
const isWorkspaceFile = (file: string) => file.startsWith(workspaceRoot) && !file.includes(`${path.sep}node_modules${path.sep}`);

const externalPackages: Plugin = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@headwater/') || args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      // A Node built-in imported without the `node:` prefix resolves to itself.
      if (!path.isAbsolute(resolved.path)) return { path: args.path, external: true };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, async (args) => {
      if (!isWorkspaceFile(args.path)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('.ts') || args.path.endsWith('.mts') ? 'ts' : 'js',
      };
    });
  },
};

const started = performance.now();
await build({
  entryPoints: [path.join(runtimeRoot, 'src/main.ts')],
  outfile: path.join(runtimeRoot, 'dist/main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [externalPackages, ownImportMetaUrl],
});
console.log(`runtime: built dist/main.js in ${Math.round(performance.now() - started)} ms`);
