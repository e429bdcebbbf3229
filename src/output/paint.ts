// ANSI colour for the one-line forms on a terminal (audit log entries, webhook deliveries, tenant
// plans). A few codes, no library; the IO object decides whether colour is on.
const ANSI = { green: 32, yellow: 33, red: 31, dim: 2, bold: 1 } as const;

export type Paint = (colour: keyof typeof ANSI, text: string) => string;

export const painter = (on: boolean): Paint => (colour, text) => (on ? `\x1b[${ANSI[colour]}m${text}\x1b[${colour === 'dim' || colour === 'bold' ? 22 : 39}m` : text);
