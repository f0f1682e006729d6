/*
 * test_netgraph_core.c — union-find and connected components, by hand and
 * against a naive labelling.
 */
#include <stdint.h>
#include <stdlib.h>

#include "netgraph_core.h"
#include "tap.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t) (rng >> 16);
}

/*
 * Naive components over node indexes 0..n-1: relabel until nothing changes
 * (each edge gives both ends the smaller label), then renumber by first
 * appearance.
 */
static void
naive_labels(const int64_t *nodes, size_t n, const int64_t *a, const int64_t *b, size_t m,
			 int32_t *out)
{
	size_t	   *lab = malloc(n * sizeof(size_t));
	int32_t    *num = malloc(n * sizeof(int32_t));
	int			changed = 1;
	int32_t		k = 0;

	for (size_t i = 0; i < n; i++)
	{
		lab[i] = i;
		num[i] = 0;
	}
	while (changed)
	{
		changed = 0;
		for (size_t e = 0; e < m; e++)
		{
			size_t		x = ng_node_index(nodes, n, a[e]);
			size_t		y = ng_node_index(nodes, n, b[e]);
			size_t		low = lab[x] < lab[y] ? lab[x] : lab[y];

			if (lab[x] != low || lab[y] != low)
			{
				lab[x] = lab[y] = low;
				changed = 1;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
	{
		if (num[lab[i]] == 0)
			num[lab[i]] = ++k;
		out[i] = num[lab[i]];
	}
	free(lab);
	free(num);
}

int
main(void)
{
	/* hand-checked: {1,2,3,4}, {7,8}, {10} */
	{
		int64_t		a[] = {1, 3, 2, 10, 8, 4};
		int64_t		b[] = {2, 4, 3, 10, 7, 1};
		int64_t		nodes[12];
		uint32_t	parent[12];
		uint8_t		rank[12];
		int32_t		label[12];
		size_t		n = 99;
		size_t		k = ng_components(a, b, 6, nodes, parent, rank, label, &n);

		is_int(k, 3, "three components");
		is_int(n, 7, "seven distinct nodes");
		ok(nodes[0] == 1 && nodes[1] == 2 && nodes[2] == 3 && nodes[3] == 4
		   && nodes[4] == 7 && nodes[5] == 8 && nodes[6] == 10, "nodes ascending");
		ok(label[0] == 1 && label[1] == 1 && label[2] == 1 && label[3] == 1,
		   "1 2 3 4 are component 1");
		ok(label[4] == 2 && label[5] == 2, "7 8 are component 2");
		ok(label[6] == 3, "the self-edge makes 10 a component of its own");
	}
	/* numbering follows the smallest id even when its root is elsewhere */
	{
		int64_t		a[] = {50, 40, 30, -5};
		int64_t		b[] = {60, 50, 60, 9000000000LL};
		int64_t		nodes[8];
		uint32_t	parent[8];
		uint8_t		rank[8];
		int32_t		label[8];
		size_t		n;
		size_t		k = ng_components(a, b, 4, nodes, parent, rank, label, &n);

		is_int(k, 2, "two components");
		ok(nodes[0] == -5 && nodes[5] == 9000000000LL, "negative and large ids");
		ok(label[0] == 1 && label[5] == 1, "-5 and 9000000000 are component 1 (smallest id -5)");
		ok(label[1] == 2 && label[2] == 2 && label[3] == 2 && label[4] == 2,
		   "30 40 50 60 are component 2");
	}
	/* duplicate and reversed edges */
	{
		int64_t		a[] = {1, 2, 1, 2};
		int64_t		b[] = {2, 1, 2, 1};
		int64_t		nodes[8];
		uint32_t	parent[8];
		uint8_t		rank[8];
		int32_t		label[8];
		size_t		n;

		is_int(ng_components(a, b, 4, nodes, parent, rank, label, &n), 1, "repeated edges: one component");
		is_int(n, 2, "of two nodes");
	}
	{
		size_t		n = 5;

		is_int(ng_components(NULL, NULL, 0, NULL, NULL, NULL, NULL, &n), 0, "no edges: no components");
		is_int(n, 0, "and no nodes");
	}

	/* union by rank and path compression */
	{
		uint32_t	parent[8];
		uint8_t		rank[8];
		NgUnionFind uf;

		ng_uf_init(&uf, parent, rank, 8);
		ok(ng_uf_union(&uf, 0, 1), "0 and 1 merge");
		ok(!ng_uf_union(&uf, 1, 0), "already one set");
		ng_uf_union(&uf, 2, 3);
		ng_uf_union(&uf, 0, 2);
		is_int(rank[ng_uf_find(&uf, 3)], 2, "two rank-1 trees make a rank-2 root");
		ng_uf_union(&uf, 4, 0);
		is_int(ng_uf_find(&uf, 4), ng_uf_find(&uf, 1), "a singleton goes under the higher-ranked root");
		is_int(rank[ng_uf_find(&uf, 4)], 2, "and the rank stays");
		ok(ng_uf_find(&uf, 5) == 5 && ng_uf_find(&uf, 7) == 7, "untouched nodes are their own roots");
	}
	/* a long chain: ranks stay logarithmic, finds flatten the path */
	{
		size_t		n = 1 << 16;
		uint32_t   *parent = malloc(n * sizeof(uint32_t));
		uint8_t    *rank = malloc(n);
		NgUnionFind uf;
		int			max_rank = 0;
		uint32_t	root;

		ng_uf_init(&uf, parent, rank, n);
		for (size_t i = 1; i < n; i++)
			ng_uf_union(&uf, (uint32_t) (i - 1), (uint32_t) i);
		for (size_t i = 0; i < n; i++)
			if (rank[i] > max_rank)
				max_rank = rank[i];
		ok(max_rank <= 16, "65536 nodes in a chain: rank at most 16 (got %d)", max_rank);
		root = ng_uf_find(&uf, 0);
		for (size_t i = 0; i < n; i++)
			ng_uf_find(&uf, (uint32_t) i);
		ok(parent[n - 1] == root || parent[parent[n - 1]] == root, "after finds the last node is near the root");
		free(parent);
		free(rank);
	}

	/* random graphs against the naive labelling */
	{
		int			all_ok = 1;

		for (int round = 0; round < 200; round++)
		{
			size_t		m = 1 + next_random() % 300;
			uint32_t	span = 2 + next_random() % 400;
			int64_t    *a = malloc(m * sizeof(int64_t));
			int64_t    *b = malloc(m * sizeof(int64_t));
			int64_t    *nodes = malloc(2 * m * sizeof(int64_t));
			uint32_t   *parent = malloc(2 * m * sizeof(uint32_t));
			uint8_t    *rank = malloc(2 * m);
			int32_t    *label = malloc(2 * m * sizeof(int32_t));
			int32_t    *want = malloc(2 * m * sizeof(int32_t));
			size_t		n;
			size_t		k;

			for (size_t e = 0; e < m; e++)
			{
				a[e] = (int64_t) (next_random() % span) - span / 2;
				b[e] = (int64_t) (next_random() % span) - span / 2;
			}
			k = ng_components(a, b, m, nodes, parent, rank, label, &n);
			naive_labels(nodes, n, a, b, m, want);
			for (size_t i = 0; i < n; i++)
				if (label[i] != want[i] || label[i] < 1 || (size_t) label[i] > k)
					all_ok = 0;
			for (size_t i = 1; i < n; i++)
				if (nodes[i - 1] >= nodes[i])
					all_ok = 0;
			free(a);
			free(b);
			free(nodes);
			free(parent);
			free(rank);
			free(label);
			free(want);
		}
		ok(all_ok, "200 random graphs: the same components as naive relabelling");
	}
	return done_testing();
}
