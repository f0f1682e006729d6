/*
 * fuzz_netgraph.c — libFuzzer harness for the connected components.
 *
 * The bytes after the first are edge ends, one byte each (so ids repeat and
 * graphs connect); the first byte scales them, so ids also reach far beyond
 * 32 bits and go negative.  ng_components must not crash, must list the
 * nodes ascending and distinct, give both ends of every edge the same
 * label, number components 1..k by their smallest node, and agree with a
 * naive relabelling.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netgraph_core.h"

#define MAX_EDGES 512

static void
must(int cond)
{
	if (!cond)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		a[MAX_EDGES];
	int64_t		b[MAX_EDGES];
	int64_t		nodes[2 * MAX_EDGES];
	uint32_t	parent[2 * MAX_EDGES];
	uint8_t		rank[2 * MAX_EDGES];
	int32_t		label[2 * MAX_EDGES];
	size_t		naive[2 * MAX_EDGES];
	int32_t		seen_max = 0;
	size_t		m;
	size_t		n;
	size_t		k;
	int64_t		scale;
	int			changed = 1;

	if (size < 1)
		return 0;
	scale = (data[0] & 1) ? INT64_C(1) << ((data[0] >> 2) % 56) : 1;
	m = (size - 1) / 2;
	if (m > MAX_EDGES)
		m = MAX_EDGES;
	for (size_t i = 0; i < m; i++)
	{
		a[i] = (int64_t) (int8_t) data[1 + 2 * i] * scale;
		b[i] = (int64_t) (int8_t) data[2 + 2 * i] * scale;
	}

	k = ng_components(a, b, m, nodes, parent, rank, label, &n);
	if (m == 0)
	{
		must(k == 0 && n == 0);
		return 0;
	}
	must(n >= 1 && n <= 2 * m && k >= 1 && k <= n);
	for (size_t i = 1; i < n; i++)
		must(nodes[i - 1] < nodes[i]);
	for (size_t i = 0; i < m; i++)
	{
		size_t		x = ng_node_index(nodes, n, a[i]);
		size_t		y = ng_node_index(nodes, n, b[i]);

		must(x < n && y < n);
		must(label[x] == label[y]);
	}
	/* labels appear in ascending order of first occurrence: 1, 2, ... */
	for (size_t i = 0; i < n; i++)
	{
		must(label[i] >= 1 && label[i] <= seen_max + 1);
		if (label[i] == seen_max + 1)
			seen_max++;
	}
	must((size_t) seen_max == k);

	/* naive: smallest index reachable, by relabelling until stable */
	for (size_t i = 0; i < n; i++)
		naive[i] = i;
	while (changed)
	{
		changed = 0;
		for (size_t e = 0; e < m; e++)
		{
			size_t		x = ng_node_index(nodes, n, a[e]);
			size_t		y = ng_node_index(nodes, n, b[e]);
			size_t		low = naive[x] < naive[y] ? naive[x] : naive[y];

			if (naive[x] != low || naive[y] != low)
			{
				naive[x] = naive[y] = low;
				changed = 1;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			must((naive[i] == naive[j]) == (label[i] == label[j]));
	return 0;
}
