import { Navigate } from '@solidjs/router';
import { Match, Switch, type JSX } from 'solid-js';
import { me, refreshSession, type Me } from '../api/session';
import { t } from '../i18n/i18n';
import { ErrorMessage } from './error-message';

/** Renders its children for a logged-in account (of the wanted role), else sends to the login. */
export function RequireSession(props: { role?: Me['user']['role']; children: (account: Me) => JSX.Element }) {
  return (
    <Switch>
      <Match when={me.error}>
        <ErrorMessage error={me.error} onRetry={() => refreshSession()} />
      </Match>
      <Match when={me.loading && me.latest === undefined}>
        <p class="loading" role="status">
          {t('common.loading')}
        </p>
      </Match>
      <Match when={me.latest === null}>
        <Navigate href="/login" />
      </Match>
      <Match when={me.latest && (!props.role || me.latest.user.role === props.role)}>{props.children(me.latest!)}</Match>
    </Switch>
  );
}
