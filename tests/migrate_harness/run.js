'use strict';
/*
 * The differential harness of `hooklint migrate` (issue 17, "Proof: run both").
 *
 * stdin: a JSON array of jobs {id, point, hook_code, action_code, scenarios: [{name, event,
 * outbound}]}. For each scenario it runs
 *   (a) the hook in a simulated Hooks runtime: the point's prelude error classes, CommonJS
 *       `module`/`exports`/`require`, the point's positional parameters built from the
 *       scenario's `event` (auth0-actions.md §4, written here independently of
 *       hooklint/migrate/mapping.py), and a recording callback (the first call wins);
 *   (b) the Action in a fresh context with that `event` and a recording `api`.
 * Both get the same recorded fakes for outbound modules (request, request-promise, axios,
 * node-fetch and the global fetch, http/https, and a recording Proxy for any other module,
 * the auth0 SDK included), answering per scenario: `outbound: "ok"` → 200 with JSON `{}`,
 * `"fail"` → a network error. Time is virtual: timers and answers are events on the run's
 * own queue and `Date` follows the virtual clock, so back-off code finishes at once and the
 * order of events never depends on the machine. A run "times out" when it has not finished
 * and nothing is left that could finish it (a callback never called, a promise never
 * settled), or when its next event is due after the 20 s both runtimes allow. A runaway
 * (more than MAX_CALLS outbound calls or MAX_EVENTS events, or synchronous code running
 * longer than HARNESS_TIMEOUT_MS) is stopped and times out too; HARNESS_TIMEOUT_MS of real
 * time is also the last resort for anything else.
 * stdout: a JSON array [{id, results: [{scenario, hook, action}]}].
 *
 * Node 20, no dependencies. All jobs run in this one process, several runs at a time.
 */

const vm = require('vm');
const util = require('util');
const http = require('http');
const nodeCrypto = require('crypto');
const { EventEmitter } = require('events');

const TIMEOUT_MS = Number(process.env.HARNESS_TIMEOUT_MS || 5000);
const BUDGET_MS = 20000; // what Hooks (auth0-hooks.md §1) and Actions allow an execution, in virtual time
const CONCURRENCY = Number(process.env.HARNESS_CONCURRENCY || 8);
const NETWORK_MS = 10; // the virtual latency of every outbound call
const EPOCH = Date.UTC(2026, 0, 15, 12, 0, 0);
const MAX_LOGS = 50;
// A run that has made this many outbound calls is a runaway retry loop: it is stopped there
// (it would only end when the runtime kills it), so that it does not starve the other runs.
const MAX_CALLS = 200;
const MAX_EVENTS = 5000;

// A hook's rejected promise is never reported (auth0-hooks.md §1): nothing may end this
// process but the end of the jobs. Errors thrown by code the fakes call back are caught
// where they are called (Run.invoke); what still escapes is reported on stderr.
process.on('unhandledRejection', () => {});
process.on('uncaughtException', (err) => {
  process.stderr.write(`harness: uncaught ${err && err.stack ? err.stack : err}\n`);
});

// ---------------------------------------------------------------------------------------
// Snapshots: values copied out of a run as JSON, with what JSON cannot say made explicit.

const FAKES = new WeakMap(); // fake proxy → its label

function snap(value, seen = new Set(), depth = 0) {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (typeof value === 'bigint') return { $bigint: String(value) };
  if (typeof value === 'symbol') return { $symbol: String(value) };
  if (FAKES.has(value)) return { $fake: FAKES.get(value) };
  if (typeof value === 'function') return { $function: value.name || '' };
  if (seen.has(value)) return { $cycle: true };
  if (depth > 20) return { $deep: true };
  if (util.types.isNativeError(value)) return { $error: errorInfo(value) };
  if (util.types.isDate(value)) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  seen.add(value);
  try {
    if (typeof value.toJSON === 'function' && !Array.isArray(value)) {
      return snap(value.toJSON(), seen, depth + 1);
    }
    if (Array.isArray(value)) return value.map((item) => snap(item, seen, depth + 1));
    const out = {};
    for (const key of Object.keys(value)) out[key] = snap(value[key], seen, depth + 1);
    return out;
  } catch (err) {
    return { $unreadable: String(err && err.message) };
  } finally {
    seen.delete(value);
  }
}

function errorInfo(err) {
  const info = {
    name: String(err.name),
    class: err.constructor && typeof err.constructor.name === 'string' ? err.constructor.name : null,
    message: err.message === undefined ? '' : String(err.message),
  };
  if (err.friendlyMessage !== undefined) info.friendlyMessage = String(err.friendlyMessage);
  return info;
}

function isError(value, ctxError) {
  return util.types.isNativeError(value) || (value instanceof ctxError);
}

// A request body as data: JSON text parsed, form data as an object, bytes as text.
function normalBody(body) {
  if (body === undefined || body === null) return body;
  if (Buffer.isBuffer(body)) body = body.toString('utf8');
  if (body instanceof URLSearchParams) return Object.fromEntries(body.entries());
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch (err) {
      return body;
    }
  }
  return body;
}

function withQuery(url, query) {
  if (url === undefined || url === null || !query || typeof query !== 'object') return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  if (!text) return url;
  return String(url) + (String(url).includes('?') ? '&' : '?') + text;
}

