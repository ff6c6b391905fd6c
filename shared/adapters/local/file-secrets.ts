import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SecretNotFoundError, type Secrets } from '../../ports/secrets';

/**
 * Local secrets: one JSON file (mode 0600) under DATA_DIR, written atomically. Stands in for
 * Secrets Manager in the local twin; tags are kept so the file mirrors what AWS would hold.
 */
interface StoredSecret {
  value: object;
  tags: Record<string, string>;
}

export function createFileSecrets(path: string): Secrets {
  let queue: Promise<unknown> = Promise.resolve();
  const load = async (): Promise<Record<string, StoredSecret>> => {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  };
  const save = async (all: Record<string, StoredSecret>) => {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
    await rename(temp, path);
  };
  // Writes are serialised so that concurrent puts in one process do not lose each other.
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    async get<T extends object>(name: string): Promise<T> {
      const secret = (await load())[name];
      if (!secret) throw new SecretNotFoundError(name);
      return secret.value as T;
    },
    put: (name, value, tags = {}) =>
      exclusive(async () => {
        const all = await load();
        all[name] = { value, tags };
        await save(all);
        return name;
      }),
    delete: (name) =>
      exclusive(async () => {
        const all = await load();
        if (!(name in all)) return;
        delete all[name];
        await save(all);
      }),
  };
}
