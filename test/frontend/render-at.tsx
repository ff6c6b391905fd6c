import { createMemoryHistory, MemoryRouter, Route } from '@solidjs/router';
import { render } from '@solidjs/testing-library';
import type { Component } from 'solid-js';

/** Renders one page at a path inside an in-memory router, as the app's router would. */
export function renderAt(path: string, pattern: string, Page: Component) {
  const history = createMemoryHistory();
  history.set({ value: path });
  return render(() => (
    <MemoryRouter history={history}>
      <Route path={pattern} component={Page} />
      <Route path="*" component={() => <p>elsewhere: {history.get()}</p>} />
    </MemoryRouter>
  ));
}
