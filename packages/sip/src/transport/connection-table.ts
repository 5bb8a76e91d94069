/**
 * The open connections of a connection-oriented transport (TCP, TLS, WebSocket), found by a flow's connection id or
 * by the remote address and port: responses and requests in both directions reuse them (RFC 3261 §18.2.2).
 */
export class ConnectionTable<C extends { id: string }> {
  private readonly byId = new Map<string, C>();
  private readonly byRemote = new Map<string, C>();

  get size(): number {
    return this.byId.size;
  }

  /** Adds an open connection; call the returned function when it closes. */
  add(conn: C, remoteAddress: string, remotePort: number): () => void {
    const remoteKey = `${remoteAddress}:${remotePort}`;
    this.byId.set(conn.id, conn);
    this.byRemote.set(remoteKey, conn);
    return () => {
      this.byId.delete(conn.id);
      if (this.byRemote.get(remoteKey) === conn) this.byRemote.delete(remoteKey);
    };
  }

  has(connectionId: string): boolean {
    return this.byId.has(connectionId);
  }

  get(connectionId: string): C | undefined {
    return this.byId.get(connectionId);
  }

  /** The connection a flow named, else one to `host` (an IP literal, without brackets) and `port`. */
  find(connectionId: string | undefined, host: string, port: number): C | undefined {
    return (connectionId ? this.byId.get(connectionId) : undefined) ?? this.byRemote.get(`${host}:${port}`);
  }

  /** Empties the table and returns what it held (the caller closes them). */
  drain(): C[] {
    const all = [...this.byId.values()];
    this.byId.clear();
    this.byRemote.clear();
    return all;
  }
}
