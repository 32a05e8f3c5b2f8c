const IMAGE_URL = /^(https?:\/\/|\/)\S+\.(png|jpe?g|gif|webp|svg|avif)(\?\S*)?$|^data:image\//i;
const kept = new Set<HTMLImageElement>();

/**
 * Starts downloading the images a task shows, so the next task's picture is in the
 * cache by the time the annotator gets there (called for the prefetched claim).
 */
export function preloadImages(data: Record<string, unknown> | undefined): void {
  if (!data) return;
  for (const v of Object.values(data)) {
    if (typeof v !== 'string' || !IMAGE_URL.test(v)) continue;
    const img = new Image();
    img.decoding = 'async';
    img.src = v;
    // Hold a reference until it loads so the request is not dropped.
    kept.add(img);
    const done = () => kept.delete(img);
    img.onload = done;
    img.onerror = done;
  }
}
