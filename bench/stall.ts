// The engine-at-scale figures alone (issue 10: main's longest event-loop stall), without the rest of
// `npm run bench`: `node --expose-gc --import tsx bench/stall.ts [runs]`.
import { engineAtScale } from './engine-at-scale';
import type { Figure } from './engine.bench';

function print(figures: Figure[]): void {
  for (const f of figures) {
    const value = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
    console.log(`${f.ok ? 'ok  ' : 'MISS'}  ${f.name}: ${value} ${f.unit} (target ${f.target})`);
    if (f.detail) console.log(`      ${f.detail}`);
  }
}

const runs = Number(process.argv[2] ?? 1);
for (let run = 0; run < runs; run += 1) print(await engineAtScale());
