import net from 'node:net';

/** Kafka's request api key of Produce. */
const PRODUCE = 0;

export interface KafkaResponseDropper {
  /** The port clients connect to (advertise it as the broker's). */
  port: number;
  /** The next Produce request reaches the broker, but its answer never comes back: a response lost on the network. */
  dropNextProduceResponse(): void;
  /** How many answers were dropped so far. */
  readonly dropped: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of one Kafka broker that reads the length-prefixed frames both ways, so it can
 * swallow exactly one response (matched by its correlation id) and keep the connection otherwise intact.
 */
export async function startKafkaResponseDropper(brokerPort: number): Promise<KafkaResponseDropper> {
  const sockets = new Set<net.Socket>();
  let armed = false;
  let dropped = 0;
  const server = net.createServer((client) => {
    const broker = net.connect(brokerPort, '127.0.0.1');
    const correlationIdsToDrop = new Set<number>();
    for (const socket of [client, broker]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        broker.destroy();
      });
    }
    forwardFrames(client, (frame) => {
      const apiKey = frame.readInt16BE(4);
      if (armed && apiKey === PRODUCE) {
        armed = false;
        correlationIdsToDrop.add(frame.readInt32BE(8));
      }
      broker.write(frame);
    });
    forwardFrames(broker, (frame) => {
      const correlationId = frame.readInt32BE(4);
      if (correlationIdsToDrop.delete(correlationId)) dropped++;
      else client.write(frame);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    dropNextProduceResponse: () => void (armed = true),
    get dropped() {
      return dropped;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Calls `onFrame` with each whole frame (its 4-byte size prefix included) read from `socket`. */
function forwardFrames(socket: net.Socket, onFrame: (frame: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      onFrame(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  });
}

/** A port that was free a moment ago, for a server that has to be told its port before it starts. */
export async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
