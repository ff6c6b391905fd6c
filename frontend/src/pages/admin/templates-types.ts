/** What the /api/templates endpoints answer (shared/app/templates; restated so the app imports no server code). */
export type TemplateType = 'request' | 'reminder' | 'confirmation' | 'position_filled' | 'withdrawn' | 'exhausted';
export type TemplateLanguage = 'sv' | 'en';

export interface TemplateView {
  type: TemplateType;
  language: TemplateLanguage;
  subject: string;
  body: string;
  customised: boolean;
  updatedAt: string | null;
}

export interface TemplateDetail extends TemplateView {
  default: { subject: string; body: string };
  variables: string[];
}

export interface TemplatePreview {
  language: TemplateLanguage;
  subject: string;
  text: string;
  html: string;
}
