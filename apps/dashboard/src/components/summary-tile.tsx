// One figure with its name, for the summary rows at the top of a view.
import type { ReactNode } from 'react';

export function SummaryTile({
  label,
  value,
  detail,
  textValue = false,
}: {
  label: ReactNode;
  value: ReactNode;
  detail?: ReactNode;
  /** A word or version rather than a count: set smaller so long values fit. */
  textValue?: boolean;
}) {
  return (
    <div className="tile">
      <div className="tile-label">{label}</div>
      <div className={textValue ? 'tile-value text' : 'tile-value'}>{value}</div>
      {detail ? <div className="tile-detail">{detail}</div> : null}
    </div>
  );
}
