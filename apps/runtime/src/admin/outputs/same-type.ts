/**
 * `true` when A and B are one type, field for field: optional, readonly and every member of a
 * union count, so neither side can gain, lose or widen a field unnoticed.
 */
export type SameType<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/**
 * Fails the build unless A and B are one type; does nothing at run time. Output schemas use it
 * to stay in step with the types the runtime builds its answers from.
 */
export function assertSameType<A, B>(..._proof: SameType<A, B> extends true ? [] : [error: 'the schema and the type differ']): void {}
