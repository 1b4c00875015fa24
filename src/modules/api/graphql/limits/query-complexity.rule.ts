import { GraphQLError, Kind, SchemaMetaFieldDef, TypeMetaFieldDef, getNamedType, getNullableType, isCompositeType, isInterfaceType, isListType, isObjectType, typeFromAST, valueFromAST } from 'graphql';
import type { FieldNode, GraphQLCompositeType, GraphQLField, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import type { ComplexityEstimator } from '@nestjs/graphql';
import { DEFAULT_LIST_LENGTH } from './complexity';
import { fieldSelections } from './field-selections';

// Refuses an operation whose estimated cost (complexity.ts) exceeds `max`, before it runs. A
// field's cost comes from its `complexity` extension (Nest's @Field/@Query option: a number,
// or an estimator of the field's literal arguments and its selection's cost); otherwise 1 plus
// its selection, times DEFAULT_LIST_LENGTH for a list. Arguments given as variables are
// unknown here (mercurius caches validation per document), so estimators assume the worst.
export function queryComplexityRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      const root = context.getSchema().getRootType(node.operation);
      if (!root) {
        return;
      }
      const cost = new CostWalker(context).selectionCost(root, node.selectionSet);
      if (cost > max) {
        context.reportError(
          new GraphQLError(`query complexity ${cost} exceeds the limit of ${max}: ask for fewer fields or fewer aliased copies`, {
            nodes: [node],
            extensions: { code: 'QUERY_TOO_COMPLEX', complexity: cost, limit: max },
          }),
        );
      }
    },
  });
}

class CostWalker {
  // A fragment's cost depends only on the fragment (its type condition fixes the type), so each
  // is costed once: nested spreads cannot make this walk exponential.
  private readonly fragments = new Map<string, number>();

  constructor(private readonly context: ValidationContext) {}

  selectionCost(type: GraphQLCompositeType, set: SelectionSetNode): number {
    let total = 0;
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          total += this.fieldCost(type, selection);
          break;
        case Kind.INLINE_FRAGMENT: {
          const on = selection.typeCondition ? typeFromAST(this.context.getSchema(), selection.typeCondition) : type;
          total += this.selectionCost(isCompositeType(on) ? on : type, selection.selectionSet);
          break;
        }
        case Kind.FRAGMENT_SPREAD:
          total += this.fragmentCost(selection.name.value);
          break;
      }
    }
    return total;
  }

  private fragmentCost(name: string): number {
    const known = this.fragments.get(name);
    if (known !== undefined) {
      return known;
    }
    this.fragments.set(name, 0); // a cycle (refused by the spec's rules anyway) costs nothing more
    const fragment = this.context.getFragment(name);
    const on = fragment ? typeFromAST(this.context.getSchema(), fragment.typeCondition) : undefined;
    const cost = fragment && isCompositeType(on) ? this.selectionCost(on, fragment.selectionSet) : 0;
    this.fragments.set(name, cost);
    return cost;
  }

  private fieldCost(parent: GraphQLCompositeType, node: FieldNode): number {
    const field = fieldDef(this.context, parent, node.name.value);
    if (!field) {
      return node.name.value === '__typename' ? 1 : 0; // else an unknown field the spec's rules report
    }
    const named = getNamedType(field.type);
    const childComplexity = node.selectionSet && isCompositeType(named) ? this.selectionCost(named, node.selectionSet) : 0;
    const estimate = field.extensions.complexity;
    if (typeof estimate === 'number') {
      return estimate + childComplexity;
    }
    if (typeof estimate === 'function') {
      const cost = (estimate as ComplexityEstimator)({ type: parent, field, args: literalArgs(field, node), childComplexity });
      if (typeof cost === 'number') {
        return cost;
      }
    }
    return isListType(getNullableType(field.type)) ? 1 + DEFAULT_LIST_LENGTH * Math.max(childComplexity, 1) : 1 + childComplexity;
  }
}

// Introspection's entry points are not fields of Query, but cost like any other field.
function fieldDef(context: ValidationContext, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (parent === context.getSchema().getQueryType()) {
    if (name === SchemaMetaFieldDef.name) {
      return SchemaMetaFieldDef;
    }
    if (name === TypeMetaFieldDef.name) {
      return TypeMetaFieldDef;
    }
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

// Arguments written in the document, with the schema's defaults; variables are left out.
function literalArgs(field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const def of field.args) {
    const given = node.arguments?.find((a) => a.name.value === def.name);
    if (!given) {
      if (def.defaultValue !== undefined) {
        args[def.name] = def.defaultValue;
      }
    } else if (given.value.kind !== Kind.VARIABLE) {
      args[def.name] = valueFromAST(given.value, def.type);
    }
  }
  return args;
}

// Refuses a document that selects more than `max` fields (each alias and __typename counts; a
// fragment's fields count once per definition, its spreads are costed by the complexity rule).
// The count is field-selections.ts's, usually already taken by the document-work charge.
export function fieldCountRule(max: number): ValidationRule {
  return (context) => ({
    // On leaving, as before the count moved here: the refusal keeps its place among the
    // other rules' errors.
    Document: {
      leave(node) {
        const fields = fieldSelections(node);
        if (fields > max) {
          context.reportError(
            new GraphQLError(`the document selects ${fields} fields; the limit is ${max}: ask for fewer fields or fewer aliased copies`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX', fields, limit: max },
            }),
          );
        }
      },
    },
  });
}
