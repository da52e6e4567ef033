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
}

const STREAM_TYPE_NAME = /^[a-z][a-z0-9_]*$/;

export function defineStreamType<const Parts extends readonly [string, ...string[]]>(name: string, parts: Parts): StreamType<Parts> {
  if (!STREAM_TYPE_NAME.test(name)) throw new Error(`stream type ${JSON.stringify(name)} must match ${STREAM_TYPE_NAME}`);
  return {
    name,
    parts,
    id(...values) {
      if (values.length !== parts.length) throw new Error(`a ${name} stream id has ${parts.length} part(s), got ${values.length}`);
      const identity = values.length === 1 ? values[0]! : values.map((value) => encodeURIComponent(value)).join('/');
      return `${name}-${identity}`;
    },
  };
}

/** Whether a stream id was built for this stream type; the event store checks it on every append. */
export function isStreamOfType(streamId: string, streamType: string): boolean {
  return STREAM_TYPE_NAME.test(streamType) && streamId.length > streamType.length + 1 && streamId.startsWith(`${streamType}-`);
}