function joinBase(base, url) {
  if (base === undefined || base === null) return url;
  if (url !== undefined && url !== null && /^[a-z][a-z0-9+.-]*:\/\//i.test(String(url))) return url;
  const left = String(base).replace(/\/+$/, '');
  const right = url === undefined || url === null ? '' : String(url).replace(/^\/+/, '');
  return right ? `${left}/${right}` : left;
}

// ---------------------------------------------------------------------------------------
// One run: one hook or one Action on one scenario, in its own context.

class Run {
  constructor(kind, outbound) {
    this.kind = kind; // 'hook' | 'action'
    this.outbound = outbound === 'fail' ? 'fail' : 'ok';
    this.calls = [];
    this.logs = [];
    this.closed = false;
    this.queue = []; // the run's events (see queueAt)
    this.seq = 0;
    this.now = EPOCH; // the virtual clock (ms)
    this.seed = 1234567;
    this.finished = false; // the hook's callback was called / the Action settled
    this.runaway = false;
    this.events = 0;
    this.uncaught = null;
    this.onUncaught = null;
    this.ctx = null;
    this.realm = null;
    this.modules = new Map();
    this.cache = new Map();
    this.preludeClasses = {};
  }

  random() {
    // A small LCG: the hook and its Action see the same sequence.
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }

  log(args) {
    if (this.logs.length < MAX_LOGS) {
      let text;
      try {
        text = util.format(...args);
      } catch (err) {
        text = '[unformattable]';
      }
      this.logs.push(text.slice(0, 500));
    }
  }

  stopRunaway() {
    this.runaway = true;
    this.close();
  }

  // One more event of the run (a timer fired, a fake answered): false once it is a runaway.
  tick() {
    this.events += 1;
    if (this.events > MAX_EVENTS) this.stopRunaway();
    return !this.closed;
  }

  record(call) {
    if (this.closed) return;
    if (this.calls.length >= MAX_CALLS) {
      this.stopRunaway();
      throw this.error('harness: runaway outbound calls stopped');
    }
    this.calls.push({
      module: call.module,
      method: call.method,
      url: call.url === undefined || call.url === null ? null : String(call.url),
      body: snap(normalBody(call.body)),
      after: this.finished,
    });
  }

  // Call code of the run from the host (a timer, a fake's answer): what it throws is an
  // uncaught exception of the run.
  invoke(fn, self, args) {
    if (this.closed || typeof fn !== 'function') return undefined;
    try {
      return fn.apply(self, args);
    } catch (err) {
      this.uncaughtError(err);
      return undefined;
    }
  }

  uncaughtError(err) {
    if (this.uncaught === null) this.uncaught = err;
    if (this.onUncaught) this.onUncaught(err);
  }

  // Everything asynchronous in a run is an event on the run's own queue, in virtual time:
  // timers at their due time, a fake's answer NETWORK_MS after the call. `drive` runs the
  // events one by one, earliest first (ties in the order they were queued), letting the
  // microtasks settle between two: the same code gives the same order of events every
  // time, whatever else the process or the machine is doing.
  queueAt(at, fn) {
    const entry = { at, seq: this.seq++, fn, cancelled: false };
    this.queue.push(entry);
    return entry;
  }

  later(fn, delay = 0) {
    return this.queueAt(this.now + delay, () => {
      try {
        fn();
      } catch (err) {
        this.uncaughtError(err);
      }
    });
  }

  // A fake's answer: a promise settled after the network's latency, `ok()` or `fail()` by
  // the scenario.
  respond(ok, fail) {
    return new Promise((resolve, reject) => {
      this.later(() => (this.outbound === 'fail' ? reject(fail()) : resolve(ok())), NETWORK_MS);
    });
  }

  error(message, code, ErrorClass) {
    const Ctor = ErrorClass || this.realm.Error;
    const err = new Ctor(message);
    if (code) err.code = code;
    return err;
  }

  networkError() {
    return this.error('connect ECONNREFUSED 203.0.113.10:443 (harness: outbound call failed)', 'ECONNREFUSED');
  }

  setTimer(fn, delay, args, repeat) {
    const due = Math.max(repeat ? 1 : 0, Number(delay) || 0);
    const handle = new TimerHandle(this);
    const arm = () => {
      handle.entry = this.queueAt(this.now + due, () => {
        if (repeat) arm();
        this.invoke(fn, undefined, args);
      });
    };
    arm();
    return handle;
  }

  clearTimer(handle) {
    if (handle instanceof TimerHandle && handle.entry) handle.entry.cancelled = true;
  }

  // The next event, or null when nothing is left that could happen.
  next() {
    let best = -1;
    for (let i = 0; i < this.queue.length; i++) {
      const entry = this.queue[i];
      if (entry.cancelled) continue;
      if (best === -1 || entry.at < this.queue[best].at || (entry.at === this.queue[best].at && entry.seq < this.queue[best].seq)) best = i;
    }
    if (best === -1) {
      this.queue.length = 0;
      return null;
    }
    return this.queue.splice(best, 1)[0];
  }

  // Run events until `done()`, nothing is left, the time budget is spent, the run is a
  // runaway, or (last resort) the real-time deadline passes.
  async drive(done, deadline) {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve)); // the microtasks settle
      if (done() || this.closed || Date.now() > deadline) return;
      const entry = this.next();
      if (entry === null || entry.at > EPOCH + BUDGET_MS) return;
      if (!this.tick()) return;
      if (entry.at > this.now) this.now = entry.at;
      entry.fn();
    }
  }

  close() {
    this.closed = true;
    this.queue.length = 0;
  }
}

