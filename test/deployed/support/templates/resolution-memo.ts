import { CircularDependencyError } from './template-error.js';

/**
 * Computes each named value once, on first use, in whatever order callers ask for them; a value that needs
 * itself (through any chain, across stacks too) fails with the chain named instead of recursing forever.
 */
export class ResolutionMemo {
  private readonly done = new Map<string, unknown>();
  private readonly inProgress: string[] = [];

  get<T>(key: string, compute: () => T): T {
    if (this.done.has(key)) return this.done.get(key) as T;
    const start = this.inProgress.indexOf(key);
    if (start !== -1) throw new CircularDependencyError([...this.inProgress.slice(start), key]);
    this.inProgress.push(key);
    try {
      const value = compute();
      this.done.set(key, value);
      return value;
    } finally {
      this.inProgress.pop();
    }
  }
}
