// Cycle counts are shown to one decimal; intervals as "lower – upper".
const cycles = new Intl.NumberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function formatCycles(value: number): string {
  return cycles.format(value);
}

export function formatPercent(level: number): string {
  return `${Math.round(level * 100)}%`;
}
