import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Socket } from 'node:net';
import type { FunctionSpec, InvocationError, InvocationResult } from '../contracts';
import { memoryArguments } from './lambda-environment';

const bootstrapPath = path.join(import.meta.dirname, 'runtime-bootstrap.mjs');
const doneMarkerPattern = /\u0000lambda-host:done:([^\u0000]+)\u0000\n/;
/** Lambda gives the init phase of an on-demand function 10 s; past that it retries init inside the invoke's Timeout. */
const initPhaseMs = 10_000;

type ChildMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'init-error'; error: InvocationError }
  | { type: 'result'; requestId: string; payload: string }
  | { type: 'error'; requestId: string; error: InvocationError };

export interface EnvironmentInvocation {
  requestId: string;
  result: InvocationResult;
  durationMs: number;
  /** Present on a cold start: spawn to handler loaded, as the host saw it, and the import alone, as the runtime timed it. */
  init?: { durationMs: number; importDurationMs?: number };
}

interface Running {
  requestId: string;
  outcome?: { ok: true; payload: unknown } | { ok: false; error: InvocationError };
  logsDone: boolean;
  logs: string;
  echoed: number;
  finish(outcome: { ok: true; payload: unknown } | { ok: false; error: InvocationError }): void;
}

/**
 * One Lambda execution environment: a Node process running the runtime bootstrap over one asset. Started by the
 * first invoke (cold), reused by the next ones (warm), one invocation at a time; gone after a timeout, an init
 * error or an exit, so the next invoke is cold again.
 */
export class ExecutionEnvironment {
  state: 'new' | 'busy' | 'idle' | 'dead' = 'new';
  private child?: ChildProcess;
  private channel?: Socket;
  private output = '';
  private running?: Running;
  private ready?: Promise<{ ok: true; importDurationMs: number } | { ok: false; error: InvocationError }>;
  private onReady?: (outcome: { ok: true; importDurationMs: number } | { ok: false; error: InvocationError }) => void;
  private exitDescription?: string;
  /** The invocation this environment is (or was last) working on. */
  private requestId?: string;

  constructor(
    private readonly spec: FunctionSpec,
    private readonly environment: Record<string, string>,
    private readonly taskRoot: string,
    private readonly echo: (text: string) => void,
  ) {}

  async invoke(event: unknown, invokedFunctionArn: string): Promise<EnvironmentInvocation> {
    if (this.state === 'dead') throw new Error(`execution environment of ${this.spec.functionName} is gone`);
    const requestId = randomUUID();
    this.requestId = requestId;
    const cold = this.state === 'new';
    this.state = 'busy';
    let init: EnvironmentInvocation['init'];
    let initLogs = '';
    if (cold) {
      const started = performance.now();
      const outcome = await this.start();
      init = { durationMs: performance.now() - started, importDurationMs: outcome.ok ? outcome.importDurationMs : undefined };
      initLogs = this.takeOutput();
      if (!outcome.ok) {
        void this.kill();
        const logs = `${initLogs}START RequestId: ${requestId} Version: $LATEST\nEND RequestId: ${requestId}\n${this.reportLine(requestId, 0, init.durationMs)}`;
        this.echo(logs.slice(initLogs.length));
        return { requestId, durationMs: 0, init, result: { ok: false, error: outcome.error, logs } };
      }
    }
    const start = `START RequestId: ${requestId} Version: $LATEST\n`;
    this.echo(start);
    const dispatched = performance.now();
    const outcome = await this.run(requestId, event, invokedFunctionArn);
    const durationMs = performance.now() - dispatched;
    const report = `END RequestId: ${requestId}\n${this.reportLine(requestId, durationMs, init?.durationMs)}`;
    this.echo(report);
    const logs = `${initLogs}${start}${outcome.logs}${report}`;
    if (this.state === 'busy') this.state = 'idle';
    const result: InvocationResult = outcome.ok ? { ok: true, payload: outcome.payload, logs } : { ok: false, error: outcome.error, logs };
    return { requestId, durationMs, init, result };
  }

  /** Takes an idle environment for one invocation, so no other invoke picks it meanwhile. */
  claim(): void {
    if (this.state === 'idle') this.state = 'busy';
  }

  /** Ends the process; resolves once it is gone. */
  kill(): Promise<void> {
    this.state = 'dead';
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGKILL');
    return gone;
  }

