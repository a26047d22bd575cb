// A problem with the user's input, located as precisely as we can (line and column/field of the pasted text).
export interface InputIssue {
  message: string;
  line?: number;
  column?: number;
  field?: string;
}

export function formatIssueLocation(issue: InputIssue): string | null {
  const parts: string[] = [];
  if (issue.line !== undefined) parts.push(`line ${issue.line}`);
  if (issue.field !== undefined) parts.push(`field ${issue.field}`);
  else if (issue.column !== undefined) parts.push(`column ${issue.column}`);
  return parts.length > 0 ? parts.join(', ') : null;
}