// What setTimeout returns: Node's Timeout methods, none of which changes what runs.
class TimerHandle {
  constructor(run) {
    this.run = run;
    this.entry = null;
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  hasRef() {
    return true;
  }

  refresh() {
    return this;
  }

  [Symbol.toPrimitive]() {
    return this.entry ? this.entry.seq : 0;
  }
}

// ---------------------------------------------------------------------------------------
// The context: globals both runtimes have, with the virtual timers and a deterministic clock.

const CONTEXT_SETUP = `
(function (now, random) {
  const RealDate = Date;
  function HarnessDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  }
  HarnessDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: HarnessDate, writable: true, configurable: true });
  HarnessDate.now = function () { return now(); };
  HarnessDate.parse = RealDate.parse;
  HarnessDate.UTC = RealDate.UTC;
  globalThis.Date = HarnessDate;
  Math.random = function () { return random(); };
})
`;

// The prelude the Hooks compilers put before a hook (auth0-hooks.md §1, §2): Error
// subclasses with a `name`, the two-message ones with `friendlyMessage`.
const PRELUDE = {
  ExtensibilityUserError: 'class ExtensibilityUserError extends Error { constructor(message) { super(message); this.name = "ExtensibilityUserError"; } }',
  InvalidScopeError: 'class InvalidScopeError extends Error { constructor(message) { super(message); this.name = "InvalidScopeError"; } }',
  InvalidRequestError: 'class InvalidRequestError extends Error { constructor(message) { super(message); this.name = "InvalidRequestError"; } }',
  ServerError: 'class ServerError extends Error { constructor(message) { super(message); this.name = "ServerError"; } }',
  PreUserRegistrationError: 'class PreUserRegistrationError extends Error { constructor(message, friendlyMessage) { super(message); this.name = "PreUserRegistrationError"; this.friendlyMessage = friendlyMessage; } }',
  SendPhoneMessageError: 'class SendPhoneMessageError extends Error { constructor(message, friendlyMessage) { super(message); this.name = "SendPhoneMessageError"; this.friendlyMessage = friendlyMessage; } }',
};

const PRELUDE_CLASSES = {
  'credentials-exchange': ['ExtensibilityUserError', 'InvalidRequestError', 'InvalidScopeError', 'ServerError'],
  'pre-user-registration': ['ExtensibilityUserError', 'PreUserRegistrationError'],
  'post-user-registration': ['ExtensibilityUserError', 'PreUserRegistrationError'],
  'post-change-password': ['ExtensibilityUserError', 'PreUserRegistrationError'],
  'send-phone-message': ['ExtensibilityUserError', 'SendPhoneMessageError'],
};

function makeContext(run) {
  const ctx = vm.createContext({});
  run.ctx = ctx;
  vm.runInContext(CONTEXT_SETUP, ctx)(() => run.now, () => run.random());
  // The context's own built-ins (a contextified object does not show them as properties).
  run.realm = vm.runInContext('({ JSON, Error, TypeError })', ctx);
  const log = (...args) => run.log(args);
  ctx.console = { log, info: log, warn: log, error: log, debug: log, trace: log, dir: log, table: log };
  ctx.setTimeout = (fn, delay, ...args) => run.setTimer(fn, delay, args, false);
  ctx.setInterval = (fn, delay, ...args) => run.setTimer(fn, delay, args, true);
  ctx.setImmediate = (fn, ...args) => run.setTimer(fn, 0, args, false);
  // util.promisify(setTimeout) is timers/promises' setTimeout, as in Node.
  const sleep = (delay, value) => new Promise((resolve) => run.setTimer(resolve, delay, [value], false));
  ctx.setTimeout[util.promisify.custom] = sleep;
  ctx.setImmediate[util.promisify.custom] = (value) => sleep(0, value);
  ctx.clearTimeout = (handle) => run.clearTimer(handle);
  ctx.clearInterval = (handle) => run.clearTimer(handle);
  ctx.clearImmediate = (handle) => run.clearTimer(handle);
  ctx.queueMicrotask = (fn) => Promise.resolve().then(() => run.invoke(fn, undefined, []));
  ctx.Buffer = Buffer;
  ctx.URL = URL;
  ctx.URLSearchParams = URLSearchParams;
  ctx.TextEncoder = TextEncoder;
  ctx.TextDecoder = TextDecoder;
  ctx.AbortController = AbortController;
  ctx.AbortSignal = AbortSignal;
  ctx.structuredClone = structuredClone;
  ctx.process = {
    env: {},
    argv: [],
    version: 'v22.0.0',
    versions: { node: '22.0.0' },
    platform: 'linux',
    nextTick: (fn, ...args) => run.later(() => run.invoke(fn, undefined, args)),
    hrtime: Object.assign(() => [Math.floor(run.now / 1000), (run.now % 1000) * 1e6], {
      bigint: () => BigInt(run.now) * 1000000n,
    }),
    uptime: () => (run.now - EPOCH) / 1000,
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }),
    cwd: () => '/data',
    on: () => ctx.process,
    exit: (code) => {
      throw run.error(`process.exit(${code}) called`);
    },
  };
  ctx.fetch = fakeFetch(run, 'fetch');
  vm.runInContext('globalThis.global = globalThis;', ctx);
  return ctx;
}

// Code moved into a context as data, in that context's realm (its own Object, Array...).
function intoContext(run, value) {
  if (value === undefined) return undefined;
  return run.realm.JSON.parse(JSON.stringify(value));
}

