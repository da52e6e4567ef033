/** One record for a message broker: where it goes, how it is partitioned, and what it carries. */
export interface OutboundRecord {
  topic: string;
  /** Records with the same key keep their order (same partition). */
  key: string;
  value: Buffer | string;
  headers: Record<string, string>;
}

/**
 * Where published events go. Kept this small so the Kafka client behind it can be swapped
 * (kafkajs is in maintenance mode) without touching the publisher.
 */
export interface EventSink {
  /**
   * Resolves only once the broker acknowledged every record with acks=-1 (all in-sync replicas);
   * rejects otherwise, in which case any subset of the records may have been written. Records with
   * the same key are written in the order given. Callers await one send before starting the next.
   */
  send(records: readonly OutboundRecord[]): Promise<void>;
  /**
   * A cheap readiness check (/health/ready): resolves when the connection to the broker is up, or
   * could be made within `timeoutMs`; rejects with the reason otherwise.
   */
  checkConnection(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}
