import { describe, expect, it } from 'vitest';
import { missingRequiredVariables, renderTemplate, unknownTemplateVariables } from '../../shared/domain/render-template';

describe('renderTemplate', () => {
  it('fills known variables, with or without spaces inside the braces', () => {
    expect(renderTemplate('Hej {{firstName}}, {{ projectName }} v{{weekNumber}}', { firstName: 'Anna', projectName: 'Brahms', weekNumber: 9 })).toBe(
      'Hej Anna, Brahms v9',
    );
  });

  it('renders a variable without a value as empty', () => {
    expect(renderTemplate('Konsert: {{concertInfo}}.', {})).toBe('Konsert: .');
  });

  it('escapes values and the template text in HTML, and keeps line breaks', () => {
    const html = renderTemplate('Hi {{firstName}} & co\nbye', { firstName: '<script>alert("x")</script>' }, 'html');
    expect(html).toBe('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co<br>\nbye');
  });

  it('names the unknown variables of a template', () => {
    expect(unknownTemplateVariables('{{firstName}} {{ salary }} {{salary}} {{iban}}')).toEqual(['salary', 'iban']);
    expect(unknownTemplateVariables('{{firstName}} {{responseUrl}}')).toEqual([]);
    // Misspellings with underscores, digits, dots or dashes are placeholders too, and unknown.
    expect(unknownTemplateVariables('{{musician_first_name}} {{ first.name }} {{name2}} {{project-name}}')).toEqual([
      'musician_first_name',
      'first.name',
      'name2',
      'project-name',
    ]);
  });

  it('requires the response link in the body of a request and a reminder, and nothing of the other types', () => {
    expect(missingRequiredVariables('request', 'Hej {{firstName}}')).toEqual(['responseUrl']);
    expect(missingRequiredVariables('reminder', 'Svara här: {{ responseUrl }}')).toEqual([]);
    expect(missingRequiredVariables('request', 'responseUrl {{responseURL}} {responseUrl}')).toEqual(['responseUrl']);
    for (const type of ['confirmation', 'position_filled', 'withdrawn', 'exhausted'] as const) expect(missingRequiredVariables(type, 'Tack')).toEqual([]);
  });
});