// ---------------------------------------------------------------------------------------
// Outbound fakes.

function fakeRequest(run, defaults, promised) {
  const moduleName = promised ? 'request-promise' : 'request';
  function options(a, b, c) {
    let opts = {};
    let cb;
    if (typeof a === 'string' || a instanceof URL) {
      opts.uri = String(a);
      if (typeof b === 'function') cb = b;
      else {
        Object.assign(opts, b || {});
        cb = c;
      }
    } else {
      Object.assign(opts, a || {});
      cb = typeof b === 'function' ? b : c;
    }
    const merged = Object.assign({}, defaults, opts);
    merged.headers = Object.assign({}, defaults.headers, opts.headers);
    return [merged, cb];
  }
  function send(method, a, b, c) {
    const [opts, cb] = options(a, b, c);
    const verb = String(opts.method || method || 'GET').toUpperCase();
    const url = withQuery(joinBase(opts.baseUrl, opts.uri !== undefined ? opts.uri : opts.url), opts.qs);
    let body = opts.body;
    if (opts.json !== undefined && typeof opts.json === 'object') body = opts.json;
    else if (opts.form !== undefined) body = opts.form;
    else if (opts.formData !== undefined) body = opts.formData;
    run.record({ module: moduleName, method: verb, url, body });
    const answer = opts.json ? intoContext(run, {}) : '{}';
    const response = () => ({ statusCode: 200, statusMessage: 'OK', headers: { 'content-type': 'application/json' }, body: answer });
    if (promised) {
      return run.respond(() => (opts.resolveWithFullResponse ? response() : answer), () => {
        const err = run.networkError();
        err.name = 'RequestError';
        err.cause = run.networkError();
        return err;
      });
    }
    const req = new EventEmitter();
    req.abort = () => {};
    req.destroy = () => {};
    req.end = () => req;
    req.pipe = (dest) => dest;
    req.setTimeout = () => req;
    run.later(() => {
      if (run.outbound === 'fail') {
        const err = run.networkError();
        if (typeof cb === 'function') run.invoke(cb, undefined, [err]);
        else if (req.listenerCount('error') > 0) req.emit('error', err);
      } else {
        const res = response();
        if (typeof cb === 'function') run.invoke(cb, undefined, [null, res, res.body]);
        req.emit('response', res);
        req.emit('complete', res, res.body);
      }
    }, NETWORK_MS);
    return req;
  }
  const request = (a, b, c) => send(undefined, a, b, c);
  for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head', 'options']) {
    request[method] = (a, b, c) => send(method, a, b, c);
  }
  request.del = request.delete;
  request.defaults = (more) => fakeRequest(run, Object.assign({}, defaults, more, {
    headers: Object.assign({}, defaults.headers, more && more.headers),
  }), promised);
  request.jar = () => ({});
  request.default = request;
  return request;
}

function fakeAxios(run, defaults) {
  function request(config) {
    const cfg = Object.assign({}, defaults, config);
    cfg.headers = Object.assign({}, defaults.headers, config && config.headers);
    const method = String(cfg.method || 'get').toUpperCase();
    const url = withQuery(joinBase(cfg.baseURL, cfg.url), cfg.params);
    run.record({ module: 'axios', method, url, body: cfg.data });
    return run.respond(
      () => ({ status: 200, statusText: 'OK', data: intoContext(run, {}), headers: { 'content-type': 'application/json' }, config: cfg }),
      () => {
        const err = run.networkError();
        err.isAxiosError = true;
        err.config = cfg;
        err.request = {};
        err.response = undefined;
        return err;
      });
  }
  const axios = (a, b) => (typeof a === 'string' ? request(Object.assign({}, b, { url: a })) : request(a));
  for (const method of ['get', 'delete', 'head', 'options']) {
    axios[method] = (url, config) => request(Object.assign({}, config, { method, url }));
  }
  for (const method of ['post', 'put', 'patch']) {
    axios[method] = (url, data, config) => request(Object.assign({}, config, { method, url, data }));
  }
  axios.request = request;
  axios.create = (more) => fakeAxios(run, Object.assign({}, defaults, more, {
    headers: Object.assign({}, defaults.headers, more && more.headers),
  }));
  axios.defaults = { headers: { common: {} } };
  const interceptors = () => ({ use: () => 0, eject: () => {}, clear: () => {} });
  axios.interceptors = { request: interceptors(), response: interceptors() };
  axios.isAxiosError = (err) => Boolean(err && err.isAxiosError);
  axios.isCancel = () => false;
  axios.CancelToken = { source: () => ({ token: {}, cancel: () => {} }) };
  axios.all = (items) => Promise.all(items);
  axios.spread = (fn) => (items) => fn(...items);
  axios.default = axios;
  return axios;
}

function fakeFetch(run, moduleName) {
  const fetch = (input, init) => {
    const opts = init || {};
    const url = typeof input === 'string' ? input : input && input.url !== undefined ? input.url : String(input);
    const method = String(opts.method || (input && input.method) || 'GET').toUpperCase();
    run.record({ module: moduleName, method, url, body: opts.body });
    return run.respond(() => {
      const response = {
        ok: true,
        status: 200,
        statusText: 'OK',
        url,
        headers: { get: (name) => (String(name).toLowerCase() === 'content-type' ? 'application/json' : null), has: () => false },
        json: () => Promise.resolve(intoContext(run, {})),
        text: () => Promise.resolve('{}'),
      };
      response.clone = () => response;
      return response;
    }, () => {
      const err = run.error('fetch failed', undefined, run.realm.TypeError);
      err.cause = run.networkError();
      return err;
    });
  };
  fetch.default = fetch;
  return fetch;
}

