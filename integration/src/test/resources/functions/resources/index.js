// The resource-control tests' function; HEARTH_MODE picks what it does:
//   hog      keeps allocating until a memory limit stops it
//   spin     a busy loop that never ends (CPU quota, pause/resume, metrics)
//   later    waits HEARTH_WAIT_MS, then allocates HEARTH_ALLOC_MIB MiB, keeps it, prints "allocated N MiB" and ends
//   idle     does nothing until it is killed (pids limit)
const mode = process.env.HEARTH_MODE;

function allocate(mib) {
  const kept = [];
  for (let i = 0; i < mib; i++) {
    kept.push(new Uint8Array(1 << 20).fill(i & 0xff)); // filled: the pages are touched, so charged
  }
  return kept;
}

if (mode === 'hog') {
  const kept = [];
  console.log('allocating');
  while (true) {
    kept.push(allocate(8));
  }
} else if (mode === 'spin') {
  console.log('spinning');
  let n = 0;
  while (true) {
    n = (n + 1) % 1000003;
  }
} else if (mode === 'later') {
  const mib = Number(process.env.HEARTH_ALLOC_MIB);
  console.log('waiting');
  setTimeout(() => {
    const kept = allocate(mib);
    console.log(`allocated ${kept.length} MiB`);
  }, Number(process.env.HEARTH_WAIT_MS));
} else if (mode === 'idle') {
  console.log('idle');
  setInterval(() => {}, 1000);
} else {
  throw new Error(`unknown HEARTH_MODE ${mode}`);
}
