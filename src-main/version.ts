/** Version facts recorded in cases, evidence items and bundles. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './util/paths.js';

const pkg = JSON.parse(
  readFileSync(join(appRoot(), 'package.json'), 'utf8'),
) as { version: string };

/** The tool name, as written into custody entries and reports. */
export const TOOL_NAME = 'Tenant Trail';

/** The semantic version of this build. */
export const TOOL_VERSION: string = pkg.version;

/** Version of the importers; bumped whenever normalization changes. */
export const IMPORTER_VERSION = '1.0.0';
