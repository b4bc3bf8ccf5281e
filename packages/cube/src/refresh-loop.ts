/**
 * Runs Cube's scheduled refresh (pre-aggregation and cache refresh; Cube's own RefreshScheduler) on floe's timer, one
 * run at a time, so that stopping waits for the run in flight and leaves nothing behind (Cube's own interval keeps
 * the process alive for a while after shutdown).
 */
export interface RefreshLoop {
  stop(): Promise<void>;
}

export function startRefreshLoop(
  run: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): RefreshLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = run()
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
