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

describe('renderTemplate: the response link in the HTML part', () => {
  const url = 'https://demo.example.org/respond/dtNXN0zOl6NU2qnac1jV2A5-ayQNetWL2uMVCFKy_Hg';
  const body = 'Svara senast fredag här:\n{{responseUrl}}\nHälsningar';

  it('is a button labelled in the template language and the link itself, both to the same address', () => {
    const html = renderTemplate(body, { responseUrl: url }, 'html', { language: 'sv' });
    const links = [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map(([, href, label]) => ({ href, label }));
    expect(links).toEqual([
      { href: url, label: 'Svara' },
      { href: url, label: url },
    ]);
    expect(html).toMatch(/^Svara senast fredag här:<br>\n<a href="[^"]+" style="[^"]*display:inline-block[^"]*">Svara<\/a><br>\n<a href="[^"]+">[^<]+<\/a><br>\nHälsningar$/);
    expect(renderTemplate(body, { responseUrl: url }, 'html', { language: 'en' })).toContain('>Answer</a>');
  });

  it('leaves the plain-text part as it was: the address on its own line', () => {
    expect(renderTemplate(body, { responseUrl: url }, 'text')).toBe(`Svara senast fredag här:\n${url}\nHälsningar`);
  });

  it('makes no link of anything but a web address, and escapes what it puts in the href', () => {
    expect(renderTemplate('{{responseUrl}}', { responseUrl: 'javascript:alert(1)' }, 'html')).toBe('javascript:alert(1)');
    expect(renderTemplate('{{responseUrl}}', { responseUrl: '' }, 'html')).toBe('');
    const quoted = renderTemplate('{{responseUrl}}', { responseUrl: 'https://x.example/respond/a"b<c' }, 'html');
    expect(quoted).toContain('href="https://x.example/respond/a&quot;b&lt;c"');
    expect(quoted).not.toContain('a"b');
  });
});
