// Arrow-key movement for the matrix (the ARIA grid pattern): one cell is in the tab order,
// arrows move it, Home/End go to the row's ends, Ctrl+Home/End to the corners.
export interface GridPosition {
  row: number;
  col: number;
}

export function nextPosition(key: string, ctrl: boolean, at: GridPosition, rows: number, cols: number): GridPosition | undefined {
  const clamp = (value: number, size: number): number => Math.max(0, Math.min(size - 1, value));
  switch (key) {
    case 'ArrowRight':
      return { row: at.row, col: clamp(at.col + 1, cols) };
    case 'ArrowLeft':
      return { row: at.row, col: clamp(at.col - 1, cols) };
    case 'ArrowDown':
      return { row: clamp(at.row + 1, rows), col: at.col };
    case 'ArrowUp':
      return { row: clamp(at.row - 1, rows), col: at.col };
    case 'PageDown':
      return { row: clamp(at.row + 5, rows), col: at.col };
    case 'PageUp':
      return { row: clamp(at.row - 5, rows), col: at.col };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: at.row, col: 0 };
    case 'End':
      return ctrl ? { row: rows - 1, col: cols - 1 } : { row: at.row, col: cols - 1 };
    default:
      return undefined;
  }
}
