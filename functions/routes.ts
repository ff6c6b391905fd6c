/**
 * The route table: every HTTP route of the product, in one place. The CDK API stack makes one Lambda per
 * `group` and one API Gateway route per entry; the local server dispatches the same entries to the same
 * group handlers. Data only: no handler code is imported here, so CDK can read it cheaply.
 *
 * access:
 *   public     — no session (login, password reset, respond, health)
 *   session    — any valid session for this host (an orchestra's admin, or a superadmin on the apex host)
 *   admin      — an admin session of the orchestra named by the host
 *   superadmin — a superadmin session on the apex host
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteAccess = 'public' | 'session' | 'admin' | 'superadmin';

export interface RouteEntry {
  method: HttpMethod;
  /** API Gateway path syntax: `/api/musicians/{id}`. */
  path: string;
  /** Route group = one Lambda function = one folder under functions/. */
  group: RouteGroup;
  access: RouteAccess;
  summary: string;
}

export const routeGroups = ['system', 'auth', 'lists', 'projects', 'instruments', 'templates', 'settings', 'files', 'dashboard', 'audit', 'superadmin', 'engine', 'musicians', 'respond', 'engine-controls'] as const;
export type RouteGroup = (typeof routeGroups)[number];

export const routes: readonly RouteEntry[] = [
  { method: 'GET', path: '/api/health', group: 'system', access: 'public', summary: 'Liveness and database reachability' },

  { method: 'POST', path: '/api/auth/login', group: 'auth', access: 'public', summary: 'Log in with email and password; sets the session cookie. After 5 failures of the account on this host (30 from one address) each attempt waits a growing delay: 429 with Retry-After' },
  { method: 'POST', path: '/api/auth/logout', group: 'auth', access: 'public', summary: 'End the session and clear the cookie' },
  { method: 'GET', path: '/api/auth/me', group: 'auth', access: 'session', summary: 'The logged-in account and its orchestra' },
  { method: 'POST', path: '/api/auth/password-reset', group: 'auth', access: 'public', summary: 'Email a single-use password reset link' },
  { method: 'POST', path: '/api/auth/password-reset/confirm', group: 'auth', access: 'public', summary: "Set a new password with a reset or invitation token; voids the account's other open links and ends its sessions" },

  // Musicians: profile, qualifications, archive/restore, CSV import, GDPR export and erase (SPEC §2, §5).
  { method: 'GET', path: '/api/musicians', group: 'musicians', access: 'admin', summary: 'Musicians with search (name, email, code), filters (instrumentId, positionId, status, localResident), sort and plan usage' },
  { method: 'POST', path: '/api/musicians', group: 'musicians', access: 'admin', summary: 'Create a musician with qualifications (duplicate email is 409; within the plan limit)' },
  { method: 'GET', path: '/api/musicians/{id}', group: 'musicians', access: 'admin', summary: 'One musician with qualifications and email status' },
  { method: 'PATCH', path: '/api/musicians/{id}', group: 'musicians', access: 'admin', summary: 'Change fields, activate/deactivate (active) or replace qualifications (dropped ones leave their lists)' },
  { method: 'POST', path: '/api/musicians/{id}/archive', group: 'musicians', access: 'admin', summary: 'Archive a musician (history, notes and list places kept)' },
  { method: 'POST', path: '/api/musicians/{id}/restore', group: 'musicians', access: 'admin', summary: 'Restore an archived musician (within the plan limit)' },
  { method: 'GET', path: '/api/musicians/{id}/profile', group: 'musicians', access: 'admin', summary: 'List places, request history by project and statistics' },
  { method: 'POST', path: '/api/musicians/import', group: 'musicians', access: 'admin', summary: 'Import CSV { csv, dryRun }: the dry run reports problems by line; the real run writes all rows or none' },
  { method: 'GET', path: '/api/musicians/{id}/export', group: 'musicians', access: 'admin', summary: 'GDPR: everything held about the musician as JSON' },
  { method: 'POST', path: '/api/musicians/{id}/erase', group: 'musicians', access: 'admin', summary: 'GDPR: erase personal data (anonymous request counts kept; off every list)' },

  // Ranking lists: A/B/C per position and custom lists per project and position (SPEC §2).
  { method: 'GET', path: '/api/ranking-lists', group: 'lists', access: 'admin', summary: "Standard lists (filter by positionId) with their ordered musicians; projectId adds that project's custom lists, allCustom=true every project's (to copy an earlier one)" },
  { method: 'GET', path: '/api/ranking-lists/{id}', group: 'lists', access: 'admin', summary: 'One list with its ordered musicians' },
  { method: 'PATCH', path: '/api/ranking-lists/{id}', group: 'lists', access: 'admin', summary: "Change a list's description" },
  { method: 'DELETE', path: '/api/ranking-lists/{id}', group: 'lists', access: 'admin', summary: 'Remove a custom list (archived instead when a need used it)' },
  { method: 'POST', path: '/api/ranking-lists/{id}/entries', group: 'lists', access: 'admin', summary: 'Add a qualified musician at the end or at a given rank' },
  { method: 'DELETE', path: '/api/ranking-lists/{id}/entries/{musicianId}', group: 'lists', access: 'admin', summary: 'Remove a musician from the list; ranks close up' },
  { method: 'PUT', path: '/api/ranking-lists/{id}/order', group: 'lists', access: 'admin', summary: 'Set the whole order: every musician on the list exactly once, top first' },
  { method: 'POST', path: '/api/ranking-lists/{id}/clear', group: 'lists', access: 'admin', summary: 'Empty the list' },
  { method: 'POST', path: '/api/projects/{id}/custom-lists', group: 'lists', access: 'admin', summary: "Create the project's custom list for a position, empty or copied from another list" },

  // Projects and their needs (SPEC §2, §3.2).
  { method: 'GET', path: '/api/projects', group: 'projects', access: 'admin', summary: 'Projects with staffing (accepted/needed); filters: when (upcoming, past, all), includeArchived, search' },
  { method: 'POST', path: '/api/projects', group: 'projects', access: 'admin', summary: 'Create a project (the ISO week follows the start date)' },
  { method: 'GET', path: '/api/projects/{id}', group: 'projects', access: 'admin', summary: 'One project with its staffing and needs' },
  { method: 'PATCH', path: '/api/projects/{id}', group: 'projects', access: 'admin', summary: 'Change name, start date, rehearsal schedule, concert info or notes' },
  { method: 'POST', path: '/api/projects/{id}/archive', group: 'projects', access: 'admin', summary: 'Archive a project (refused while requests are pending)' },
  { method: 'GET', path: '/api/projects/{id}/needs', group: 'projects', access: 'admin', summary: "The project's needs in send order, with accepted and pending counts" },
  { method: 'POST', path: '/api/projects/{id}/needs', group: 'projects', access: 'admin', summary: 'Add a need: position, quantity, list, strategy, max recipients, response hours, local residents only' },
  { method: 'GET', path: '/api/projects/{id}/needs/{needId}', group: 'projects', access: 'admin', summary: 'One need' },
  { method: 'PATCH', path: '/api/projects/{id}/needs/{needId}', group: 'projects', access: 'admin', summary: 'Change a need (strategy and list are locked once a request was sent)' },
  { method: 'POST', path: '/api/projects/{id}/needs/{needId}/archive', group: 'projects', access: 'admin', summary: 'Archive a need (refused while requests are pending)' },

  // Instruments (score order) and positions (seniority order), archived and never deleted (SPEC §2).
  { method: 'GET', path: '/api/instruments', group: 'instruments', access: 'admin', summary: 'Instruments in score order with their positions; includeArchived' },
  { method: 'POST', path: '/api/instruments', group: 'instruments', access: 'admin', summary: 'Create an instrument, last in score order' },
  { method: 'PUT', path: '/api/instruments/order', group: 'instruments', access: 'admin', summary: 'Set the whole score order: every live instrument exactly once, first on top' },
  { method: 'GET', path: '/api/instruments/{id}', group: 'instruments', access: 'admin', summary: 'One instrument with its positions' },
  { method: 'PATCH', path: '/api/instruments/{id}', group: 'instruments', access: 'admin', summary: 'Rename an instrument (unique among live instruments)' },
  { method: 'POST', path: '/api/instruments/{id}/archive', group: 'instruments', access: 'admin', summary: 'Archive an instrument with its positions and lists (refused while a need of it is open)' },
  { method: 'POST', path: '/api/instruments/{id}/restore', group: 'instruments', access: 'admin', summary: 'Restore an instrument with the positions and lists archived with it' },
  { method: 'PUT', path: '/api/instruments/{id}/positions/order', group: 'instruments', access: 'admin', summary: "Set the instrument's whole seniority order: every live position exactly once, most senior first" },
  { method: 'GET', path: '/api/positions', group: 'instruments', access: 'admin', summary: 'Positions with instrument and A/B/C list ids; filters: instrumentId, includeArchived' },
  { method: 'POST', path: '/api/positions', group: 'instruments', access: 'admin', summary: 'Create a position (least senior) with its empty A, B and C lists' },
  { method: 'GET', path: '/api/positions/{id}', group: 'instruments', access: 'admin', summary: 'One position' },
  { method: 'PATCH', path: '/api/positions/{id}', group: 'instruments', access: 'admin', summary: 'Rename a position (unique among the live positions of its instrument)' },
  { method: 'POST', path: '/api/positions/{id}/archive', group: 'instruments', access: 'admin', summary: 'Archive a position with its lists (refused while a need of it is open)' },
  { method: 'POST', path: '/api/positions/{id}/restore', group: 'instruments', access: 'admin', summary: 'Restore a position (least senior) with the lists archived with it' },

  // Email templates per type and language (SPEC §2).
  { method: 'GET', path: '/api/templates', group: 'templates', access: 'admin', summary: 'Every template type in every language, with whether it differs from the default' },
  { method: 'GET', path: '/api/templates/{type}/{language}', group: 'templates', access: 'admin', summary: 'One template with its default and the variables it may use' },
  { method: 'PUT', path: '/api/templates/{type}/{language}', group: 'templates', access: 'admin', summary: 'Save subject and body (unknown {{variables}} refused)' },
  { method: 'POST', path: '/api/templates/{type}/{language}/preview', group: 'templates', access: 'admin', summary: 'Render the given or stored subject and body with sample data, as text and escaped HTML' },
  { method: 'POST', path: '/api/templates/{type}/{language}/reset', group: 'templates', access: 'admin', summary: 'Put the built-in default back' },

  // Orchestra settings (SPEC §2) and plan usage (SPEC §4).
  { method: 'GET', path: '/api/settings', group: 'settings', access: 'admin', summary: 'Settings, with the plan and its usage' },
  { method: 'PATCH', path: '/api/settings', group: 'settings', access: 'admin', summary: 'Change orchestra name, reminder %, conflict mode, time zone, sender name or reply-to' },

  // Project files: upload through a presigned form, confirm, download through a short-lived link (SPEC §2).
  { method: 'GET', path: '/api/projects/{id}/files', group: 'files', access: 'admin', summary: "The project's uploaded files; filters: needId, sendOn" },
  { method: 'POST', path: '/api/projects/{id}/files', group: 'files', access: 'admin', summary: "Start an upload (filename, contentType, sizeBytes, sendOn, needId): the file row and a presigned upload form; the name's ending must fit the type" },
  { method: 'GET', path: '/api/projects/{id}/files/{fileId}', group: 'files', access: 'admin', summary: 'One uploaded file' },
  { method: 'PATCH', path: '/api/projects/{id}/files/{fileId}', group: 'files', access: 'admin', summary: 'Change when a file is sent (request or accept) and its need (null: the whole project)' },
  { method: 'DELETE', path: '/api/projects/{id}/files/{fileId}', group: 'files', access: 'admin', summary: 'Remove a file and its bytes (refused while an unsent email attaches it)' },
  { method: 'POST', path: '/api/projects/{id}/files/{fileId}/confirm', group: 'files', access: 'admin', summary: 'Confirm an upload once the bytes are stored: 400 when the first bytes are not of the declared type; the bytes are then served from a copy (posting the form again changes nothing), listed and sent' },
  { method: 'GET', path: '/api/projects/{id}/files/{fileId}/download', group: 'files', access: 'admin', summary: 'A download link valid for five minutes' },

  // The request engine's planning half: preview = send, live status, conflict picks (SPEC §3.1–3.4).
  { method: 'GET', path: '/api/projects/{id}/preview', group: 'engine', access: 'admin', summary: 'Whom a send would ask now per need (needId: one need), everyone skipped with the reason, conflicts, and the fingerprint' },
  { method: 'POST', path: '/api/projects/{id}/send', group: 'engine', access: 'admin', summary: 'Send the requests of the plan (whole project or needId); with the preview fingerprint, 409 and a fresh preview if it changed. A send that asks nobody says why in nobodyAsked: reason, message, needs and skipped musicians counted by reason' },
  { method: 'GET', path: '/api/projects/{id}/status', group: 'engine', access: 'admin', summary: 'Live status to poll: per need accepted/pending/quantity and status, and the requests changed since the cursor (since)' },
  { method: 'PUT', path: '/api/projects/{id}/conflict-choices', group: 'engine', access: 'admin', summary: 'admin_choice mode: pick the one need each conflicted musician may be asked for (needId null removes the pick)' },

  // Dashboard (SPEC §6) and the audit log (SPEC §2).
  { method: 'GET', path: '/api/dashboard', group: 'dashboard', access: 'admin', summary: 'Musicians, upcoming projects, pending requests, answer rate (30 days), needs exhausted or failing delivery, recent activity, plan usage' },
  { method: 'GET', path: '/api/audit', group: 'audit', access: 'admin', summary: 'Audit log, newest first, with before/after; filters: entityType, entityId, action, actor, from, to (days)' },

  // Superadmin: orchestras, their admins, migrations across orchestras (SPEC §4). Apex host only.
  { method: 'GET', path: '/api/superadmin/orchestras', group: 'superadmin', access: 'superadmin', summary: 'Orchestras (search, status filter, paging) with live figures and health from each database, and totals; a provisioning run that ended without a word is marked failed and rolled back' },
  { method: 'POST', path: '/api/superadmin/orchestras', group: 'superadmin', access: 'superadmin', summary: 'Create an orchestra: registers it and starts the provisioning workflow; answers 202 at once. With restoreFrom, a copy of the backup (its projects paused, pending requests cancelled, queued mail held; `restore` says what), 400 on plan when the backup does not fit it' },
  { method: 'GET', path: '/api/superadmin/orchestras/{id}', group: 'superadmin', access: 'superadmin', summary: 'One orchestra with live figures, health and its provisioning progress step by step (a run that ended without a word is marked failed and rolled back)' },
  { method: 'PATCH', path: '/api/superadmin/orchestras/{id}', group: 'superadmin', access: 'superadmin', summary: 'Change name, contact email or plan' },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/suspend', group: 'superadmin', access: 'superadmin', summary: 'Suspend an active orchestra (at once, its login and every mutating route answer 423; its sessions end for good)' },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/resume', group: 'superadmin', access: 'superadmin', summary: 'Resume a suspended orchestra' },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/archive', group: 'superadmin', access: 'superadmin', summary: 'Archive an orchestra (its host answers 404; the database is kept)' },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/retry-provisioning', group: 'superadmin', access: 'superadmin', summary: "Provision a failed orchestra again with the failed run's first admin and backup unless the body names others (restoreFrom null: the standard seed); 409 while its rollback still runs" },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/backup', group: 'superadmin', access: 'superadmin', summary: 'Export every table of the orchestra to one JSON file in the file store; create an orchestra with restoreFrom set to its key to restore it' },
  { method: 'GET', path: '/api/superadmin/orchestras/{id}/backups', group: 'superadmin', access: 'superadmin', summary: "The orchestra's backups, newest first: key, size, when and by whom (from the control audit trail)" },
  { method: 'GET', path: '/api/superadmin/orchestras/{id}/admins', group: 'superadmin', access: 'superadmin', summary: "The orchestra's admin accounts" },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/admins', group: 'superadmin', access: 'superadmin', summary: "Invite an admin by email (within the plan's admin limit)" },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/admins/{userId}/deactivate', group: 'superadmin', access: 'superadmin', summary: "Deactivate an admin and end the admin's sessions" },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/admins/{userId}/reactivate', group: 'superadmin', access: 'superadmin', summary: "Undo a deactivation (within the plan's admin limit): the admin logs in again with their old password, or a reset link can be sent; an admin already active is 409" },
  { method: 'POST', path: '/api/superadmin/orchestras/{id}/admins/{userId}/reset-password', group: 'superadmin', access: 'superadmin', summary: 'Email the admin a single-use password reset link' },
  { method: 'GET', path: '/api/superadmin/migrations', group: 'superadmin', access: 'superadmin', summary: "The newest orchestra schema version, each orchestra's version, recent migrate-all runs" },
  { method: 'POST', path: '/api/superadmin/migrations/run', group: 'superadmin', access: 'superadmin', summary: 'Start the migrate-all workflow (one run at a time); answers 202 at once' },
  { method: 'GET', path: '/api/superadmin/migrations/runs/{id}', group: 'superadmin', access: 'superadmin', summary: "A migrate-all run: status and each orchestra's result" },

  // Request engine, the musician's side (SPEC §3.5): the response link's page data and the yes/no answer.
  { method: 'GET', path: '/api/respond/{token}', group: 'respond', access: 'public', summary: "A response link's request: project, position, deadline, on-request files and state (reads only)" },
  { method: 'POST', path: '/api/respond/{token}', group: 'respond', access: 'public', summary: 'Answer yes or no; a second answer gets the first one\'s result, after the deadline 410' },

  // Request engine, admin controls (SPEC §3.5): pause/resume, withdraw, quantity, resend, log, group email.
  { method: 'POST', path: '/api/projects/{id}/needs/{needId}/pause', group: 'engine-controls', access: 'admin', summary: 'Pause a need: nothing new is sent, pending requests can still be answered' },
  { method: 'POST', path: '/api/projects/{id}/needs/{needId}/resume', group: 'engine-controls', access: 'admin', summary: 'Resume a paused need and top it up at once (never reopens filled or archived needs)' },
  { method: 'POST', path: '/api/projects/{id}/pause', group: 'engine-controls', access: 'admin', summary: 'Pause every need of the project' },
  { method: 'POST', path: '/api/projects/{id}/resume', group: 'engine-controls', access: 'admin', summary: 'Resume the project and top up its needs at once' },
  { method: 'PUT', path: '/api/projects/{id}/needs/{needId}/quantity', group: 'engine-controls', access: 'admin', summary: 'Change the number of seats while the need runs (not below the accepted count)' },
  { method: 'POST', path: '/api/requests/{id}/withdraw', group: 'engine-controls', access: 'admin', summary: 'Withdraw a pending or accepted request with the withdrawn email; the seat reopens and refills' },
  { method: 'POST', path: '/api/outbox/{id}/resend', group: 'engine-controls', access: 'admin', summary: 'Send a failed email again' },
  { method: 'GET', path: '/api/projects/{id}/messages', group: 'engine-controls', access: 'admin', summary: "The project's communication log: every email with its delivery status and last error (filter by requestId, status)" },
  { method: 'POST', path: '/api/projects/{id}/group-emails', group: 'engine-controls', access: 'admin', summary: 'Email the accepted musicians (optionally one instrument or position), with project files' },
  { method: 'GET', path: '/api/projects/{id}/group-emails', group: 'engine-controls', access: 'admin', summary: "The project's group emails with their recipients" },
];

/** `GET /api/health` → the key the group handlers use to find a route's implementation. */
export function routeKey(route: Pick<RouteEntry, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
