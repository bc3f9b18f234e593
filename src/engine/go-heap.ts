// Go's container/heap and insertion sort, reproduced so that topk/bottomk
// break ties between equal values in exactly the order Prometheus does.

export type Less<T> = (a: T, b: T) => boolean;

export function heapPush<T>(h: T[], x: T, less: Less<T>): void {
  h.push(x);
  up(h, h.length - 1, less);
}

/** Re-establishes the heap after h[i] changed (heap.Fix). */
export function heapFix<T>(h: T[], i: number, less: Less<T>): void {
  if (!down(h, i, h.length, less)) up(h, i, less);
}

function up<T>(h: T[], j: number, less: Less<T>): void {
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j]!, h[i]!)) break;
    swap(h, i, j);
    j = i;
  }
}

function down<T>(h: T[], i0: number, n: number, less: Less<T>): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n || j1 < 0) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && less(h[j2]!, h[j1]!)) j = j2;
    if (!less(h[j]!, h[i]!)) break;
    swap(h, i, j);
    i = j;
  }
  return i > i0;
}

function swap<T>(h: T[], i: number, j: number): void {
  const t = h[i]!;
  h[i] = h[j]!;
  h[j] = t;
}

/** Go's insertionSort (what sort.Sort uses for short inputs): stable for equal elements. */
export function insertionSort<T>(a: T[], less: Less<T>): void {
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && less(a[j]!, a[j - 1]!); j--) swap(a, j, j - 1);
  }
}
