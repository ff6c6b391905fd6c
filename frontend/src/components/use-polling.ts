import { onCleanup } from 'solid-js';

/** Calls `refresh` every `ms` while `active()` holds; stops with the component. */
export function usePolling(active: () => boolean, refresh: () => unknown, ms = 1500): void {
  const timer = setInterval(() => {
    if (active()) refresh();
  }, ms);
  onCleanup(() => clearInterval(timer));
}
