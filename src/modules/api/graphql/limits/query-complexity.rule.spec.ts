import { GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, validate } from 'graphql';
import { eventPage, listOf, work } from './complexity';
import { queryComplexityRule } from './query-complexity.rule';

const Item = new GraphQLObjectType({
  name: 'Item',
  fields: { a: { type: GraphQLString }, b: { type: GraphQLString }, tags: { type: new GraphQLList(GraphQLString) } },
});
const Query = new GraphQLObjectType({
  name: 'Query',
  fields: {
    items: { type: new GraphQLList(Item), extensions: { complexity: listOf(100) } },
    page: { type: new GraphQLList(Item), args: { limit: { type: new GraphQLNonNull(GraphQLInt), defaultValue: 10 } }, extensions: { complexity: eventPage } },
    one: { type: Item, extensions: { complexity: work(7) } },
    plain: { type: new GraphQLList(Item) },
  },
});
const schema = new GraphQLSchema({ query: Query });

// The estimate, read from the refusal a zero limit always produces.
function cost(query: string): number {
  const errors = validate(schema, parse(query), [queryComplexityRule(0)]);
  return errors[0]?.extensions.complexity as number;
}

describe('queryComplexityRule', () => {
  it('costs a field 1 plus its selection, and a list its selection times its expected length', () => {
    expect(cost('{ one { a b } }')).toBe(7 + 2);
    expect(cost('{ items { a b } }')).toBe(1 + 100 * 2);
    expect(cost('{ plain { a } }')).toBe(1 + 10 * 1);
    expect(cost('{ x: items { a } y: items { a } }')).toBe(2 * (1 + 100));
  });

  it('costs a page by its literal limit or its default, and by the largest page when the limit is a variable', () => {
    expect(cost('{ page(limit: 3) { a } }')).toBe(1 + 3);
    expect(cost('{ page { a } }')).toBe(1 + 10);
    expect(cost('query ($n: Int!) { page(limit: $n) { a } }')).toBe(1 + 1000);
  });

  it('counts fragments and inline fragments like the selections they stand for', () => {
    expect(cost('{ items { ...F } } fragment F on Item { a b }')).toBe(cost('{ items { a b } }'));
    expect(cost('{ items { ... on Item { a b } } }')).toBe(cost('{ items { a b } }'));
  });

  it('costs each fragment once, so doubling spreads cannot make the estimate itself slow', () => {
    const depth = 40;
    const fragments = Array.from({ length: depth }, (_, i) => `fragment F${i} on Item { ${i + 1 < depth ? `...F${i + 1} ...F${i + 1}` : 'a'} }`);
    const started = Date.now();
    expect(cost(`{ one { ...F0 } } ${fragments.join(' ')}`)).toBe(7 + 2 ** (depth - 1));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('costs introspection too', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(1 + (1 + 10 * (1 + (1 + 10 * 1))));
  });

  it('refuses an operation over the limit with the estimate and the limit, and accepts one within it', () => {
    const errors = validate(schema, parse('{ items { a b } }'), [queryComplexityRule(200)]);
    expect(errors.map((e) => e.extensions)).toEqual([{ code: 'QUERY_TOO_COMPLEX', complexity: 201, limit: 200 }]);
    expect(validate(schema, parse('{ items { a b } }'), [queryComplexityRule(201)])).toEqual([]);
  });
});
