/**
 * Names the calling thread for the operating system, so `top -H`, `ps -L` and per-thread CPU figures
 * (bench/threads.ts) tell the app's worker threads apart: otherwise every Node.js thread is "node".
 * Linux only (`/proc/thread-self/comm`, at most 15 bytes); elsewhere it does nothing and says so.
 * Depends on nothing but node:fs, so worker entries that keep clear of the app's modules can use it.
 */
import { writeFileSync } from 'node:fs';

export const THREAD_NAME_MAX = 15;

export function nameThread(name: string): boolean {
  if (!/^[\x21-\x7e]+$/.test(name) || name.length > THREAD_NAME_MAX) {
    throw new RangeError(`thread name must be 1-${THREAD_NAME_MAX} printable ASCII characters: ${name}`);
  }
  try {
    writeFileSync('/proc/thread-self/comm', name);
    return true;
  } catch {
    return false;
  }
}
