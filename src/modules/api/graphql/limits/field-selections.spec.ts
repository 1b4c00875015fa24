import { Kind, buildSchema, parse, specifiedRules, validate, visit } from 'graphql';
import fc from 'fast-check';
import { fieldSelections } from './field-selections';
import { fieldCountRule } from './query-complexity.rule';

// The document-work charge, the field-count rule and the compiler's limit all take their count
// from fieldSelections. It must count what graphql-js's own visitor visits (every Field node,
// fragments where they are defined), and the rule must refuse exactly the documents above its
// limit.
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
  it('counts the Field nodes graphql-js visits, fragments included, and the rule refuses exactly above its limit', () => {
    fc.assert(
      fc.property(field.sel, fc.integer({ min: -3, max: 3 }), (sel, delta) => {
        const text = `query { ${sel} } fragment F on Item { name children { name } }`;
        let visited = 0;
        visit(parse(text), { [Kind.FIELD]: () => void (visited += 1) });
        const document = parse(text);
        expect(fieldSelections(document)).toBe(visited);
        const max = Math.max(0, visited + delta);
        const refused = validate(schema, document, [...specifiedRules, fieldCountRule(max)]).some((e) => e.extensions['code'] === 'QUERY_TOO_COMPLEX');
        expect(refused).toBe(visited > max);
      }),
      { numRuns: 300 },
    );
  });
});
