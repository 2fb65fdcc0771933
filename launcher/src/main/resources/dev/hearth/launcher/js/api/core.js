// The first of the API files (see Prelude.java): engine clean-up, inspect, console, timers,
// queueMicrotask and process (env, argv, exit, exitCode; stdin comes from stdin.js). Like every API file it is evaluated once per context as a
// classic script and receives the host functions (a ProxyObject of ProxyExecutables) and
// `internal`, an object shared by the API files only; both stay in closures, so the function's
// code can never reach them. It puts `describe` (how an uncaught value is shown) and `inspect`
// on `internal` for the host and the later files.
(function (host, internal) {
  'use strict';

  const global = globalThis;
  const ObjectPrototype = Object.prototype;
  const hasOwn = Object.hasOwn;
  const getPrototypeOf = Object.getPrototypeOf;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const functionToString = Function.prototype.toString;
  const promiseThen = Promise.prototype.then;
  const resolvedPromise = Promise.resolve();
  const apply = Reflect.apply;

  // ---- engine globals a sandboxed function has no business seeing --------------------------
  // Unhandled rejections go to the host (js.unhandled-rejections=handler); the Graal builtin is
  // needed once for that, then removed like the Java/Polyglot entry points and shell leftovers.
  // events.js turns the rejection into an `unhandledrejection` event first (see report below).
  Graal.setUnhandledPromiseRejectionHandler((reason, promise) => {
    if (typeof internal.onUnhandledRejection === 'function') internal.onUnhandledRejection(reason, promise);
    else host.rejection(reason);
  });
  for (const name of ['Graal', 'Java', 'Polyglot', 'Packages', 'java', 'javafx', 'javax', 'com',
    'org', 'edu', 'arguments', 'print', 'printErr', 'load', 'loadWithNewGlobal', 'quit', 'exit',
    'read', 'readbuffer', 'readline', 'console']) {
    delete global[name];
  }

  // ---- inspect: a small, Node-like rendering of values for the console ---------------------
  const MAX_DEPTH = 2;
  const MAX_ITEMS = 100;
  const BREAK_LENGTH = 80;
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

  // Like Node: single quotes, unless the string has some and double quotes or backticks avoid
  // escaping.
  function quote(s) {
    let q = "'";
    if (s.includes("'")) {
      if (!s.includes('"')) q = '"';
      else if (!s.includes('`') && !s.includes('${')) q = '`';
    }
    let body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
    if (q === "'") body = body.replace(/'/g, "\\'");
    return q + body + q;
  }

  function constructorName(value) {
    try {
      let proto = getPrototypeOf(value);
      if (proto === null) return null;
      const ctor = getOwnPropertyDescriptor(proto, 'constructor');
      return ctor && typeof ctor.value === 'function' && ctor.value.name ? ctor.value.name : '';
    } catch {
      return '';
    }
  }

  function formatKey(key) {
    if (typeof key === 'symbol') return '[' + key.toString() + ']';
    return IDENTIFIER.test(key) ? key : quote(key);
  }

  function formatFunction(fn) {
    let source = '';
    try { source = apply(functionToString, fn, []); } catch { /* revoked proxy and the like */ }
    const name = fn.name ? fn.name : '';
    if (source.startsWith('class')) return '[class ' + (name || '(anonymous)') + ']';
    return '[Function: ' + (name || '(anonymous)') + ']';
  }

  function join(open, entries, close, indent) {
    if (entries.length === 0) return open.trimEnd() + close.trimStart();
    const oneLine = open + entries.join(', ') + close;
    if (oneLine.length + indent <= BREAK_LENGTH && !entries.some((e) => e.includes('\n'))) {
      return oneLine;
    }
    const pad = ' '.repeat(indent + 2);
    return open.trimEnd() + '\n' + pad + entries.join(',\n' + pad) + '\n' + ' '.repeat(indent) + close.trimStart();
  }

  function propertyEntries(value, depth, seen, skipIndexes) {
    const entries = [];
    for (const key of Reflect.ownKeys(value)) {
      const desc = getOwnPropertyDescriptor(value, key);
      if (!desc || !desc.enumerable) continue;
      if (skipIndexes && typeof key === 'string' && /^\d+$/.test(key)) continue;
      let shown;
      if (desc.get || desc.set) {
        shown = desc.get && desc.set ? '[Getter/Setter]' : desc.get ? '[Getter]' : '[Setter]';
      } else {
        shown = inspectValue(desc.value, depth + 1, seen);
      }
      entries.push(formatKey(key) + ': ' + shown);
    }
    return entries;
  }

  function inspectValue(value, depth, seen) {
    switch (typeof value) {
      case 'string': return quote(value);
      case 'number': return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint': return String(value) + 'n';
      case 'symbol': return value.toString();
      case 'undefined': return 'undefined';
      case 'boolean': return String(value);
      case 'function': return formatFunction(value);
    }
    if (value === null) return 'null';
    if (seen.includes(value)) return '[Circular]';
    const indent = depth * 2;
    if (value instanceof Error) {
      const stack = typeof value.stack === 'string' && value.stack ? value.stack : String(value);
      return depth > 0 ? '[' + stack.split('\n')[0] + ']' : stack;
    }
    if (value instanceof Date) {
      return isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    }
    if (value instanceof RegExp) return String(value);
    const name = constructorName(value);
    seen.push(value);
    try {
      if (Array.isArray(value)) {
        if (depth > MAX_DEPTH) return '[Array]';
        const entries = [];
        let holes = 0;
        const shown = Math.min(value.length, MAX_ITEMS);
        for (let i = 0; i < shown; i++) {
          if (!hasOwn(value, i)) { holes++; continue; }
          if (holes > 0) { entries.push('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>'); holes = 0; }
          entries.push(inspectValue(value[i], depth + 1, seen));
        }
        if (holes > 0) entries.push('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>');
        if (value.length > shown) entries.push('... ' + (value.length - shown) + ' more items');
        entries.push(...propertyEntries(value, depth, seen, true));
        const prefix = name && name !== 'Array' ? name + '(' + value.length + ') ' : '';
        return join(prefix + '[ ', entries, ' ]', indent);
      }
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        if (depth > MAX_DEPTH) return '[' + name + ']';
        const entries = [];
        for (let i = 0; i < Math.min(value.length, MAX_ITEMS); i++) entries.push(inspectValue(value[i], depth + 1, seen));
        if (value.length > MAX_ITEMS) entries.push('... ' + (value.length - MAX_ITEMS) + ' more items');
        return join(name + '(' + value.length + ') [ ', entries, ' ]', indent);
      }
      if (value instanceof Map) {
        if (depth > MAX_DEPTH) return '[Map]';
        const entries = [];
        for (const [k, v] of value) entries.push(inspectValue(k, depth + 1, seen) + ' => ' + inspectValue(v, depth + 1, seen));
        return join('Map(' + value.size + ') { ', entries, ' }', indent);
      }
      if (value instanceof Set) {
        if (depth > MAX_DEPTH) return '[Set]';
        const entries = [];
        for (const v of value) entries.push(inspectValue(v, depth + 1, seen));
        return join('Set(' + value.size + ') { ', entries, ' }', indent);
      }
      const label = name === null ? '[Object: null prototype]' : name && name !== 'Object' ? name : '';
      if (depth > MAX_DEPTH) return '[' + (name || 'Object') + ']';
      const entries = propertyEntries(value, depth, seen, false);
      return join((label ? label + ' ' : '') + '{ ', entries, ' }', indent);
    } catch (e) {
      return '[' + (name || 'Object') + ': not inspectable]';
    } finally {
      seen.pop();
    }
  }

  function inspect(value) {
    return inspectValue(value, 0, []);
  }

  function toDisplay(value) {
    return typeof value === 'string' ? value : inspect(value);
  }

  // console.log's format: printf-like directives when the first argument is a string.
  function format(args) {
    if (args.length === 0) return '';
    let rest = 0;
    let out;
    if (typeof args[0] === 'string' && args[0].includes('%')) {
      const pattern = args[0];
      rest = 1;
      out = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c !== '%' || i + 1 === pattern.length) { out += c; continue; }
        const d = pattern[i + 1];
        if (d === '%') { out += '%'; i++; continue; }
        if (!'sdifjoOc'.includes(d)) { out += c; continue; }
        i++;
        if (d === 'c') { rest++; continue; } // CSS has no meaning on a byte stream
        if (rest >= args.length) { out += '%' + d; continue; }
        const arg = args[rest++];
        switch (d) {
          case 's':
            out += typeof arg === 'string' ? arg
              : typeof arg === 'bigint' ? arg + 'n'
              : typeof arg === 'symbol' ? arg.toString()
              : typeof arg === 'object' && arg !== null ? inspectValue(arg, 1, []) : String(arg);
            break;
          case 'd':
            out += typeof arg === 'bigint' ? arg + 'n' : typeof arg === 'symbol' ? 'NaN' : String(Number(arg));
            break;
          case 'i':
            out += typeof arg === 'bigint' ? arg + 'n' : typeof arg === 'symbol' ? 'NaN' : String(parseInt(arg, 10));
            break;
          case 'f':
            out += typeof arg === 'symbol' ? 'NaN' : String(parseFloat(arg));
            break;
          case 'j':
            try { out += JSON.stringify(arg); } catch { out += '[Circular]'; }
            break;
          default: // o, O
            out += inspect(arg);
        }
      }
    } else {
      out = toDisplay(args[0]);
      rest = 1;
    }
    for (let i = rest; i < args.length; i++) out += ' ' + toDisplay(args[i]);
    return out;
  }

  // ---- console (WHATWG Console) ------------------------------------------------------------
  // log/info/debug/dir/dirxml/table/count/time* print to stdout; error/warn/trace/assert and the
  // console's own warnings (unknown timer or counter) to stderr. Every line of a message is
  // indented by the open groups, two spaces each.
  const STDOUT = 1;
  const STDERR = 2;
  let groupIndent = '';

  function emit(fd, text) {
    host.write(fd, (groupIndent === '' ? text : text.replace(/^/gm, groupIndent)) + '\n');
  }

  const print = (fd, args) => { emit(fd, format(args)); };
  const labelOf = (label) => (label === undefined ? 'default' : `${label}`);
  const counts = new Map();
  const timeLabels = new Map();

  // Like Node: 1.234ms below a second, 1.234s below a minute, m:ss.mmm and h:mm:ss.mmm above.
  function formatDuration(ms) {
    if (ms < 1000) return ms.toFixed(3) + 'ms';
    const seconds = ms / 1000;
    if (seconds < 60) return seconds.toFixed(3) + 's';
    const pad = (n, width) => String(n).padStart(width, '0');
    const whole = Math.floor(seconds);
    const millis = pad(Math.floor(ms % 1000), 3);
    if (whole < 3600) return Math.floor(whole / 60) + ':' + pad(whole % 60, 2) + '.' + millis + ' (m:ss.mmm)';
    return Math.floor(whole / 3600) + ':' + pad(Math.floor(whole / 60) % 60, 2) + ':' + pad(whole % 60, 2) + '.' + millis + ' (h:mm:ss.mmm)';
  }

  function elapsed(label) {
    const now = typeof internal.now === 'function' ? internal.now() : Date.now();
    return label + ': ' + formatDuration(now - timeLabels.get(label));
  }

  // console.table: the rows are the own enumerable properties (or Map/Set entries) of the data;
  // the columns the union of the rows' keys (or `properties`), plus "Values" for primitive rows.
  function tableCell(value) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set)) {
      if (Object.keys(value).length > 2) return '[' + (constructorName(value) || 'Object') + ']';
    }
    return inspectValue(value, MAX_DEPTH, []);
  }

  function renderTable(head, rows) {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
    const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
    const row = (cells) => '│' + cells.map((c, i) => ' ' + c + ' '.repeat(widths[i] - c.length - 1)).join('│') + '│';
    return [line('┌', '┬', '┐'), row(head), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')].join('\n');
  }

  function table(data, properties) {
    if (typeof data !== 'object' || data === null) return format([data]);
    const filter = Array.isArray(properties) ? properties.map((p) => `${p}`) : null;
    const indexes = [];
    const values = [];
    let indexHeader = '(index)';
    const extra = []; // Map: a Key column
    if (data instanceof Map || data instanceof Set) {
      indexHeader = '(iteration index)';
      let i = 0;
      for (const entry of data) {
        indexes.push(String(i++));
        if (data instanceof Map) {
          extra.push(tableCell(entry[0]));
          values.push(entry[1]);
        } else {
          values.push(entry);
        }
      }
    } else {
      for (const key of Object.keys(data)) {
        indexes.push(key);
        values.push(data[key]);
      }
    }
    const columns = [];
    let hasValues = false;
    const expand = !(data instanceof Map || data instanceof Set);
    for (const v of values) {
      if (expand && typeof v === 'object' && v !== null) {
        for (const key of filter || Object.keys(v)) if (!columns.includes(key)) columns.push(key);
      } else {
        hasValues = true;
      }
    }
    const head = [indexHeader, ...(data instanceof Map ? ['Key'] : []), ...columns, ...(hasValues ? ['Values'] : [])];
    const rows = values.map((v, r) => {
      const cells = [indexes[r]];
      if (data instanceof Map) cells.push(extra[r]);
      const isRecord = expand && typeof v === 'object' && v !== null;
      for (const key of columns) cells.push(isRecord && hasOwn(v, key) ? tableCell(v[key]) : '');
      if (hasValues) cells.push(isRecord ? '' : tableCell(v));
      return cells;
    });
    return renderTable(head, rows);
  }

  const console = {
    log(...args) { print(STDOUT, args); },
    info(...args) { print(STDOUT, args); },
    debug(...args) { print(STDOUT, args); },
    dirxml(...args) { print(STDOUT, args); },
    error(...args) { print(STDERR, args); },
    warn(...args) { print(STDERR, args); },
    dir(value = undefined, options = undefined) { emit(STDOUT, inspect(value)); },
    table(tabularData = undefined, properties = undefined) { emit(STDOUT, table(tabularData, properties)); },
    trace(...args) {
      const err = new Error(format(args));
      err.name = 'Trace';
      emit(STDERR, err.stack);
    },
    // Console's assert: a string first argument is prefixed, so format directives in it still work.
    assert(condition = false, ...args) {
      if (condition) return;
      if (args.length === 0) print(STDERR, ['Assertion failed']);
      else if (typeof args[0] === 'string') print(STDERR, ['Assertion failed: ' + args[0], ...args.slice(1)]);
      else print(STDERR, ['Assertion failed:', ...args]);
    },
    count(label = undefined) {
      const name = labelOf(label);
      const n = (counts.get(name) || 0) + 1;
      counts.set(name, n);
      emit(STDOUT, name + ': ' + n);
    },
    countReset(label = undefined) {
      const name = labelOf(label);
      if (counts.has(name)) counts.set(name, 0);
      else emit(STDERR, "Count for '" + name + "' does not exist");
    },
    time(label = undefined) {
      const name = labelOf(label);
      if (timeLabels.has(name)) {
        emit(STDERR, "Timer '" + name + "' already exists");
        return;
      }
      timeLabels.set(name, typeof internal.now === 'function' ? internal.now() : Date.now());
    },
    timeLog(label = undefined, ...data) {
      const name = labelOf(label);
      if (!timeLabels.has(name)) {
        emit(STDERR, "Timer '" + name + "' does not exist");
        return;
      }
      emit(STDOUT, [elapsed(name), ...data.map(toDisplay)].join(' '));
    },
    timeEnd(label = undefined) {
      const name = labelOf(label);
      if (!timeLabels.has(name)) {
        emit(STDERR, "Timer '" + name + "' does not exist");
        return;
      }
      const text = elapsed(name);
      timeLabels.delete(name);
      emit(STDOUT, text);
    },
    group(...label) {
      if (label.length > 0) print(STDOUT, label);
      groupIndent += '  ';
    },
    groupCollapsed(...label) {
      if (label.length > 0) print(STDOUT, label);
      groupIndent += '  ';
    },
    groupEnd() {
      groupIndent = groupIndent.slice(0, -2);
    },
  };
  Object.defineProperty(console, Symbol.toStringTag, { value: 'console', configurable: true });
  Object.defineProperty(global, 'console', { value: console, writable: true, configurable: true, enumerable: false });

  // ---- timers and microtasks ---------------------------------------------------------------
  // Delays follow browsers: non-numbers and negatives are 0, more than 2^31-1 ms is 1 ms.
  // Intervals run at most every millisecond, so setInterval(f, 0) cannot spin the CPU.
  function delayOf(ms) {
    const n = Number(ms);
    if (!(n >= 0)) return 0;
    return n > 2147483647 ? 1 : Math.floor(n);
  }

  // An exception nobody caught in a callback the runtime calls: the global `error` event
  // (events.js), which ends the function unless a listener cancels it.
  function report(error) {
    if (typeof internal.reportException === 'function') internal.reportException(error);
    else host.reportError(error);
  }

  function timer(kind, callback, ms, args, repeat) {
    if (typeof callback !== 'function') {
      throw new TypeError(kind + ': the callback must be a function (code strings are not evaluated)');
    }
    const run = () => {
      try { apply(callback, undefined, args); } catch (e) { report(e); }
    };
    return host.setTimer(run, delayOf(ms), repeat ? Math.max(1, delayOf(ms)) : 0);
  }

  function clear(id) {
    const n = Number(id);
    if (Number.isInteger(n) && n > 0) host.clearTimer(n);
  }

  const timers = {
    setTimeout(callback, ms, ...args) { return timer('setTimeout', callback, ms, args, false); },
    setInterval(callback, ms, ...args) { return timer('setInterval', callback, ms, args, true); },
    clearTimeout(id) { clear(id); },
    clearInterval(id) { clear(id); },
    queueMicrotask(callback) {
      if (typeof callback !== 'function') throw new TypeError('queueMicrotask: the callback must be a function');
      // An exception in a microtask is an uncaught error (as in browsers), not a rejection.
      apply(promiseThen, resolvedPromise, [() => {
        try { callback(); } catch (e) { report(e); }
      }]);
    },
  };
  for (const name of Object.keys(timers)) {
    Object.defineProperty(global, name, { value: timers[name], writable: true, configurable: true, enumerable: true });
  }

  // ---- process: env, argv and stdin of the container; no other Node API ----------------------
  // The object exists from the start but is filled (and env frozen) only when the runtime is bound
  // to its container: a pool worker makes this context before it knows whose it is. No function
  // code runs before that, so no one sees it empty.
  const env = {};
  const argv = [];
  const readEnv = host.env;
  internal.bindEnvironment = function bindEnvironment() {
    if (Object.isFrozen(env)) throw new Error('hearth: process.env is already bound');
    const pairs = readEnv();
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      // defineProperty, not assignment: a variable named __proto__ is an entry like any other.
      Object.defineProperty(env, pairs[i], { value: pairs[i + 1], enumerable: true, writable: false, configurable: false });
    }
    Object.freeze(env);
  };
  // node's layout: ["hearth", <the JS file as a container path>, ...the container's arguments
  // after it], a plain array as node's is, so process.argv.slice(2) is what the user passed.
  internal.bindArguments = function bindArguments(list) {
    if (argv.length > 0) throw new Error('hearth: process.argv is already bound');
    for (let i = 0; i < list.length; i++) argv.push(String(list[i]));
  };
  // process.exit(code) ends the function at once, as node's does: no later line, catch or finally
  // of it runs (the host cancels the context). process.exitCode is the status when the function's
  // work runs out by itself. Both take integers; the status is their low 8 bits.
  const exitHost = host.exit;
  const setExitCodeHost = host.setExitCode;
  let exitCode;
  function exitStatus(value, what) {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (!Number.isInteger(n)) throw new TypeError(what + ' must be an integer, got ' + inspect(value));
    return n & 0xff;
  }
  const processObject = {
    env,
    argv,
    exit(code) {
      exitHost(code === undefined || code === null ? (exitCode === undefined ? 0 : exitCode) : exitStatus(code, 'process.exit code'));
    },
    get exitCode() {
      return exitCode;
    },
    set exitCode(value) {
      exitCode = value === undefined || value === null ? undefined : exitStatus(value, 'process.exitCode');
      setExitCodeHost(exitCode === undefined ? 0 : exitCode);
    },
  };
  // stdin.js (installed after streams) makes the stream on first use.
  Object.defineProperty(processObject, 'stdin', { get: () => internal.stdin(), enumerable: true, configurable: false });
  Object.defineProperty(global, 'process', {
    value: Object.freeze(processObject), writable: false, configurable: false, enumerable: false,
  });

  internal.inspect = inspect;
  internal.format = format;
  // How an uncaught value is shown: the stack for errors, inspect() for anything else.
  internal.describe = function describe(value) {
    try {
      if (value instanceof Error && typeof value.stack === 'string' && value.stack) return value.stack;
      return inspect(value);
    } catch {
      return String(value);
    }
  };
})
