import type { FunctionSpec } from '../../test/deployed/support/contracts';
import { createLambdaHost } from '../../test/deployed/support/lambda/lambda-host';
import type { AwsStandIns } from './aws-stand-ins';

export interface ColdStart {
  /** Process spawn to handler loaded (the host's init phase). */
  initMs: number;
  /** The asset's import as timed inside the process. */
  importMs: number;
  /** Process spawn to the first response: init plus the first invocation. */
  firstResponseMs: number;
  /** `200`, `401`, `ok`, or the error type the function answered with. */
  answer: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export interface ColdStartFigures {
  /** Process spawn to handler loaded: Node's start plus the import. */
  initMs: number;
  importMs: number;
  firstResponseMs: number;
  /** Every run's answer, deduplicated (`401`, `Runtime.ImportModuleError: …`). */
  answers: string[];
}

function answerOf(result: Awaited<ReturnType<ReturnType<typeof createLambdaHost>['invoke']>>): string {
  if (!result.ok) return `${result.error.errorType}: ${result.error.errorMessage.slice(0, 80)}`;
  const payload = result.payload as { statusCode?: number } | null;
  return typeof payload?.statusCode === 'number' ? String(payload.statusCode) : 'ok';
}

/** One cold start: a fresh host, so a fresh Node 24 process with exactly the template's environment. */
export async function coldStart(spec: FunctionSpec, event: unknown, aws: AwsStandIns): Promise<ColdStart> {
  const host = createLambdaHost({ functions: [spec], credentialsFor: aws.credentialsFor, endpoints: aws.endpoints, region: 'eu-north-1', concurrencyPerFunction: 1 });
  try {
    const result = await host.invoke(spec.arn, event);
    const record = host.invocations[0]!;
    if (!record.cold || record.initDurationMs === undefined) throw new Error(`${spec.functionName}: the first invocation was not a cold start`);
    return { initMs: record.initDurationMs, importMs: record.importDurationMs ?? Number.NaN, firstResponseMs: record.initDurationMs + record.durationMs, answer: answerOf(result) };
  } finally {
    await host.stop();
  }
}

/** Medians of `runs` cold starts, one after another (the machine's cores are shared; parallel runs would skew). */
export async function coldStartFigures(spec: FunctionSpec, event: unknown, aws: AwsStandIns, runs: number): Promise<ColdStartFigures> {
  const starts: ColdStart[] = [];
  for (let run = 0; run < runs; run++) starts.push(await coldStart(spec, event, aws));
  return {
    initMs: median(starts.map((start) => start.initMs)),
    importMs: median(starts.map((start) => start.importMs)),
    firstResponseMs: median(starts.map((start) => start.firstResponseMs)),
    answers: [...new Set(starts.map((start) => start.answer))],
  };
}
