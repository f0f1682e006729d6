/*
 * netgraph_core.h — connected components of a graph given as edges between
 * int64 node ids, by union-find (path compression, union by rank), without
 * PostgreSQL and without allocating: the caller passes every buffer.
 */
#ifndef NETGRAPH_CORE_H
#define NETGRAPH_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most nodes a graph may have (component labels are int32) */
#define NG_MAX_NODES ((size_t) INT32_MAX)

typedef struct NgUnionFind
{
	uint32_t   *parent;			/* parent[i] == i for a root */
	uint8_t    *rank;			/* upper bound of the tree height below a root */
	size_t		n;
} NgUnionFind;

/* n singleton sets over the caller's arrays (n entries each). */
extern void ng_uf_init(NgUnionFind *uf, uint32_t *parent, uint8_t *rank, size_t n);

/* The root of x's set; halves the path on the way up.  Requires x < n. */
extern uint32_t ng_uf_find(NgUnionFind *uf, uint32_t x);

/*
 * Merge the sets of x and y, the lower-ranked root under the other.
 * Returns false when they were already one set.  Requires x, y < n.
 */
extern bool ng_uf_union(NgUnionFind *uf, uint32_t x, uint32_t y);

/*
 * The distinct node ids of m edges (a[i], b[i]), ascending, into nodes
 * (room for 2 * m).  Returns how many.
 */
extern size_t ng_collect_nodes(const int64_t *a, const int64_t *b, size_t m, int64_t *nodes);

/* The index of id in the ascending nodes[0..n-1], or n when absent. */
extern size_t ng_node_index(const int64_t *nodes, size_t n, int64_t id);

/*
 * Connected components of the graph of m edges (a[i], b[i]); a self-edge
 * (a[i] == b[i]) makes a node without joining it to anything.  On return
 * nodes[0..*n_nodes-1] are the distinct ids, ascending, and label[i] is the
 * component of nodes[i], numbered from 1 in the order of each component's
 * smallest id.  Buffers: nodes, parent, label with room for 2 * m entries,
 * rank for 2 * m bytes.  Returns the number of components; 0 (and no nodes)
 * when 2 * m exceeds NG_MAX_NODES.
 */
extern size_t ng_components(const int64_t *a, const int64_t *b, size_t m,
							int64_t *nodes, uint32_t *parent, uint8_t *rank,
							int32_t *label, size_t *n_nodes);

#endif
