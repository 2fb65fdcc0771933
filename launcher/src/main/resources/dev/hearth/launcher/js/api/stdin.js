// process.stdin: the container's stdin as a ReadableStream of Uint8Array chunks (what Deno's
// Deno.stdin.readable is), made on first access. It is async-iterable, so the idiom that works on
// node, `for await (const chunk of process.stdin)`, works here too. The Java half (StdinHost,
// FunctionInput) opens the stdin only when the function first reads it.
(function (host, internal) {
  'use strict';

  const read = host['stdin.read'];
  const cancel = host['stdin.cancel'];
  let stream = null;

  function pull() {
    return new Promise((resolve, reject) => {
      read((buffer) => resolve(buffer === null ? null : new Uint8Array(buffer)),
        (reason) => reject(new TypeError(reason)));
    });
  }

  internal.stdin = function stdin() {
    if (stream === null) stream = internal.streamFromPull(pull, () => cancel());
    return stream;
  };
})
