// The data a version was trained on, read from its model card.
import { useModel } from '../api/get-model';

function text(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

export function TrainingDataCell({ version }: { version: string }) {
  const query = useModel(version);
  if (query.isPending) return <span className="muted">…</span>;
  const card = query.data?.card;
  const data = typeof card === 'object' && card !== null ? (card as Record<string, unknown>).data : null;
  const subset = text(data, 'subset');
  const source = text(data, 'file') ?? text(data, 'source');
  const words = [subset, source].filter(Boolean).join(', ');
  return <span>{words || '–'}</span>;
}
