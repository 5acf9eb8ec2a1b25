/**
 * Where the app finds its resources: beside the archive when packaged,
 * in the application folder otherwise.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot, resourcePath } from '../../src-main/util/paths.js';

const proc = process as { resourcesPath?: string };
afterEach(() => {
  delete proc.resourcesPath;
});

describe('resource paths', () => {
  it('are in the application folder under Node', () => {
    expect(resourcePath('catalog', 'operations.json')).toBe(
      join(appRoot(), 'resources', 'catalog', 'operations.json'));
  });

  it('are beside the archive of a packaged app', () => {
    const res = mkdtempSync(join(tmpdir(), 'tt-res-'));
    mkdirSync(join(res, 'resources'));
    proc.resourcesPath = res;
    expect(resourcePath('catalog', 'operations.json')).toBe(
      join(res, 'resources', 'catalog', 'operations.json'));
    rmSync(res, { recursive: true, force: true });
  });
});
