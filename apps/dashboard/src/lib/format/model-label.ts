// A short name for a model in tight places (table cells): the C-MAPSS subset it names, e.g.
// cmapss-fd002-tcn-ensemble → "FD002 model"; any other name is shown whole. The full name goes in a
// title beside it.
const SUBSET = /(?:^|[-_.])(fd\d{3})(?=$|[-_.])/i;

export function modelLabel(name: string): string {
  const subset = SUBSET.exec(name)?.[1];
  return subset ? `${subset.toUpperCase()} model` : name;
}
