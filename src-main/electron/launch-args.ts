/**
 * Reads the case to open from the app's command line: `--case <path>`,
 * `--case=<path>`, or a `.ttcase` file passed by the operating system
 * (a double-click on a case file).
 */

/** What the command line asks the app to do. */
export interface LaunchArgs {
  casePath: string | null;
}

/** Parses the arguments after the executable (and the app folder). */
export function parseLaunchArgs(args: readonly string[]): LaunchArgs {
  for (const [i, a] of args.entries()) {
    if (a.startsWith('--case=')) return { casePath: a.slice(7) || null };
    if (a === '--case') return { casePath: args[i + 1] ?? null };
  }
  const file = [...args].reverse().find(
    (a) => !a.startsWith('-') && a.toLowerCase().endsWith('.ttcase'),
  );
  return { casePath: file ?? null };
}
