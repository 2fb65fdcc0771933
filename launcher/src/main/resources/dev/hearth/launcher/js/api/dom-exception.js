// DOMException (WebIDL): the error type every web API throws for named failures (AbortError,
// TimeoutError, QuotaExceededError, ...). Puts `DOMException` and `domException(message, name)`
// on `internal` so the later API files throw the real class.
//
// An instance is a real Error object given the DOMException prototype, so
// it has a stack (GraalJS builds the stack text lazily, from the name and message getters below)
// and `instanceof Error` holds, while DOMException itself stays a plain function whose prototype
// is Function.prototype, as WebIDL has it. name and message live in a WeakMap and are read
// through getters on the prototype, like the attributes of any interface.
(function (host, internal) {
  'use strict';

  const state = new WeakMap();

  // The legacy code of each name that has one (WebIDL's error names table); any other name has 0.
  const LEGACY = [
    ['IndexSizeError', 'INDEX_SIZE_ERR', 1],
    [null, 'DOMSTRING_SIZE_ERR', 2],
    ['HierarchyRequestError', 'HIERARCHY_REQUEST_ERR', 3],
    ['WrongDocumentError', 'WRONG_DOCUMENT_ERR', 4],
    ['InvalidCharacterError', 'INVALID_CHARACTER_ERR', 5],
    [null, 'NO_DATA_ALLOWED_ERR', 6],
    ['NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR', 7],
    ['NotFoundError', 'NOT_FOUND_ERR', 8],
    ['NotSupportedError', 'NOT_SUPPORTED_ERR', 9],
    ['InUseAttributeError', 'INUSE_ATTRIBUTE_ERR', 10],
    ['InvalidStateError', 'INVALID_STATE_ERR', 11],
    ['SyntaxError', 'SYNTAX_ERR', 12],
    ['InvalidModificationError', 'INVALID_MODIFICATION_ERR', 13],
    ['NamespaceError', 'NAMESPACE_ERR', 14],
    ['InvalidAccessError', 'INVALID_ACCESS_ERR', 15],
    [null, 'VALIDATION_ERR', 16],
    ['TypeMismatchError', 'TYPE_MISMATCH_ERR', 17],
    ['SecurityError', 'SECURITY_ERR', 18],
    ['NetworkError', 'NETWORK_ERR', 19],
    ['AbortError', 'ABORT_ERR', 20],
    ['URLMismatchError', 'URL_MISMATCH_ERR', 21],
    ['QuotaExceededError', 'QUOTA_EXCEEDED_ERR', 22],
    ['TimeoutError', 'TIMEOUT_ERR', 23],
    ['InvalidNodeTypeError', 'INVALID_NODE_TYPE_ERR', 24],
    ['DataCloneError', 'DATA_CLONE_ERR', 25],
  ];
  const codeByName = new Map();
  for (const [name, , code] of LEGACY) if (name) codeByName.set(name, code);

  function slot(self, what) {
    const s = typeof self === 'object' && self !== null ? state.get(self) : undefined;
    if (s === undefined) throw new TypeError("DOMException.prototype." + what + " called on an object that is not a DOMException");
    return s;
  }

  // constructor(optional DOMString message = "", optional (DOMString or options) name = "Error").
  // The options form ({ name, cause }) is what Node and newer WebIDL drafts accept.
  function DOMException(message = undefined, options = undefined) {
    if (new.target === undefined) throw new TypeError("Class constructor DOMException cannot be invoked without 'new'");
    const msg = message === undefined ? '' : String(message);
    let name = 'Error';
    let hasCause = false;
    let cause;
    if (typeof options === 'object' && options !== null) {
      if ('cause' in options) { hasCause = true; cause = options.cause; }
      if (options.name !== undefined) name = String(options.name);
    } else if (options !== undefined) {
      name = String(options);
    }
    // new Error() rather than Reflect.construct(Error, [], new.target): GraalJS records no
    // stack frames for the latter when it is called from the runtime's own (internal) source.
    const self = new Error();
    const proto = new.target.prototype;
    Object.setPrototypeOf(self, typeof proto === 'object' && proto !== null ? proto : DOMException.prototype);
    state.set(self, { name, message: msg });
    if (hasCause) Object.defineProperty(self, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
    return self;
  }

  const proto = Object.create(Error.prototype);
  Object.defineProperties(proto, {
    constructor: { value: DOMException, writable: true, configurable: true, enumerable: false },
    name: { get: function name() { return slot(this, 'name').name; }, configurable: true, enumerable: true },
    message: { get: function message() { return slot(this, 'message').message; }, configurable: true, enumerable: true },
    code: { get: function code() { return codeByName.get(slot(this, 'code').name) || 0; }, configurable: true, enumerable: true },
    [Symbol.toStringTag]: { value: 'DOMException', configurable: true },
  });
  const constants = {};
  for (const [, constant, code] of LEGACY) {
    constants[constant] = { value: code, writable: false, configurable: false, enumerable: true };
  }
  Object.defineProperties(DOMException, constants);
  Object.defineProperties(proto, constants);
  Object.defineProperty(DOMException, 'prototype', { value: proto, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(DOMException, 'length', { value: 0 });

  Object.defineProperty(globalThis, 'DOMException', { value: DOMException, writable: true, configurable: true, enumerable: false });

  internal.DOMException = DOMException;
  /** A DOMException to throw from an API file, e.g. throw internal.domException('gone', 'NotFoundError'). */
  internal.domException = (message, name) => new DOMException(message, name);
})
