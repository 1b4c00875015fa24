import { isObjectType } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';

// Nest's code-first schema gives every field of an object type a resolver of its own,
// `rootFieldResolver` (@nestjs/graphql, object-type-definition.factory), that reads the
// property of the field's name and falls back to the @Field's defaultValue. graphql-jit compiles
// a field that has a resolver as a call (a try/catch, a promise check and two closures per field
// per object), and a field without one as a property read. For the GraphQL compatibility query
// the calls were more than half of its execution, and a page of layouts with their fields
// makes tens of thousands of them (issue 18).
//
// So a field whose resolver is Nest's property read with no default value loses it; graphql-js
// and graphql-jit then read the same property themselves. Whether there is a default is asked
// of the resolver itself: on an object without the property it answers the default. Every other
// resolver (@ResolveField, the root fields, a read with a default) stays. The one difference
// left is a property holding a function, which the default resolution calls and Nest's read
// returns; the registry's views are plain data. Runs as Nest's `transformSchema`, on the schema
// it has just built, before anything executes.
const NEST_PROPERTY_READ = 'rootFieldResolver';

export function dropPropertyReadResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) {
      continue;
    }
    for (const field of Object.values(type.getFields())) {
      if (isPlainPropertyRead(field.resolve)) {
        field.resolve = undefined;
      }
    }
  }
  return schema;
}

function isPlainPropertyRead(resolve: GraphQLFieldResolver<unknown, unknown> | undefined): boolean {
  if (resolve?.name !== NEST_PROPERTY_READ || resolve.length > 1) {
    return false;
  }
  return (resolve as (root: object) => unknown)(Object.create(null) as object) === undefined;
}