function fakeHttp(run, scheme) {
  function request(a, b, c) {
    let opts = {};
    let cb;
    if (typeof a === 'string' || a instanceof URL) {
      const u = new URL(String(a));
      opts = { protocol: u.protocol, hostname: u.hostname, port: u.port, path: u.pathname + u.search };
      if (typeof b === 'function') cb = b;
      else {
        Object.assign(opts, b || {});
        cb = c;
      }
    } else {
      Object.assign(opts, a || {});
      cb = b;
    }
    const host = opts.hostname || opts.host || 'localhost';
    const url = `${opts.protocol || `${scheme}:`}//${host}${opts.port ? `:${opts.port}` : ''}${opts.path || '/'}`;
    const method = String(opts.method || 'GET').toUpperCase();
    const req = new EventEmitter();
    const chunks = [];
    let ended = false;
    req.write = (data) => {
      chunks.push(String(data));
      return true;
    };
    req.setHeader = () => {};
    req.setTimeout = () => req;
    req.abort = () => {};
    req.destroy = (err) => {
      if (err) run.later(() => req.emit('error', err));
    };
    req.end = (data) => {
      if (ended) return req;
      ended = true;
      if (data !== undefined && typeof data !== 'function') chunks.push(String(data));
      run.record({ module: scheme, method, url, body: chunks.length ? chunks.join('') : undefined });
      run.later(() => {
        if (run.outbound === 'fail') {
          req.emit('error', run.networkError());
          return;
        }
        const res = new EventEmitter();
        res.statusCode = 200;
        res.statusMessage = 'OK';
        res.headers = { 'content-type': 'application/json' };
        let encoding = null;
        res.setEncoding = (enc) => {
          encoding = enc;
          return res;
        };
        res.resume = () => res;
        if (typeof cb === 'function') run.invoke(cb, undefined, [res]);
        req.emit('response', res);
        run.later(() => {
          res.emit('data', encoding ? '{}' : Buffer.from('{}'));
          res.emit('end');
        });
      }, NETWORK_MS);
      return req;
    };
    return req;
  }
  const get = (a, b, c) => {
    const req = request(a, b, c);
    req.end();
    return req;
  };
  return { request, get, Agent: class Agent {}, STATUS_CODES: http.STATUS_CODES, METHODS: http.METHODS };
}

// Methods of a generic fake that register listeners or iterate: not outbound calls, and
// their function argument is not a node-style callback.
const NOT_CALLS = new Set(['on', 'once', 'off', 'addListener', 'prependListener', 'removeListener',
  'removeAllListeners', 'emit', 'use', 'pipe', 'forEach', 'map', 'filter', 'reduce', 'then', 'catch', 'finally']);

