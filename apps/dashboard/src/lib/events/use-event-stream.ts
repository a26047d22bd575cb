// Live updates from the API's server-sent events (`GET /events`). When the browser has no EventSource,
// or the stream fails (an API without it, a proxy that buffers, a key EventSource cannot send), callers
// fall back to polling: `mode` says which is in effect.
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/api-context';

export type StreamMode = 'connecting' | 'live' | 'polling';

export interface StreamEvent {
  type: string;
  data: unknown;
}

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

export function useEventStream(types: readonly string[], onEvent: (event: StreamEvent) => void): StreamMode {
  const { apiBaseUrl } = useApi();
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
    const source = new EventSource(`${apiBaseUrl}/events`);
    const listeners = typeKey.split(',').map((type) => {
      const listener = (message: MessageEvent) => handler.current({ type, data: parse(message.data) });
      source.addEventListener(type, listener);
      return [type, listener] as const;
    });
    source.onopen = () => setMode('live');
    // While EventSource retries, poll so nothing goes stale; `onopen` switches back to live.
    source.onerror = () => setMode('polling');
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
    };
  }, [apiBaseUrl, typeKey]);

  return mode;
}
