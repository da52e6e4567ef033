import { createHash } from 'node:crypto';

/** Names up to this many bytes of UTF-8 are their own key; 256 is RobustMQ's own limit on a topic name. */
const WHOLE_NAME_MAX_BYTES = 256;
/** A longer name keeps a prefix of at most this many bytes, so keys of long names still sort near their names. */
const PREFIX_MAX_BYTES = 192;

/**
 * The key of a topic name in stream ids and read-model indexes. A name may be 65,535 bytes, but a
 * Postgres btree entry holds at most about 2,700, so a long name is keyed by its first bytes, `#` and
 * the SHA-256 of the whole name. A topic name never contains `#`, so no name is another's key.
 */
export function topicKey(topicName: string): string {
  if (Buffer.byteLength(topicName, 'utf8') <= WHOLE_NAME_MAX_BYTES) return topicName;
  let prefix = '';
  let bytes = 0;
  for (const character of topicName) {
    bytes += Buffer.byteLength(character, 'utf8');
    if (bytes > PREFIX_MAX_BYTES) break;
    prefix += character;
  }
  return `${prefix}#${createHash('sha256').update(topicName, 'utf8').digest('hex')}`;
}