// Any other module (twilio, the auth0 SDK, superagent, ...): a Proxy on which every property
// is another fake and every call is recorded and answered like an SDK call: a promise (or the
// node-style callback given last), `{}` or the network error. Calling the module itself or
// `new` on a property builds a client (not an outbound call).
function genericModule(run, moduleName) {
  function fake(path, kind, promise) {
    const store = Object.create(null);
    const label = [moduleName, ...path].join('.');
    let settled = null;
    const target = function fakeFunction() {};
    const proxy = new Proxy(target, {
      get(_t, prop) {
        if (prop === Symbol.toPrimitive) return () => `[${label}]`;
        if (typeof prop === 'symbol') return undefined;
        if (Object.prototype.hasOwnProperty.call(store, prop)) return store[prop];
        if (prop === 'then' || prop === 'catch' || prop === 'finally') {
          if (kind !== 'result') return undefined;
          settled = settled || promise();
          return settled[prop].bind(settled);
        }
        if (prop === 'toString' || prop === 'valueOf' || prop === 'toJSON' || prop === 'inspect') return () => `[${label}]`;
        if (prop === '__esModule' || prop === 'prototype' || prop === 'constructor') return undefined;
        if (prop === 'default' && kind === 'module') return proxy;
        return fake([...path, prop], 'value');
      },
      set(_t, prop, value) {
        store[prop] = value;
        return true;
      },
      has(_t, prop) {
        return Object.prototype.hasOwnProperty.call(store, prop);
      },
      apply(_t, _self, args) {
        if (kind === 'module' || path.length === 0) return fake([], 'client');
        const method = path.filter((part) => part !== '()').join('.');
        const last = path[path.length - 1];
        if (NOT_CALLS.has(last)) return proxy;
        const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : null;
        const data = callback ? args.slice(0, -1) : args;
        const url = data.find((arg) => typeof arg === 'string' && /^https?:\/\//i.test(arg));
        const body = data.filter((arg) => arg !== url);
        run.record({ module: moduleName, method, url, body: body.length === 1 ? body[0] : body });
        if (callback) {
          run.later(() => {
            if (run.outbound === 'fail') run.invoke(callback, undefined, [run.networkError()]);
            else run.invoke(callback, undefined, [null, intoContext(run, {})]);
          }, NETWORK_MS);
        }
        return fake([...path, '()'], 'result', () => run.respond(() => intoContext(run, {}), () => run.networkError()));
      },
      construct() {
        return fake([], 'client');
      },
    });
    FAKES.set(proxy, label);
    return proxy;
  }
  return fake([], 'module');
}

function deterministicCrypto(run) {
  const bytes = (size) => Buffer.from(Array.from({ length: size }, () => Math.floor(run.random() * 256)));
  return Object.create(nodeCrypto, {
    randomBytes: {
      value: (size, cb) => {
        const out = bytes(size);
        if (typeof cb === 'function') run.later(() => run.invoke(cb, undefined, [null, out]));
        return out;
      },
    },
    randomUUID: {
      value: () => {
        const hex = bytes(16).toString('hex');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      },
    },
    randomInt: {
      value: (min, max) => (max === undefined ? Math.floor(run.random() * min) : min + Math.floor(run.random() * (max - min))),
    },
  });
}

const REAL_MODULES = new Set(['util', 'querystring', 'url', 'events', 'assert', 'string_decoder', 'buffer', 'path', 'os']);

// `q` (a promise library the Node 12 runtime injected): its deferreds on the context's promises.
const Q_MODULE = `(() => {
  const q = (value) => Promise.resolve(value);
  q.defer = () => {
    const deferred = {};
    deferred.promise = new Promise((resolve, reject) => { deferred.resolve = resolve; deferred.reject = reject; });
    return deferred;
  };
  q.resolve = (value) => Promise.resolve(value);
  q.reject = (error) => Promise.reject(error);
  q.all = (values) => Promise.all(values);
  return q;
})()`;

// A global the Node 12 webtask runtime injected -> its module (auth0-hooks.md §1).
const INJECTED_GLOBALS = {
  _: 'lodash', async: 'async', request: 'request', jwt: 'jsonwebtoken', uuid: 'uuid', q: 'q',
  xml2js: 'xml2js', xmldom: 'xmldom', xpath: 'xpath', querystring: 'querystring',
};

function makeRequire(run) {
  return function require(spec) {
    let name = String(spec);
    if (name.startsWith('node:')) name = name.slice(5);
    const at = name.lastIndexOf('@');
    if (at > 0) name = name.slice(0, at); // the webtask form `require('x@1.2.3')`
    if (run.modules.has(name)) return run.modules.get(name);
    let mod;
    if (name === 'request') mod = fakeRequest(run, {}, false);
    else if (name === 'request-promise' || name === 'request-promise-native') mod = fakeRequest(run, {}, true);
    else if (name === 'axios') mod = fakeAxios(run, {});
    else if (name === 'node-fetch') mod = fakeFetch(run, 'node-fetch');
    else if (name === 'http' || name === 'https') mod = fakeHttp(run, name);
    else if (name === 'crypto') mod = deterministicCrypto(run);
    else if (name === 'q') mod = vm.runInContext(Q_MODULE, run.ctx); // promises, not outbound calls
    else if (name === 'timers') {
      mod = { setTimeout: run.ctx.setTimeout, setInterval: run.ctx.setInterval, setImmediate: run.ctx.setImmediate,
        clearTimeout: run.ctx.clearTimeout, clearInterval: run.ctx.clearInterval, clearImmediate: run.ctx.clearImmediate };
    } else if (name === 'timers/promises') {
      mod = { setTimeout: run.ctx.setTimeout[util.promisify.custom], setImmediate: run.ctx.setImmediate[util.promisify.custom] };
    } else if (REAL_MODULES.has(name)) mod = module.require(name);
    else mod = genericModule(run, name);
    run.modules.set(name, mod);
    return mod;
  };
}

// ---------------------------------------------------------------------------------------
// The hook's parameters from the Action's event (auth0-actions.md §4, "Parameter mapping").

function at(object, path) {
  let value = object;
  for (const key of path.split('.')) {
    if (value === undefined || value === null) return undefined;
    value = value[key];
  }
  return value;
}

// An object of the fields that have a value (a field with no Action equivalent stays undefined).
function fields(entries) {
  const out = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function webtask(event) {
  return { secrets: Object.assign({}, event.secrets) };
}

function userContext(event) {
  return fields({
    connection: fields({ id: at(event, 'connection.id'), name: at(event, 'connection.name'), tenant: at(event, 'tenant.id') }),
    request: fields({ ip: at(event, 'request.ip'), language: at(event, 'request.language') }),
    requestLanguage: at(event, 'request.language'),
    renderLanguage: at(event, 'transaction.locale'), // closest match
    webtask: webtask(event),
  });
}

function hookParameters(point, event) {
  switch (point) {
    case 'credentials-exchange':
      return [
        fields({ id: at(event, 'client.client_id'), name: at(event, 'client.name'), metadata: at(event, 'client.metadata'), tenant: at(event, 'tenant.id') }),
        at(event, 'accessToken.scope'),
        at(event, 'resource_server.identifier'),
        { webtask: webtask(event) },
      ];
    case 'pre-user-registration':
      return [
        fields({
          tenant: at(event, 'tenant.id'),
          username: at(event, 'user.username'),
          email: at(event, 'user.email'),
          phoneNumber: at(event, 'user.phone_number'),
          // password, emailVerified, phoneNumberVerified: no equivalent in the event
          user_metadata: at(event, 'user.user_metadata'),
          app_metadata: at(event, 'user.app_metadata'),
        }),
        userContext(event),
      ];
    case 'post-user-registration':
      return [
        fields({
          id: at(event, 'user.user_id'),
          tenant: at(event, 'tenant.id'),
          username: at(event, 'user.username'),
          email: at(event, 'user.email'),
          emailVerified: at(event, 'user.email_verified'),
          phoneNumber: at(event, 'user.phone_number'),
          phoneNumberVerified: at(event, 'user.phone_verified'),
          user_metadata: at(event, 'user.user_metadata'),
          app_metadata: at(event, 'user.app_metadata'),
        }),
        userContext(event),
      ];
    case 'post-change-password':
      return [
        fields({
          id: at(event, 'user.user_id'),
          username: at(event, 'user.username'),
          email: at(event, 'user.email'),
          last_password_reset: at(event, 'user.last_password_reset'),
          tenant: at(event, 'tenant.id'),
        }),
        {
          connection: fields({ id: at(event, 'connection.id'), name: at(event, 'connection.name'), tenant: at(event, 'tenant.id') }),
          webtask: webtask(event),
        },
      ];
    case 'send-phone-message':
      return [
        at(event, 'message_options.recipient'),
        at(event, 'message_options.text'),
        fields({
          message_type: at(event, 'message_options.message_type'),
          action: at(event, 'message_options.action'),
          code: at(event, 'message_options.code'),
          language: at(event, 'request.language'), // closest match
          ip: at(event, 'request.ip'),
          user_agent: at(event, 'request.user_agent'),
          client: fields({ client_id: at(event, 'client.client_id'), name: at(event, 'client.name'), client_metadata: at(event, 'client.metadata') }),
          user: fields({
            user_id: at(event, 'user.user_id'),
            name: at(event, 'user.name'),
            email: at(event, 'user.email'),
            app_metadata: at(event, 'user.app_metadata'),
            user_metadata: at(event, 'user.user_metadata'),
          }),
          // factor_type: no equivalent in the event
          webtask: webtask(event),
        }),
      ];
    default:
      throw new Error(`unknown point ${point}`);
  }
}

const ENTRY_POINTS = {
  'credentials-exchange': 'onExecuteCredentialsExchange',
  'pre-user-registration': 'onExecutePreUserRegistration',
  'post-user-registration': 'onExecutePostUserRegistration',
  'post-change-password': 'onExecutePostChangePassword',
  'send-phone-message': 'onExecuteSendPhoneMessage',
};

// The `api` of each trigger (auth0-actions.md §1.2-§1.6): namespace → methods.
const CACHE = ['get', 'set', 'delete'];
const API_METHODS = {
  'credentials-exchange': {
    access: ['deny'],
    accessToken: ['setCustomClaim'],
    cache: CACHE,
    transaction: ['addTargetScope', 'removeTargetScope', 'setTargetScopes', 'clearTargetScopes'],
  },
  'pre-user-registration': {
    access: ['deny'],
    user: ['setAppMetadata', 'setUserMetadata'],
    validation: ['error'],
    cache: CACHE,
  },
  'post-user-registration': { cache: CACHE },
  'post-change-password': { cache: CACHE },
  'send-phone-message': { cache: CACHE },
};

// ---------------------------------------------------------------------------------------
// Running code.

function compile(run, code, filename) {
  // CommonJS, and the webtask form: a top-level `return function` is the hook.
  const source = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  const wrapper = vm.runInContext(source, run.ctx, { filename, timeout: TIMEOUT_MS });
  const module = { exports: {} };
  run.ctx.module = module;
  run.ctx.exports = module.exports;
  const returned = wrapper.call(module.exports, module.exports, makeRequire(run), module, filename, '/data');
  return typeof returned === 'function' ? returned : module.exports;
}

// Call `fn(...args)` inside the context with a guard on synchronous run time.
function callInContext(run, fn, self, args) {
  run.ctx.__harnessCall = () => fn.apply(self, args);
  try {
    return vm.runInContext('__harnessCall()', run.ctx, { timeout: TIMEOUT_MS });
  } catch (err) {
    if (err && err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      run.stopRunaway(); // a synchronous endless loop: the runtime kills it
      return undefined;
    }
    throw err;
  } finally {
    delete run.ctx.__harnessCall;
  }
}

async function runHook(point, code, scenario) {
  const run = new Run('hook', scenario.outbound);
  const started = Date.now();
  const deadline = started + TIMEOUT_MS;
  makeContext(run);
  let outcome = null;
  // The prelude is a script of its own in the context: its classes are global names the
  // hook's code sees (and may shadow with its own declarations).
  const classes = PRELUDE_CLASSES[point];
  vm.runInContext(classes.map((name) => PRELUDE[name]).join('\n'), run.ctx);
  run.preludeClasses = {};
  for (const name of classes) run.preludeClasses[name] = vm.runInContext(name, run.ctx);
  // The Node 12 webtask runtime injected these modules as globals (auth0-hooks.md §1): a hook
  // that uses one without `require` worked there, and its Action requires the module. Each
  // is the same fake `require` gives, made when first read.
  const injectedRequire = makeRequire(run);
  for (const [global, name] of Object.entries(INJECTED_GLOBALS)) {
    Object.defineProperty(run.ctx, global, { get: () => injectedRequire(name), configurable: true });
  }
  // Nothing counts once the run is closed (a runaway stopped, or its time is up).
  const finish = (value) => {
    if (outcome === null && !run.closed) {
      outcome = value;
      run.finished = true;
    }
  };
  run.onUncaught = (err) => finish({ kind: 'throw', error: errorInfo(err), async: true });
  let fn;
  try {
    fn = compile(run, code, 'hook.js');
  } catch (err) {
    run.close();
    return { kind: 'load-error', error: errorInfo(err), calls: run.calls, logs: run.logs };
  }
  if (typeof fn !== 'function') {
    run.close();
    return { kind: 'load-error', error: { name: 'Error', class: null, message: 'the hook exports no function' }, calls: run.calls, logs: run.logs };
  }
  const callback = function (err, result) {
    if (outcome !== null || run.closed) return;
    if (err) {
      const error = isError(err, run.realm.Error) ? err : new run.realm.Error(String(err));
      const info = errorInfo(error);
      info.prelude = preludeOf(error, run);
      finish({ kind: 'callback', error: info, result: null });
    } else {
      finish({ kind: 'callback', error: null, result: snap(result) });
    }
  };
  const args = hookParameters(point, scenario.event).map((value) => intoContext(run, value));
  args.push(callback);
  try {
    callInContext(run, fn, undefined, args);
  } catch (err) {
    finish({ kind: 'throw', error: errorInfo(err), async: false });
  }
  await run.drive(() => outcome !== null, deadline);
  // Hooks let the code after the callback finish: wait for its calls too.
  if (outcome !== null) await run.drive(() => false, deadline);
  run.close();
  const result = outcome || { kind: 'timeout', error: null };
  return Object.assign({}, result, { calls: run.calls, logs: run.logs, runaway: run.runaway, ms: Date.now() - started });
}

// The prelude class an error is an instance of (by the name its class was defined with in
// the hook's prelude; a class the hook itself declares is not the prelude's).
function preludeOf(error, run) {
  for (const [name, cls] of Object.entries(run.preludeClasses)) {
    if (typeof cls === 'function' && error instanceof cls) return name;
  }
  return null;
}

async function runAction(point, code, scenario) {
  const run = new Run('action', scenario.outbound);
  const started = Date.now();
  const deadline = started + TIMEOUT_MS;
  makeContext(run);
  const apiCalls = [];
  const api = {};
  for (const [namespace, methods] of Object.entries(API_METHODS[point])) {
    const ns = {};
    for (const method of methods) {
      ns[method] = (...args) => {
        if (!run.closed) apiCalls.push({ method: `${namespace}.${method}`, args: snap(args) });
        if (namespace === 'cache') {
          if (method === 'get') return run.cache.has(String(args[0])) ? { value: run.cache.get(String(args[0])) } : undefined;
          if (method === 'set') run.cache.set(String(args[0]), args[1]);
          if (method === 'delete') run.cache.delete(String(args[0]));
          return { type: 'success' };
        }
        return api;
      };
    }
    api[namespace] = ns;
  }
  let outcome = null;
  const settle = (value) => {
    if (outcome === null && !run.closed) outcome = value;
  };
  run.onUncaught = (err) => settle({ kind: 'throw', error: errorInfo(err), async: true });
  let exported;
  try {
    exported = compile(run, code, 'action.js');
  } catch (err) {
    run.close();
    return { kind: 'load-error', error: errorInfo(err), api: apiCalls, calls: run.calls, logs: run.logs };
  }
  const handler = exported && exported[ENTRY_POINTS[point]];
  if (typeof handler !== 'function') {
    run.close();
    return { kind: 'load-error', error: { name: 'Error', class: null, message: `the Action exports no ${ENTRY_POINTS[point]}` }, api: apiCalls, calls: run.calls, logs: run.logs };
  }
  const event = intoContext(run, scenario.event);
  let returned;
  try {
    returned = callInContext(run, handler, exported, [event, api]);
  } catch (err) {
    settle({ kind: 'throw', error: errorInfo(err), async: false });
  }
  if (outcome === null) {
    Promise.resolve(returned).then(
      () => settle({ kind: 'return', error: null }),
      (err) => settle({ kind: 'throw', error: isError(err, run.realm.Error) ? errorInfo(err) : { name: 'Error', class: null, message: String(err) }, async: true }));
    await run.drive(() => outcome !== null, deadline);
  }
  // An Action ends when its handler's promise settles: nothing after that is recorded.
  run.close();
  const result = outcome || { kind: 'timeout', error: null };
  return Object.assign({}, result, { api: apiCalls, calls: run.calls, logs: run.logs, runaway: run.runaway, ms: Date.now() - started });
}

async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (err) {
        results[index] = { kind: 'harness-error', error: { name: 'Error', class: null, message: String(err && err.stack || err) }, calls: [], logs: [] };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  return results;
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const jobs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const tasks = [];
  const slots = [];
  jobs.forEach((job, jobIndex) => {
    job.scenarios.forEach((scenario, scenarioIndex) => {
      slots.push([jobIndex, scenarioIndex]);
      tasks.push(() => runHook(job.point, job.hook_code, scenario));
      tasks.push(() => runAction(job.point, job.action_code, scenario));
    });
  });
  const outcomes = await pool(tasks, CONCURRENCY);
  const out = jobs.map((job) => ({ id: job.id, results: job.scenarios.map((scenario) => ({ scenario: scenario.name })) }));
  slots.forEach(([jobIndex, scenarioIndex], i) => {
    const slot = out[jobIndex].results[scenarioIndex];
    slot.hook = outcomes[2 * i];
    slot.action = outcomes[2 * i + 1];
  });
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(`harness: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
