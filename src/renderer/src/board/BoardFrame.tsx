/** The columns of the board, named as tests and screen readers find them. */
export const BOARD_COLUMNS = ['Backlog', 'Run parallel', 'Running', 'Done', 'Needs attention'] as const;

export function BoardFrame() {
  return (
    <main className="board">
      {BOARD_COLUMNS.map((column) => (
        <section key={column} className="column" role="region" aria-label={column}>
          <h2 className="column-title">{column}</h2>
          <div className="column-body">
            <p className="column-empty">No tasks</p>
          </div>
        </section>
      ))}
    </main>
  );
}
