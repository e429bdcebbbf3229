// Which columns of a list fit a terminal: a rule that knows no surface, so that synced ones
// (users, roles, applications, logs, …) read as well as the bundled ones.

/** Fields people identify a row by, in the order they are shown. */
const IDENTIFYING = ['id', 'name', 'username', 'primaryEmail', 'primaryPhone', 'email', 'phone', 'key', 'indicator', 'domain', 'type', 'status'];
/** A scalar column at most this wide counts as short. */
const SHORT = 24;
const GAP = 2;

export interface ColumnInfo {
  key: string;
  /** Width of the widest cell or the header, as it would be shown. */
  width: number;
  /** Every value is a string, number, boolean or null. */
  scalar: boolean;
  /** No row has a value worth showing (null, '', [], {}). */
  empty: boolean;
}

/** 0: identifying (a fixed list, then other …Name fields); 1: short scalars; 2: the rest; 3: empty. */
function rank(column: ColumnInfo): number {
  if (column.empty) return 3;
  if (IDENTIFYING.includes(column.key) || /Name$/.test(column.key)) return 0;
  return column.scalar && column.width <= SHORT ? 1 : 2;
}

function order(a: ColumnInfo, b: ColumnInfo, columns: ColumnInfo[]): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  const identifying = (column: ColumnInfo) => (IDENTIFYING.includes(column.key) ? IDENTIFYING.indexOf(column.key) : IDENTIFYING.length);
  return identifying(a) - identifying(b) || columns.indexOf(a) - columns.indexOf(b);
}

/**
 * The columns to show, best first, as many as fit `width` (at least one, however narrow the
 * terminal), and the ones left out, in the response's order.
 */
export function fitColumns(columns: ColumnInfo[], width: number): { shown: ColumnInfo[]; hidden: string[] } {
  const shown: ColumnInfo[] = [];
  let used = 0;
  for (const column of [...columns].sort((a, b) => order(a, b, columns))) {
    const needed = (shown.length > 0 ? GAP : 0) + column.width;
    if (column.empty || (shown.length > 0 && used + needed > width)) continue;
    shown.push(column);
    used += needed;
  }
  if (shown.length === 0 && columns.length > 0) shown.push([...columns].sort((a, b) => order(a, b, columns))[0]);
  return { shown, hidden: columns.filter((column) => !shown.includes(column)).map((column) => column.key) };
}
