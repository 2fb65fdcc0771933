// A function that never finishes on its own: it prints a line every second until it is killed.
let ticks = 0;
setInterval(() => {
  ticks += 1;
  console.log(`tick ${ticks}`);
}, 1000);
