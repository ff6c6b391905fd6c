// The Node.js runtime of one Lambda execution environment, as the host starts it (plain ESM, Node built-ins only:
// nothing of the project is imported, so a function sees only its asset, its environment and the SDK on NODE_PATH).
// It follows AWS's runtime interface client (aws-lambda-nodejs-runtime-interface-client): the handler string from
// _HANDLER, the module looked up as '', .js, .mjs, .cjs, then require.resolve; the export found on the module or its
// default; init errors typed Runtime.ImportModuleError / Runtime.UserCodeSyntaxError / Runtime.HandlerNotFound /
// Runtime.MalformedHandlerName / Runtime.CallbackHandlerDeprecated (Node 24 refuses handlers declaring a callback).
// Instead of the Runtime API over HTTP it talks to the host over fd 3, one JSON message a line.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

/** Written to stdout after an invocation's last output, so the host knows its logs are complete. */
const invocationDoneMarker = (requestId) => `\u0000lambda-host:done:${requestId}\u0000\n`;

const channel = new Socket({ fd: 3, readable: true, writable: true });
const send = (message) => channel.write(`${JSON.stringify(message)}\n`);

// Lambda's log stream is one: stderr joins stdout so the order of lines is kept and the done marker comes last.
process.stderr.write = process.stdout.write.bind(process.stdout);

