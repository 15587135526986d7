// Loaded into the server the bench starts (node --import): on SIGUSR2 it collects all garbage and
// writes the process's memory to $BENCH_MEMORY_FILE. The resident size alone cannot tell what
// connections hold from what the young generation (up to 3 x --max-semi-space-size) and the
// allocator keep in reserve; the live heap and the external memory after a full collection can,
// and the young generation's size at the signal tells how much of RSS's growth it was.
// Bench-only: `npm start` never loads it.
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';

const file = process.env.BENCH_MEMORY_FILE;
if (file) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  // The young generation's committed size: a reserve sized by the allocation rate, which RSS counts.
  const youngSize = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  let seq = 0;
  process.on('SIGUSR2', () => {
    const young = youngSize(); // as it is, before the collections
    gc();
    gc(); // a second pass frees what the first one's finalizers released
    const m = process.memoryUsage();
    fs.writeFileSync(file, JSON.stringify({ seq: ++seq, heapUsed: m.heapUsed, external: m.external, young, youngAfter: youngSize() }));
  });
}
