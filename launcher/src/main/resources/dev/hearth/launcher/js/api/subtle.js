// crypto.subtle (W3C Web Cryptography): digest (SHA-1, SHA-256, SHA-384, SHA-512); HMAC, AES-GCM,
// AES-CBC, AES-CTR, AES-KW, PBKDF2 and HKDF with 'raw' and 'jwk' keys; the asymmetric algorithms
// RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, ECDSA and ECDH (P-256, P-384, P-521), Ed25519 and X25519
// with 'spki', 'pkcs8', 'jwk' and (public EC and OKP keys) 'raw' keys; importKey, exportKey,
// generateKey, sign, verify, encrypt, decrypt, deriveBits, deriveKey, wrapKey, unwrapKey. This
// file does what the spec asks of arguments, usages and CryptoKey objects; the primitives run in
// Java (SubtleCryptoHost). Other algorithms (X448, Ed448, ...) reject with a NotSupportedError.
(function (host, internal) {
  'use strict';

  const DOMException = internal.DOMException;
  const digestHost = host['subtle.digest'];
  const hmacHost = host['subtle.hmac'];
  const hmacVerifyHost = host['subtle.hmacVerify'];
  const aesGcmHost = host['subtle.aesGcm'];
  const aesCbcHost = host['subtle.aesCbc'];
  const aesCtrHost = host['subtle.aesCtr'];
  const aesKwHost = host['subtle.aesKw'];
  const rsaOaepHost = host['subtle.rsaOaep'];
  const agreeHost = host['subtle.agree'];
  const pbkdf2Host = host['subtle.pbkdf2'];
  const hkdfHost = host['subtle.hkdf'];
  const keyFromDer = host['subtle.keyFromDer'];
  const keyFromJwk = host['subtle.keyFromJwk'];
  const keyFromPoint = host['subtle.keyFromPoint'];
  const keyToJwk = host['subtle.keyToJwk'];
  const generatePairHost = host['subtle.generatePair'];
  const signWith = host['subtle.signWith'];
  const verifyWith = host['subtle.verifyWith'];
  const Crypto = globalThis.Crypto;
  const cryptoObject = globalThis.crypto;
  const getRandomValues = Crypto.prototype.getRandomValues;

  const HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
  const HASH_BLOCK_BITS = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
  const JWK_HMAC = { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' };
  // Registered algorithms hearth does not implement: named in their NotSupportedError.
  const KNOWN_UNSUPPORTED = ['X448', 'Ed448'];
  const SIGNATURES = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA', 'Ed25519'];
  const AES = ['AES-GCM', 'AES-CBC', 'AES-CTR', 'AES-KW'];
  const RSA = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP'];
  const CIPHERS = ['AES-GCM', 'AES-CBC', 'AES-CTR', 'RSA-OAEP'];
  // Algorithms that can wrap a key: AES-KW and every one that encrypts.
  const WRAPPERS = ['AES-KW', ...CIPHERS];
  const KEY_AGREEMENTS = ['ECDH', 'X25519'];
  const KEY_FORMATS = ['raw', 'spki', 'pkcs8', 'jwk'];
  const CURVES = ['P-256', 'P-384', 'P-521'];
  const SIGNATURE_HALVES = { public: ['verify'], private: ['sign'], use: 'sig' };
  const AGREEMENT_HALVES = { public: [], private: ['deriveKey', 'deriveBits'], use: 'enc' };
  // The asymmetric algorithms: the usages each half of a pair may have, and a JWK's "use".
  const ASYMMETRIC = {
    'RSASSA-PKCS1-v1_5': SIGNATURE_HALVES,
    'RSA-PSS': SIGNATURE_HALVES,
    'ECDSA': SIGNATURE_HALVES,
    'Ed25519': SIGNATURE_HALVES,
    'RSA-OAEP': { public: ['encrypt', 'wrapKey'], private: ['decrypt', 'unwrapKey'], use: 'enc' },
    'ECDH': AGREEMENT_HALVES,
    'X25519': AGREEMENT_HALVES,
  };
  const isAsymmetric = (name) => Object.hasOwn(ASYMMETRIC, name);
  // A JWK's "alg" for a key of each asymmetric algorithm (ECDH and X25519 keys have none).
  const JWK_ASYMMETRIC = {
    'RSASSA-PKCS1-v1_5': (a) => 'RS' + a.hash.slice(4),
    'RSA-PSS': (a) => 'PS' + a.hash.slice(4),
    'RSA-OAEP': (a) => (a.hash === 'SHA-1' ? 'RSA-OAEP' : 'RSA-OAEP-' + a.hash.slice(4)),
    'ECDSA': (a) => ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' })[a.namedCurve],
    'Ed25519': () => 'Ed25519',
    'ECDH': () => undefined,
    'X25519': () => undefined,
  };
  // What each key algorithm may be used for.
  const KEY_USAGES = {
    'HMAC': ['sign', 'verify'],
    'AES-GCM': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    'AES-CBC': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    'AES-CTR': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    'AES-KW': ['wrapKey', 'unwrapKey'],
    'PBKDF2': ['deriveBits', 'deriveKey'],
    'HKDF': ['deriveBits', 'deriveKey'],
    'RSASSA-PKCS1-v1_5': ['sign', 'verify'],
    'RSA-PSS': ['sign', 'verify'],
    'RSA-OAEP': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    'ECDSA': ['sign', 'verify'],
    'ECDH': ['deriveKey', 'deriveBits'],
    'Ed25519': ['sign', 'verify'],
    'X25519': ['deriveKey', 'deriveBits'],
  };
  const ALL_USAGES = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits', 'wrapKey', 'unwrapKey'];

  // ---- arguments ------------------------------------------------------------------------------

  function bytesOf(value, what) {
    if (value instanceof ArrayBuffer) return value.slice(0);
    if (ArrayBuffer.isView(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
    throw new TypeError(what + ' must be an ArrayBuffer or an ArrayBufferView, got ' + describe(value));
  }

  function describe(value) {
    return value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
  }

  function fromHost(result) {
    if (typeof result === 'string') throw new DOMException(result, 'OperationError');
    return new Uint8Array(result).slice().buffer;
  }

  function requireArgs(args, count, method) {
    if (args.length < count) {
      throw new TypeError('SubtleCrypto.' + method + ': ' + count + ' arguments required, but only ' + args.length + ' present');
    }
  }

  // The IDL dictionary each operation reads its algorithm's parameters as (the spec's "normalize
  // an algorithm"): member -> kind, '!' marking a required one. Converting them while normalizing
  // gives their TypeErrors (and an unknown hash's NotSupportedError) before any check of keys or
  // usages, in the spec's order. Kinds: a hash name, [EnforceRange] integers, a BufferSource, a
  // BigInteger (Uint8Array), a string, a CryptoKey.
  const HASH_ONLY = { hash: '!hash' };
  const HMAC_PARAMS = { hash: '!hash', length: 'ulong' };
  const EC_PARAMS = { namedCurve: '!string' };
  const PARAMS = {
    generateKey: {
      'HMAC': HMAC_PARAMS,
      'AES': { length: '!ushort' },
      'RSA': { modulusLength: '!ulong', publicExponent: '!bigint', hash: '!hash' },
      'EC': EC_PARAMS,
    },
    importKey: { 'HMAC': HMAC_PARAMS, 'RSA': HASH_ONLY, 'EC': EC_PARAMS },
    sign: { 'ECDSA': HASH_ONLY, 'RSA-PSS': { saltLength: '!ulong' } },
    encrypt: {
      'AES-GCM': { iv: '!buffer', additionalData: 'buffer', tagLength: 'octet' },
      'AES-CBC': { iv: '!buffer' },
      'AES-CTR': { counter: '!buffer', length: '!octet' },
      'RSA-OAEP': { label: 'buffer' },
    },
    deriveBits: {
      'ECDH': { public: '!key' },
      'X25519': { public: '!key' },
      'HKDF': { hash: '!hash', salt: '!buffer', info: '!buffer' },
      'PBKDF2': { salt: '!buffer', iterations: '!ulong', hash: '!hash' },
    },
    // deriveKey's derivedKeyType: read for importKey and for "get key length"
    derivedKey: { 'HMAC': HMAC_PARAMS, 'AES': { length: '!ushort' } },
  };
  const INTEGER_MAX = { ulong: 2 ** 32 - 1, ushort: 65535, octet: 255 };

  function paramsSchema(schema, name) {
    const table = PARAMS[schema];
    if (table === undefined) return undefined;
    if (table[name] !== undefined) return table[name];
    if (AES.includes(name)) return table['AES'];
    if (RSA.includes(name)) return table['RSA'];
    if (name === 'ECDSA' || name === 'ECDH') return table['EC'];
    return undefined;
  }

  function convertMember(value, kind, member, operation) {
    switch (kind) {
      case 'hash':
        return normalize(value, HASHES, operation).name;
      case 'buffer':
        return bytesOf(value, member);
      case 'bigint':
        if (!(value instanceof Uint8Array)) throw new TypeError(operation + ': ' + member + ' must be a Uint8Array, got ' + describe(value));
        return value.slice();
      case 'string':
        return String(value);
      case 'key':
        if (keyState(value) === undefined) throw new TypeError(operation + ': ' + member + ' must be a CryptoKey, got ' + describe(value));
        return value;
      default: {
        // WebIDL [EnforceRange]: a finite number, truncated, within the type's range
        const n = Number(value);
        if (!Number.isFinite(n) || Math.trunc(n) < 0 || Math.trunc(n) > INTEGER_MAX[kind]) {
          throw new TypeError(operation + ': ' + member + ' must be an integer from 0 to ' + INTEGER_MAX[kind] + ', not ' + String(value));
        }
        return Math.trunc(n);
      }
    }
  }

  /**
   * The algorithm's name in the registered case, among `supported`, and (with a `schema` of
   * PARAMS) its parameters converted as that operation's dictionary: { dict, name }.
   */
  function normalize(algorithm, supported, operation, schema) {
    let dict;
    if (typeof algorithm === 'string') dict = { name: algorithm };
    else if (algorithm !== null && typeof algorithm === 'object') dict = algorithm;
    else throw new TypeError(operation + ': the algorithm must be a string or an object with a name');
    if (dict.name === undefined) throw new TypeError(operation + ': the algorithm has no name');
    const asked = String(dict.name);
    const upper = asked.toUpperCase();
    const name = supported.find((s) => s.toUpperCase() === upper);
    if (name === undefined) {
      const known = KNOWN_UNSUPPORTED.find((s) => s.toUpperCase() === upper);
      const other = [...HASHES, ...Object.keys(KEY_USAGES)].find((s) => s.toUpperCase() === upper);
      let why = 'unrecognized algorithm ' + JSON.stringify(asked);
      if (known !== undefined) why = known + ' is not supported by hearth (only ' + supported.join(', ') + ')';
      else if (other !== undefined) why = other + ' is not an algorithm for ' + operation + ' (' + supported.join(', ') + ')';
      throw new DOMException(operation + ': ' + why, 'NotSupportedError');
    }
    const members = schema === undefined ? undefined : paramsSchema(schema, name);
    if (members === undefined) return { dict, name };
    const converted = { name };
    for (const [member, kind] of Object.entries(members)) {
      const value = dict[member];
      if (value === undefined) {
        if (kind.startsWith('!')) throw new TypeError(operation + ': ' + name + ' needs a ' + member);
        continue;
      }
      converted[member] = convertMember(value, kind.replace('!', ''), member, operation);
    }
    return { dict: converted, name };
  }

  function hashOf(dict, operation) {
    if (dict.hash === undefined) throw new TypeError(operation + ': the algorithm needs a hash');
    return normalize(dict.hash, HASHES, operation).name;
  }

  function usagesOf(usages, allowed, operation) {
    if (usages === null || typeof usages !== 'object' || typeof usages[Symbol.iterator] !== 'function') {
      throw new TypeError(operation + ': keyUsages must be a sequence');
    }
    const list = [];
    for (const usage of usages) {
      const u = String(usage);
      if (!ALL_USAGES.includes(u)) throw new TypeError(operation + ': ' + JSON.stringify(u) + ' is not a key usage');
      if (!allowed.includes(u)) {
        throw new DOMException(operation + ': a key of this algorithm cannot be used to ' + u, 'SyntaxError');
      }
      if (!list.includes(u)) list.push(u);
    }
    return list;
  }

  /** A KeyFormat enum value (WebIDL: anything else is a TypeError). */
  function keyFormat(format, operation) {
    const f = String(format);
    if (!KEY_FORMATS.includes(f)) {
      throw new TypeError(operation + ': ' + JSON.stringify(f) + ' is not a key format (' + KEY_FORMATS.join(', ') + ')');
    }
    return f;
  }

  function integer(value, what) {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new TypeError(what + ' must be a non-negative number');
    return Math.floor(n);
  }

  // ---- base64url (JWK) --------------------------------------------------------------------------

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  function toBase64Url(buffer) {
    const b = new Uint8Array(buffer);
    let s = '';
    for (let i = 0; i < b.length; i += 3) {
      const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
      s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
      if (i + 1 < b.length) s += B64[(n >> 6) & 63];
      if (i + 2 < b.length) s += B64[n & 63];
    }
    return s;
  }

  function fromBase64Url(text, what) {
    const s = String(text);
    if (s.length % 4 === 1) throw new DOMException(what + ' is not base64url', 'DataError');
    const out = new Uint8Array(Math.floor(s.length * 3 / 4));
    let bits = 0;
    let value = 0;
    let at = 0;
    for (let i = 0; i < s.length; i++) {
      const v = B64.indexOf(s[i]);
      if (v < 0) throw new DOMException(what + ' is not base64url (character ' + JSON.stringify(s[i]) + ')', 'DataError');
      value = (value << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[at++] = (value >> bits) & 0xff;
      }
    }
    return out.buffer.slice(0, at);
  }

  // ---- CryptoKey --------------------------------------------------------------------------------

  const CONSTRUCT = Symbol('CryptoKey construction');
  let keyState;

  class CryptoKey {
    #type;
    #extractable;
    #algorithm;
    #usages;
    #material;
    #algorithmView;
    #usagesView;

    constructor(key, type, extractable, algorithm, usages, material) {
      if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
      this.#type = type;
      this.#extractable = extractable;
      this.#algorithm = algorithm;
      this.#usages = usages;
      this.#material = material;
    }

    static {
      keyState = (key) => {
        if (typeof key !== 'object' || key === null || !(#material in key)) return undefined;
        return { type: key.#type, algorithm: key.#algorithm, usages: key.#usages, extractable: key.#extractable, material: key.#material };
      };
    }

    get type() {
      return this.#type;
    }

    get extractable() {
      return this.#extractable;
    }

    /** A copy each key keeps (the same object on every read); changing it changes nothing. */
    get algorithm() {
      if (this.#algorithmView === undefined) {
        const a = this.#algorithm;
        this.#algorithmView = a.hash !== undefined ? { ...a, hash: { name: a.hash } } : { ...a };
      }
      return this.#algorithmView;
    }

    get usages() {
      if (this.#usagesView === undefined) this.#usagesView = [...this.#usages];
      return this.#usagesView;
    }
  }
  Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: 'CryptoKey', configurable: true });

  function newKey(algorithm, extractable, usages, material, operation, type = 'secret') {
    if (usages.length === 0 && type !== 'public') {
      throw new DOMException(operation + ': a ' + type + ' key needs at least one usage', 'SyntaxError');
    }
    return new CryptoKey(CONSTRUCT, type, Boolean(extractable), algorithm, usages, material);
  }

  /** The key's state, checked for the operation: its algorithm and the usage asked for. */
  function usableKey(key, name, usage, operation) {
    const state = keyState(key);
    if (state === undefined) throw new TypeError(operation + ': the key must be a CryptoKey, got ' + describe(key));
    if (state.algorithm.name !== name) {
      throw new DOMException(operation + ': the key is a ' + state.algorithm.name + ' key, not ' + name, 'InvalidAccessError');
    }
    if (!state.usages.includes(usage)) {
      throw new DOMException(operation + ': the key\'s usages do not include ' + usage, 'InvalidAccessError');
    }
    return state;
  }

  // ---- key algorithms: import, generate, export --------------------------------------------------

  function aesLength(bytes, operation) {
    const bits = bytes.byteLength * 8;
    if (bits !== 128 && bits !== 192 && bits !== 256) {
      throw new DOMException(operation + ': an AES key is 128, 192 or 256 bits, not ' + bits, 'DataError');
    }
    return bits;
  }

  function hmacLength(dict, dataBits, operation) {
    if (dict.length === undefined) return dataBits;
    const length = integer(dict.length, 'HMAC length');
    if (length === 0 || length > dataBits || length <= dataBits - 8) {
      throw new DOMException(operation + ': HMAC length ' + length + ' does not fit a key of ' + dataBits + ' bits', 'DataError');
    }
    return length;
  }

  function jwkSecret(jwk, operation) {
    if (jwk === null || typeof jwk !== 'object' || ArrayBuffer.isView(jwk) || jwk instanceof ArrayBuffer) {
      throw new TypeError(operation + ': a jwk key must be a JsonWebKey object');
    }
    if (jwk.kty !== 'oct') throw new DOMException(operation + ': a secret JWK has kty "oct", not ' + JSON.stringify(jwk.kty), 'DataError');
    if (jwk.k === undefined) throw new DOMException(operation + ': the JWK has no "k"', 'DataError');
    return fromBase64Url(jwk.k, 'the JWK\'s "k"');
  }

  /** The spec's checks of a JWK's alg (unless expectedAlg is undefined), use, key_ops and ext. */
  function checkJwk(jwk, expectedAlg, use, usages, extractable, operation) {
    if (expectedAlg !== undefined && jwk.alg !== undefined && jwk.alg !== expectedAlg) {
      throw new DOMException(operation + ': the JWK\'s alg is ' + JSON.stringify(jwk.alg) + ', expected ' + expectedAlg, 'DataError');
    }
    if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) {
      throw new DOMException(operation + ': the JWK\'s use is ' + JSON.stringify(jwk.use) + ', not ' + use, 'DataError');
    }
    if (jwk.key_ops !== undefined) {
      if (!Array.isArray(jwk.key_ops)) throw new DOMException(operation + ': the JWK\'s key_ops is not a list', 'DataError');
      for (const u of usages) {
        if (!jwk.key_ops.includes(u)) throw new DOMException(operation + ': the JWK\'s key_ops do not allow ' + u, 'DataError');
      }
    }
    if (jwk.ext === false && extractable) {
      throw new DOMException(operation + ': the JWK is not extractable (ext: false)', 'DataError');
    }
  }

  function importSecret(format, keyData, normalized, extractable, usages, operation) {
    const { dict, name } = normalized;
    if (format !== 'raw' && format !== 'jwk') {
      throw new DOMException(operation + ': key format ' + JSON.stringify(format) + ' is not supported for ' + name
        + ' (raw, jwk)', 'NotSupportedError');
    }
    if (name === 'PBKDF2' || name === 'HKDF') {
      if (format !== 'raw') throw new DOMException(operation + ': ' + name + ' keys are imported as raw', 'NotSupportedError');
      if (extractable) throw new DOMException(operation + ': ' + name + ' keys cannot be extractable', 'SyntaxError');
      return newKey({ name }, false, usages, bytesOf(keyData, 'keyData'), operation);
    }
    let material;
    if (format === 'raw') {
      material = bytesOf(keyData, 'keyData');
    } else {
      material = jwkSecret(keyData, operation);
    }
    if (name === 'HMAC') {
      const hash = hashOf(dict, operation);
      if (material.byteLength === 0) throw new DOMException(operation + ': an HMAC key cannot be empty', 'DataError');
      if (format === 'jwk') checkJwk(keyData, JWK_HMAC[hash], 'sig', usages, extractable, operation);
      const length = hmacLength(dict, material.byteLength * 8, operation);
      return newKey({ name, hash, length }, extractable, usages, material, operation);
    }
    const length = aesLength(material, operation);
    if (format === 'jwk') checkJwk(keyData, 'A' + length + name.slice(4), 'enc', usages, extractable, operation);
    return newKey({ name, length }, extractable, usages, material, operation);
  }

  function randomBytes(bits) {
    const bytes = new Uint8Array(Math.ceil(bits / 8));
    for (let at = 0; at < bytes.length; at += 65536) {
      Reflect.apply(getRandomValues, cryptoObject, [bytes.subarray(at, Math.min(at + 65536, bytes.length))]);
    }
    return bytes.buffer;
  }

  /** exportKey's work, for any key: the format's bytes, or a JWK object. */
  function exportAny(format, key, operation) {
    const state = keyState(key);
    if (state === undefined) throw new TypeError(operation + ': the key must be a CryptoKey, got ' + describe(key));
    if (!state.extractable) throw new DOMException(operation + ': the key is not extractable', 'InvalidAccessError');
    const a = state.algorithm;
    if (isAsymmetric(a.name)) return exportAsymmetricKey(format, state, operation);
    if (a.name === 'PBKDF2' || a.name === 'HKDF') {
      throw new DOMException(operation + ': ' + a.name + ' keys cannot be exported', 'NotSupportedError');
    }
    if (format === 'raw') return state.material.slice(0);
    if (format === 'jwk') {
      const jwk = { kty: 'oct', k: toBase64Url(state.material) };
      jwk.alg = a.name === 'HMAC' ? JWK_HMAC[a.hash] : 'A' + a.length + a.name.slice(4);
      jwk.key_ops = [...state.usages];
      jwk.ext = state.extractable;
      return jwk;
    }
    throw new DOMException(operation + ': a ' + a.name + ' key is not exported as ' + JSON.stringify(format) + ' (raw, jwk)',
      'NotSupportedError');
  }

  /** importKey's work, for any algorithm; usages are already checked against the algorithm's. */
  function importAny(format, keyData, normalized, extractable, usages, operation) {
    if (isAsymmetric(normalized.name)) return importAsymmetricKey(format, keyData, normalized, extractable, usages, operation);
    return importSecret(format, keyData, normalized, extractable, usages, operation);
  }

  // ---- asymmetric keys (RSA, EC, OKP): DER in the key, conversions in Java ----------------------

  function keyResult(result) {
    if (typeof result === 'string') throw new DOMException(result, 'DataError');
    return result;
  }

  // SPKI of an Ed25519 or X25519 public key: this header (with the algorithm's OID) and the 32 bytes.
  const OKP_SPKI = {
    'Ed25519': [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00],
    'X25519': [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00],
  };

  function asymmetricKeyAlgorithm(name, dict, operation) {
    if (name === 'ECDSA' || name === 'ECDH') {
      const curve = String(dict.namedCurve);
      if (!CURVES.includes(curve)) throw new DOMException(operation + ': unsupported curve ' + JSON.stringify(curve), 'NotSupportedError');
      return { name, namedCurve: curve };
    }
    if (name === 'Ed25519' || name === 'X25519') return { name };
    return { name, hash: hashOf(dict, operation) };
  }

  function importAsymmetricKey(format, keyData, normalized, extractable, usages, operation) {
    const { dict, name } = normalized;
    const algorithm = asymmetricKeyAlgorithm(name, dict, operation);
    const curve = algorithm.namedCurve ?? null;
    if (format === 'raw' && RSA.includes(name)) {
      throw new DOMException(operation + ': key format "raw" is not supported for ' + name, 'NotSupportedError');
    }
    if (format === 'jwk' && (keyData === null || typeof keyData !== 'object')) {
      throw new TypeError(operation + ': a jwk key must be a JsonWebKey object');
    }
    // The spec checks the usages against the kind of key the format holds before reading the data.
    const type = format === 'pkcs8' || (format === 'jwk' && keyData.d !== undefined) ? 'private' : 'public';
    const allowed = ASYMMETRIC[name][type];
    for (const u of usages) {
      if (!allowed.includes(u)) throw new DOMException(operation + ': a ' + type + ' ' + name + ' key cannot be used to ' + u, 'SyntaxError');
    }
    let parts;
    if (format === 'spki' || format === 'pkcs8') {
      parts = keyResult(keyFromDer(name, curve, format === 'spki', bytesOf(keyData, 'keyData')));
    } else if (format === 'jwk') {
      const expected = name === 'Ed25519' && keyData.alg === 'EdDSA' ? 'EdDSA' : JWK_ASYMMETRIC[name](algorithm);
      checkJwk(keyData, expected, ASYMMETRIC[name].use, usages, extractable, operation);
      parts = keyResult(keyFromJwk(name, curve, JSON.stringify(keyData)));
    } else {
      const raw = new Uint8Array(bytesOf(keyData, 'keyData'));
      if (OKP_SPKI[name] !== undefined) {
        if (raw.length !== 32) throw new DOMException(operation + ': a raw ' + name + ' key is 32 bytes, not ' + raw.length, 'DataError');
        const spki = new Uint8Array(OKP_SPKI[name].length + 32);
        spki.set(OKP_SPKI[name]);
        spki.set(raw, OKP_SPKI[name].length);
        parts = keyResult(keyFromDer(name, null, true, spki.buffer));
      } else {
        parts = keyResult(keyFromPoint(name, curve, raw.buffer));
      }
    }
    if (parts[0] !== type) throw new DOMException(operation + ': the ' + format + ' data is a ' + parts[0] + ' key, not a ' + type + ' one', 'DataError');
    const material = new Uint8Array(parts[1]).slice().buffer;
    if (RSA.includes(name)) {
      algorithm.modulusLength = parts[2];
      algorithm.publicExponent = new Uint8Array(parts[3]).slice();
    }
    return newKey(algorithm, extractable, usages, material, operation, type);
  }

  function exportAsymmetricKey(format, state, operation) {
    const name = state.algorithm.name;
    const type = state.type;
    if (format === 'spki' || format === 'pkcs8') {
      if ((format === 'spki') !== (type === 'public')) {
        throw new DOMException(operation + ': a ' + type + ' key is not exported as ' + format, 'InvalidAccessError');
      }
      return state.material.slice(0);
    }
    if (format === 'jwk') {
      const jwk = JSON.parse(keyResult(keyToJwk(name, type === 'public', state.material))[0]);
      const alg = JWK_ASYMMETRIC[name](state.algorithm);
      if (alg !== undefined) jwk.alg = alg;
      jwk.key_ops = [...state.usages];
      jwk.ext = state.extractable;
      return jwk;
    }
    if (format === 'raw' && !RSA.includes(name)) {
      if (type !== 'public') throw new DOMException(operation + ': only a public ' + name + ' key is exported as raw', 'InvalidAccessError');
      const jwk = JSON.parse(keyResult(keyToJwk(name, true, state.material))[0]);
      if (jwk.kty === 'OKP') return fromBase64Url(jwk.x, 'x');
      const x = new Uint8Array(fromBase64Url(jwk.x, 'x'));
      const y = new Uint8Array(fromBase64Url(jwk.y, 'y'));
      const point = new Uint8Array(1 + x.length + y.length);
      point[0] = 4;
      point.set(x, 1);
      point.set(y, 1 + x.length);
      return point.buffer;
    }
    throw new DOMException(operation + ': a ' + type + ' ' + name + ' key is not exported as ' + JSON.stringify(format), 'NotSupportedError');
  }

  function generatePair(normalized, extractable, usages) {
    const { dict, name } = normalized;
    const algorithm = asymmetricKeyAlgorithm(name, dict, 'generateKey');
    let size = 0;
    let exponent = null;
    if (RSA.includes(name)) {
      size = integer(dict.modulusLength, 'modulusLength');
      if (!(dict.publicExponent instanceof Uint8Array)) throw new TypeError('generateKey: publicExponent must be a Uint8Array');
      exponent = dict.publicExponent.slice().buffer;
      algorithm.modulusLength = size;
      algorithm.publicExponent = dict.publicExponent.slice();
    }
    const halves = ASYMMETRIC[name];
    const privateUsages = usages.filter((u) => halves.private.includes(u));
    if (privateUsages.length === 0) {
      throw new DOMException('generateKey: the private key needs a usage (' + halves.private.join(' or ') + ')', 'SyntaxError');
    }
    const pair = generatePairHost(name, algorithm.namedCurve ?? null, size, exponent);
    if (typeof pair === 'string') throw new DOMException(pair, 'OperationError');
    const publicKey = newKey({ ...algorithm }, true, usages.filter((u) => halves.public.includes(u)),
      new Uint8Array(pair[0]).slice().buffer, 'generateKey', 'public');
    const privateKey = newKey({ ...algorithm }, extractable, privateUsages, new Uint8Array(pair[1]).slice().buffer, 'generateKey', 'private');
    return { publicKey, privateKey };
  }

  /** Hash and salt length of a signature operation; RSA's hash comes from its key. */
  function signatureParameters(dict, name, state, operation) {
    if (name === 'ECDSA') return { hash: hashOf(dict, operation), saltLength: 0 };
    if (name === 'RSA-PSS') {
      return { hash: state.algorithm.hash, saltLength: integer(dict.saltLength, 'saltLength') };
    }
    return { hash: state.algorithm.hash ?? null, saltLength: 0 };
  }

  // ---- deriving ---------------------------------------------------------------------------------

  /** deriveBits' work; `length` null asks an ECDH or X25519 agreement for its whole secret. */
  function deriveBitsWith(normalized, state, length, operation) {
    const { dict, name } = normalized;
    if (KEY_AGREEMENTS.includes(name)) return agreedBits(normalized, state, length, operation);
    if (length === null || length === undefined) {
      throw new DOMException(operation + ': ' + name + ' needs a length', 'OperationError');
    }
    const bits = integer(length, 'length');
    if (bits % 8 !== 0) throw new DOMException(operation + ': the length must be a multiple of 8, not ' + bits, 'OperationError');
    const hash = hashOf(dict, operation);
    const salt = bytesOf(dict.salt, 'salt');
    if (name === 'PBKDF2') {
      const iterations = integer(dict.iterations, 'iterations');
      if (iterations === 0) throw new DOMException(operation + ': PBKDF2 needs at least one iteration', 'OperationError');
      if (bits === 0) return new ArrayBuffer(0);
      return fromHost(pbkdf2Host(hash, state.material, salt, iterations, bits));
    }
    if (bits === 0) return new ArrayBuffer(0);
    return fromHost(hkdfHost(hash, state.material, salt, bytesOf(dict.info, 'info'), bits));
  }

  /** ECDH or X25519 between the private base key and the algorithm's public key: the first `length` bits of the secret. */
  function agreedBits(normalized, state, length, operation) {
    const { dict, name } = normalized;
    const peer = keyState(dict.public);
    if (state.type !== 'private') throw new DOMException(operation + ': the base key must be a private key', 'InvalidAccessError');
    if (peer.type !== 'public') throw new DOMException(operation + ': the public member is a ' + peer.type + ' key', 'InvalidAccessError');
    if (peer.algorithm.name !== name) {
      throw new DOMException(operation + ': the public key is a ' + peer.algorithm.name + ' key, not ' + name, 'InvalidAccessError');
    }
    if (peer.algorithm.namedCurve !== state.algorithm.namedCurve) {
      throw new DOMException(operation + ': the public key is on ' + peer.algorithm.namedCurve + ', the base key on '
        + state.algorithm.namedCurve, 'InvalidAccessError');
    }
    const secret = fromHost(agreeHost(name, state.material, peer.material));
    if (length === null || length === undefined) return secret;
    const bits = integer(length, 'length');
    if (bits > secret.byteLength * 8) {
      throw new DOMException(operation + ': ' + name + ' gives ' + secret.byteLength * 8 + ' bits, fewer than the '
        + bits + ' asked for', 'OperationError');
    }
    const out = new Uint8Array(secret, 0, Math.ceil(bits / 8)).slice();
    if (bits % 8 !== 0) out[out.length - 1] &= 0xff << (8 - (bits % 8));
    return out.buffer;
  }

  /** How many bits a derived key of this algorithm needs; null: as many as the derivation gives (HKDF, PBKDF2). */
  function derivedKeyLength(normalized, operation) {
    const { dict, name } = normalized;
    if (name === 'HMAC') {
      const hash = hashOf(dict, operation);
      return dict.length === undefined ? HASH_BLOCK_BITS[hash] : integer(dict.length, 'length');
    }
    if (AES.includes(name)) {
      const length = integer(dict.length, 'length');
      if (length !== 128 && length !== 192 && length !== 256) {
        throw new DOMException(operation + ': an AES key is 128, 192 or 256 bits, not ' + length, 'OperationError');
      }
      return length;
    }
    return null;
  }

  // ---- encrypting and wrapping ----------------------------------------------------------------------

  /**
   * Encrypts or decrypts `input` with a key already checked for the algorithm and usage;
   * `normalized` was converted as the encrypt operation's parameters.
   */
  function runCipher(encrypt, normalized, state, input, operation) {
    const { dict: params, name } = normalized;
    if (name === 'RSA-OAEP') {
      const type = encrypt ? 'public' : 'private';
      if (state.type !== type) {
        throw new DOMException(operation + ': RSA-OAEP ' + (encrypt ? 'encrypts with a public' : 'decrypts with a private')
          + ' key, not a ' + state.type + ' one', 'InvalidAccessError');
      }
      const label = params.label ?? new ArrayBuffer(0);
      return fromHost(rsaOaepHost(encrypt, state.algorithm.hash, state.material, label, input));
    }
    if (name === 'AES-CTR') {
      if (params.counter.byteLength !== 16) {
        throw new DOMException(operation + ': the AES-CTR counter is 16 bytes, not ' + params.counter.byteLength, 'OperationError');
      }
      if (params.length === 0 || params.length > 128) {
        throw new DOMException(operation + ': the AES-CTR length is 1 to 128 bits, not ' + params.length, 'OperationError');
      }
      return fromHost(aesCtrHost(state.material, params.counter, params.length, input));
    }
    const iv = params.iv;
    if (name === 'AES-CBC') {
      if (iv.byteLength !== 16) throw new DOMException(operation + ': the AES-CBC iv is 16 bytes, not ' + iv.byteLength, 'OperationError');
      return fromHost(aesCbcHost(encrypt, state.material, iv, input));
    }
    const tagLength = params.tagLength ?? 128;
    if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength)) {
      throw new DOMException(operation + ': AES-GCM tagLength ' + tagLength + ' is not one of 32, 64, 96, 104-128', 'OperationError');
    }
    if (iv.byteLength === 0) throw new DOMException(operation + ': the AES-GCM iv is empty', 'OperationError');
    if (!encrypt && input.byteLength < tagLength / 8) {
      throw new DOMException(operation + ': the data is shorter than its AES-GCM tag', 'OperationError');
    }
    return fromHost(aesGcmHost(encrypt, state.material, iv, input, params.additionalData ?? new ArrayBuffer(0), tagLength));
  }

  function cipher(encrypt, algorithm, key, data) {
    const operation = encrypt ? 'encrypt' : 'decrypt';
    const normalized = normalize(algorithm, CIPHERS, operation, 'encrypt');
    const input = bytesOf(data, 'data');
    const state = usableKey(key, normalized.name, operation, operation);
    return runCipher(encrypt, normalized, state, input, operation);
  }

  /** The bytes wrapKey encrypts: the exported key, a JWK as UTF-8 JSON. */
  function wrappedBytes(format, key, wrapper, operation) {
    const exported = exportAny(format, key, operation);
    if (format !== 'jwk') return exported;
    const json = internal.encodeUtf8(JSON.stringify(exported));
    if (wrapper !== 'AES-KW' || json.length % 8 === 0) return bytesOf(json, 'jwk');
    // AES-KW takes whole 8-byte blocks; trailing spaces keep the JSON what it was (node 20 does the same).
    const padded = new Uint8Array(json.length + 8 - (json.length % 8)).fill(0x20);
    padded.set(json);
    return padded.buffer;
  }

  /** unwrapKey's keyData: the decrypted bytes, or the JWK their JSON is. */
  function unwrappedKeyData(format, bytes, operation) {
    if (format !== 'jwk') return bytes;
    let jwk;
    try {
      jwk = JSON.parse(internal.decodeUtf8(bytes));
    } catch (e) {
      throw new DOMException(operation + ': the unwrapped jwk is not JSON (' + e.message + ')', 'DataError');
    }
    if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
      throw new DOMException(operation + ': the unwrapped jwk is not a JSON object', 'DataError');
    }
    return jwk;
  }

  // ---- SubtleCrypto -------------------------------------------------------------------------------

  const SUBTLE = Symbol('SubtleCrypto construction');
  let isSubtle;

  class SubtleCrypto {
    #brand = true;

    constructor(key) {
      if (key !== SUBTLE) throw new TypeError('Illegal constructor');
    }

    static {
      isSubtle = (value) => typeof value === 'object' && value !== null && #brand in value;
    }

    async digest(algorithm, data) {
      check(this, arguments, 2, 'digest');
      const { name } = normalize(algorithm, HASHES, 'digest');
      return fromHost(digestHost(name, bytesOf(data, 'data')));
    }

    async importKey(format, keyData, algorithm, extractable, keyUsages) {
      check(this, arguments, 5, 'importKey');
      const f = keyFormat(format, 'importKey');
      const normalized = normalize(algorithm, Object.keys(KEY_USAGES), 'importKey', 'importKey');
      const usages = usagesOf(keyUsages, KEY_USAGES[normalized.name], 'importKey');
      return importAny(f, keyData, normalized, Boolean(extractable), usages, 'importKey');
    }

    async exportKey(format, key) {
      check(this, arguments, 2, 'exportKey');
      return exportAny(keyFormat(format, 'exportKey'), key, 'exportKey');
    }

    async generateKey(algorithm, extractable, keyUsages) {
      check(this, arguments, 3, 'generateKey');
      const normalized = normalize(algorithm, ['HMAC', ...AES, ...Object.keys(ASYMMETRIC)], 'generateKey', 'generateKey');
      const usages = usagesOf(keyUsages, KEY_USAGES[normalized.name], 'generateKey');
      if (isAsymmetric(normalized.name)) return generatePair(normalized, Boolean(extractable), usages);
      const { dict, name } = normalized;
      if (name === 'HMAC') {
        const hash = hashOf(dict, 'generateKey');
        const length = dict.length === undefined ? HASH_BLOCK_BITS[hash] : integer(dict.length, 'length');
        if (length === 0) throw new DOMException('generateKey: an HMAC key needs a length above 0', 'OperationError');
        return newKey({ name, hash, length }, extractable, usages, randomBytes(length), 'generateKey');
      }
      const length = integer(dict.length, 'length');
      if (length !== 128 && length !== 192 && length !== 256) {
        throw new DOMException('generateKey: an AES key is 128, 192 or 256 bits, not ' + length, 'OperationError');
      }
      return newKey({ name, length }, extractable, usages, randomBytes(length), 'generateKey');
    }

    async sign(algorithm, key, data) {
      check(this, arguments, 3, 'sign');
      const { dict, name } = normalize(algorithm, ['HMAC', ...SIGNATURES], 'sign', 'sign');
      const state = usableKey(key, name, 'sign', 'sign');
      if (name === 'HMAC') return fromHost(hmacHost(state.algorithm.hash, state.material, bytesOf(data, 'data')));
      const { hash, saltLength } = signatureParameters(dict, name, state, 'sign');
      return fromHost(signWith(name, hash, saltLength, state.material, bytesOf(data, 'data')));
    }

    async verify(algorithm, key, signature, data) {
      check(this, arguments, 4, 'verify');
      const { dict, name } = normalize(algorithm, ['HMAC', ...SIGNATURES], 'verify', 'sign');
      const sig = bytesOf(signature, 'signature');
      const state = usableKey(key, name, 'verify', 'verify');
      if (name === 'HMAC') return hmacVerifyHost(state.algorithm.hash, state.material, sig, bytesOf(data, 'data'));
      const { hash, saltLength } = signatureParameters(dict, name, state, 'verify');
      const result = verifyWith(name, hash, saltLength, state.material, sig, bytesOf(data, 'data'));
      if (typeof result === 'string') throw new DOMException(result, 'OperationError');
      return result[0];
    }

    async encrypt(algorithm, key, data) {
      check(this, arguments, 3, 'encrypt');
      return cipher(true, algorithm, key, data);
    }

    async decrypt(algorithm, key, data) {
      check(this, arguments, 3, 'decrypt');
      return cipher(false, algorithm, key, data);
    }

    async deriveBits(algorithm, baseKey, length = null) {
      check(this, arguments, 2, 'deriveBits');
      const normalized = normalize(algorithm, ['PBKDF2', 'HKDF', ...KEY_AGREEMENTS], 'deriveBits', 'deriveBits');
      const state = usableKey(baseKey, normalized.name, 'deriveBits', 'deriveBits');
      return deriveBitsWith(normalized, state, length, 'deriveBits');
    }

    async deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
      check(this, arguments, 5, 'deriveKey');
      const normalized = normalize(algorithm, ['PBKDF2', 'HKDF', ...KEY_AGREEMENTS], 'deriveKey', 'deriveBits');
      const target = normalize(derivedKeyType, ['HMAC', ...AES, 'HKDF', 'PBKDF2'], 'deriveKey', 'derivedKey');
      const length = derivedKeyLength(target, 'deriveKey');
      const usages = usagesOf(keyUsages, KEY_USAGES[target.name], 'deriveKey');
      const state = usableKey(baseKey, normalized.name, 'deriveKey', 'deriveKey');
      const bits = deriveBitsWith(normalized, state, length, 'deriveKey');
      return importSecret('raw', bits, target, Boolean(extractable), usages, 'deriveKey');
    }

    async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
      check(this, arguments, 4, 'wrapKey');
      const f = keyFormat(format, 'wrapKey');
      const normalized = normalize(wrapAlgorithm, WRAPPERS, 'wrapKey', 'encrypt');
      const name = normalized.name;
      const state = usableKey(wrappingKey, name, 'wrapKey', 'wrapKey');
      const wrapped = keyState(key);
      if (wrapped === undefined) throw new TypeError('wrapKey: the key to wrap must be a CryptoKey, got ' + describe(key));
      // The spec asks whether the key's algorithm can export at all before whether this key may be.
      if (wrapped.algorithm.name === 'PBKDF2' || wrapped.algorithm.name === 'HKDF') {
        throw new DOMException('wrapKey: ' + wrapped.algorithm.name + ' keys cannot be exported', 'NotSupportedError');
      }
      if (!wrapped.extractable) throw new DOMException('wrapKey: the key to wrap is not extractable', 'InvalidAccessError');
      const bytes = wrappedBytes(f, key, name, 'wrapKey');
      if (name === 'AES-KW') {
        if (bytes.byteLength % 8 !== 0) {
          throw new DOMException('wrapKey: AES-KW wraps a multiple of 8 bytes, and this ' + f + ' key is ' + bytes.byteLength, 'OperationError');
        }
        return fromHost(aesKwHost(true, state.material, bytes));
      }
      return runCipher(true, normalized, state, bytes, 'wrapKey');
    }

    async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
      check(this, arguments, 7, 'unwrapKey');
      const f = keyFormat(format, 'unwrapKey');
      const data = bytesOf(wrappedKey, 'wrappedKey');
      const normalized = normalize(unwrapAlgorithm, WRAPPERS, 'unwrapKey', 'encrypt');
      const name = normalized.name;
      const target = normalize(unwrappedKeyAlgorithm, Object.keys(KEY_USAGES), 'unwrapKey', 'importKey');
      const usages = usagesOf(keyUsages, KEY_USAGES[target.name], 'unwrapKey');
      const state = usableKey(unwrappingKey, name, 'unwrapKey', 'unwrapKey');
      const bytes = name === 'AES-KW' ? fromHost(aesKwHost(false, state.material, data))
        : runCipher(false, normalized, state, data, 'unwrapKey');
      return importAny(f, unwrappedKeyData(f, bytes, 'unwrapKey'), target, Boolean(extractable), usages, 'unwrapKey');
    }
  }
  Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: 'SubtleCrypto', configurable: true });

  function check(self, args, count, method) {
    if (!isSubtle(self)) throw new TypeError('SubtleCrypto.prototype.' + method + ' called on an object that is not a SubtleCrypto');
    requireArgs(args, count, method);
  }

  const subtle = new SubtleCrypto(SUBTLE);
  Object.defineProperty(Crypto.prototype, 'subtle', {
    get() {
      if (!(this instanceof Crypto)) throw new TypeError('Crypto.prototype.subtle called on an object that is not a Crypto');
      return subtle;
    },
    enumerable: true, configurable: true,
  });
  for (const [name, value] of [['SubtleCrypto', SubtleCrypto], ['CryptoKey', CryptoKey]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})
