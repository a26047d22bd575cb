/**
 * A float8[] literal of finite numbers, e.g. `{1,0.30000000000000004,1e-300}`. JS prints the
 * shortest text that reads back as the same double, and PostgreSQL's float8 input reads it exactly,
 * so values round-trip bit for bit. Readings travel this way inside one JSON parameter: parsing
 * JSON numbers into float8[] (via numeric) costs PostgreSQL about twice as much.
 */
export function floatArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}
