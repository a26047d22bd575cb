// The API's (or the CSV parser's) complaint, right under the input, with the line and field at fault.
import { formatIssueLocation, type InputIssue } from '../lib/input-issue';

export function InputErrorMessage({
  id,
  title,
  issues,
  lineText,
  onShowLine,
}: {
  id: string;
  title: string;
  issues: InputIssue[];
  /** The text of a line of the input, to quote it next to the issue. */
  lineText: (line: number) => string | undefined;
  onShowLine?: (line: number) => void;
}) {
  return (
    <div id={id} className="input-error" role="alert">
      <strong>{title}</strong>
      <ul>
        {issues.map((issue, i) => {
          const location = formatIssueLocation(issue);
          const quoted = issue.line !== undefined ? lineText(issue.line) : undefined;
          return (
            <li key={i}>
              {location ? <strong>{location[0]?.toUpperCase() + location.slice(1)}: </strong> : null}
              {issue.message}
              {quoted !== undefined ? (
                <div className="hint">
                  <code>{quoted.length > 120 ? `${quoted.slice(0, 120)}…` : quoted}</code>
                </div>
              ) : null}
              {issue.line !== undefined && onShowLine ? (
                <button type="button" onClick={() => onShowLine(issue.line as number)}>
                  Show line {issue.line}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
