import { Show } from 'solid-js';
import { ApiError } from '../api/client';
import { locale, t } from '../i18n/i18n';

/**
 * Errors whose server message is always the same English sentence (no names or numbers a user needs) are
 * said in the page's language; common codes whose message names specifics get a headline in the page's
 * language (or are parsed into one) with the server's words as detail; anything else shows the server's message.
 */
// Not 'internal': its message carries the request's reference, which support needs.
const translatedCodes = ['invalid_credentials', 'too_many_requests', 'suspended', 'orchestra_not_found', 'unauthorized'] as const;
type TranslatedCode = (typeof translatedCodes)[number];
const isTranslated = (code: string): code is TranslatedCode => (translatedCodes as readonly string[]).includes(code);

/** Codes whose server text names specifics: said in the page's language, with the server's text kept as detail. */
const headlineCodes = [
  'plan_limit',
  'admin_exists',
  'not_found',
  'name_taken',
  'email_taken',
  'need_archived',
  'project_archived',
  'requests_pending',
  'request_closed',
  'wrong_status',
  'custom_list_exists',
  'already_on_list',
  'deactivated',
  'already_deactivated',
  'already_active',
  'last_admin',
  'upload_missing',
] as const;
/** Codes whose server text is always one fixed sentence: said in the page's language, nothing kept. */
const fixedCodes = ['forbidden', 'send_conflict', 'invalid_json', 'payload_too_large'] as const;
const isOneOf = <T extends string>(list: readonly T[], code: string): code is T => (list as readonly string[]).includes(code);
// "Not found." and "No such route." name nothing a user needs ("No such need in this project." is kept as detail).
const plainNotFound = /^(Not found|No such route)\.?$/i;
// "No such project.", "No such need in this project.": the thing is named in the page's language.
const noSuch = /^No such (project|need|musician|instrument|position|ranking list|file|message|request)(?: in this project)?\.$/;
const missingKeys = {
  project: 'project',
  need: 'need',
  musician: 'musician',
  instrument: 'instrument',
  position: 'position',
  'ranking list': 'rankingList',
  file: 'file',
  message: 'message',
  request: 'request',
} as const;
// shared/domain/plan-limits.ts planRefusal: "The small plan allows 50 musicians; this orchestra has 50[ and 3 more would make 53]."
const planRefusal = /The (small|medium|institution) plan allows (\d+) (musicians|active projects|admins); this orchestra has (\d+)(?: and (\d+) more would make (\d+))?\./;
// shared/app/superadmin/orchestra-admins.ts: "x@y is already an admin of Name." / "… already a deactivated admin of Name."
const adminExists = /^(\S+) is already (an|a deactivated) admin of (.+)\.$/;
// "NEED001 is archived and can no longer be changed." / "PROJ001 (Julkonsert) is archived and …"
const archived = /^(.+) is archived and can no longer be changed\.$/;

/**
 * A failed call's text in the page's language, and (where the server's English names specifics the page's
 * text does not) that server text as `detail`.
 */
export function errorParts(error: unknown): { text: string; detail?: string } {
  if (error instanceof ApiError) {
    if (error.code === 'network') return { text: t('common.networkError') };
    const minutes = error.code === 'too_many_requests' ? /(\d+) minutes?/.exec(error.message)?.[1] : undefined;
    if (minutes) return { text: minutes === '1' ? t('serverErrors.tooManyOneMinute') : t('serverErrors.tooManyMinutes', { minutes }) };
    // "unauthorized" also carries specific messages ("Your session has ended…"); only the default one is generic.
    if (isTranslated(error.code) && (error.code !== 'unauthorized' || error.message === 'Log in to continue.')) return { text: t(`serverErrors.${error.code}`) };
    if (isOneOf(fixedCodes, error.code)) return { text: t(`serverErrors.${error.code}`) };
    if (error.code === 'plan_limit') {
      const m = planRefusal.exec(error.message);
      if (m) {
        const [, plan, limit, noun, used, adding, total] = m;
        const what = { musicians: 'musicians', 'active projects': 'activeProjects', admins: 'admins' }[noun as 'musicians'] as 'musicians' | 'activeProjects' | 'admins';
        const params = { plan: t(`superadmin.planShort.${plan as 'small'}`), limit, what: t(`serverErrors.planNouns.${what}`), used, adding: adding ?? '', total: total ?? '' };
        return { text: adding ? t('serverErrors.planRefusalMore', params) : t('serverErrors.planRefusal', params) };
      }
    }
    if (error.code === 'admin_exists') {
      const m = adminExists.exec(error.message);
      if (m) return { text: t(m[2] === 'an' ? 'serverErrors.adminExistsActive' : 'serverErrors.adminExistsDeactivated', { email: m[1], orchestra: m[3] }) };
    }
    if (error.code === 'need_archived' || error.code === 'project_archived') {
      const m = archived.exec(error.message);
      if (m) return { text: t(error.code === 'need_archived' ? 'serverErrors.needArchived' : 'serverErrors.projectArchived', { what: m[1] }) };
    }
    if (error.code === 'not_found' && plainNotFound.test(error.message.trim())) return { text: t('serverErrors.not_found') };
    const missing = error.code === 'not_found' ? noSuch.exec(error.message.trim())?.[1] : undefined;
    if (missing) return { text: t(`serverErrors.notFoundNamed.${missingKeys[missing as keyof typeof missingKeys]}`) };
    // On an English page the server's own sentence says it best; elsewhere a headline in the page's language.
    if (isOneOf(headlineCodes, error.code)) return locale() === 'en' ? { text: error.message } : { text: t(`serverErrors.${error.code}`), detail: error.message };
    return { text: error.message };
  }
  return { text: error instanceof Error ? error.message : String(error) };
}

/** The message for a failed call (ours for a network failure) as one line, its server detail after it. */
export function errorText(error: unknown): string {
  const { text, detail } = errorParts(error);
  return detail ? `${text} ${detail}` : text;
}

/**
 * Whether asking again may give another answer: a lost connection, a server failure, a timeout or a rate limit
 * may pass; a refusal (not found, not allowed, bad input) will not, so it gets no retry button.
 */
function retryCanHelp(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

export function ErrorMessage(props: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="message error" role="alert">
      <p>{errorParts(props.error).text}</p>
      <Show when={errorParts(props.error).detail}>
        {/* The server's own words, in English: a screen reader reads them in English. */}
        {(detail) => (
          <p class="error-detail" lang="en">
            {detail()}
          </p>
        )}
      </Show>
      <Show when={props.onRetry && retryCanHelp(props.error)}>
        <button type="button" onClick={() => props.onRetry?.()}>
          {t('common.retry')}
        </button>
      </Show>
    </div>
  );
}
