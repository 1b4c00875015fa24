import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import fc from 'fast-check';
import { fieldSelections } from './document-work';
import { fieldCountRule, selectionsOf } from './query-complexity.rule';

// The charge counts a document's fields before validation; the field-count rule counts them
// while validating. The two must agree on every document, or the charge and the limit would
// disagree about what a document costs.
const schema = buildSchema(`
  type Item { name: String, children: [Item], other: Other }
  type Other { id: Int, item: Item }
  union Thing = Item | Other
  type Query { item(n: Int): Item, things: [Thing], other: Other }
`);

const field = fc.letrec<{ sel: string; item: string; other: string }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant('name'),
    fc.constant('__typename'),
    fc.tuple(fc.constantFrom('children', 'a: children'), fc.array(tie('item'), { minLength: 1, maxLength: 4 })).map(([f, s]) => `${f} { ${s.join(' ')} }`),
    fc.array(tie('other'), { minLength: 1, maxLength: 3 }).map((s) => `other { ${s.join(' ')} }`),
    fc.array(tie('item'), { minLength: 1, maxLength: 3 }).map((s) => `... on Item { ${s.join(' ')} }`),
    fc.constant('...F'),
  ),
  other: fc.oneof(fc.constant('id'), fc.array(tie('item'), { minLength: 1, maxLength: 3 }).map((s) => `item { ${s.join(' ')} }`)),
  sel: fc.array(tie('item'), { minLength: 1, maxLength: 4 }).map((s) => `item(n: 1) { ${s.join(' ')} } things { ... on Other { id } }`),
}));

describe('fieldSelections', () => {
  it('counts what the field-count rule counts, fragments included', () => {
    fc.assert(
      fc.property(field.sel, (sel) => {
        const document = parse(`query { ${sel} } fragment F on Item { name children { name } }`);
        validate(schema, document, [...specifiedRules, fieldCountRule(1_000_000)]);
        expect(fieldSelections(document)).toBe(selectionsOf(document));
      }),
      { numRuns: 300 },
    );
  });
});
