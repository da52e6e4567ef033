/**
 * Stream ids are `<type>-<identity>`. A type is lower case without `-`, so the first `-` always ends
 * it; each type has a fixed number of identity parts. One part is kept as it is (so the `tenant-<name>`
 * ids already in the log stay valid); two or more are each percent-encoded and joined with `/`, so
 * ("a-b", "c") and ("a", "b-c") can never meet: `x-a-b/c` and `x-a/b-c`.
 */
export interface StreamType<Parts extends readonly string[] = readonly string[]> {
  readonly name: string;
  /** The names of the identity parts, in order, e.g. ['tenant_name', 'user_name']. */
  readonly parts: Parts;
  id(...values: { [Index in keyof Parts]: string }): string;
  /** The identity parts of a stream id of this type, in order (the inverse of `id`); undefined for any other id. */
  identityOf(streamId: string): string[] | undefined;
}

const STREAM_TYPE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Every stream type the code defines, by name: what lets a reader of the whole log (the audit log)
 * take any stream id apart, including those of resources added later, without a list to keep.
 */
const definedStreamTypes = new Map<string, StreamType>();

export function defineStreamType<const Parts extends readonly [string, ...string[]]>(name: string, parts: Parts): StreamType<Parts> {
  if (!STREAM_TYPE_NAME.test(name)) throw new Error(`stream type ${JSON.stringify(name)} must match ${STREAM_TYPE_NAME}`);
  if (definedStreamTypes.has(name)) throw new Error(`stream type ${name} is defined twice`);
  const streamType: StreamType<Parts> = {
    name,
    parts,
    id(...values) {
      if (values.length !== parts.length) throw new Error(`a ${name} stream id has ${parts.length} part(s), got ${values.length}`);
      const identity = values.length === 1 ? values[0]! : values.map((value) => encodeURIComponent(value)).join('/');
      return `${name}-${identity}`;
    },
    identityOf(streamId) {
      if (!isStreamOfType(streamId, name)) return undefined;
      const identity = streamId.slice(name.length + 1);
      if (parts.length === 1) return [identity];
      const encoded = identity.split('/');
      if (encoded.length !== parts.length) return undefined;
      try {
        return encoded.map((value) => decodeURIComponent(value));
      } catch {
        return undefined; // not percent-encoding that `id` wrote
      }
    },
  };
  definedStreamTypes.set(name, streamType);
  return streamType;
}

/** The stream type of this name, if the code defines one (an own entry: `constructor` is no stream type). */
export function streamTypeNamed(name: string): StreamType | undefined {
  return definedStreamTypes.get(name);
}

/** The names of every stream type defined so far, sorted. */
export function streamTypeNames(): string[] {
  return [...definedStreamTypes.keys()].sort();
}

/** Whether a stream id was built for this stream type; the event store checks it on every append. */
export function isStreamOfType(streamId: string, streamType: string): boolean {
  return STREAM_TYPE_NAME.test(streamType) && streamId.length > streamType.length + 1 && streamId.startsWith(`${streamType}-`);
}
