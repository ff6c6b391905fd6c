import ical from 'ical-generator';
import type { InlineOutboxAttachment } from '../mail/enqueue-email';
import type { RequestEmailContext } from './request-emails';

/**
 * The confirmation's calendar file (SPEC §3.5): the project as an all-day event on its start date (a project
 * has a start date and free-text schedules, no times), with the schedule and concert info as description.
 * The UID is stable per request, so a re-sent confirmation updates the same calendar entry.
 */
export function projectCalendarFile(ctx: RequestEmailContext, now: Date): InlineOutboxAttachment {
  const labels = ctx.language === 'sv' ? { rehearsals: 'Repetitioner', concert: 'Konsert' } : { rehearsals: 'Rehearsals', concert: 'Concert' };
  const description = [
    ctx.project.rehearsalSchedule && `${labels.rehearsals}:\n${ctx.project.rehearsalSchedule}`,
    ctx.project.concertInfo && `${labels.concert}:\n${ctx.project.concertInfo}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const calendar = ical({ name: ctx.orchestraName, prodId: { company: 'Orchestra System', product: 'engine', language: ctx.language.toUpperCase() } });
  const day = new Date(`${ctx.project.startDate}T00:00:00Z`);
  calendar.createEvent({
    id: `${ctx.requestId}@orchestra-system`,
    start: day,
    allDay: true,
    summary: `${ctx.project.name} – ${ctx.positionName}`,
    description: description || undefined,
    stamp: now,
  });
  const safeName = ctx.project.name.replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'project';
  return {
    filename: `${safeName}.ics`,
    contentType: 'text/calendar; charset=utf-8',
    contentBase64: Buffer.from(calendar.toString(), 'utf8').toString('base64'),
  };
}
