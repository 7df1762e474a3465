// The renderer's figures alone (after `npm run build:renderer`):
// `node --expose-gc --import tsx bench/renderer-only.ts`. `npm run bench` runs them with the rest.
import type { Figure } from './engine.bench';
import { rendererBenchmarks } from './renderer.bench';

function print(figure: Figure): void {
  const value = figure.value >= 100 ? figure.value.toFixed(0) : figure.value.toFixed(2);
  console.log(
    `${figure.ok ? 'ok  ' : 'MISS'}  ${figure.name}: ${value} ${figure.unit} (target ${figure.target})`,
  );
  if (figure.detail) console.log(`      ${figure.detail}`);
}

await rendererBenchmarks(print);
