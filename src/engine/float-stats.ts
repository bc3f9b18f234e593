// Float statistics over a window's values with Prometheus's arithmetic,
// shared by the *_over_time functions and the field-wise histogram mean.
// They work on index ranges [lo, hi) of a values array (no copies) and
// inline the Kahan–Neumaier step (kahanSumInc) because they run once per
// window per series — the inner loop of range queries.

/** avg_over_time: Kahan sum, switching to an incremental mean if the sum overflows. */
export function avgOverTime(vs: ArrayLike<number>, lo = 0, hi = vs.length): number {
  let sum = vs[lo]!;
  let count = 1;
  let mean = 0;
  let c = 0;
  let incremental = false;
  for (let i = lo + 1; i < hi; i++) {
    const f = vs[i]!;
    count = i - lo + 1;
    if (!incremental) {
      const t = sum + f;
      if (t !== Infinity && t !== -Infinity) {
        c += Math.abs(sum) >= Math.abs(f) ? sum - t + f : f - t + sum;
        sum = t;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    const base = q * mean;
    const inc = f / count;
    const t = base + inc;
    if (t === Infinity || t === -Infinity) c = 0;
    else c = q * c + (Math.abs(base) >= Math.abs(inc) ? base - t + inc : inc - t + base);
    mean = t;
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

/** sum_over_time: Kahan–Neumaier sum. */
export function sumOverTime(vs: ArrayLike<number>, lo = 0, hi = vs.length): number {
  let sum = 0;
  let c = 0;
  for (let i = lo; i < hi; i++) {
    const f = vs[i]!;
    const t = sum + f;
    if (t === Infinity || t === -Infinity) c = 0;
    else c += Math.abs(sum) >= Math.abs(f) ? sum - t + f : f - t + sum;
    sum = t;
  }
  if (sum === Infinity || sum === -Infinity) return sum;
  return sum + c;
}

/** Population variance with a Kahan-compensated running mean (stdvar_over_time). */
export function varianceOverTime(vs: ArrayLike<number>, lo = 0, hi = vs.length): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = lo; i < hi; i++) {
    const f = vs[i]!;
    count++;
    const delta = f - (mean + cMean);
    const incMean = delta / count;
    let t = mean + incMean;
    if (t === Infinity || t === -Infinity) cMean = 0;
    else cMean += Math.abs(mean) >= Math.abs(incMean) ? mean - t + incMean : incMean - t + mean;
    mean = t;
    const incAux = delta * (f - (mean + cMean));
    t = aux + incAux;
    if (t === Infinity || t === -Infinity) cAux = 0;
    else cAux += Math.abs(aux) >= Math.abs(incAux) ? aux - t + incAux : incAux - t + aux;
    aux = t;
  }
  return (aux + cAux) / count;
}
