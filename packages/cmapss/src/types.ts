/** One operating cycle of one engine, in raw units. */
export interface Cycle {
  cycle: number;
  settings: number[];
  sensors: number[];
}

/** A unit's history, oldest cycle first. */
export interface UnitHistory {
  unit: string;
  cycles: Cycle[];
  /** 1-based line of the unit's first row when parsed from text. */
  firstLine?: number;
}

export type IssueCode =
  | 'EMPTY_HISTORY'
  | 'INVALID_TYPE'
  | 'WRONG_LENGTH'
  | 'NON_FINITE'
  | 'NOT_INCREASING'
  | 'MALFORMED_LINE'
  | 'TOO_MANY_ISSUES';

/** Where and why an input is wrong; `path` is JSON-like (`cycles[3].sensors[5]`), line/column 1-based. */
export interface Issue {
  code: IssueCode;
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };
