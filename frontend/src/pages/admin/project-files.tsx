import { createResource, createSignal, For, Show } from 'solid-js';
import { allowedFileTypes, extensionFitsType, fileExtension, fileTypeNames, maxFileBytes, type AllowedFileType, type FileSendOn } from '../../../../shared/domain/file-rules';
import { api, ApiError, type Page } from '../../api/client';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { Loadable } from '../../components/loadable';
import { locale, t } from '../../i18n/i18n';
import type { DownloadLink, ProjectFile, UploadStart } from './project-files-types';
import type { ProjectDetail } from './projects-types';

/**
 * Browsers often give no type, or one the name's ending does not fit; the API needs a type of its list that the
 * ending fits (shared/domain/file-rules.ts), so it follows from the name then. An ending first of its own type's
 * list names that type (xml: application/xml, heif: image/heif), any other the first type that lists it.
 */
const typesByExtension = new Map<string, AllowedFileType>();
for (const pass of ['own', 'any'] as const) {
  for (const type of allowedFileTypes) {
    const { extensions } = fileTypeNames[type];
    for (const extension of pass === 'own' ? extensions.slice(0, 1) : extensions) if (!typesByExtension.has(extension)) typesByExtension.set(extension, type);
  }
}

export function fileContentType(file: { name: string; type: string }): string | undefined {
  const given = file.type.trim().toLowerCase();
  if ((allowedFileTypes as readonly string[]).includes(given) && extensionFitsType(file.name, given as AllowedFileType)) return given;
  return typesByExtension.get(fileExtension(file.name));
}

export function fileSize(bytes: number): string {
  const format = (n: number) => n.toLocaleString(locale() === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024)} kB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}

const accept = [...typesByExtension.keys()].map((extension) => `.${extension}`).join(',');

/**
 * The project's files (SPEC §2): upload (the API's presigned form, then confirm), download through a
 * short-lived link, when each is sent (with the request or with the confirmation) and to which need,
 * and removal after a confirmation. An archived project's files can still be downloaded.
 */
