/*
 * suppress_core.h — statistical disclosure control for a two-way frequency
 * table released outside law enforcement, in plain C (no postgres.h).
 *
 * The table.  rows x cols counts (traces per recovery subdivision and year,
 * say) with their row totals, column totals and grand total, stored as one
 * (rows + 1) x (cols + 1) "extended" table: row `rows` is the totals row,
 * column `cols` the totals column, cell (rows, cols) the grand total.  Every
 * row and every column of the extended table adds up: its last cell is the
 * sum of the others.  Totals are cells like any other: a total below the
 * threshold is suppressed, and a total may be suppressed to protect a cell.
 *
 * Primary suppression.  A cell (inner or total) holding 1 to k - 1 is
 * sensitive and suppressed.  Zeros are not sensitive and always published.
 *
 * The attacker.  Knows every published value, that every row and column of
 * the extended table adds up, that counts are non-negative integers, and the
 * rule that zeros are published, so that every suppressed cell holds at
 * least 1.  The attacker is not told which suppressed cells are primary
 * (the "reason" is for the releasing officer and must not be published:
 * it says that a cell is below k).
 *
 * The guarantee.  For a suppressed cell, its feasible range [lo, hi] is the
 * least and greatest value it takes over all tables consistent with what
 * the attacker knows; every integer in between is attained.  After
 * suppress_protect():
 *   (1) every row and every column of the extended table (the totals row and
 *       column included) has either no suppressed cell or at least two;
 *   (2) every primary cell, of true value x with 1 <= x <= k - 1, has
 *       hi >= k: the attacker cannot rule out that the cell holds a
 *       publishable count, so cannot tell that it is small, and since
 *       lo <= x < k <= hi the range is never a single value (its width is at
 *       least k - x);
 *   (3) no suppressed cell, primary or complementary, is pinned down: each
 *       range holds at least two values.
 * An attacker who does not use the zeros-are-published rule (cells >= 0)
 * has wider ranges, so (2) and (3) hold for that attacker too.  Nothing is
 * promised about the lower end: the attacker may learn for instance that a
 * suppressed total is at least the number of suppressed cells it adds up.
 * Not covered: knowledge of how complementary cells are chosen (cheapest
 * cells first), several overlapping tables released from the same traces
 * (differencing between releases), and outside knowledge of single traces.
 *
 * The algorithm.  Primary cells are suppressed; then each primary cell in
 * turn (inner cells first, then totals), unless its exact range already
 * satisfies (2), gets a complementary "rectangle": three more cells that
 * close a cycle with it through two rows and two columns of the extended
 * table, chosen so that shifting counts around the cycle moves the primary
 * cell up to k while every cell stays >= 1.  Such a rectangle always exists
 * (for an inner cell, its row total, column total and grand total), and of
 * the valid ones the cheapest is taken: fewest new grand-total, then new
 * marginal-total suppressions, then the least suppressed count, then the
 * fewest new cells; cells already suppressed cost nothing.  Suppressing
 * more never narrows a range, so a protected cell stays protected; (1) and
 * (3) hold because every suppressed cell lies on a cycle along which counts
 * can shift by at least k - x >= 1.  Finally the pattern is audited with
 * exact ranges.
 *
 * Exact ranges.  The extended table is a circulation in a bipartite graph
 * (a node per row and per column; an inner cell or the grand total is an
 * arc row -> column, a marginal total an arc column -> row), so the
 * constraints are totally unimodular: linear-programming bounds are integer
 * and attained by integer tables.  Published cells are fixed; a suppressed
 * cell's range is its true value plus or minus the largest flow that can be
 * pushed around it through the other suppressed cells (Dinic's max-flow),
 * starting from the true table, which is feasible.
 *
 * Nothing here allocates: the caller passes a workspace of
 * suppress_workspace_size() bytes.
 */
#ifndef SUPPRESS_CORE_H
#define SUPPRESS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* largest extended table, (rows + 1) * (cols + 1) cells */
#define SUPPRESS_MAX_CELLS 10000

