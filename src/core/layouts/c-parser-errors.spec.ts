import { CoreError } from '../errors';
import { parseLayoutC } from './c-parser';

// Each kind of mistake in C text is a PARSE_ERROR pointing at the offending token (1-based
// line and column; a tab is one column), so the API can answer 400 with line and column.

function errorOf(text: string, opts = { revision: 0x11e57ed0 }): CoreError {
  try {
    parseLayoutC(text, opts);
  } catch (e) {
    if (e instanceof CoreError) {
      return e;
    }
    throw e;
  }
  throw new Error('expected the text to be refused');
}

const at = (line: number, column: number) => ({ code: 'PARSE_ERROR', details: expect.objectContaining({ line, column }) });

describe('parseLayoutC refuses', () => {
  it('an unknown type, at the type', () => {
    const e = errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tunsigned long exit_qualification;\n};');
    expect(e).toMatchObject(at(3, 2));
    expect(e.message).toContain('unknown type "unsigned"');
  });

  it('anonymous unions nested 5,000 deep, at the first one past the bound, without a stack overflow', () => {
    const text = `struct __packed vmcs12 {\n\tu32 revision_id;\n${'union {\n'.repeat(5000)}u32 x;\n${'};\n'.repeat(5000)}};`;
    const e = errorOf(text);
    expect(e).toMatchObject(at(3 + 15, 1));
    expect(e.message).toContain('nested more than 16 levels');
  });

  it('a member name longer than 128 characters, at the name', () => {
    const e = errorOf(`struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 ${'a'.repeat(129)};\n};`);
    expect(e).toMatchObject(at(3, 6));
  });

  it('a merge conflict left in the struct, at the marker, saying so (not "unknown type <")', () => {
    const text = 'struct __packed vmcs12 {\n\tu32 revision_id;\n<<<<<<< HEAD\n\tu64 a;\n=======\n\tu64 b;\n>>>>>>> feature\n};';
    const e = errorOf(text);
    expect(e).toMatchObject(at(3, 1));
    expect(e.message).toContain('unresolved merge conflict: a "<<<<<<<" marker');
  });

  it('a Git LFS pointer instead of the header, saying so (not "no struct found")', () => {
    const text = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    const e = errorOf(text);
    expect(e).toMatchObject(at(1, 1));
    expect(e.message).toContain('Git LFS pointer file (oid sha256:4d7a2146');
    expect(e.message).toContain('size 12345 bytes');
  });

  it('an unknown struct type, at its tag', () => {
    expect(errorOf('struct vmcs12 {\n\tu32 revision_id;\n\tstruct vmcs_foo foo;\n};')).toMatchObject(at(3, 9));
  });

  it('a missing ";", at the token found instead', () => {
    const e = errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 abort\n\tu32 launch_state;\n};');
    expect(e).toMatchObject(at(4, 2));
    expect(e.message).toContain('expected ";" after member "abort", found "u32"');
  });

  it('a missing ";" after the struct, at the token found instead', () => {
    expect(errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n}\nstatic int x;')).toMatchObject(at(4, 1));
  });

  it('an unterminated struct, at the end of the text, naming the unclosed brace', () => {
    const e = errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 abort;\n');
    expect(e).toMatchObject(at(4, 1));
    expect(e.details).toMatchObject({ openLine: 1, openColumn: 24 });
  });

  it('unbalanced braces in a nested union, at the end of the text, naming the struct brace', () => {
    const e = errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tunion {\n\t\tu64 a;\n\t\tu32 b;\n};');
    expect(e).toMatchObject(at(6, 3));
    expect(e.details).toMatchObject({ openLine: 1, openColumn: 24 });
  });

  it('a block comment that never ends inside the struct, at the end of the text', () => {
    expect(errorOf('struct __packed vmcs12 {\n\tu32 revision_id; /* oops\n};\n')).toMatchObject(at(4, 1));
  });

  it('a field defined twice, at the second definition', () => {
    const e = errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tunion {\n\t\tu64 a;\n\t\tstruct { u32 b; u32 a; };\n\t};\n};');
    expect(e).toMatchObject(at(5, 23));
    expect(e.message).toContain('field "a" is defined twice (first at line 4, column 7)');
  });

  it('an array of size 0, at the size', () => {
    const e = errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tu64 padding64[0];\n};');
    expect(e).toMatchObject(at(3, 16));
  });

  it('an array without a size, at the closing bracket', () => {
    expect(errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tu8 data[];\n};')).toMatchObject(at(3, 10));
  });

  it('fields past VMCS12_SIZE, at the first field that does not fit', () => {
    const text = '#define VMCS12_SIZE 0x1000\nstruct __packed vmcs12 {\n\tu32 revision_id;\n\tu64 padding64[511];\n\tu32 tail;\n\tu32 over;\n};';
    const e = errorOf(text);
    expect(e).toMatchObject(at(6, 6));
    expect(e.message).toContain('field "over" ends at byte 4100, past VMCS12_SIZE 4096');
  });

  it('a text without struct vmcs12, at its end', () => {
    expect(errorOf('struct vmcs02 {\n\tu32 x;\n};\nstruct vmcs12 *p;\n')).toMatchObject(at(5, 1));
    expect(errorOf('')).toMatchObject(at(1, 1));
  });

  it('attributes that would move fields in ways not modelled, at the attribute', () => {
    expect(errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tunion __attribute__((aligned(16))) { u64 a; };\n};')).toMatchObject(at(3, 23));
  });

  it('a named union member, at its name', () => {
    expect(errorOf('struct __packed vmcs12 {\n\tu32 revision_id;\n\tunion { u64 a; } u;\n};')).toMatchObject(at(3, 19));
  });

  it('a named bitfield outside a bitfield struct, at its name', () => {
    expect(errorOf('struct __packed vmcs12 {\n\tu32 revision_id:31;\n};')).toMatchObject(at(2, 6));
  });

  it('a VMCS12_REVISION that is not a number, at the macro name', () => {
    expect(errorOf('struct __packed vmcs12 { u32 revision_id; };\n#define  VMCS12_REVISION  some_id()\n', {} as { revision: number })).toMatchObject(at(2, 10));
  });
});

describe('parseLayoutC applies the layout rules', () => {
  it('refuses a struct without the header as INVALID_LAYOUT', () => {
    expect(errorOf('struct __packed vmcs12 {\n\tu32 abort;\n};')).toMatchObject({ code: 'INVALID_LAYOUT', details: { offset: 0 } });
  });

  it('refuses a revision of more than 31 bits as INVALID_LAYOUT', () => {
    expect(errorOf('struct __packed vmcs12 { u32 revision_id; };', { revision: 0x80000000 })).toMatchObject({ code: 'INVALID_LAYOUT' });
  });
});
