import { escapeHtml } from './html-escape';

/**
 * What a message can say only once it is handed to the mail service. A request's deadline runs from that moment
 * (SPEC §3.5: a queue never eats the musician's time), so its email is rendered with this slot where the
 * deadline goes, and delivery fills it with the deadline it then sets. Private-use characters: no template text
 * or value can bring the slot in by accident (rendering strips them from both).
 */
export const deadlineSlot = '\uE000deadline\uE001';

const slotCharacters = /[\uE000\uE001]/g;

/** Text as it may appear in a rendered message: the slot's characters removed. */
export function withoutSlotCharacters(text: string): string {
  return text.replace(slotCharacters, '');
}

/** A rendered subject, text or HTML part with the deadline written where the slot is (HTML: escaped). */
export function fillDeadlineSlot(rendered: string, deadline: string, format: 'text' | 'html'): string {
  return rendered.split(deadlineSlot).join(format === 'html' ? escapeHtml(deadline) : deadline);
}
