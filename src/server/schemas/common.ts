import Type from 'typebox';

export const Text = Type.Object(
  { en: Type.String(), fr: Type.String() },
  { description: 'A text in English and French' },
);
/** Record ids are UUIDs; anything else is refused before it reaches the database. */
export const IdParam = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  description: 'A record id (UUID)',
});
export const Lang = Type.Enum(['en', 'fr'], { description: 'Language of client-facing texts' });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC timestamp' });
export const PageQuery = {
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'At most 999; default 50' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
};

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable code' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ path: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
      ),
    ),
  },
  { description: 'RFC 9457 problem details' },
);

export function page(query: { limit?: string; offset?: string }): { limit: number; offset: number } {
  return {
    limit: query.limit === undefined ? 50 : Number(query.limit),
    offset: query.offset === undefined ? 0 : Number(query.offset),
  };
}
