import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(s: string): unknown };
const { validateConfiguration } = require(
  'app-builder-lib/out/util/config/config.js',
) as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
const { DebugLogger } = require('builder-util/out/DebugLogger.js') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

interface BuilderConfig {
  appId: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  extraResources: { from: string; to: string }[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

const config = yaml.load(
  readFileSync('electron-builder.yml', 'utf8'),
) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
};

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false)))
      .resolves.toBeUndefined();
  });

  it('packs the app into asar and unpacks the native module', () => {
    expect(config.appId).toBe('org.tenanttrail.workbench');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual([
      '**/*.node',
      '**/node_modules/better-sqlite3/**',
    ]);
    expect(config.npmRebuild).toBe(true);
  });

  it('ships the main entry, renderer, preload and resources', () => {
    expect(pkg.main).toBe('dist/src-main/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining([
      'package.json',
      'dist/src-main/**/*',
      'dist/renderer/**/*',
      'dist/geo/**/*',
      '!dist/**/*.map',
    ]));
    expect(config.extraResources).toEqual([
      { from: 'resources', to: 'resources', filter: ['**/*'] },
    ]);
  });

  it('builds for Linux, Windows and macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });
});
