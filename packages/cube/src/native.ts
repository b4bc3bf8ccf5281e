import { requireCjs } from './cjs.js';

/** Whether Cube's native module (`@cubejs-backend/native`, a Rust binary downloaded at install time) loads here. */
export interface NativeStatus {
  readonly available: boolean;
  /** Why it does not load, when it does not. */
  readonly reason?: string;
}

let cached: NativeStatus | undefined;

export function detectCubeNative(): NativeStatus {
  if (cached) return cached;
  try {
    const native = requireCjs('@cubejs-backend/native') as { loadNative: () => unknown };
    native.loadNative();
    cached = { available: true };
  } catch (error) {
    cached = { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
  return cached;
}
