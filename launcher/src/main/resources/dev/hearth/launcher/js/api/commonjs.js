// CommonJS for npm packages that still ship it: require() inside CommonJS modules, and the loader
// that an ES module import of a CommonJS file reaches (BundleFileSystem serves such a file as a
// module calling load(); CommonJs.java decides which files are CommonJS). Modules are cached by
// path, as node caches them; .json files are parsed. Node's built-in modules are an error that
// says so. The loader is on globalThis under Symbol.for('hearth.commonjs'): a function's own code
// can reach it, which gives it nothing an import() does not.
(function (host, internal) {
  'use strict';

  const resolveHost = host['cjs.resolve'];
  const readHost = host['cjs.read'];
  const compileHost = host['cjs.compile'];
  const cache = new Map();
  const parse = JSON.parse;
  const apply = Reflect.apply;

  function failure(message, code) {
    const error = new Error(message);
    error.code = code;
    return error;
  }

  function resolve(specifier, fromDir) {
    const result = resolveHost(String(specifier), fromDir);
    if (typeof result === 'string') {
      throw failure(result, result.startsWith('hearth has no') ? 'ERR_UNKNOWN_BUILTIN_MODULE' : 'MODULE_NOT_FOUND');
    }
    return result[0];
  }

  function dirOf(path) {
    const slash = path.lastIndexOf('/');
    return slash <= 0 ? '/' : path.slice(0, slash);
  }

  function makeRequire(fromDir) {
    const require = (specifier) => load(resolve(specifier, fromDir));
    require.resolve = (specifier) => resolve(specifier, fromDir);
    require.cache = Object.create(null);
    return require;
  }

  function load(path) {
    const cached = cache.get(path);
    if (cached !== undefined) return cached.exports;
    const read = readHost(path);
    if (typeof read === 'string') throw failure(read, 'MODULE_NOT_FOUND');
    const text = read[0];
    const module = { id: path, filename: path, path: dirOf(path), exports: {}, loaded: false, children: [] };
    cache.set(path, module);
    try {
      if (path.endsWith('.json')) {
        module.exports = parse(text);
      } else {
        const run = compileHost(path, text);
        apply(run, module.exports, [module.exports, makeRequire(module.path), module, path, module.path]);
      }
    } catch (e) {
      cache.delete(path); // node forgets a module whose evaluation threw
      throw e;
    }
    module.loaded = true;
    return module.exports;
  }

  Object.defineProperty(globalThis, Symbol.for('hearth.commonjs'), {
    value: Object.freeze({ load }), writable: false, enumerable: false, configurable: false,
  });
})
