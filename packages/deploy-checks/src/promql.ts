/** Metric names referenced by a PromQL expression (good enough for our rules and dashboards). */

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'inf',
  'nan',
  'atan2',
]);

export function metricNames(expr: string): string[] {
  const cleaned = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // range and subquery selectors, $__rate_interval
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // label lists
    .replace(/\$[A-Za-z_][A-Za-z0-9_]*/g, ' '); // Grafana variables
  const names = new Set<string>();
  const re = /[A-Za-z_:][A-Za-z0-9_:]*/g;
  for (let m = re.exec(cleaned); m; m = re.exec(cleaned)) {
    const word = m[0];
    const before = cleaned.slice(0, m.index);
    const after = cleaned.slice(m.index + word.length);
    if (/^\s*\(/.test(after)) continue; // function or aggregation call
    if (/[0-9.]$/.test(before)) continue; // part of a number or duration such as 5m, 1e-3
    if (KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names].sort();
}
