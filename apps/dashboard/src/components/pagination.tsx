// Previous / next over a paged list, with the range in words. It knows nothing of how pages are fetched
// (offset or cursor); extra controls such as a page-size choice go in as children.
import type { ReactNode } from 'react';

const count = new Intl.NumberFormat('en');

export function Pagination({
  first,
  last,
  total,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  busy = false,
  label,
  children,
}: {
  /** 1-based position of the first item shown (0 when none). */
  first: number;
  last: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** A page is loading: both buttons wait, so a double click cannot skip a page. */
  busy?: boolean;
  label: string;
  children?: ReactNode;
}) {
  return (
    <nav className="row pagination" aria-label={label}>
      {children}
      <button type="button" disabled={!hasPrevious || busy} onClick={onPrevious}>
        Previous
      </button>
      <span aria-live="polite">
        {count.format(first)}–{count.format(last)} of {count.format(total)}
      </span>
      <button type="button" disabled={!hasNext || busy} onClick={onNext}>
        Next
      </button>
    </nav>
  );
}
