// What HTTP clients of `mcp serve --http` may hold open. Each POST may answer as an SSE stream
// that lasts as long as its tool call; without bounds, held requests exhaust file descriptors.

/** Requests (and their response streams) open at once from one client address. */
export const MAX_OPEN_PER_CLIENT = 16;
/** Requests open at once from all clients. */
export const MAX_OPEN = 64;
/** TCP connections at once, idle keep-alive ones included; further ones are dropped on arrival. */
export const MAX_CONNECTIONS = 128;
/** Default for --idle-timeout: a connection with no traffic either way for this long is closed. */
export const DEFAULT_IDLE_SECONDS = 120;

export type Admission = { release(): void } | { status: 429 | 503; reason: string };

export class OpenRequests {
  private readonly perClient = new Map<string, number>();
  private total = 0;

  admit(client: string): Admission {
    const own = this.perClient.get(client) ?? 0;
    if (own >= MAX_OPEN_PER_CLIENT) return { status: 429, reason: `too many open requests from ${client} (at most ${MAX_OPEN_PER_CLIENT})` };
    if (this.total >= MAX_OPEN) return { status: 503, reason: `too many open requests (at most ${MAX_OPEN})` };
    this.perClient.set(client, own + 1);
    this.total += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.perClient.get(client) ?? 1) - 1;
        if (left > 0) this.perClient.set(client, left);
        else this.perClient.delete(client);
      },
    };
  }
}
