// Child process of the lock tests: opens a case for writing with the
// built code and reports the outcome as one JSON line. With `hold`, it
// keeps the case open until stdin closes.
import { closeCase, openCase } from '../../../dist/src-main/case/case-file.js';

const [casePath, mode] = process.argv.slice(2);
try {
  const c = openCase(casePath);
  process.stdout.write(`${JSON.stringify({ ok: true, pid: process.pid })}\n`);
  if (mode === 'hold') {
    process.stdin.resume();
    process.stdin.on('end', () => closeCase(c));
  } else {
    closeCase(c);
  }
} catch (err) {
  process.stdout.write(
    `${JSON.stringify({ ok: false, code: err.code, message: err.message })}\n`,
  );
}
