// structuredClone(value, { transfer }) (HTML): GraalJS has none. Serialize and deserialize are
// done in one pass that builds the copy directly, with a memory of objects already copied so
// shared and circular references keep their shape.
//
// Cloned: primitives but symbols; Boolean/Number/BigInt/String objects; Date; RegExp (not
// lastIndex); ArrayBuffer (resizable ones stay resizable), typed arrays and DataView (over the
// copied buffer); Map; Set; Error and its native subtypes (name, message, cause, stack);
// DOMException (name, message, stack); Blob and File; arrays (holes and extra properties kept);
// other objects as plain objects of their own enumerable string-keyed properties, read through
// getters. Refused with a DataCloneError: functions, symbols, promises, weak collections, and the
// runtime's platform objects (events, event targets, Crypto, ...), as HTML refuses
// non-serializable objects.
// SharedArrayBuffer is shared, not copied (one agent: nothing to isolate). A Proxy cannot be
// told from its target here and is cloned like one.
//
// Transferred ArrayBuffers: the copy gets the contents and the original is detached with
// ArrayBuffer.prototype.transfer() once cloning succeeded, so a failed clone detaches nothing.
// Puts `structuredClone` on `internal`.
(function (host, internal) {
  'use strict';

  const DOMException = internal.DOMException;
  const getPrototypeOf = Object.getPrototypeOf;
  const apply = Reflect.apply;
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const typedArrayProto = getPrototypeOf(Uint8Array.prototype);
  const typedArrayTag = getter(typedArrayProto, Symbol.toStringTag);
  const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const sharedByteLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;
  const mapSize = getter(Map.prototype, 'size');
  const setSize = getter(Set.prototype, 'size');
  const regExpSource = getter(RegExp.prototype, 'source');
  const regExpFlags = getter(RegExp.prototype, 'flags');
  const ERROR_TYPES = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  const TYPED_ARRAYS = {
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  };
  if (typeof Float16Array === 'function') TYPED_ARRAYS.Float16Array = Float16Array;

  // A brand check: whether `fn` accepts `value` as its receiver (internal slots, not prototypes).
  function has(fn, value) {
    try {
      apply(fn, value, []);
      return true;
    } catch {
      return false;
    }
  }

  // Objects of the runtime's own interfaces: not serializable (HTML platform objects without
  // [Serializable]). DOMException is handled before this.
  const PLATFORM = ['Event', 'EventTarget', 'AbortController', 'Crypto', 'Performance', 'PerformanceEntry',
    'Navigator', 'MessageChannel', 'MessagePort', 'Headers', 'Request', 'Response', 'ReadableStream',
    'WritableStream', 'TransformStream',
    'FormData', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder'];

  function isPlatformObject(value) {
    for (const name of PLATFORM) {
      const ctor = globalThis[name];
      if (typeof ctor === 'function' && ctor.prototype && value instanceof ctor) return true;
    }
    return false;
  }

  function describe(value) {
    try {
      if (typeof value === 'function' || typeof value === 'symbol') return String(value);
      const name = value.constructor && value.constructor.name;
      return '#<' + (name || 'Object') + '>';
    } catch {
      return 'The object';
    }
  }

  function cannotClone(value) {
    return new DOMException(describe(value) + ' could not be cloned.', 'DataCloneError');
  }

  function cloneBuffer(buffer, memory) {
    const length = apply(arrayBufferByteLength, buffer, []);
    const copy = buffer.resizable ? new ArrayBuffer(length, { maxByteLength: buffer.maxByteLength }) : new ArrayBuffer(length);
    new Uint8Array(copy).set(new Uint8Array(buffer));
    memory.set(buffer, copy);
    return copy;
  }

  function clone(value, memory) {
    if (typeof value === 'symbol' || typeof value === 'function') throw cannotClone(value);
    if (typeof value !== 'object' || value === null) return value;
    if (memory.has(value)) return memory.get(value);

    if (has(Boolean.prototype.valueOf, value)) return remember(memory, value, Object(apply(Boolean.prototype.valueOf, value, [])));
    if (has(Number.prototype.valueOf, value)) return remember(memory, value, Object(apply(Number.prototype.valueOf, value, [])));
    if (has(BigInt.prototype.valueOf, value)) return remember(memory, value, Object(apply(BigInt.prototype.valueOf, value, [])));
    if (has(String.prototype.valueOf, value)) return remember(memory, value, Object(apply(String.prototype.valueOf, value, [])));
    if (has(Date.prototype.getTime, value)) return remember(memory, value, new Date(apply(Date.prototype.getTime, value, [])));
    if (has(regExpSource, value) && value !== RegExp.prototype) {
      return remember(memory, value, new RegExp(apply(regExpSource, value, []), apply(regExpFlags, value, [])));
    }
    if (has(arrayBufferByteLength, value)) {
      if (value.detached) throw new DOMException('A detached ArrayBuffer could not be cloned.', 'DataCloneError');
      return cloneBuffer(value, memory);
    }
    if (sharedByteLength !== null && has(sharedByteLength, value)) return remember(memory, value, value);
    if (ArrayBuffer.isView(value)) {
      const buffer = clone(value.buffer, memory);
      if (value instanceof DataView) return remember(memory, value, new DataView(buffer, value.byteOffset, value.byteLength));
      const Ctor = TYPED_ARRAYS[apply(typedArrayTag, value, [])];
      return remember(memory, value, new Ctor(buffer, value.byteOffset, value.length));
    }
    if (has(mapSize, value)) {
      const copy = remember(memory, value, new Map());
      const entries = [...apply(Map.prototype.entries, value, [])];
      for (const [k, v] of entries) copy.set(clone(k, memory), clone(v, memory));
      return copy;
    }
    if (has(setSize, value)) {
      const copy = remember(memory, value, new Set());
      const entries = [...apply(Set.prototype.values, value, [])];
      for (const v of entries) copy.add(clone(v, memory));
      return copy;
    }
    // Blob and File (blob.js, evaluated later, hence looked up now): immutable bytes, copied.
    if (typeof internal.isBlob === 'function' && internal.isBlob(value)) {
      const bytes = internal.blobBytes(value);
      const copy = typeof internal.isFile === 'function' && internal.isFile(value)
        ? new internal.File([bytes], value.name, { type: value.type, lastModified: value.lastModified })
        : new internal.Blob([bytes], { type: value.type });
      return remember(memory, value, copy);
    }
    if (value instanceof DOMException) {
      const copy = remember(memory, value, new DOMException(value.message, value.name));
      if (typeof value.stack === 'string') {
        Object.defineProperty(copy, 'stack', { value: value.stack, writable: true, configurable: true, enumerable: false });
      }
      return copy;
    }
    if (value instanceof Error) return cloneError(value, memory);
    // (Calling then() as a brand check could leave an unhandled rejection, so promises go by
    // prototype.)
    if (value instanceof Promise) throw cannotClone(value);
    for (const weak of [WeakMap.prototype.has, WeakSet.prototype.has]) {
      if (has(weak, value)) throw cannotClone(value);
    }
    if (typeof WeakRef === 'function' && has(WeakRef.prototype.deref, value)) throw cannotClone(value);
    if (isPlatformObject(value)) throw cannotClone(value);
    if (Array.isArray(value)) {
      const copy = remember(memory, value, new Array(value.length));
      copyProperties(value, copy, memory);
      return copy;
    }
    const copy = remember(memory, value, {});
    copyProperties(value, copy, memory);
    return copy;
  }

  function remember(memory, original, copy) {
    memory.set(original, copy);
    return copy;
  }

  // Own enumerable string keys, each value read (getters run) and cloned in key order.
  function copyProperties(from, to, memory) {
    for (const key of Object.keys(from)) {
      if (!Object.prototype.propertyIsEnumerable.call(from, key)) continue; // a getter removed it
      const v = clone(from[key], memory);
      Object.defineProperty(to, key, { value: v, writable: true, enumerable: true, configurable: true });
    }
  }

  function cloneError(value, memory) {
    let name = value.name;
    name = typeof name === 'string' && Object.hasOwn(ERROR_TYPES, name) ? name : 'Error';
    const messageDesc = Object.getOwnPropertyDescriptor(value, 'message');
    const message = messageDesc && 'value' in messageDesc ? String(messageDesc.value) : undefined;
    const copy = remember(memory, value, message === undefined ? new ERROR_TYPES[name]() : new ERROR_TYPES[name](message));
    const causeDesc = Object.getOwnPropertyDescriptor(value, 'cause');
    if (causeDesc && 'value' in causeDesc) {
      Object.defineProperty(copy, 'cause', { value: clone(causeDesc.value, memory), writable: true, configurable: true, enumerable: false });
    }
    const stack = value.stack;
    if (typeof stack === 'string') {
      Object.defineProperty(copy, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
    }
    return copy;
  }

  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) throw new TypeError("structuredClone: the 'value' argument is required");
    let transfer = [];
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object' && typeof options !== 'function') throw new TypeError('structuredClone: the options must be an object');
      if (options.transfer !== undefined) {
        if (typeof options.transfer !== 'object' || options.transfer === null || typeof options.transfer[Symbol.iterator] !== 'function') {
          throw new TypeError('structuredClone: transfer must be a sequence of objects');
        }
        transfer = [...options.transfer];
        for (const t of transfer) {
          if ((typeof t !== 'object' && typeof t !== 'function') || t === null) throw new TypeError('structuredClone: transfer must hold objects only');
        }
      }
    }
    const memory = new Map();
    for (const t of transfer) {
      if (memory.has(t)) throw new DOMException('The transfer list holds the same ArrayBuffer twice.', 'DataCloneError');
      if (!has(arrayBufferByteLength, t)) throw new DOMException(describe(t) + ' is not transferable.', 'DataCloneError');
      if (t.detached) throw new DOMException('A detached ArrayBuffer cannot be transferred.', 'DataCloneError');
      cloneBuffer(t, memory);
    }
    const result = clone(value, memory);
    for (const t of transfer) t.transfer(); // detach the originals; their contents live on in the copies
    return result;
  }

  Object.defineProperty(globalThis, 'structuredClone', { value: structuredClone, writable: true, configurable: true, enumerable: true });
  internal.structuredClone = structuredClone;
})
