/**
 * PostgreSQL refuses text containing NUL (U+0000) while SQLite stores it; this plugin refuses it in every
 * query parameter on both, before the query runs, so that the two behave the same (and a NUL in an id from
 * a URL is an input error, not a database error). JSON columns are unaffected: JSON escapes NUL.
 */
import type { KyselyPlugin, PrimitiveValueListNode, ValueNode } from 'kysely';
import { OperationNodeTransformer } from 'kysely';
import { StoreInputError } from './errors.js';

const hasNul = (value: unknown): boolean => typeof value === 'string' && value.includes('\u0000');

function refuse(): never {
  throw new StoreInputError('text must not contain the NUL character (U+0000)');
}

class NulGuard extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    if (hasNul(node.value)) refuse();
    return super.transformValue(node);
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    if (node.values.some(hasNul)) refuse();
    return super.transformPrimitiveValueList(node);
  }
}

export function refuseNulInText(): KyselyPlugin {
  const guard = new NulGuard();
  return {
    transformQuery: (args) => guard.transformNode(args.node, args.queryId),
    transformResult: async (args) => args.result,
  };
}
