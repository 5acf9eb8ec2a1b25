/** Version facts recorded in cases, evidence items and bundles. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { name: string; version: string };

/** The tool name and version, as written into custody entries. */
export const TOOL_NAME = 'Tenant Trail';

/** The semantic version of this build. */
export const TOOL_VERSION: string = pkg.version;

/** Version of the importers; bumped whenever normalization changes. */
export const IMPORTER_VERSION = '1.0.0';
