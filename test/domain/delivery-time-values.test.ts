import { describe, expect, it } from 'vitest';
import { deadlineSlot, fillDeadlineSlot } from '../../shared/domain/delivery-time-values';
import { renderTemplate } from '../../shared/domain/render-template';

describe('the deadline written in at delivery', () => {
  const template = 'Svara senast {{deadline}}, {{firstName}}!';

  it('renders a request email with the slot where the deadline goes, and delivery writes it in (escaped in HTML)', () => {
    const values = { deadline: deadlineSlot, firstName: 'Anna' };
    const deadline = 'fredag 12 mars 2027 kl. 14:00 <CET>';
    expect(fillDeadlineSlot(renderTemplate(template, values, 'text'), deadline, 'text')).toBe(`Svara senast ${deadline}, Anna!`);
    expect(fillDeadlineSlot(renderTemplate(template, values, 'html'), deadline, 'html')).toBe('Svara senast fredag 12 mars 2027 kl. 14:00 &lt;CET&gt;, Anna!');
  });

  it('lets no other value nor the template text bring a slot in', () => {
    const sneaky = `Anna${deadlineSlot}`;
    const rendered = renderTemplate(`Hej {{firstName}} ${deadlineSlot}`, { firstName: sneaky }, 'text');
    expect(rendered).toBe('Hej Annadeadline deadline');
    expect(fillDeadlineSlot(rendered, 'i morgon', 'text')).toBe(rendered);
  });
});
