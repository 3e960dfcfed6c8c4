/**
 * Reading a record by a key that came from outside: only own properties count, so a key such as
 * "constructor" never finds Object.prototype's members.
 */

/** `record[key]` when the record has its own property `key`, else undefined. */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
