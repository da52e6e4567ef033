/**
 * Event schemas evolve by version. An upcaster turns the data of one (type, version) into the next
 * version, so readers only ever see the current shape and stored events are never rewritten.
 * Upcasters live beside the events they upgrade; `libs/domain/upcasters.ts` collects them all.
 */
export interface Upcaster {
  eventType: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterRegistry {
  private readonly byTypeAndVersion = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      this.byTypeAndVersion.set(key(upcaster.eventType, upcaster.fromVersion), upcaster);
    }
  }

  /** Current schema version of an event type: one past the newest upcaster, 1 without any. */
  currentVersion(eventType: string): number {
    let version = 1;
    while (this.byTypeAndVersion.has(key(eventType, version))) version++;
    return version;
  }

  upcast(eventType: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.byTypeAndVersion.get(key(eventType, version)); step; step = this.byTypeAndVersion.get(key(eventType, version))) {
      current = step.upcast(current);
      version++;
    }
    return { schemaVersion: version, data: current };
  }
}

function key(eventType: string, version: number): string {
  return `${eventType}@${version}`;
}