/* largest grand total: keeps every flow far from int64 overflow */
#define SUPPRESS_MAX_TOTAL ((int64_t) 1 << 50)

/* an unbounded upper end of a feasible range */
#define SUPPRESS_UNBOUNDED INT64_MAX

/* the label of the totals row and column in the SQL interface */
#define SUPPRESS_TOTAL_LABEL "Total"

typedef enum SuppressCell
{
	SUPPRESS_PUBLISHED = 0,
	SUPPRESS_PRIMARY,			/* 1 to k - 1 */
	SUPPRESS_COMPLEMENTARY		/* suppressed to protect a primary cell */
} SuppressCell;

typedef enum SuppressStatus
{
	SUPPRESS_OK = 0,
	SUPPRESS_BAD_SHAPE,			/* rows or cols < 0, or more than SUPPRESS_MAX_CELLS cells */
	SUPPRESS_NEGATIVE,			/* a count below zero */
	SUPPRESS_OVERFLOW,			/* a total above SUPPRESS_MAX_TOTAL */
	SUPPRESS_BAD_K,				/* k < 1 */
	SUPPRESS_BAD_CELL,			/* no such cell, or the cell is published */
	SUPPRESS_INCONSISTENT,		/* totals do not add up, a state is unknown, or (nonzero) a suppressed cell is 0 */
	SUPPRESS_NO_WORKSPACE,		/* workspace missing or too small */
	SUPPRESS_UNSAFE				/* the audit found a violation of the guarantee */
} SuppressStatus;

typedef struct SuppressTable
{
	int			rows;			/* inner rows; row `rows` holds the column totals */
	int			cols;			/* inner columns; column `cols` holds the row totals */
	int64_t    *value;			/* (rows + 1) * (cols + 1) counts, row-major */
	uint8_t    *state;			/* a SuppressCell per cell, same shape */
} SuppressTable;

/* cells of the extended table, 0 when the shape is out of range */
extern size_t suppress_cells(int rows, int cols);

/* index of cell (row, col) of the extended table */
static inline int
suppress_index(const SuppressTable *t, int row, int col)
{
	return row * (t->cols + 1) + col;
}

/*
 * Fills the totals row and column from the inner counts (which must be
 * >= 0) and marks every cell published.
 */
extern SuppressStatus suppress_add_totals(SuppressTable *t);

/* workspace for the calls below, 0 when the shape is out of range */
extern size_t suppress_workspace_size(int rows, int cols);

/*
 * Chooses the suppression pattern for threshold k (>= 1; k = 1 suppresses
 * nothing), overwriting t->state, and audits it: SUPPRESS_OK means the
 * guarantee above holds.  The totals must be filled in.  `progress`, when
 * not NULL, is called now and then with `arg` (an interrupt check); it may
 * leave by longjmp, since nothing here allocates.
 */
extern SuppressStatus suppress_protect(SuppressTable *t, int64_t k,
									   void *workspace, size_t workspace_size,
									   void (*progress) (void *arg), void *arg);

/*
 * Exact feasible range of suppressed cell `cell` (an index into the
 * extended table) given the published cells, the additivity of the table
 * and that counts are >= 0, or, with `nonzero`, that every suppressed cell
 * is >= 1 (the attacker of the guarantee).  *hi is SUPPRESS_UNBOUNDED when
 * nothing bounds the cell.  Works for any pattern in t->state, not only
 * suppress_protect()'s.
 */
extern SuppressStatus suppress_range(const SuppressTable *t, int cell, bool nonzero,
									 void *workspace, size_t workspace_size,
									 int64_t *lo, int64_t *hi);

/*
 * Checks the guarantee for the pattern in t->state and threshold k: the
 * states agree with the rule (primary exactly for 1 to k - 1, every
 * suppressed cell >= 1), (1), (2) and (3).  On SUPPRESS_UNSAFE, *bad_cell is the
 * first offending cell, or, for a row or column with a single suppressed
 * cell, that cell.
 */
extern SuppressStatus suppress_audit(const SuppressTable *t, int64_t k,
									 void *workspace, size_t workspace_size,
									 int *bad_cell);

#endif
