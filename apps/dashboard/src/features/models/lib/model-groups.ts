// The registry's versions grouped by model name: the registry keeps one active version per name, and
// activation, roll back and comparison all act within one name.

export interface VersionLike {
  version: string;
  name: string;
  active: boolean;
}

export interface ModelGroup<T extends VersionLike> {
  name: string;
  /** Newest first, as the registry lists them. */
  versions: T[];
  active: T | null;
}

/** Groups in the order the API serves the names (its preference order), then the rest by name. */
export function groupByName<T extends VersionLike>(
  versions: readonly T[],
  servedOrder: readonly string[] = [],
): ModelGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const v of versions) groups.set(v.name, [...(groups.get(v.name) ?? []), v]);
  const rank = (name: string) => {
    const i = servedOrder.indexOf(name);
    return i === -1 ? servedOrder.length : i;
  };
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, list]) => ({ name, versions: list, active: list.find((v) => v.active) ?? null }));
}

export interface ComparedPair<T> {
  candidate: T;
  /** What it is compared with: the chosen version, else the name's active one, else the newest other. */
  base: T | null;
}

/** The pair to compare for the `version` (and optional `with`) in the URL, within one name's versions. */
export function comparedPair<T extends VersionLike>(
  group: ModelGroup<T>,
  version: string | null,
  withVersion: string | null,
): ComparedPair<T> | null {
  const candidate = group.versions.find((v) => v.version === version);
  if (!candidate) return null;
  const others = group.versions.filter((v) => v !== candidate);
  const base =
    others.find((v) => v.version === withVersion) ??
    (group.active && group.active !== candidate ? group.active : null) ??
    others[0] ??
    null;
  return { candidate, base };
}
