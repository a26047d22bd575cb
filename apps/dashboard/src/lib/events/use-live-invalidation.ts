// Keeps queries fresh from the event stream: any event of the given types marks the given query keys
// stale, at most once per `throttleMs` (a simulator can send hundreds of events a second).
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useEventStream, type StreamEvent, type StreamMode } from './use-event-stream';

export function useLiveInvalidation(
  types: readonly string[],
  keys: readonly QueryKey[],
  { throttleMs = 1000, onEvent }: { throttleMs?: number; onEvent?: (event: StreamEvent) => void } = {},
): StreamMode {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keysRef = useRef(keys);
  keysRef.current = keys;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return useEventStream(types, (event) => {
    onEvent?.(event);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      for (const queryKey of keysRef.current) void queryClient.invalidateQueries({ queryKey });
    }, throttleMs);
  });
}
