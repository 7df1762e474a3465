// `npm run bench`: every benchmark, its figure and its target.
import { engineBenchmarks, type Figure } from './engine.bench';
import { rendererBenchmarks } from './renderer.bench';

function print(figures: Figure[]): void {
  for (const f of figures) {
    const value = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
    console.log(`${f.ok ? 'ok  ' : 'MISS'}  ${f.name}: ${value} ${f.unit} (target ${f.target})`);
  }
}

const figures = await engineBenchmarks();
print(figures);
// Each renderer figure as soon as it is measured.
await rendererBenchmarks((figure) => print([figure]));
