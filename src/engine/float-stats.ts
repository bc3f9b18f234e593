// Float statistics over a window's values with Prometheus's arithmetic,
// shared by the *_over_time functions and the field-wise histogram mean.

import { kahanSumInc } from './quantile.js';

/** avg_over_time: Kahan sum, switching to an incremental mean if the sum overflows. */
export function avgOverTime(vs: Float64Array): number {
  let sum = vs[0]!;
  let count = 1;
  let mean = 0;
  let c = 0;
  let incremental = false;
  for (let i = 1; i < vs.length; i++) {
    const f = vs[i]!;
    count = i + 1;
    if (!incremental) {
      const [ns, nc] = kahanSumInc(f, sum, c);
      if (ns !== Infinity && ns !== -Infinity) {
        sum = ns;
        c = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanSumInc(f / count, q * mean, q * c);
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

/** sum_over_time: Kahan–Neumaier sum. */
export function sumOverTime(vs: Float64Array): number {
  let sum = 0;
  let c = 0;
  for (const f of vs) [sum, c] = kahanSumInc(f, sum, c);
  if (sum === Infinity || sum === -Infinity) return sum;
  return sum + c;
}

/** Population variance with Kahan-compensated running mean (stdvar_over_time). */
export function varianceOverTime(vs: Float64Array): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (const f of vs) {
    count++;
    const delta = f - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (f - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}
