import { sfnErrors } from './sfn-api-error';

/**
 * The history of one execution as GetExecutionHistory returns it: events numbered from 1, each pointing at
 * the one before (`previousEventId`), stamped in epoch seconds with fractions, its details under the
 * member the API names after the type (`LambdaFunctionFailed` → `lambdaFunctionFailedEventDetails`,
 * `TaskStateEntered` → `stateEnteredEventDetails`).
 */
export interface HistoryEventRecord {
  id: number;
  previousEventId: number;
  /** Epoch milliseconds; seconds on the wire. */
  timestamp: number;
  type: string;
  details?: Record<string, unknown>;
}

export function detailsMemberOf(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
}

export class ExecutionHistory {
  readonly events: HistoryEventRecord[] = [];

  add(type: string, details?: Record<string, unknown>, timestamp = Date.now()): HistoryEventRecord {
    const previous = this.events.at(-1);
    const event: HistoryEventRecord = {
      id: this.events.length + 1,
      previousEventId: previous?.id ?? 0,
      // Events come from two sources (the library's log, the task handlers); keep time monotonic.
      timestamp: Math.max(timestamp, previous?.timestamp ?? 0),
      type,
      ...(details ? { details } : {}),
    };
    this.events.push(event);
    return event;
  }

  /** One page, as GetExecutionHistory pages: `maxResults` 0 or absent means 100, at most 1000. */
  page(
    executionArn: string,
    request: { maxResults?: number; reverseOrder?: boolean; nextToken?: string; includeExecutionData?: boolean },
  ): { events: Record<string, unknown>[]; nextToken?: string } {
    const maxResults = request.maxResults ?? 0;
    if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) {
      throw sfnErrors.validation(`Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`);
    }
    const size = maxResults === 0 ? 100 : maxResults;
    const reverse = request.reverseOrder === true;
    const offset = request.nextToken === undefined ? 0 : readToken(request.nextToken, executionArn, reverse);
    const ordered = reverse ? [...this.events].reverse() : this.events;
    const slice = ordered.slice(offset, offset + size);
    const next = offset + slice.length;
    return {
      events: slice.map((event) => toWire(event, request.includeExecutionData !== false)),
      ...(next < ordered.length ? { nextToken: writeToken(executionArn, reverse, next) } : {}),
    };
  }
}

function toWire(event: HistoryEventRecord, includeExecutionData: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = { timestamp: event.timestamp / 1000, type: event.type, id: event.id, previousEventId: event.previousEventId };
  if (event.details) {
    const details = { ...event.details };
    if (!includeExecutionData) {
      delete details.input;
      delete details.output;
    }
    wire[detailsMemberOf(event.type)] = details;
  }
  return wire;
}

/** Opaque to the caller, as AWS's are; bound to the execution and the order it was made for. */
function writeToken(executionArn: string, reverse: boolean, offset: number): string {
  return Buffer.from(JSON.stringify({ executionArn, reverse, offset })).toString('base64url');
}

function readToken(token: string, executionArn: string, reverse: boolean): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { executionArn?: string; reverse?: boolean; offset?: number };
    if (parsed.executionArn === executionArn && parsed.reverse === reverse && Number.isInteger(parsed.offset)) return parsed.offset!;
  } catch {
    // falls through to InvalidToken
  }
  throw sfnErrors.invalidToken(token);
}
