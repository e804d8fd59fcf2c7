// What core's schemas say about one field, found by its API path ("timeouts.connectMs"): its
// description, its default and, for a choice, its options. Core is the one source: the console
// shows what the runtime applies, in the words the docs use.

/** The parts of a zod 4 schema this reads; duck-typed so a second copy of zod still works. */
type SchemaNode = {
  def: { type: string; innerType?: SchemaNode; in?: SchemaNode };
  description?: string | undefined;
  shape?: Record<string, SchemaNode>;
  options?: readonly unknown[];
  safeParse: (value: unknown) => { success: boolean; data?: unknown };
};

export type FieldDoc = {
  description: string | undefined;
  /** What the schema fills in when the field is left out; undefined when it has no default. */
  defaultValue: unknown;
  /** The allowed values of an enum field. */
  options: readonly string[] | undefined;
};

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly']);

/** The schema inside defaults, optionals, nullables and pipes (a transform's input). */
function unwrap(node: SchemaNode): SchemaNode {
  let inner = node;
  for (;;) {
    if (WRAPPERS.has(inner.def.type) && inner.def.innerType) inner = inner.def.innerType;
    else if (inner.def.type === 'pipe' && inner.def.in) inner = inner.def.in;
    else return inner;
  }
}

/** The first description met from the outside in: a default's, else its inner schema's. */
function describedAt(node: SchemaNode): string | undefined {
  let inner: SchemaNode | undefined = node;
  while (inner) {
    if (inner.description) return inner.description;
    inner = WRAPPERS.has(inner.def.type) ? inner.def.innerType : undefined;
  }
  return undefined;
}

/** The field schema at `path`, or undefined when the schema has no such field. */
export function fieldSchema(root: unknown, path: string): SchemaNode | undefined {
  let node = root as SchemaNode;
  for (const key of path.split('.')) {
    const shape = unwrap(node).shape;
    const next = shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!next) return undefined;
    node = next;
  }
  return node;
}

export function fieldDoc(root: unknown, path: string): FieldDoc {
  const node = fieldSchema(root, path);
  if (!node) throw new Error(`core's schema has no field "${path}"`);
  const parsed = node.safeParse(undefined);
  const inner = unwrap(node);
  return {
    description: describedAt(node),
    defaultValue: parsed.success ? parsed.data : undefined,
    options: inner.def.type === 'enum' ? (inner.options as readonly string[]) : undefined,
  };
}
