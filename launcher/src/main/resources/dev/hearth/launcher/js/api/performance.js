// `performance` (W3C High Resolution Time: now(), timeOrigin, toJSON(); User Timing: mark,
// measure, getEntries*, clearMarks/clearMeasures) and `navigator` (userAgent "hearth",
// hardwareConcurrency). The clock is the Java half's (PerformanceHost): monotonic nanoseconds
// since the runtime was bound to its container, in milliseconds. Puts `now()` on `internal`.
(function (host, internal) {
  'use strict';

  const defineProperty = Object.defineProperty;
  const nowHost = host['performance.now'];
  const timeOriginHost = host['performance.timeOrigin'];
  // Read on first use: a pool worker's context is made before its container's clock starts.
  let timeOriginValue;
  const timeOrigin = () => (timeOriginValue === undefined ? (timeOriginValue = timeOriginHost()) : timeOriginValue);
  const DOMException = internal.DOMException;
  const now = () => nowHost();
  const CONSTRUCT = Symbol('performance construction');

  // ---- User Timing entries ------------------------------------------------------------------
  let entryFields;

  class PerformanceEntry {
    #name;
    #entryType;
    #startTime;
    #duration;

    constructor(key, name, entryType, startTime, duration) {
      if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
      this.#name = name;
      this.#entryType = entryType;
      this.#startTime = startTime;
      this.#duration = duration;
    }

    static {
      entryFields = (self) => {
        if (typeof self !== 'object' || self === null || !(#name in self)) throw new TypeError('not a PerformanceEntry');
        return self;
      };
    }

    get name() { return entryFields(this).#name; }
    get entryType() { return entryFields(this).#entryType; }
    get startTime() { return entryFields(this).#startTime; }
    get duration() { return entryFields(this).#duration; }

    toJSON() {
      return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration, ...(('detail' in this) ? { detail: this.detail } : {}) };
    }
  }

  class PerformanceMark extends PerformanceEntry {
    #detail;

    constructor(markName, markOptions = undefined) {
      if (arguments.length === 0) throw new TypeError("PerformanceMark: the 'markName' argument is required");
      const name = `${markName}`;
      const options = markOptions === undefined || markOptions === null ? {} : markOptions;
      if (typeof options !== 'object') throw new TypeError('PerformanceMark: the options must be an object');
      let startTime;
      if (options.startTime !== undefined) {
        startTime = Number(options.startTime);
        if (!Number.isFinite(startTime)) throw new TypeError('PerformanceMark: startTime must be a finite number');
        if (startTime < 0) throw new TypeError('PerformanceMark: startTime must not be negative');
      } else {
        startTime = now();
      }
      super(CONSTRUCT, name, 'mark', startTime, 0);
      this.#detail = options.detail === undefined ? null : cloneDetail(options.detail);
    }

    get detail() { return this.#detail; }
  }

  class PerformanceMeasure extends PerformanceEntry {
    #detail;

    constructor(key, name, startTime, duration, detail) {
      super(key, name, 'measure', startTime, duration);
      this.#detail = detail;
    }

    get detail() { return this.#detail; }
  }

  // User Timing stores a structured clone of `detail`; without a clone, the object itself.
  function cloneDetail(detail) {
    return typeof internal.structuredClone === 'function' ? internal.structuredClone(detail) : detail;
  }

  // ---- Performance --------------------------------------------------------------------------
  const entries = [];

  function markTime(mark, what) {
    if (typeof mark === 'number') {
      if (mark < 0) throw new TypeError(what + ': a time must not be negative');
      return mark;
    }
    const name = `${mark}`;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === 'mark' && entries[i].name === name) return entries[i].startTime;
    }
    throw new DOMException("The mark '" + name + "' does not exist", 'SyntaxError');
  }

  function byStartTime(list) {
    return list.slice().sort((a, b) => a.startTime - b.startTime);
  }

  class Performance extends internal.EventTarget {
    constructor(key) {
      if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
      super();
    }

    now() { return now(); }
    get timeOrigin() { return timeOrigin(); }
    toJSON() { return { timeOrigin: timeOrigin() }; }

    mark(markName, markOptions = undefined) {
      const mark = new PerformanceMark(markName, markOptions);
      entries.push(mark);
      return mark;
    }

    measure(measureName, startOrMeasureOptions = undefined, endMark = undefined) {
      const name = `${measureName}`;
      const options = typeof startOrMeasureOptions === 'object' && startOrMeasureOptions !== null ? startOrMeasureOptions : null;
      if (options !== null) {
        const hasStart = options.start !== undefined;
        const hasEnd = options.end !== undefined;
        const hasDuration = options.duration !== undefined;
        if ((hasStart || hasEnd || hasDuration || options.detail !== undefined) && endMark !== undefined) {
          throw new TypeError('performance.measure: an end mark cannot be given with measure options');
        }
        if (!hasStart && !hasEnd && hasDuration) {
          throw new TypeError('performance.measure: a duration needs a start or an end');
        }
        if (hasStart && hasEnd && hasDuration) {
          throw new TypeError('performance.measure: give at most two of start, end and duration');
        }
      }
      let end;
      if (endMark !== undefined) end = markTime(endMark, 'performance.measure');
      else if (options !== null && options.end !== undefined) end = markTime(options.end, 'performance.measure');
      else if (options !== null && options.start !== undefined && options.duration !== undefined) {
        end = markTime(options.start, 'performance.measure') + Number(options.duration);
      } else end = now();
      let start;
      if (options !== null && options.start !== undefined) start = markTime(options.start, 'performance.measure');
      else if (options !== null && options.duration !== undefined && options.end !== undefined) {
        start = end - Number(options.duration);
      } else if (options === null && startOrMeasureOptions !== undefined) {
        start = markTime(`${startOrMeasureOptions}`, 'performance.measure'); // a mark name, even if numeric
      } else start = 0;
      const detail = options !== null && options.detail !== undefined ? cloneDetail(options.detail) : null;
      const measure = new PerformanceMeasure(CONSTRUCT, name, start, end - start, detail);
      entries.push(measure);
      return measure;
    }

    getEntries() { return byStartTime(entries); }

    getEntriesByType(type) {
      const t = `${type}`;
      return byStartTime(entries.filter((e) => e.entryType === t));
    }

    getEntriesByName(name, type = undefined) {
      const n = `${name}`;
      const t = type === undefined ? undefined : `${type}`;
      return byStartTime(entries.filter((e) => e.name === n && (t === undefined || e.entryType === t)));
    }

    clearMarks(markName = undefined) { clear('mark', markName); }
    clearMeasures(measureName = undefined) { clear('measure', measureName); }
  }

  function clear(type, name) {
    const n = name === undefined ? undefined : `${name}`;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === type && (n === undefined || entries[i].name === n)) entries.splice(i, 1);
    }
  }

  // ---- Navigator ----------------------------------------------------------------------------
  const hardwareConcurrencyHost = host['navigator.hardwareConcurrency'];
  let hardwareConcurrency;

  class Navigator {
    constructor(key) {
      if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
    }

    // ECMA-429: one product token, no version or comment.
    get userAgent() { return 'hearth'; }
    get hardwareConcurrency() {
      if (hardwareConcurrency === undefined) hardwareConcurrency = hardwareConcurrencyHost();
      return hardwareConcurrency;
    }
  }

  for (const [cls, tag] of [[PerformanceEntry, 'PerformanceEntry'], [PerformanceMark, 'PerformanceMark'],
    [PerformanceMeasure, 'PerformanceMeasure'], [Performance, 'Performance'], [Navigator, 'Navigator']]) {
    defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
    defineProperty(globalThis, tag, { value: cls, writable: true, configurable: true, enumerable: false });
  }
  defineProperty(globalThis, 'performance', { value: new Performance(CONSTRUCT), writable: true, configurable: true, enumerable: true });
  defineProperty(globalThis, 'navigator', { value: new Navigator(CONSTRUCT), writable: true, configurable: true, enumerable: true });

  internal.now = now;
})
