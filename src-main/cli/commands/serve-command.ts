/**
 * `tenant-trail serve`: the workbench in a browser, on 127.0.0.1 only,
 * behind a token printed in the URL.
 */
import type { Command } from 'commander';
import { TrailError } from '../../../src-shared/errors.js';
import { searchFallbackNote } from '../../search/search-index.js';
import { serveCase } from '../../serve/serve-case.js';
import { action } from '../run-action.js';

/** Registers the serve command. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve <case>')
    .description('open the workbench in a browser (127.0.0.1 only)')
    .option('--port <n>', 'port to listen on; 0 is any free port', '0')
    .option('--examiner <name>', 'examiner named on annotations')
    .option('--read-only', 'refuse bookmarks, tags and notes')
    .action(action(serve));
}

interface ServeCliOptions {
  port: string;
  examiner?: string;
  readOnly?: boolean;
}

async function serve(path: string, o: ServeCliOptions): Promise<number> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TrailError('BAD_REQUEST', `--port ${o.port} is not a port`);
  }
  const served = await serveCase(path, {
    port,
    examiner: o.examiner,
    readOnly: o.readOnly,
  });
  process.stdout.write(
    `Tenant Trail workbench for ${path}\n` +
      `open ${served.url}\n` +
      (o.readOnly
        ? 'the case is read-only: nothing is written to it; '
        : 'the case is read-only except for bookmarks, tags, notes, ' +
          'reviews and the policy; ') +
      'press Ctrl+C to stop\n',
  );
  const note = searchFallbackNote(served.session.db, path);
  if (note) process.stdout.write(`${note.replace('this search', 'search')}\n`);
  await untilStopped();
  await served.close();
  process.stdout.write('stopped\n');
  return 0;
}

function untilStopped(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}
