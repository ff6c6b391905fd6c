import { A } from '@solidjs/router';
import { t } from '../i18n/i18n';

export default function NotFoundPage() {
  return (
    <main id="main" class="narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <A href="/">{t('notFound.home')}</A>
    </main>
  );
}
