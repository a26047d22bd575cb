// A status is always an icon plus words; colour only reinforces it.
import type { ReactNode } from 'react';

export type StatusTone = 'ok' | 'warning' | 'critical' | 'neutral';

const ICONS: Record<StatusTone, ReactNode> = {
  ok: <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />,
  warning: (
    <>
      <path d="M8 1.5l7 13H1z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      <path d="M8 6v4M8 12v.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  critical: (
    <>
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  neutral: <path d="M4 8h8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />,
};

export function StatusIcon({ tone }: { tone: StatusTone }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {ICONS[tone]}
    </svg>
  );
}

export function StatusBadge({ tone, children }: { tone: StatusTone; children: ReactNode }) {
  return (
    <span className={`badge ${tone}`}>
      <StatusIcon tone={tone} />
      <span>{children}</span>
    </span>
  );
}

/** Engine status as the fleet reports it: by RUL against the thresholds, or failed once recorded. */
export type EngineHealth = 'healthy' | 'warning' | 'critical' | 'unknown' | 'failed';

const HEALTH: Record<EngineHealth, { tone: StatusTone; label: string }> = {
  healthy: { tone: 'ok', label: 'Healthy' },
  warning: { tone: 'warning', label: 'Warning' },
  critical: { tone: 'critical', label: 'Critical' },
  unknown: { tone: 'neutral', label: 'Unknown' },
  failed: { tone: 'critical', label: 'Failed' },
};

export const ENGINE_HEALTH_LABELS: Record<EngineHealth, string> = Object.fromEntries(
  Object.entries(HEALTH).map(([key, value]) => [key, value.label]),
) as Record<EngineHealth, string>;

export function HealthBadge({ health }: { health: EngineHealth | (string & {}) }) {
  const { tone, label } = HEALTH[health as EngineHealth] ?? { tone: 'neutral', label: health };
  return <StatusBadge tone={tone}>{label}</StatusBadge>;
}