export function ProjectFiles(props: { project: ProjectDetail }) {
  const [files, { refetch }] = createResource(
    () => props.project.id,
    (id) => api.get<Page<ProjectFile>>(`/api/projects/${id}/files`, { limit: 500 }).then((p) => p.items.filter((f) => f.confirmed)),
  );
  const [error, setError] = createSignal<unknown>();
  const [status, setStatus] = createSignal('');
  const readOnly = () => props.project.archived;
  const needs = () => props.project.needs.filter((n) => n.status !== 'archived');

  const run = async (action: () => Promise<void>) => {
    setError(undefined);
    setStatus('');
    try {
      await action();
    } catch (err) {
      setError(err);
    }
  };
  const download = (file: ProjectFile) =>
    run(async () => {
      const link = await api.get<DownloadLink>(`/api/projects/${props.project.id}/files/${file.id}/download`);
      window.location.assign(link.url);
    });
  // A refused change is shown and the list read again, so the selects never show what was not saved.
  const change = (file: ProjectFile, body: { sendOn?: FileSendOn; needId?: string | null }) =>
    run(async () => {
      try {
        await api.patch(`/api/projects/${props.project.id}/files/${file.id}`, body);
        setStatus(t('projectFiles.changed', { filename: file.filename }));
      } finally {
        refetch();
      }
    });
  const remove = (file: ProjectFile) =>
    run(async () => {
      await api.delete(`/api/projects/${props.project.id}/files/${file.id}`);
      setStatus(t('projectFiles.removed', { filename: file.filename }));
      refetch();
    });

  return (
    <section class="panel project-files" aria-labelledby="project-files-title">
      <h2 id="project-files-title">{t('projectFiles.title')}</h2>
      <p class="help">{t('projectFiles.help')}</p>
      <Loadable resource={files} onRetry={refetch} isEmpty={(list) => list.length === 0} empty={t('projectFiles.empty')}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('projectFiles.file')}</th>
                  <th scope="col">{t('projectFiles.sendOn')}</th>
                  <th scope="col">{t('projectFiles.need')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('projectFiles.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={list}>
                  {(file) => (
                    <tr>
                      <td>
                        {file.filename}
                        <div class="help">
                          {file.code} · {fileSize(file.sizeBytes)}
                        </div>
                      </td>
                      <td>
                        <select
                          aria-label={t('projectFiles.sendOnNamed', { filename: file.filename })}
                          value={file.sendOn}
                          disabled={readOnly()}
                          onChange={(e) => change(file, { sendOn: e.currentTarget.value as FileSendOn })}
                        >
                          <option value="request">{t('projectFiles.sendOnRequest')}</option>
                          <option value="accept">{t('projectFiles.sendOnAccept')}</option>
                        </select>
                      </td>
                      <td>
                        <select
                          aria-label={t('projectFiles.needNamed', { filename: file.filename })}
                          value={file.need?.id ?? ''}
                          disabled={readOnly()}
                          onChange={(e) => change(file, { needId: e.currentTarget.value || null })}
                        >
                          <NeedOptions needs={props.project.needs} />
                        </select>
                      </td>
                      <td>
                        <span class="row-actions">
                          <button type="button" aria-label={t('projectFiles.downloadNamed', { filename: file.filename })} onClick={() => download(file)}>
                            {t('projectFiles.download')}
                          </button>
                          <Show when={!readOnly()}>
                            <ConfirmButton
                              label={t('projectFiles.remove')}
                              ariaLabel={t('projectFiles.removeNamed', { filename: file.filename })}
                              question={t('projectFiles.confirmRemove', { filename: file.filename })}
                              onConfirm={() => remove(file)}
                            />
                          </Show>
                        </span>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
      <Show when={status()}>
        <p class="message ok" role="status">
          {status()}
        </p>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Show when={!readOnly()}>
        <UploadForm
          projectId={props.project.id}
          needs={needs()}
          onUploaded={(file) => {
            setError(undefined);
            setStatus(t('projectFiles.uploaded', { filename: file.filename }));
            refetch();
          }}
        />
      </Show>
    </section>
  );
}

/** A file's target: the whole project, or one of its needs by code, instrument and position. */
function NeedOptions(props: { needs: ProjectDetail['needs'] }) {
  return (
    <>
      <option value="">{t('projectFiles.wholeProject')}</option>
      <For each={props.needs}>
        {(need) => (
          <option value={need.id}>
            {need.code} · {need.instrument.name}: {need.position.name}
          </option>
        )}
      </For>
    </>
  );
}

function UploadForm(props: { projectId: string; needs: ProjectDetail['needs']; onUploaded: (file: ProjectFile) => void }) {
  const [chosen, setChosen] = createSignal<File>();
  const [sendOn, setSendOn] = createSignal<FileSendOn>('request');
  const [needId, setNeedId] = createSignal('');
  const [fileError, setFileError] = createSignal('');
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;

  const check = (file: File | undefined): string => {
    if (!file) return t('projectFiles.chooseFirst');
    if (file.size === 0) return t('projectFiles.emptyFile');
    if (file.size > maxFileBytes) return t('projectFiles.tooLarge');
    if (!fileContentType(file)) return t('projectFiles.wrongType');
    return '';
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    const file = chosen();
    const problem = check(file);
    setFileError(problem);
    if (problem || !file) return input?.focus();
    setBusy(true);
    try {
      const started = await api.post<UploadStart>(`/api/projects/${props.projectId}/files`, {
        filename: file.name,
        contentType: fileContentType(file),
        sizeBytes: file.size,
        sendOn: sendOn(),
        needId: needId() || null,
      });
      const form = new FormData();
      for (const [name, value] of Object.entries(started.upload.fields)) form.append(name, value);
      form.append('file', file);
      let stored: Response;
      try {
        stored = await fetch(started.upload.url, { method: 'POST', body: form });
      } catch {
        throw new ApiError(0, 'network', 'network');
      }
      if (!stored.ok) throw new ApiError(stored.status, 'upload_failed', t('projectFiles.uploadFailed', { status: stored.status }));
      const confirmed = await api.post<ProjectFile>(`/api/projects/${props.projectId}/files/${started.file.id}/confirm`);
      setChosen(undefined);
      if (input) input.value = '';
      props.onUploaded(confirmed);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} novalidate aria-labelledby="project-files-upload-title">
      <h3 id="project-files-upload-title">{t('projectFiles.uploadTitle')}</h3>
      <div class="field">
        <label for="project-file-input">{t('projectFiles.chooseFile')}</label>
        <input
          id="project-file-input"
          ref={input}
          type="file"
          accept={accept}
          aria-invalid={Boolean(fileError())}
          aria-describedby={fileError() ? 'project-file-input-help project-file-input-error' : 'project-file-input-help'}
          onChange={(e) => {
            setChosen(e.currentTarget.files?.[0]);
            setFileError('');
          }}
        />
        <p class="help" id="project-file-input-help">
          {t('projectFiles.allowed')}
        </p>
        <Show when={fileError()}>
          <p class="field-error" id="project-file-input-error">
            {fileError()}
          </p>
        </Show>
      </div>
      <div class="field">
        <label for="project-file-send-on">{t('projectFiles.sendOn')}</label>
        <select id="project-file-send-on" value={sendOn()} onChange={(e) => setSendOn(e.currentTarget.value as FileSendOn)}>
          <option value="request">{t('projectFiles.sendOnRequest')}</option>
          <option value="accept">{t('projectFiles.sendOnAccept')}</option>
        </select>
      </div>
      <div class="field">
        <label for="project-file-need">{t('projectFiles.need')}</label>
        <select id="project-file-need" value={needId()} onChange={(e) => setNeedId(e.currentTarget.value)}>
          <NeedOptions needs={props.needs} />
        </select>
      </div>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? t('projectFiles.uploading') : t('projectFiles.upload')}
      </button>
    </form>
  );
}
