// Live updates from the API's server-sent events (`GET /events`). With an API key set, each connection
// first asks for a single-use ticket (`POST /events/ticket`) and opens `/events?ticket=…`, since
// EventSource cannot send the key; a dropped stream is reopened with a new ticket (a used one is
// refused), with growing pauses. When the browser has no EventSource, or the stream fails (an API
// without it, a proxy that buffers, no ticket to be had), callers poll instead: `mode` says which is
// in effect, and switches back to live once a stream opens.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useApi } from '../api/api-context';
import { fetchEventTicket } from './event-ticket';

export type StreamMode = 'connecting' | 'live' | 'polling';

export interface StreamEvent {
  type: string;
  data: unknown;
}

/** Pause before the nth reconnection with a new ticket: 1 s, 2 s, 4 s … at most 30 s. */
export const reconnectDelayMs = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 30_000);

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

export function useEventStream(types: readonly string[], onEvent: (event: StreamEvent) => void): StreamMode {
  const { apiBaseUrl, client, apiKeys } = useApi();
  const apiKey = useSyncExternalStore(apiKeys.subscribe, () => apiKeys.getState().apiKey);
  const [mode, setMode] = useState<StreamMode>(() =>
    typeof globalThis.EventSource === 'function' ? 'connecting' : 'polling',
  );
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typeKey = types.join(',');

  useEffect(() => {
    if (typeof globalThis.EventSource !== 'function') {
      setMode('polling');
      return;
    }
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const close = () => {
      source?.close();
      source = null;
    };
    const reconnectLater = () => {
      setMode('polling');
      failures += 1;
      retry = setTimeout(() => void connect(), reconnectDelayMs(failures));
    };

    const connect = async () => {
      let url = `${apiBaseUrl}/events`;
      if (apiKey) {
        let ticket: string;
        try {
          ticket = await fetchEventTicket(client);
        } catch {
          if (!stopped) reconnectLater();
          return;
        }
        if (stopped) return;
        url += `?ticket=${encodeURIComponent(ticket)}`;
      }
      const opened = new EventSource(url);
      source = opened;
      for (const type of typeKey.split(',')) {
        opened.addEventListener(type, (message: MessageEvent) =>
          handler.current({ type, data: parse(message.data) }),
        );
      }
      opened.onopen = () => {
        failures = 0;
        setMode('live');
      };
      opened.onerror = () => {
        if (!apiKey) {
          // EventSource retries by itself; poll meanwhile so nothing goes stale, `onopen` switches back.
          setMode('polling');
          return;
        }
        // Its own retry would present the spent ticket: reconnect with a new one instead.
        close();
        if (!stopped) reconnectLater();
      };
    };

    setMode('connecting');
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      close();
    };
  }, [apiBaseUrl, typeKey, apiKey, client]);

  return mode;
}
