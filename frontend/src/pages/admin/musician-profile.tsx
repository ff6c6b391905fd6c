import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api/client';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';
import { formatDate, formatDateTime, qualificationGroups } from './musician-format';
import type { Musician, MusicianProfile } from './musician-types';
import { MusicianProfileActions } from './musician-profile-actions';

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);

/** One musician: details, list places, request history by project, statistics and the admin's actions. */
export default function MusicianProfilePage() {
  const params = useParams();
  const [profile, { refetch, mutate }] = createResource(
    () => params.id,
    (id) => api.get<MusicianProfile>(`/api/musicians/${id}/profile`),
  );
  // After an action the musician is shown as the server answered at once, and the rest is reloaded.
  const [notice, setNotice] = createSignal('');
  const changed = (musician: Musician, text: string) => {
    const current = profile.latest;
    if (current) mutate({ ...current, musician });
    setNotice(text);
    void refetch();
  };

  return (
    <>
      <p>
        <A href="/musicians">← {t('musicians.backToList')}</A>
      </p>
      <Loadable resource={profile} onRetry={refetch}>
        {(p) => (
          <>
            <div class="page-heading">
              <h1>
                {p.musician.name}
                <Show when={!p.musician.erased}>
                  {' '}
                  <span class="code">{p.musician.code}</span>
                </Show>
              </h1>
              <span class={`badge badge-${p.musician.status}`}>{t(`musicians.statusNames.${p.musician.status}`)}</span>
            </div>
            <Show when={notice()}>
              <p class="message ok" role="status">
                {notice()}
              </p>
            </Show>
            <Show when={p.musician.erased && p.musician.erasedAt}>
              <p class="message warning">{t('musicians.erasedOn', { date: formatDate(p.musician.erasedAt!) })}</p>
            </Show>
            <MusicianDetails musician={p.musician} />
            <MusicianProfileActions musician={p.musician} onChanged={changed} />

            <h2>{t('musicians.statistics')}</h2>
            <dl class="figures">
              <div>
                <dt>{t('musicians.statRequests')}</dt>
                <dd>{p.statistics.requests}</dd>
              </div>
              <div>
                <dt>{t('musicians.statAccepted')}</dt>
                <dd>
                  {p.statistics.accepted} / {p.statistics.answered}
                </dd>
              </div>
              <div>
                <dt>{t('musicians.statAcceptance')}</dt>
                <dd>{percent(p.statistics.acceptanceRate)}</dd>
              </div>
              <div>
                <dt>{t('musicians.statResponseTime')}</dt>
                <dd>{p.statistics.averageResponseHours === null ? '–' : t('musicians.hours', { hours: p.statistics.averageResponseHours })}</dd>
              </div>
              <div>
                <dt>{t('musicians.mostAsked')}</dt>
                <dd class="small">
                  <Show when={p.statistics.mostAskedPositions.length > 0} fallback="–">
                    <ol class="compact-list">
                      <For each={p.statistics.mostAskedPositions}>
                        {(m) => (
                          <li>
                            {m.instrumentName}: {m.positionName} ({m.count})
                          </li>
                        )}
                      </For>
                    </ol>
                  </Show>
                </dd>
              </div>
            </dl>

            <h2>{t('musicians.lists')}</h2>
            <Show when={p.lists.length > 0} fallback={<p class="empty">{t('musicians.noLists')}</p>}>
              <div class="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('musicians.position')}</th>
                      <th scope="col">{t('musicians.list')}</th>
                      <th scope="col">{t('musicians.rank')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={p.lists}>
                      {(place) => (
                        <tr>
                          <td>
                            {place.instrumentName}: {place.positionName}
                            <Show when={place.archived}>
                              {' '}
                              <span class="help">{t('musicians.archivedMark')}</span>
                            </Show>
                          </td>
                          <td>
                            {place.kind === 'custom'
                              ? t('musicians.customList', { project: place.project ? `${place.project.name} (${place.project.code})` : place.listCode })
                              : t('musicians.standardList', { kind: place.kind })}
                          </td>
                          <td>{t('musicians.rankOf', { rank: place.rank, of: place.of })}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>

            <h2>{t('musicians.history')}</h2>
            <Show when={p.projects.length > 0} fallback={<p class="empty">{t('musicians.noHistory')}</p>}>
              <For each={p.projects}>
                {(group) => (
                  <section class="history-project" aria-labelledby={`history-${group.project.id}`}>
                    <h3 id={`history-${group.project.id}`}>
                      <A href={`/projects/${group.project.id}`}>{group.project.name}</A> <span class="code">{group.project.code}</span>{' '}
                      <span class="help">
                        {formatDate(group.project.startDate)}
                        <Show when={group.project.archived}> {t('musicians.archivedMark')}</Show>
                      </span>
                    </h3>
                    <div class="table-scroll">
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">{t('musicians.request')}</th>
                            <th scope="col">{t('musicians.position')}</th>
                            <th scope="col">{t('musicians.requestStatus')}</th>
                            <th scope="col">{t('musicians.sent')}</th>
                            <th scope="col">{t('musicians.answered')}</th>
                            <th scope="col">{t('musicians.rankAtSend')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={group.requests}>
                            {(r) => (
                              <tr>
                                <td class="code">{r.code}</td>
                                <td>
                                  {r.instrumentName}: {r.positionName}
                                </td>
                                <td>{t(`musicians.requestStatuses.${r.status}`)}</td>
                                <td class="nowrap">{formatDateTime(r.sentAt)}</td>
                                <td class="nowrap">{r.answeredAt ? formatDateTime(r.answeredAt) : '–'}</td>
                                <td>{r.rankAtSend ?? '–'}</td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </div>
                  </section>
                )}
              </For>
            </Show>
          </>
        )}
      </Loadable>
    </>
  );
}

function MusicianDetails(props: { musician: Musician }) {
  const m = () => props.musician;
  return (
    <dl class="details">
      <div>
        <dt>{t('musicians.email')}</dt>
        <dd>
          {m().email ?? '–'}
          <Show when={m().emailStatus === 'failing'}>
            {' '}
            <span class="badge badge-error">
              {m().emailStatusChangedAt ? t('musicians.emailFailingSince', { date: formatDate(m().emailStatusChangedAt!) }) : t('musicians.emailFailing')}
            </span>
            <span class="help"> {t('musicians.emailFailingHelp')}</span>
          </Show>
        </dd>
      </div>
      <div>
        <dt>{t('musicians.phone')}</dt>
        <dd>{m().phone ?? '–'}</dd>
      </div>
      <div>
        <dt>{t('musicians.language')}</dt>
        <dd>{t(`musicians.languageNames.${m().language}`)}</dd>
      </div>
      <div>
        <dt>{t('musicians.localResident')}</dt>
        <dd>{m().localResident ? t('musicians.yes') : t('musicians.no')}</dd>
      </div>
      <div>
        <dt>{t('musicians.qualifications')}</dt>
        <dd>
          <For each={qualificationGroups(m().qualifications)} fallback="–">
            {(g) => (
              <div>
                <strong>{g.instrument}:</strong> {g.positions.join(', ')}
              </div>
            )}
          </For>
        </dd>
      </div>
      <div>
        <dt>{t('musicians.notes')}</dt>
        <dd class="pre-line">{m().notes || '–'}</dd>
      </div>
      <Show when={m().archivedAt}>
        <div>
          <dt>{t('musicians.archivedAt')}</dt>
          <dd>{formatDate(m().archivedAt!)}</dd>
        </div>
      </Show>
    </dl>
  );
}
