// `npm run bench`: every benchmark, its figure and its target, printed as each is measured.
import { engineBenchmarks, type Figure } from './engine.bench';
import { inboxFilterBenchmarks } from './inbox-filter.bench';
import { rendererBenchmarks } from './renderer.bench';

function print(figures: Figure[]): void {
  for (const f of figures) {
    const value = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
    console.log(`${f.ok ? 'ok  ' : 'MISS'}  ${f.name}: ${value} ${f.unit} (target ${f.target})`);
    if (f.detail) console.log(`      ${f.detail}`);
  }
}

/** What each suite calls the moment a figure is measured. */
const report = (figure: Figure) => print([figure]);

await engineBenchmarks(report);
print(inboxFilterBenchmarks());
await rendererBenchmarks(report);
