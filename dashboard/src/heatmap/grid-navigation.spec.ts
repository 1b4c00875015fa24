import { nextPosition } from './grid-navigation';

describe('nextPosition', () => {
  const at = { row: 2, col: 3 };

  it.each([
    ['ArrowRight', false, { row: 2, col: 4 }],
    ['ArrowLeft', false, { row: 2, col: 2 }],
    ['ArrowDown', false, { row: 3, col: 3 }],
    ['ArrowUp', false, { row: 1, col: 3 }],
    ['Home', false, { row: 2, col: 0 }],
    ['End', false, { row: 2, col: 9 }],
    ['Home', true, { row: 0, col: 0 }],
    ['End', true, { row: 9, col: 9 }],
    ['PageDown', false, { row: 7, col: 3 }],
    ['PageUp', false, { row: 0, col: 3 }],
  ])('moves %s (ctrl %s) to %j in a 10×10 grid', (key, ctrl, expected) => {
    expect(nextPosition(key, ctrl, at, 10, 10)).toEqual(expected);
  });

  it('stops at the edges instead of wrapping', () => {
    expect(nextPosition('ArrowLeft', false, { row: 0, col: 0 }, 10, 10)).toEqual({ row: 0, col: 0 });
    expect(nextPosition('ArrowDown', false, { row: 9, col: 9 }, 10, 10)).toEqual({ row: 9, col: 9 });
  });

  it('leaves other keys, Enter included, to the button', () => {
    expect(nextPosition('Enter', false, at, 10, 10)).toBeUndefined();
    expect(nextPosition('a', false, at, 10, 10)).toBeUndefined();
  });
});
