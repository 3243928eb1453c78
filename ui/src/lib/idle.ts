// Locks the app after a period without keyboard or mouse input.

const EVENTS = ["keydown", "mousedown", "mousemove", "wheel", "touchstart"] as const;

/** Call `onIdle` after `minutes` without input; returns a function that stops watching. */
export function watchIdle(minutes: number, onIdle: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, Math.max(minutes, 1) * 60_000);
  };
  for (const e of EVENTS) window.addEventListener(e, reset, { passive: true });
  reset();
  return () => {
    clearTimeout(timer);
    for (const e of EVENTS) window.removeEventListener(e, reset);
  };
}
