import type { TemplateLanguage, TemplateType } from '../domain/template-variables';

/**
 * The templates a new orchestra starts with, in Swedish and English, for every template type. Plain
 * text; values are filled in (and HTML-escaped) when a message is rendered. They use only the variables
 * of `templateVariables`.
 */
export interface DefaultEmailTemplate {
  type: TemplateType;
  language: TemplateLanguage;
  subject: string;
  body: string;
}

export const defaultEmailTemplates: readonly DefaultEmailTemplate[] = [
  {
    type: 'request',
    language: 'sv',
    subject: 'Förfrågan: {{positionName}} i {{projectName}} (vecka {{weekNumber}})',
    body: `Hej {{firstName}}!

Vi på {{orchestraName}} undrar om du vill spela {{positionName}} ({{instrumentName}}) i {{projectName}}, som startar {{startDate}} (vecka {{weekNumber}}).

Repetitioner:
{{rehearsalSchedule}}

Konsert:
{{concertInfo}}

Svara ja eller nej senast {{deadline}} här:
{{responseUrl}}

Varma hälsningar
{{orchestraName}}`,
  },
  {
    type: 'request',
    language: 'en',
    subject: 'Request: {{positionName}} in {{projectName}} (week {{weekNumber}})',
    body: `Dear {{firstName}},

{{orchestraName}} would love to have you play {{positionName}} ({{instrumentName}}) in {{projectName}}, starting {{startDate}} (week {{weekNumber}}).

Rehearsals:
{{rehearsalSchedule}}

Concert:
{{concertInfo}}

Please answer yes or no by {{deadline}} here:
{{responseUrl}}

Warm regards,
{{orchestraName}}`,
  },
  {
    type: 'reminder',
    language: 'sv',
    subject: 'Påminnelse: {{positionName}} i {{projectName}}',
    body: `Hej {{firstName}}!

En vänlig påminnelse om vår förfrågan: vill du spela {{positionName}} i {{projectName}}, som startar {{startDate}} (vecka {{weekNumber}})?

Vi behöver ditt svar senast {{deadline}}:
{{responseUrl}}

Varma hälsningar
{{orchestraName}}`,
  },
  {
    type: 'reminder',
    language: 'en',
    subject: 'Reminder: {{positionName}} in {{projectName}}',
    body: `Dear {{firstName}},

A friendly reminder of our request: would you like to play {{positionName}} in {{projectName}}, starting {{startDate}} (week {{weekNumber}})?

We need your answer by {{deadline}}:
{{responseUrl}}

Warm regards,
{{orchestraName}}`,
  },
  {
    type: 'confirmation',
    language: 'sv',
    subject: 'Bekräftelse: {{positionName}} i {{projectName}}',
    body: `Hej {{firstName}}!

Tack för ditt ja! Du är bokad som {{positionName}} i {{projectName}}, med start {{startDate}} (vecka {{weekNumber}}).

Repetitioner:
{{rehearsalSchedule}}

Konsert:
{{concertInfo}}

En kalenderfil och eventuella noter och dokument finns bifogade. Vi ser fram emot att spela med dig!

Varma hälsningar
{{orchestraName}}`,
  },
  {
    type: 'confirmation',
    language: 'en',
    subject: 'Confirmed: {{positionName}} in {{projectName}}',
    body: `Dear {{firstName}},

Thank you for saying yes! You are booked as {{positionName}} in {{projectName}}, starting {{startDate}} (week {{weekNumber}}).

Rehearsals:
{{rehearsalSchedule}}

Concert:
{{concertInfo}}

A calendar file and any music or documents are attached. We look forward to playing with you!

Warm regards,
{{orchestraName}}`,
  },
  {
    type: 'position_filled',
    language: 'sv',
    subject: 'Platsen är tillsatt: {{positionName}} i {{projectName}}',
    body: `Hej {{firstName}}!

Tack för att du tog dig tid. Platsen som {{positionName}} i {{projectName}} (vecka {{weekNumber}}) är nu tillsatt, så vi behöver dig inte den här gången.

Vi hoppas att vi hörs snart igen.

Varma hälsningar
{{orchestraName}}`,
  },
  {
    type: 'position_filled',
    language: 'en',
    subject: 'Position filled: {{positionName}} in {{projectName}}',
    body: `Dear {{firstName}},

Thank you for taking the time. The {{positionName}} position in {{projectName}} (week {{weekNumber}}) has now been filled, so we will not need you this time.

We hope to be in touch again soon.

Warm regards,
{{orchestraName}}`,
  },
  {
    type: 'withdrawn',
    language: 'sv',
    subject: 'Förfrågan återkallad: {{positionName}} i {{projectName}}',
    body: `Hej {{firstName}}!

Vi har tyvärr fått dra tillbaka vår förfrågan om {{positionName}} i {{projectName}} (vecka {{weekNumber}}). Du behöver inte göra något mer.

Förlåt besväret, och tack för att du ställer upp för oss.

Varma hälsningar
{{orchestraName}}`,
  },
  {
    type: 'withdrawn',
    language: 'en',
    subject: 'Request withdrawn: {{positionName}} in {{projectName}}',
    body: `Dear {{firstName}},

Unfortunately we have had to withdraw our request for {{positionName}} in {{projectName}} (week {{weekNumber}}). There is nothing more you need to do.

We are sorry for the trouble, and thank you for being there for us.

Warm regards,
{{orchestraName}}`,
  },
  {
    type: 'exhausted',
    language: 'sv',
    subject: 'Listan är slut: {{positionName}} i {{projectName}}',
    body: `Hej!

Alla på listan för {{positionName}} ({{instrumentName}}) i {{projectName}}, vecka {{weekNumber}}, har tillfrågats, men alla {{quantity}} platser är ännu inte tillsatta.

Välj en annan lista eller lägg till musiker för behovet i orkestersystemet för {{orchestraName}}, så fortsätter utskicket.`,
  },
  {
    type: 'exhausted',
    language: 'en',
    subject: 'List used up: {{positionName}} in {{projectName}}',
    body: `Hello,

Everyone on the list for {{positionName}} ({{instrumentName}}) in {{projectName}}, week {{weekNumber}}, has been asked, but not all {{quantity}} seats are filled yet.

Choose another list or add musicians to the need in the orchestra system for {{orchestraName}}, and requests will continue.`,
  },
];
