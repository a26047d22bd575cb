/**
 * The one message convention between a WorkerPool (worker-pool.ts) and its threads. Every message has
 * a `type`; a request and its reply share an `id`. Depends on nothing, so worker entries that keep
 * clear of the app's modules can use it.
 */
import type { MessagePort, TransferListItem } from 'node:worker_threads';

/** Pool → thread. */
export type ToWorker<Req> = { type: 'request'; id: number; request: Req } | { type: 'close' };

/**
 * Thread → pool: `ready` once it can take requests (with what the pool should know of it), or
 * `start-failed`; then one `reply` or `failed` per request.
 */
export type FromWorker<Res, Info> =
  | { type: 'ready'; info: Info }
  | { type: 'start-failed'; message: string }
  | { type: 'reply'; id: number; reply: Res }
  | { type: 'failed'; id: number; message: string };

/** The thread side: typed senders for a thread's replies. */
export function workerPort<Res, Info>(port: MessagePort | null, name: string) {
  if (!port) throw new Error(`${name} must run in a worker thread`);
  const send = (message: FromWorker<Res, Info>, transfer: readonly TransferListItem[] = []) =>
    port.postMessage(message, transfer as TransferListItem[]);
  return {
    port,
    ready: (info: Info) => send({ type: 'ready', info }),
    startFailed: (message: string) => send({ type: 'start-failed', message }),
    reply: (id: number, reply: Res, transfer?: readonly TransferListItem[]) =>
      send({ type: 'reply', id, reply }, transfer),
    failed: (id: number, message: string) => send({ type: 'failed', id, message }),
  };
}