  private start() {
    this.ready = new Promise((resolve) => (this.onReady = resolve));
    const nodeArguments = memoryArguments(this.spec.memoryMb, this.environment.NODE_OPTIONS);
    const child = spawn(process.execPath, [...nodeArguments, bootstrapPath], {
      cwd: this.taskRoot,
      env: this.environment,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.channel = child.stdio[3] as Socket;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.receiveOutput(chunk));
    // Only what Node writes natively lands here (the bootstrap sends console.error to stdout): fatal errors.
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.receiveOutput(chunk));
    let buffered = '';
    this.channel.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        this.receiveMessage(JSON.parse(line) as ChildMessage);
      }
    });
    this.channel.on('error', () => {});
    child.on('close', (code, signal) => this.closed(code, signal));
    // The process could not start at all (no such node, no such task root): the cold start fails with the reason.
    child.on('error', (error) => {
      this.state = 'dead';
      this.onReady?.({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${this.requestId} Error: Runtime failed to start: ${error.message}` } });
    });
    const initTimer = setTimeout(() => {
      void this.kill();
      this.onReady?.({ ok: false, error: this.timeoutError(this.requestId ?? 'unknown', this.spec.timeoutSeconds) });
    }, initPhaseMs + this.spec.timeoutSeconds * 1000);
    return this.ready.finally(() => clearTimeout(initTimer));
  }

  private run(requestId: string, event: unknown, invokedFunctionArn: string): Promise<{ logs: string } & NonNullable<Running['outcome']>> {
    return new Promise((resolve) => {
      const timeoutMs = this.spec.timeoutSeconds * 1000;
      const running: Running = {
        requestId,
        logsDone: false,
        logs: this.takeOutput(),
        echoed: 0,
        finish: (outcome) => {
          clearTimeout(timer);
          this.running = undefined;
          resolve({ ...outcome, logs: running.logs });
        },
      };
      this.running = running;
      const timer = setTimeout(() => {
        void this.kill();
        const line = `${new Date().toISOString()} ${requestId} Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds\n`;
        running.logs += line;
        this.echo(line);
        running.finish({ ok: false, error: this.timeoutError(requestId, this.spec.timeoutSeconds) });
      }, timeoutMs);
      const deadlineMs = Date.now() + timeoutMs;
      this.channel!.write(`${JSON.stringify({ type: 'invoke', requestId, event, deadlineMs, invokedFunctionArn })}\n`);
    });
  }

  private timeoutError(requestId: string, seconds: number): InvocationError {
    return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds` };
  }

  private reportLine(requestId: string, durationMs: number, initDurationMs: number | undefined): string {
    const init = initDurationMs === undefined ? '' : `\tInit Duration: ${initDurationMs.toFixed(2)} ms`;
    return `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${this.spec.memoryMb} MB${init}\n`;
  }

  private receiveMessage(message: ChildMessage): void {
    if (message.type === 'ready') this.onReady?.({ ok: true, importDurationMs: message.initDurationMs });
    else if (message.type === 'init-error') {
      if (this.running) this.complete({ ok: false, error: message.error });
      else this.onReady?.({ ok: false, error: message.error });
    } else if (this.running?.requestId === message.requestId) {
      this.running.outcome = message.type === 'result' ? { ok: true, payload: JSON.parse(message.payload) } : { ok: false, error: message.error };
      this.completeWhenLogged();
    }
  }

  private receiveOutput(chunk: string): void {
    const running = this.running;
    if (!running || running.logsDone) {
      // Between invocations (init, or work a handler left running): kept for the next invocation's logs.
      this.output += chunk;
      this.echo(chunk);
      return;
    }
    // The marker may arrive split over chunks, so it is looked for in everything this invocation wrote.
    running.logs += chunk;
    const marker = doneMarkerPattern.exec(running.logs);
    if (!marker) {
      this.echoConfirmed(running);
      return;
    }
    const after = running.logs.slice(marker.index + marker[0].length);
    running.logs = running.logs.slice(0, marker.index);
    running.logsDone = true;
    this.echoConfirmed(running);
    this.output += after;
    this.echo(after);
    this.completeWhenLogged();
  }

  /** Echoes what is surely log text: up to a marker that may still be arriving. */
  private echoConfirmed(running: Running): void {
    const markerStart = running.logs.indexOf('\u0000', running.echoed);
    const end = markerStart >= 0 ? markerStart : running.logs.length;
    this.echo(running.logs.slice(running.echoed, end));
    running.echoed = end;
  }

  /** An invocation ends when its outcome arrived on the channel and its last output on stdout, in either order. */
  private completeWhenLogged(): void {
    const running = this.running;
    if (running?.outcome && running.logsDone) running.finish(running.outcome);
  }

  private complete(outcome: NonNullable<Running['outcome']>): void {
    this.running?.finish(outcome);
  }

  private closed(code: number | null, signal: NodeJS.Signals | null): void {
    this.state = 'dead';
    this.exitDescription = signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code}`;
    const running = this.running;
    if (running) {
      running.logs += this.takeOutput();
      if (running.outcome) running.finish(running.outcome);
      else running.finish({ ok: false, error: this.exitError(running.requestId) });
    } else {
      this.onReady?.({ ok: false, error: this.exitError(this.requestId ?? 'unknown') });
    }
  }

  private exitError(requestId: string): InvocationError {
    return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${this.exitDescription}` };
  }

  private takeOutput(): string {
    const output = this.output;
    this.output = '';
    return output;
  }
}
