import type { TemplateLanguage } from '../template-variables';
import type { RequestStatus } from './planning-types';

/**
 * What the musician's response page shows (SPEC §3.5), derived from the request alone so that every answer
 * after the first, and every look at the page, gets the same result.
 *   open      — waiting for an answer, before the deadline
 *   accepted  — booked
 *   declined  — said no
 *   expired   — the deadline passed without an answer (even before the timeout job has run)
 *   filled    — the seat was filled before they said yes (request cancelled, or the need is full)
 *   withdrawn — the orchestra took the request back
 *   suspended — the orchestra is suspended (answered 423 before any request is read; listed for the page)
 */
export const respondStates = ['open', 'accepted', 'declined', 'expired', 'filled', 'withdrawn', 'suspended'] as const;
export type RespondState = (typeof respondStates)[number];

export interface RespondFacts {
  status: RequestStatus;
  deadlineAt: Date;
  now: Date;
  /** The need has as many accepted as seats (a pending request can then only be turned away). */
  needFull: boolean;
}

export function respondState(facts: RespondFacts): Exclude<RespondState, 'suspended'> {
  switch (facts.status) {
    case 'accepted':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'timed_out':
      return 'expired';
    case 'cancelled':
      return 'filled';
    case 'withdrawn':
      return 'withdrawn';
    case 'pending':
      if (facts.now.getTime() >= facts.deadlineAt.getTime()) return 'expired';
      return facts.needFull ? 'filled' : 'open';
  }
}

/** The answer the musician gave, as far as it counts: a late yes on a filled seat is kept and shown too. */
export function recordedAnswer(status: RequestStatus, lateAnswer: 'yes' | 'no' | null): 'yes' | 'no' | null {
  if (status === 'accepted') return 'yes';
  if (status === 'declined') return 'no';
  return lateAnswer;
}

export interface RespondMessageValues {
  positionName: string;
  projectName: string;
  deadline: string;
  orchestraName: string;
}

const messages: Record<TemplateLanguage, Record<Exclude<RespondState, 'suspended'>, (v: RespondMessageValues) => string>> = {
  sv: {
    open: (v) => `Vill du spela ${v.positionName} i ${v.projectName}? Svara senast ${v.deadline}.`,
    accepted: (v) => `Tack! Du är bokad som ${v.positionName} i ${v.projectName}. En bekräftelse med kalenderfil kommer med e-post.`,
    declined: () => 'Tack för ditt svar. Vi har noterat att du inte kan den här gången.',
    filled: (v) => `Tack för ditt svar! Platsen som ${v.positionName} i ${v.projectName} är redan tillsatt, så du är inte bokad den här gången.`,
    expired: (v) => `Svarstiden gick ut ${v.deadline}, så förfrågan är stängd. Hör gärna av dig till ${v.orchestraName} om du har frågor.`,
    withdrawn: (v) => `${v.orchestraName} har dragit tillbaka förfrågan. Du behöver inte svara.`,
  },
  en: {
    open: (v) => `Would you like to play ${v.positionName} in ${v.projectName}? Please answer by ${v.deadline}.`,
    accepted: (v) => `Thank you! You are booked as ${v.positionName} in ${v.projectName}. A confirmation with a calendar file is on its way by email.`,
    declined: () => 'Thank you for your answer. We have noted that you cannot play this time.',
    filled: (v) => `Thank you for your answer! The ${v.positionName} seat in ${v.projectName} has already been filled, so you are not booked this time.`,
    expired: (v) => `The time to answer ended ${v.deadline}, so this request is closed. Feel free to contact ${v.orchestraName} with any questions.`,
    withdrawn: (v) => `${v.orchestraName} has withdrawn this request. You do not need to answer.`,
  },
};

export function respondMessage(state: Exclude<RespondState, 'suspended'>, language: TemplateLanguage, values: RespondMessageValues): string {
  return messages[language][state](values);
}

/** Unknown links get the same words whoever asks: nothing about whether such a request ever existed. */
export const unknownLinkMessage = 'This link is not valid. / Länken är inte giltig.';
