import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

// Event data as stored: its shape depends on the event type, so it travels as plain JSON.
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (value: unknown) => value,
  parseValue: (value: unknown) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
