import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api, type Page } from '../../api/client';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';
import type { TemplateView } from './templates-types';

/** Every email template type in Swedish and English, marking the ones changed from the built-in default. */
export default function TemplatesPage() {
  const [templates, { refetch }] = createResource(() => api.get<Page<TemplateView>>('/api/templates'));
  return (
    <>
      <h1>{t('templates.title')}</h1>
      <p class="help">{t('templates.intro')}</p>
      <Loadable resource={templates} onRetry={refetch} isEmpty={(p) => p.items.length === 0}>
        {(page) => (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('templates.type')}</th>
                  <th scope="col">{t('templates.language')}</th>
                  <th scope="col">{t('templates.subject')}</th>
                  <th scope="col">{t('templates.state')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={page.items}>
                  {(item) => (
                    <tr>
                      <td>
                        <A
                          href={`/templates/${item.type}/${item.language}`}
                          aria-label={t('templates.editTitle', { type: t(`templates.types.${item.type}`), language: t(`templates.languages.${item.language}`) })}
                        >
                          {t(`templates.types.${item.type}`)}
                        </A>
                      </td>
                      <td>{t(`templates.languages.${item.language}`)}</td>
                      <td>{item.subject}</td>
                      <td>
                        <Show when={item.customised} fallback={<span class="help">{t('templates.default')}</span>}>
                          <span class="badge">{t('templates.customised')}</span>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
    </>
  );
}
