/** PostgreSQL server settings as `-c name=value` arguments, and the memory they may take at once. */

/** PostgreSQL, Compose and Kubernetes sizes (8MB, 1GB, 512M, 3G, 2Gi) in MiB. */
export function mib(size: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(size.trim());
  if (!m) throw new Error(`not a size: ${size}`);
  const unit = (m[2] ?? '').toLowerCase();
  const factor = { '': 1 / (1024 * 1024), k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 }[unit] ?? NaN;
  return Number(m[1]) * factor;
}

/** The `-c name=value` settings of a postgres command line (a later one wins, as for postgres). */
export function serverSettings(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  args.forEach((arg, i) => {
    if (arg !== '-c') return;
    const [name = '', ...value] = (args[i + 1] ?? '').split('=');
    out.set(name, value.join('='));
  });
  return out;
}

/** Room for backends, catalog caches and a page-cache floor beyond what the settings name. */
export const HEADROOM_MIB = 256;

/** shared_buffers + maintenance_work_mem + max_connections x work_mem + headroom (defaults if unset). */
export function memoryNeededMib(s: ReadonlyMap<string, string>): number {
  return (
    mib(s.get('shared_buffers') ?? '128MB') +
    mib(s.get('maintenance_work_mem') ?? '64MB') +
    Number(s.get('max_connections') ?? 100) * mib(s.get('work_mem') ?? '4MB') +
    HEADROOM_MIB
  );
}

/** Settings that trade acknowledged writes for speed: never set by this project. */
export const DURABILITY_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes'];
