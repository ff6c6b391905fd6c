import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { auditActions } from '../../frontend/src/pages/admin/audit-names';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

it("offers in the audit filters every action an orchestra's use cases record, so a new one is not unfilterable", () => {
  // The superadmin's use cases write the control database's log, which this page never shows.
  const files = sourceFiles('shared/app').filter((file) => !file.startsWith(join('shared', 'app', 'superadmin')));
  const recorded = new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1])));
  expect(recorded.size).toBeGreaterThan(20);
  const offered = new Set(auditActions.map((a) => a.action));
  expect([...recorded].filter((action) => !offered.has(action)).sort()).toEqual([]);
});
