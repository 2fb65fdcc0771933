// crypto.subtle (W3C Web Cryptography): digest (SHA-1, SHA-256, SHA-384, SHA-512); HMAC, AES-GCM,
// AES-CBC, PBKDF2 and HKDF with 'raw' and 'jwk' keys; the signature algorithms
// RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA (P-256, P-384, P-521) and Ed25519 with 'spki', 'pkcs8', 'jwk'
// and (public EC and Ed25519 keys) 'raw' keys; importKey, exportKey, generateKey, sign, verify,
// encrypt, decrypt, deriveBits, deriveKey. This file does what the spec asks of arguments, usages
// and CryptoKey objects; the primitives run in Java (SubtleCryptoHost). RSA-OAEP, ECDH, X25519,
// AES-CTR, AES-KW and wrapKey/unwrapKey reject with a NotSupportedError naming what was asked.
(function (host, internal) {
  'use strict';

  const DOMException = internal.DOMException;
  const digestHost = host['subtle.digest'];
  const hmacHost = host['subtle.hmac'];
  const hmacVerifyHost = host['subtle.hmacVerify'];
  const aesGcmHost = host['subtle.aesGcm'];
  const aesCbcHost = host['subtle.aesCbc'];
  const pbkdf2Host = host['subtle.pbkdf2'];
  const hkdfHost = host['subtle.hkdf'];
  const keyFromDer = host['subtle.keyFromDer'];
  const keyFromJwk = host['subtle.keyFromJwk'];
  const keyToJwk = host['subtle.keyToJwk'];
  const generatePair = host['subtle.generatePair'];
  const signWith = host['subtle.signWith'];
  const verifyWith = host['subtle.verifyWith'];
  const Crypto = globalThis.Crypto;
  const cryptoObject = globalThis.crypto;
  const getRandomValues = Crypto.prototype.getRandomValues;

  const HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
  const HASH_BLOCK_BITS = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
  const JWK_HMAC = { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' };
  const KNOWN_UNSUPPORTED = ['RSA-OAEP', 'ECDH', 'X25519', 'AES-CTR', 'AES-KW'];
  const SIGNATURES = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'ECDSA', 'Ed25519'];
  const CURVES = ['P-256', 'P-384', 'P-521'];
  const JWK_SIGNATURE = {
    'RSASSA-PKCS1-v1_5': (a) => 'RS' + a.hash.slice(4),
    'RSA-PSS': (a) => 'PS' + a.hash.slice(4),
    'ECDSA': (a) => ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' })[a.namedCurve],
    'Ed25519': () => 'Ed25519',
  };
  // What each key algorithm may be used for.
  const KEY_USAGES = {
    'HMAC': ['sign', 'verify'],
    'AES-GCM': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    'AES-CBC': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
    'PBKDF2': ['deriveBits', 'deriveKey'],
    'HKDF': ['deriveBits', 'deriveKey'],
    'RSASSA-PKCS1-v1_5': ['sign', 'verify'],
    'RSA-PSS': ['sign', 'verify'],
    'ECDSA': ['sign', 'verify'],
    'Ed25519': ['sign', 'verify'],
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

  /** The algorithm's dictionary with its name in the registered case, among `supported`. */
  function normalize(algorithm, supported, operation) {
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
      throw new DOMException(operation + ': ' + (known !== undefined
        ? known + ' is not supported by hearth (only ' + supported.join(', ') + ')'
        : 'unrecognized algorithm ' + JSON.stringify(asked)), 'NotSupportedError');
    }
    return { dict, name };
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
        return { algorithm: key.#algorithm, usages: key.#usages, extractable: key.#extractable, material: key.#material };
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

  function checkJwk(jwk, expectedAlg, use, usages, extractable, operation) {
    if (jwk.alg !== undefined && jwk.alg !== expectedAlg) {
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

  function exportSecret(format, key, operation) {
    const state = keyState(key);
    if (state === undefined) throw new TypeError(operation + ': the key must be a CryptoKey, got ' + describe(key));
    if (!state.extractable) throw new DOMException(operation + ': the key is not extractable', 'InvalidAccessError');
    const a = state.algorithm;
    if (SIGNATURES.includes(a.name)) return exportSignatureKey(format, state, key.type, operation);
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
    throw new DOMException(operation + ': key format ' + JSON.stringify(format) + ' is not supported (raw, jwk)', 'NotSupportedError');
  }

  // ---- signature keys (RSA, EC, Ed25519): DER in the key, conversions in Java -------------------

  function keyResult(result) {
    if (typeof result === 'string') throw new DOMException(result, 'DataError');
    return result;
  }

  const ED25519_SPKI = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

  function signatureKeyAlgorithm(name, dict, operation) {
    if (name === 'ECDSA') {
      if (dict.namedCurve === undefined) throw new TypeError(operation + ': ECDSA needs a namedCurve');
      const curve = String(dict.namedCurve);
      if (!CURVES.includes(curve)) throw new DOMException(operation + ': unsupported curve ' + JSON.stringify(curve), 'NotSupportedError');
      return { name, namedCurve: curve };
    }
    if (name === 'Ed25519') return { name };
    return { name, hash: hashOf(dict, operation) };
  }

  function importSignatureKey(format, keyData, normalized, extractable, usages, operation) {
    const { dict, name } = normalized;
    const algorithm = signatureKeyAlgorithm(name, dict, operation);
    const curve = algorithm.namedCurve ?? null;
    let parts;
    if (format === 'spki' || format === 'pkcs8') {
      parts = keyResult(keyFromDer(name, curve, format === 'spki', bytesOf(keyData, 'keyData')));
    } else if (format === 'jwk') {
      if (keyData === null || typeof keyData !== 'object') throw new TypeError(operation + ': a jwk key must be a JsonWebKey object');
      const expected = JWK_SIGNATURE[name](algorithm);
      if (keyData.alg !== undefined && keyData.alg !== expected && !(name === 'Ed25519' && keyData.alg === 'EdDSA')) {
        throw new DOMException(operation + ': the JWK\'s alg is ' + JSON.stringify(keyData.alg) + ', expected ' + expected, 'DataError');
      }
      if (usages.length > 0 && keyData.use !== undefined && keyData.use !== 'sig') {
        throw new DOMException(operation + ': the JWK\'s use is ' + JSON.stringify(keyData.use) + ', not sig', 'DataError');
      }
      if (keyData.ext === false && extractable) throw new DOMException(operation + ': the JWK is not extractable (ext: false)', 'DataError');
      parts = keyResult(keyFromJwk(name, curve, JSON.stringify(keyData)));
    } else if (format === 'raw' && name !== 'RSASSA-PKCS1-v1_5' && name !== 'RSA-PSS') {
      const raw = new Uint8Array(bytesOf(keyData, 'keyData'));
      if (name === 'Ed25519') {
        if (raw.length !== 32) throw new DOMException(operation + ': a raw Ed25519 key is 32 bytes, not ' + raw.length, 'DataError');
        const spki = new Uint8Array(ED25519_SPKI.length + 32);
        spki.set(ED25519_SPKI);
        spki.set(raw, ED25519_SPKI.length);
        parts = keyResult(keyFromDer(name, null, true, spki.buffer));
      } else {
        const size = (raw.length - 1) / 2;
        if (raw[0] !== 4 || !Number.isInteger(size)) {
          throw new DOMException(operation + ': a raw ECDSA key is an uncompressed point (0x04, x, y)', 'DataError');
        }
        const jwk = { kty: 'EC', crv: curve, x: toBase64Url(raw.slice(1, 1 + size).buffer), y: toBase64Url(raw.slice(1 + size).buffer) };
        parts = keyResult(keyFromJwk(name, curve, JSON.stringify(jwk)));
      }
    } else {
      throw new DOMException(operation + ': key format ' + JSON.stringify(format) + ' is not supported for ' + name, 'NotSupportedError');
    }
    const type = parts[0];
    const material = new Uint8Array(parts[1]).slice().buffer;
    const allowed = type === 'public' ? ['verify'] : ['sign'];
    for (const u of usages) {
      if (!allowed.includes(u)) throw new DOMException(operation + ': a ' + type + ' ' + name + ' key cannot be used to ' + u, 'SyntaxError');
    }
    if (name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS') {
      algorithm.modulusLength = parts[2];
      algorithm.publicExponent = new Uint8Array(parts[3]).slice();
    }
    return newKey(algorithm, type === 'public' ? true : extractable, usages, material, operation, type);
  }

  function exportSignatureKey(format, state, type, operation) {
    const name = state.algorithm.name;
    if (format === 'spki' || format === 'pkcs8') {
      if ((format === 'spki') !== (type === 'public')) {
        throw new DOMException(operation + ': a ' + type + ' key is not exported as ' + format, 'InvalidAccessError');
      }
      return state.material.slice(0);
    }
    if (format === 'jwk') {
      const jwk = JSON.parse(keyResult(keyToJwk(name, type === 'public', state.material))[0]);
      jwk.alg = JWK_SIGNATURE[name](state.algorithm);
      jwk.key_ops = [...state.usages];
      jwk.ext = state.extractable;
      return jwk;
    }
    if (format === 'raw' && type === 'public' && (name === 'ECDSA' || name === 'Ed25519')) {
      const jwk = JSON.parse(keyResult(keyToJwk(name, true, state.material))[0]);
      if (name === 'Ed25519') return fromBase64Url(jwk.x, 'x');
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

  function generateSignaturePair(normalized, extractable, usages) {
    const { dict, name } = normalized;
    const algorithm = signatureKeyAlgorithm(name, dict, 'generateKey');
    let size = 0;
    let exponent = null;
    if (name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS') {
      size = integer(dict.modulusLength, 'modulusLength');
      if (!(dict.publicExponent instanceof Uint8Array)) throw new TypeError('generateKey: publicExponent must be a Uint8Array');
      exponent = dict.publicExponent.slice().buffer;
      algorithm.modulusLength = size;
      algorithm.publicExponent = dict.publicExponent.slice();
    }
    const privateUsages = usages.filter((u) => u === 'sign');
    if (privateUsages.length === 0) throw new DOMException('generateKey: the private key needs the usage sign', 'SyntaxError');
    const pair = generatePair(name, algorithm.namedCurve ?? null, size, exponent);
    if (typeof pair === 'string') throw new DOMException(pair, 'OperationError');
    const publicKey = newKey({ ...algorithm }, true, usages.filter((u) => u === 'verify'),
      new Uint8Array(pair[0]).slice().buffer, 'generateKey', 'public');
    const privateKey = newKey({ ...algorithm }, extractable, privateUsages, new Uint8Array(pair[1]).slice().buffer, 'generateKey', 'private');
    return { publicKey, privateKey };
  }

  /** Hash and salt length of a signature operation; RSA's hash comes from its key. */
  function signatureParameters(dict, name, state, operation) {
    if (name === 'ECDSA') return { hash: hashOf(dict, operation), saltLength: 0 };
    if (name === 'RSA-PSS') {
      if (dict.saltLength === undefined) throw new TypeError(operation + ': RSA-PSS needs a saltLength');
      return { hash: state.algorithm.hash, saltLength: integer(dict.saltLength, 'saltLength') };
    }
    return { hash: state.algorithm.hash ?? null, saltLength: 0 };
  }

  // ---- deriving ---------------------------------------------------------------------------------

  function deriveBitsWith(normalized, state, length, operation) {
    const { dict, name } = normalized;
    if (length === null || length === undefined) {
      throw new DOMException(operation + ': ' + name + ' needs a length', 'OperationError');
    }
    const bits = integer(length, 'length');
    if (bits % 8 !== 0) throw new DOMException(operation + ': the length must be a multiple of 8, not ' + bits, 'OperationError');
    const hash = hashOf(dict, operation);
    if (dict.salt === undefined) throw new TypeError(operation + ': ' + name + ' needs a salt');
    const salt = bytesOf(dict.salt, 'salt');
    if (name === 'PBKDF2') {
      if (dict.iterations === undefined) throw new TypeError(operation + ': PBKDF2 needs iterations');
      const iterations = integer(dict.iterations, 'iterations');
      if (iterations === 0) throw new DOMException(operation + ': PBKDF2 needs at least one iteration', 'OperationError');
      if (bits === 0) return new ArrayBuffer(0);
      return fromHost(pbkdf2Host(hash, state.material, salt, iterations, bits));
    }
    if (dict.info === undefined) throw new TypeError(operation + ': HKDF needs info');
    if (bits === 0) return new ArrayBuffer(0);
    return fromHost(hkdfHost(hash, state.material, salt, bytesOf(dict.info, 'info'), bits));
  }

  /** How many bits a derived key of this algorithm needs. */
  function derivedKeyLength(normalized, operation) {
    const { dict, name } = normalized;
    if (name === 'HMAC') {
      const hash = hashOf(dict, operation);
      return dict.length === undefined ? HASH_BLOCK_BITS[hash] : integer(dict.length, 'length');
    }
    if (name === 'AES-GCM' || name === 'AES-CBC') {
      const length = integer(dict.length, 'length');
      if (length !== 128 && length !== 192 && length !== 256) {
        throw new DOMException(operation + ': an AES key is 128, 192 or 256 bits, not ' + length, 'OperationError');
      }
      return length;
    }
    throw new DOMException(operation + ': cannot derive a ' + name + ' key', 'NotSupportedError');
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
      const normalized = normalize(algorithm, Object.keys(KEY_USAGES), 'importKey');
      const usages = usagesOf(keyUsages, KEY_USAGES[normalized.name], 'importKey');
      if (SIGNATURES.includes(normalized.name)) {
        return importSignatureKey(String(format), keyData, normalized, Boolean(extractable), usages, 'importKey');
      }
      return importSecret(String(format), keyData, normalized, Boolean(extractable), usages, 'importKey');
    }

    async exportKey(format, key) {
      check(this, arguments, 2, 'exportKey');
      return exportSecret(String(format), key, 'exportKey');
    }

    async generateKey(algorithm, extractable, keyUsages) {
      check(this, arguments, 3, 'generateKey');
      const normalized = normalize(algorithm, ['HMAC', 'AES-GCM', 'AES-CBC', ...SIGNATURES], 'generateKey');
      const usages = usagesOf(keyUsages, KEY_USAGES[normalized.name], 'generateKey');
      if (SIGNATURES.includes(normalized.name)) return generateSignaturePair(normalized, Boolean(extractable), usages);
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
      const { dict, name } = normalize(algorithm, ['HMAC', ...SIGNATURES], 'sign');
      const state = usableKey(key, name, 'sign', 'sign');
      if (name === 'HMAC') return fromHost(hmacHost(state.algorithm.hash, state.material, bytesOf(data, 'data')));
      const { hash, saltLength } = signatureParameters(dict, name, state, 'sign');
      return fromHost(signWith(name, hash, saltLength, state.material, bytesOf(data, 'data')));
    }

    async verify(algorithm, key, signature, data) {
      check(this, arguments, 4, 'verify');
      const { dict, name } = normalize(algorithm, ['HMAC', ...SIGNATURES], 'verify');
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
      const normalized = normalize(algorithm, ['PBKDF2', 'HKDF'], 'deriveBits');
      const state = usableKey(baseKey, normalized.name, 'deriveBits', 'deriveBits');
      return deriveBitsWith(normalized, state, length, 'deriveBits');
    }

    async deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
      check(this, arguments, 5, 'deriveKey');
      const normalized = normalize(algorithm, ['PBKDF2', 'HKDF'], 'deriveKey');
      const target = normalize(derivedKeyType, ['HMAC', 'AES-GCM', 'AES-CBC'], 'deriveKey');
      const length = derivedKeyLength(target, 'deriveKey');
      const usages = usagesOf(keyUsages, KEY_USAGES[target.name], 'deriveKey');
      const state = usableKey(baseKey, normalized.name, 'deriveKey', 'deriveKey');
      const bits = deriveBitsWith(normalized, state, length, 'deriveKey');
      return importSecret('raw', bits, target, Boolean(extractable), usages, 'deriveKey');
    }

    async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
      check(this, arguments, 4, 'wrapKey');
      throw new DOMException('wrapKey is not supported by hearth: exportKey, then encrypt', 'NotSupportedError');
    }

    async unwrapKey() {
      check(this, arguments, 7, 'unwrapKey');
      throw new DOMException('unwrapKey is not supported by hearth: decrypt, then importKey', 'NotSupportedError');
    }
  }
  Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: 'SubtleCrypto', configurable: true });

  function check(self, args, count, method) {
    if (!isSubtle(self)) throw new TypeError('SubtleCrypto.prototype.' + method + ' called on an object that is not a SubtleCrypto');
    requireArgs(args, count, method);
  }

  function cipher(encrypt, algorithm, key, data) {
    const operation = encrypt ? 'encrypt' : 'decrypt';
    const { dict, name } = normalize(algorithm, ['AES-GCM', 'AES-CBC'], operation);
    if (dict.iv === undefined) throw new TypeError(operation + ': ' + name + ' needs an iv');
    const iv = bytesOf(dict.iv, 'iv');
    const input = bytesOf(data, 'data');
    const state = usableKey(key, name, operation, operation);
    if (name === 'AES-CBC') {
      if (iv.byteLength !== 16) throw new DOMException(operation + ': the AES-CBC iv is 16 bytes, not ' + iv.byteLength, 'OperationError');
      return fromHost(aesCbcHost(encrypt, state.material, iv, input));
    }
    const tagLength = dict.tagLength === undefined ? 128 : integer(dict.tagLength, 'tagLength');
    if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength)) {
      throw new DOMException(operation + ': AES-GCM tagLength ' + tagLength + ' is not one of 32, 64, 96, 104-128', 'OperationError');
    }
    if (iv.byteLength === 0) throw new DOMException(operation + ': the AES-GCM iv is empty', 'OperationError');
    const additionalData = dict.additionalData === undefined ? new ArrayBuffer(0) : bytesOf(dict.additionalData, 'additionalData');
    if (!encrypt && input.byteLength < tagLength / 8) {
      throw new DOMException('decrypt: the data is shorter than its AES-GCM tag', 'OperationError');
    }
    return fromHost(aesGcmHost(encrypt, state.material, iv, input, additionalData, tagLength));
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