let currentRequestId;
function patchConsole() {
  const write = (level) => (...args) => {
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${format(...args)}\n`);
  };
  console.log = write('INFO');
  console.info = write('INFO');
  console.warn = write('WARN');
  console.error = write('ERROR');
  console.debug = write('DEBUG');
  console.trace = write('TRACE');
}

function namedError(name, message, stack) {
  const error = new Error(message);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}

/** What the runtime posts for a failure: the error's name, message and stack lines (RIC's formatError). */
function formatError(error) {
  try {
    if (error instanceof Error) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: 'there was a problem while retrieving the error', trace: [] };
  }
}

function parseHandlerString(handlerString) {
  if (handlerString.includes('..')) {
    throw namedError('Runtime.MalformedHandlerName', `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const slash = handlerString.lastIndexOf('/');
  const moduleRoot = handlerString.slice(0, slash + 1);
  const file = handlerString.slice(slash + 1);
  const dot = file.indexOf('.');
  if (dot <= 0) throw namedError('Runtime.MalformedHandlerName', 'Bad handler');
  return { moduleRoot, moduleName: file.slice(0, dot), handlerName: file.slice(dot + 1) };
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const withoutExtension = path.resolve(appRoot, moduleRoot, moduleName);
  try {
    for (const extension of ['', '.js', '.mjs', '.cjs']) {
      const file = `${withoutExtension}${extension}`;
      if (existsSync(file)) return await import(pathToFileURL(file).href);
    }
    const require = createRequire(path.join(appRoot, 'noop.js'));
    return require(require.resolve(moduleName, { paths: [appRoot, path.join(appRoot, moduleRoot)] }));
  } catch (error) {
    if (error instanceof SyntaxError) throw namedError('Runtime.UserCodeSyntaxError', String(error), error.stack);
    if (error instanceof Error && error.code === 'MODULE_NOT_FOUND') throw namedError('Runtime.ImportModuleError', String(error));
    throw error;
  }
}

function resolveHandler(module, handlerName, handlerString) {
  const findIn = (root) => handlerName.split('.').reduce((nested, key) => (nested && typeof nested === 'object' ? nested[key] : undefined), root);
  let handler = findIn(module);
  if (!handler && module && typeof module === 'object' && 'default' in module) handler = findIn(module.default);
  if (!handler) throw namedError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw namedError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  return handler;
}

/** Node 24 and later refuse callback handlers at init; older runtimes still call them with a callback. */
const callbackHandlersRemoved = !/^AWS_Lambda_nodejs(1\d|2[0-2])\.x$/.test(process.env.AWS_EXECUTION_ENV ?? '');
const streamingSymbol = Symbol.for('aws.lambda.runtime.handler.streaming');

async function loadHandler() {
  const handlerString = process.env._HANDLER ?? '';
  const { moduleRoot, moduleName, handlerName } = parseHandlerString(handlerString);
  const module = await loadModule(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), moduleRoot, moduleName);
  const handler = resolveHandler(module, handlerName, handlerString);
  if (handler.length >= 3 && !handler[streamingSymbol] && callbackHandlersRemoved) {
    throw namedError(
      'Runtime.CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  return handler;
}

function buildContext(invocation, onCallbackWaitsChange) {
  let callbackWaitsForEmptyEventLoop = true;
  return {
    awsRequestId: invocation.requestId,
    invokedFunctionArn: invocation.invokedFunctionArn,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: invocation.clientContext,
    identity: undefined,
    getRemainingTimeInMillis: () => invocation.deadlineMs - Date.now(),
    get callbackWaitsForEmptyEventLoop() {
      return callbackWaitsForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      callbackWaitsForEmptyEventLoop = value;
      onCallbackWaitsChange(value);
    },
  };
}

let handler;
/** The invocation being run, until its outcome is posted. */
let running;

function post(outcome) {
  if (!running || running.posted) return;
  running.posted = true;
  const { requestId } = running;
  let message;
  if (outcome.error !== undefined) {
    message = { type: 'error', requestId, error: formatError(outcome.error) };
  } else {
    try {
      message = { type: 'result', requestId, payload: JSON.stringify(outcome.result === undefined ? null : outcome.result) };
    } catch (error) {
      message = { type: 'error', requestId, error: formatError(namedError('Runtime.JSONStringifyError', `Unable to stringify response body: ${error?.message}`)) };
    }
  }
  process.stdout.write(invocationDoneMarker(requestId));
  send(message);
  running = undefined;
  currentRequestId = undefined;
  // Idle again: the channel keeps the process alive until the next event, as the Runtime API's /next does.
  channel.ref();
}

function invoke(invocation) {
  currentRequestId = invocation.requestId;
  running = { requestId: invocation.requestId, posted: false, callbackResult: undefined, waitsForEmptyEventLoop: true };
  const current = running;
  // While the handler runs only its own work keeps the process alive, so an empty event loop is noticed.
  channel.unref();
  const context = buildContext(invocation, (waits) => {
    current.waitsForEmptyEventLoop = waits;
  });
  const callback = (error, result) => {
    const outcome = error !== undefined && error !== null ? { error } : { result };
    if (current.waitsForEmptyEventLoop) current.callbackResult = outcome;
    else post(outcome);
  };
  try {
    const returned = handler(invocation.event, context, callback);
    if (returned && typeof returned.then === 'function') {
      returned.then(
        (result) => post({ result }),
        (error) => post({ error: error ?? new Error('handler rejected') }),
      );
    }
  } catch (error) {
    post({ error });
  }
}

// The loop emptied during an invocation: a callback's result goes out now; a handler that never finished
// answers null, as the runtime interface client's default exit listener does.
process.on('beforeExit', () => {
  if (!running) return;
  post(running.callbackResult ?? { result: null });
});

// An error nobody caught fails the running invocation (or the init) and ends the environment, as Lambda does.
process.on('uncaughtException', (error) => {
  console.error('Uncaught Exception', error);
  failAndExit(error, 129);
});
process.on('unhandledRejection', (reason) => {
  const error = namedError('Runtime.UnhandledPromiseRejection', reason instanceof Error ? String(reason) : String(reason));
  console.error('Unhandled Promise Rejection', error);
  failAndExit(error, 128);
});

function failAndExit(error, code) {
  if (running) post({ error });
  else send({ type: 'init-error', error: formatError(error) });
  channel.end(() => process.exit(code));
}

let buffered = '';
channel.setEncoding('utf8');
channel.on('data', (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    const message = JSON.parse(line);
    if (message.type === 'invoke') invoke(message);
  }
});
// The host went away: nothing will ever be invoked again.
channel.on('end', () => process.exit(0));

patchConsole();
const initStarted = performance.now();
try {
  handler = await loadHandler();
  send({ type: 'ready', initDurationMs: performance.now() - initStarted });
} catch (error) {
  console.error(`${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`);
  send({ type: 'init-error', error: formatError(error) });
  channel.end(() => process.exit(1));
}
