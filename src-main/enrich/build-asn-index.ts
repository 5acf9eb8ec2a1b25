/** Build step: writes the binary ASN index from the bundled CSV files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { buildAsnIndex } from './asn-index.js';
import { asnIndexPath } from './geoip.js';

const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('@ip-location-db/asn/package.json'));
mkdirSync(dirname(asnIndexPath()), { recursive: true });
writeFileSync(asnIndexPath(), buildAsnIndex(dir));
