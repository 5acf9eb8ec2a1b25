// Builds the engine with tsc and bundles the renderer and preload with
// esbuild. No network access is needed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, cpSync } from 'node:fs';
import { build } from 'esbuild';

const tsc = 'node_modules/typescript/bin/tsc';
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});

if (!existsSync('dist/geo/asn-index.bin')) {
  execFileSync(process.execPath, ['dist/src-main/enrich/build-asn-index.js'], {
    stdio: 'inherit',
  });
}

if (existsSync('src-renderer/index.tsx')) {
  mkdirSync('dist/renderer', { recursive: true });
  await build({
    entryPoints: ['src-renderer/index.tsx'],
    bundle: true,
    outfile: 'dist/renderer/app.js',
    format: 'iife',
    target: 'chrome120',
    minify: true,
    sourcemap: true,
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  cpSync('src-renderer/index.html', 'dist/renderer/index.html');
}

// The preload runs sandboxed: no Node modules, only what Electron lends
// it, so it is bundled to one CommonJS file for a browser-like target.
if (existsSync('src-main/electron/preload.ts')) {
  await build({
    entryPoints: ['src-main/electron/preload.ts'],
    bundle: true,
    outfile: 'dist/src-main/electron/preload.cjs',
    platform: 'browser',
    target: 'chrome120',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'warning',
  });
}
