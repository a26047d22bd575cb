// Says whether a view is following the API's event stream or polling, in words.
import type { StreamMode } from '../lib/events/use-event-stream';
import { StatusBadge } from './status-badge';

export function LiveIndicator({ mode, pollSeconds }: { mode: StreamMode; pollSeconds: number }) {
  if (mode === 'live') return <StatusBadge tone="ok">Live updates</StatusBadge>;
  if (mode === 'connecting') return <StatusBadge tone="neutral">Connecting to live updates…</StatusBadge>;
  return <StatusBadge tone="neutral">Refreshing every {pollSeconds} s</StatusBadge>;
}
