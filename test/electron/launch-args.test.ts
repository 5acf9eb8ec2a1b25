import { describe, expect, it } from 'vitest';
import { parseLaunchArgs } from '../../src-main/electron/launch-args.js';

describe('parseLaunchArgs', () => {
  it.each([
    [['.', '--case', '/c/a.ttcase'], '/c/a.ttcase'],
    [['--case=/c/b.ttcase'], '/c/b.ttcase'],
    [['/c/double-clicked.TTCASE'], '/c/double-clicked.TTCASE'],
    [['--no-sandbox', '.', 'C:\\cases\\x.ttcase'], 'C:\\cases\\x.ttcase'],
    [['.'], null],
    [['--case'], null],
    [['--case='], null],
    [['/c/notes.txt'], null],
  ])('reads %j as %s', (args, expected) => {
    expect(parseLaunchArgs(args)).toEqual({ casePath: expected });
  });
});
