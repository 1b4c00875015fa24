import { Kind } from 'graphql';
import type { ASTNode, DocumentNode } from 'graphql';

// The field selections of a document: each Field node once (every alias and __typename counts;
// a fragment's fields count once, where it is defined, as validation visits them). Three
// things ask: the document-work charge before validation (document-work.ts), the field-count
// rule during it, and the compiler's limit on every execution (jit.ts). Mercurius parses a
// query text once and hands the same DocumentNode to all three on every later request, so the
// count is taken once per document and kept with it.
const counts = new WeakMap<DocumentNode, number>();

export function fieldSelections(document: DocumentNode): number {
  let fields = counts.get(document);
  if (fields === undefined) {
    fields = countFields(document);
    counts.set(document, fields);
  }
  return fields;
}

// Over an explicit stack rather than recursion.
function countFields(document: DocumentNode): number {
  let fields = 0;
  const stack: ASTNode[] = [...document.definitions];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.kind === Kind.FIELD) {
      fields += 1;
    }
    const set = 'selectionSet' in node ? node.selectionSet : undefined;
    if (set) {
      stack.push(...set.selections);
    }
  }
  return fields;
}
