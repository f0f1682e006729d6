/*
 * netgraph_core.c — union-find and connected components (see
 * netgraph_core.h).
 */
#include <stdlib.h>

#include "netgraph_core.h"

void
ng_uf_init(NgUnionFind *uf, uint32_t *parent, uint8_t *rank, size_t n)
{
	uf->parent = parent;
	uf->rank = rank;
	uf->n = n;
	for (size_t i = 0; i < n; i++)
	{
		parent[i] = (uint32_t) i;
		rank[i] = 0;
	}
}

uint32_t
ng_uf_find(NgUnionFind *uf, uint32_t x)
{
	/* path halving: every other node on the way points to its grandparent */
	while (uf->parent[x] != x)
	{
		uf->parent[x] = uf->parent[uf->parent[x]];
		x = uf->parent[x];
	}
	return x;
}

bool
ng_uf_union(NgUnionFind *uf, uint32_t x, uint32_t y)
{
	uint32_t	rx = ng_uf_find(uf, x);
	uint32_t	ry = ng_uf_find(uf, y);

	if (rx == ry)
		return false;
	if (uf->rank[rx] < uf->rank[ry])
	{
		uint32_t	t = rx;

		rx = ry;
		ry = t;
	}
	uf->parent[ry] = rx;
	/* with union by rank a rank never exceeds log2(n) < 64 */
	if (uf->rank[rx] == uf->rank[ry])
		uf->rank[rx]++;
	return true;
}

static int
compare_int64(const void *pa, const void *pb)
{
	int64_t		a = *(const int64_t *) pa;
	int64_t		b = *(const int64_t *) pb;

	return (a > b) - (a < b);
}

size_t
ng_collect_nodes(const int64_t *a, const int64_t *b, size_t m, int64_t *nodes)
{
	size_t		n = 0;

	if (m == 0)
		return 0;
	for (size_t i = 0; i < m; i++)
	{
		nodes[2 * i] = a[i];
		nodes[2 * i + 1] = b[i];
	}
	qsort(nodes, 2 * m, sizeof(int64_t), compare_int64);
	for (size_t i = 0; i < 2 * m; i++)
		if (n == 0 || nodes[n - 1] != nodes[i])
			nodes[n++] = nodes[i];
	return n;
}

size_t
ng_node_index(const int64_t *nodes, size_t n, int64_t id)
{
	size_t		lo = 0;
	size_t		hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (nodes[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < n && nodes[lo] == id) ? lo : n;
}

size_t
ng_components(const int64_t *a, const int64_t *b, size_t m,
			  int64_t *nodes, uint32_t *parent, uint8_t *rank,
			  int32_t *label, size_t *n_nodes)
{
	NgUnionFind uf;
	size_t		n;
	int32_t		k = 0;

	*n_nodes = 0;
	if (m == 0 || m > NG_MAX_NODES / 2)
		return 0;
	n = ng_collect_nodes(a, b, m, nodes);
	ng_uf_init(&uf, parent, rank, n);
	for (size_t i = 0; i < m; i++)
		ng_uf_union(&uf, (uint32_t) ng_node_index(nodes, n, a[i]),
					(uint32_t) ng_node_index(nodes, n, b[i]));

	/*
	 * Number the components by their smallest node: walking the nodes in
	 * ascending order, the first node met of a component gives its root a
	 * number (label[root] is still unset then, whether the root comes before
	 * or after it), and every node takes its root's number.
	 */
	for (size_t i = 0; i < n; i++)
		label[i] = 0;
	for (size_t i = 0; i < n; i++)
	{
		uint32_t	root = ng_uf_find(&uf, (uint32_t) i);

		if (label[root] == 0)
			label[root] = ++k;
		label[i] = label[root];
	}
	*n_nodes = n;
	return (size_t) k;
}
