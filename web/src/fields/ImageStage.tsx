import { useCallback, useEffect, useRef, useState, type ReactNode, type PointerEvent as RPointerEvent } from 'react';
import { Alert } from '../ui/index.ts';
import { clampView, zoomView, type Size, type View } from './regions-geometry.ts';

/** Loads an image's natural size. Falls back to 1000×750 (with an error) when it cannot load. */
export function useImageSize(url: string): { size: Size | null; error: string | null } {
  const [state, setState] = useState<{ url: string; size: Size | null; error: string | null }>({ url, size: null, error: null });
  useEffect(() => {
    let alive = true;
    const img = new Image();
    img.onload = () => alive && setState({ url, size: { width: img.naturalWidth || 1000, height: img.naturalHeight || 750 }, error: null });
    img.onerror = () => alive && setState({ url, size: { width: 1000, height: 750 }, error: `The image could not be loaded (${url.slice(0, 80)}).` });
    img.src = url;
    return () => {
      alive = false;
    };
  }, [url]);
  return state.url === url ? { size: state.size, error: state.error } : { size: null, error: null };
}

/** View state (zoom and pan) over an image, plus conversions from screen to image pixels. */
export function useImageView(size: Size | null) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [view, setView] = useState<View | null>(null);
  const [box, setBox] = useState({ width: 1, height: 1 });
  useEffect(() => {
    if (size) setView({ x: 0, y: 0, w: size.width, h: size.height });
  }, [size?.width, size?.height]);
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setBox({ width: el.clientWidth || 1, height: el.clientHeight || 1 }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [size !== null]);

  const v = view ?? { x: 0, y: 0, w: size?.width ?? 1, h: size?.height ?? 1 };
  /** Image pixels per screen pixel. */
  const scale = Math.max(v.w / box.width, v.h / box.height);

  const toImage = useCallback((clientX: number, clientY: number) => {
    const svg = svgRef.current;
    const ctm = svg?.getScreenCTM();
    if (!svg || !ctm) return { x: 0, y: 0 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  }, []);
  const zoom = useCallback(
    (factor: number, at?: { x: number; y: number }) => size && setView((cur) => zoomView(cur ?? { x: 0, y: 0, w: size.width, h: size.height }, size, factor, at)),
    [size],
  );
  const pan = useCallback(
    (dx: number, dy: number) => size && setView((cur) => (cur ? clampView({ ...cur, x: cur.x + dx, y: cur.y + dy }, size) : cur)),
    [size],
  );
  const fit = useCallback(() => size && setView({ x: 0, y: 0, w: size.width, h: size.height }), [size]);
  return { svgRef, view: v, scale, toImage, zoom, pan, fit };
}

export type ImageViewApi = ReturnType<typeof useImageView>;

export interface ImageStageProps {
  url: string;
  size: Size | null;
  error: string | null;
  viewApi: ImageViewApi;
  /** While true, dragging pans instead of editing (Space held). */
  panning: boolean;
  onPointerDown: (e: RPointerEvent<SVGSVGElement>) => void;
  onPointerMove: (e: RPointerEvent<SVGSVGElement>) => void;
  onPointerUp: (e: RPointerEvent<SVGSVGElement>) => void;
  onDoubleClick?: () => void;
  labelledBy: string;
  describedBy: string;
  children: ReactNode;
  status: ReactNode;
}

/**
 * The SVG surface for boxes and polygons: the image, the shapes (children), wheel zoom
 * around the pointer and Space-drag panning. The stage has a fixed height, so zooming
 * and loading never move the page.
 */
export function ImageStage({ url, size, error, viewApi, panning, onPointerDown, onPointerMove, onPointerUp, onDoubleClick, labelledBy, describedBy, children, status }: ImageStageProps) {
  const { svgRef, view, zoom, pan, scale, toImage } = viewApi;
  const panFrom = useRef<{ x: number; y: number } | null>(null);

  // React's onWheel is passive; zooming must preventDefault the page scroll.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, toImage(e.clientX, e.clientY));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [svgRef, zoom, toImage, size !== null]);

  return (
    <div
      className="stage"
      data-panning={panning || undefined}
      role="application"
      aria-roledescription="image annotation"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      tabIndex={0}
      data-focus-target
    >
      {error && <Alert tone="warning">{error}</Alert>}
      {!size ? (
        <div className="stage__loading muted">Loading image…</div>
      ) : (
        <svg
          ref={svgRef}
          className="stage__svg"
          viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
          preserveAspectRatio="xMidYMid meet"
          data-zoom={(size.width / view.w).toFixed(2)}
          data-view={`${Math.round(view.x)},${Math.round(view.y)},${Math.round(view.w)},${Math.round(view.h)}`}
          onPointerDown={(e) => {
            (e.currentTarget.parentElement as HTMLElement).focus({ preventScroll: true });
            if (panning || e.button === 1) {
              panFrom.current = { x: e.clientX, y: e.clientY };
              e.currentTarget.setPointerCapture(e.pointerId);
              return;
            }
            onPointerDown(e);
          }}
          onPointerMove={(e) => {
            if (panFrom.current) {
              pan((panFrom.current.x - e.clientX) * scale, (panFrom.current.y - e.clientY) * scale);
              panFrom.current = { x: e.clientX, y: e.clientY };
              return;
            }
            onPointerMove(e);
          }}
          onPointerUp={(e) => {
            if (panFrom.current) {
              panFrom.current = null;
              return;
            }
            onPointerUp(e);
          }}
          onDoubleClick={onDoubleClick}
        >
          <image href={url} x={0} y={0} width={size.width} height={size.height} preserveAspectRatio="none" />
          {children}
        </svg>
      )}
      <div className="stage__status muted" aria-live="polite">
        <span>{size ? `${Math.round((size.width / view.w) * 100)}%` : ''}</span>
        {status}
      </div>
    </div>
  );
}

/** Space held down switches the stage to panning; returns the flag and a keydown handler. */
export function useSpacePan(): [boolean, (e: KeyboardEvent) => boolean] {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!held) return;
    const up = (e: KeyboardEvent) => e.key === ' ' && setHeld(false);
    const blur = () => setHeld(false);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [held]);
  return [
    held,
    (e) => {
      if (e.key !== ' ' || e.ctrlKey || e.metaKey || e.altKey) return false;
      if (!e.repeat) setHeld(true);
      return true;
    },
  ];
}

/** Keys every region editor shares: zoom (+, -, f to fit) and panning with arrows. */
export function viewKeys(e: KeyboardEvent, api: ImageViewApi, panWithArrows: boolean): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  switch (e.key) {
    case '+':
    case '=':
      api.zoom(1.25);
      return true;
    case '-':
    case '_':
      api.zoom(1 / 1.25);
      return true;
    case 'f':
      api.fit();
      return true;
  }
  if (!panWithArrows) return false;
  const step = e.shiftKey ? 0.25 : 0.1;
  switch (e.key) {
    case 'ArrowLeft':
      api.pan(-api.view.w * step, 0);
      return true;
    case 'ArrowRight':
      api.pan(api.view.w * step, 0);
      return true;
    case 'ArrowUp':
      api.pan(0, -api.view.h * step);
      return true;
    case 'ArrowDown':
      api.pan(0, api.view.h * step);
      return true;
  }
  return false;
}
