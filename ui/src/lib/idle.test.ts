import { afterEach, describe, expect, it, vi } from "vitest";
import { watchIdle } from "./idle";

describe("idle lock", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("locks after the idle time, and input postpones it", () => {
    vi.useFakeTimers();
    const win = new EventTarget();
    vi.stubGlobal("window", win);
    const onIdle = vi.fn();
    const stop = watchIdle(2, onIdle);
    vi.advanceTimersByTime(90_000);
    win.dispatchEvent(new Event("keydown"));
    vi.advanceTimersByTime(90_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });

  it("stops watching when asked", () => {
    vi.useFakeTimers();
    vi.stubGlobal("window", new EventTarget());
    const onIdle = vi.fn();
    watchIdle(1, onIdle)();
    vi.advanceTimersByTime(120_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
