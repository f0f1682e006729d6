-- Aggregate tables for release outside law enforcement: statistical
-- disclosure control by cell suppression (src/suppress.c, src/suppress_core.c).

CREATE FUNCTION etrace.release_table(row_label text[], col_label text[], n bigint[], k integer DEFAULT 5)
    RETURNS TABLE(row_label text, col_label text, n bigint, suppressed boolean, reason text)
    AS 'MODULE_PATHNAME', 'etrace_release_table'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.release_table(text[], text[], bigint[], integer) IS
    'A two-way frequency table made safe for release: the cells come as parallel arrays (one element per non-empty cell; missing combinations are 0; labels numbered in order of first appearance, "Total" reserved), and every cell of the full table is returned, the row totals (col_label ''Total''), column totals (row_label ''Total'') and grand total included, with n NULL where suppressed. Primary suppression: any cell or total holding 1 to k-1 (zeros are published). Complementary suppression, audited with exact linear-programming bounds (max-flow): every row and column, the totals row and column included, has no suppressed cell or at least two; and an attacker who knows all published values, that the table adds up, that counts are non-negative integers and that suppressed cells are not 0 cannot rule out that any primary cell holds k or more (so cannot tell that it is small), and cannot pin any suppressed cell down to one value. reason (primary, complementary) is for the releasing officer: publishing it tells that primary cells are below k. Not covered: several overlapping tables released from the same traces, and outside knowledge of single traces. At most 10000 cells with totals.';
