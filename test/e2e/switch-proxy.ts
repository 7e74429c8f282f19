// A TCP proxy on 127.0.0.1 that a test can switch off and on, to cut the network between the
// kiosk and the app. Off: every open connection is reset and new ones are reset at once, so the
// kiosk's fetch fails fast (as with a pulled cable on a LAN where the router answers RST) instead
// of waiting for its timeout.
import net from "node:net";

export class SwitchProxy {
  private server: net.Server | null = null;
  private readonly open = new Set<net.Socket>();
  private connected = true;
  /** Connections refused while off: the test checks the kiosk really tried and was cut off. */
  refused = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = "127.0.0.1",
  ) {}

  async start(): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return (server.address() as net.AddressInfo).port;
  }

  get isOn(): boolean {
    return this.connected;
  }

  /** Off resets every connection in flight; on lets new connections through again. */
  set(on: boolean): void {
    this.connected = on;
    if (!on) for (const socket of this.open) socket.resetAndDestroy();
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (!this.connected) {
      this.refused++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.open.add(socket);
      socket.on("error", () => other.destroy());
      socket.on("close", () => {
        this.open.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
