/**
 * The environment `npm start` runs with in the end-to-end tier: the tier's own settings on a clean base, so a
 * developer's PORT, DATA_DIR, SUPERADMIN_EMAIL, DEMO_ADMIN_*, DATABASE_URL or NODE_OPTIONS never reaches the
 * product the tests drive (ARCHITECTURE: every tier is hermetic). Of the caller's environment only what npm
 * and node need to run at all is kept: where programs are (PATH, which also finds the project's Node 24), the
 * home folder (npm's config and cache), the temporary folder and the locale.
 */
const keptFromCaller = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'LANG'];

export function npmStartEnvironment(parent: NodeJS.ProcessEnv, settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && (keptFromCaller.includes(name) || name.startsWith('LC_'))) env[name] = value;
  }
  return { ...env, ...settings };
}
