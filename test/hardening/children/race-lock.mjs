// Child process of the lock race test: at the given instant, tries to
// take the writer lock of a case; prints `won` or the error code, holds
// a won lock a moment, then releases it.
import {
  acquireCaseLock,
  releaseCaseLock,
} from '../../../dist/src-main/case/case-lock.js';

const [casePath, at] = process.argv.slice(2);
while (Date.now() < Number(at)) {
  // Spin until the start instant, so both racers start together.
}
try {
  const lock = acquireCaseLock(casePath);
  process.stdout.write('won\n');
  setTimeout(() => releaseCaseLock(lock), 400);
} catch (err) {
  process.stdout.write(`${err.code}\n`);
}
