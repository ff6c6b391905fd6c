import { Match, Switch, type JSX, type Resource } from 'solid-js';
import { t } from '../i18n/i18n';
import { ErrorMessage } from './error-message';

/** Loading, error (with retry) and empty states for a resource, so no screen forgets one. */
export function Loadable<T>(props: {
  resource: Resource<T>;
  onRetry?: () => void;
  isEmpty?: (value: T) => boolean;
  empty?: JSX.Element;
  children: (value: T) => JSX.Element;
}) {
  return (
    <Switch>
      <Match when={props.resource.error}>
        <ErrorMessage error={props.resource.error} onRetry={props.onRetry} />
      </Match>
      <Match when={props.resource.loading && props.resource.latest === undefined}>
        <p class="loading" role="status">
          {t('common.loading')}
        </p>
      </Match>
      <Match when={props.resource.latest !== undefined && props.isEmpty?.(props.resource.latest as T)}>
        <p class="empty">{props.empty ?? t('common.empty')}</p>
      </Match>
      <Match when={props.resource.latest !== undefined}>{props.children(props.resource.latest as T)}</Match>
    </Switch>
  );
}
