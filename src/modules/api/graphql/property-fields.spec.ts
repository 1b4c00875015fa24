import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, graphql, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { dropPropertyReadResolvers } from './property-fields';

// Nest's property read, as @nestjs/graphql writes it (object-type-definition.factory): the
// drop must recognise it by name and by having no default, and leave every other resolver.
function nestRead(name: string, defaultValue?: unknown) {
  const rootFieldResolver = (root: Record<string, unknown>) => {
    const value = root[name];
    return typeof value === 'undefined' ? defaultValue : value;
  };
  return rootFieldResolver;
}

function buildSchema(): GraphQLSchema {
  const Item = new GraphQLObjectType({
    name: 'Item',
    fields: {
      name: { type: GraphQLString, resolve: nestRead('name') },
      size: { type: GraphQLInt, resolve: nestRead('size', 7) },
      label: {
        type: GraphQLString,
        resolve: (root: { name: string }) => `<${root.name}>`,
      },
      offset: { type: GraphQLInt, resolve: nestRead('offset') },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { items: { type: new GraphQLList(Item), resolve: () => [{ name: 'a', offset: 4 }, { name: 'b', size: 2 }, { name: 'c', offset: 0, size: 0 }] } },
    }),
  });
}

describe('dropPropertyReadResolvers', () => {
  it("drops Nest's property reads without a default and keeps every other resolver", () => {
    const schema = dropPropertyReadResolvers(buildSchema());
    const item = schema.getType('Item') as GraphQLObjectType;
    const fields = item.getFields();
    expect(fields.name?.resolve).toBeUndefined();
    expect(fields.offset?.resolve).toBeUndefined();
    expect(fields.size?.resolve?.name).toBe('rootFieldResolver'); // it has a default: kept
    expect(fields.label?.resolve).toBeDefined();
    expect((schema.getQueryType() as GraphQLObjectType).getFields().items?.resolve).toBeDefined();
  });

  it('answers what the schema answered before, through graphql-js and through graphql-jit', async () => {
    const source = '{ items { name size label offset } }';
    const before = await graphql({ schema: buildSchema(), source });
    const schema = dropPropertyReadResolvers(buildSchema());
    const after = await graphql({ schema, source });
    expect(after).toEqual(before);
    expect(before.data?.items).toEqual([
      { name: 'a', size: 7, label: '<a>', offset: 4 },
      { name: 'b', size: 2, label: '<b>', offset: null },
      { name: 'c', size: 0, label: '<c>', offset: 0 },
    ]);
    const compiled = compileQuery(schema, parse(source));
    if (!isCompiledQuery(compiled)) {
      throw new Error('graphql-jit did not compile the query');
    }
    expect(await compiled.query(undefined, {}, {})).toEqual(before);
  });
});
