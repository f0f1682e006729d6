#!/usr/bin/env python3
"""Checks the shares of generated documents (JSON lines from
`generate --dump`); prints TAP lines, numbered from the first argument.

usage: check.py FIRST_TEST_NUMBER FILE
"""
import collections
import datetime
import json
import sys

import world

first = int(sys.argv[1])
elements = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
n = len(elements)
num = first
failed = 0


def ok(cond, name, diag=""):
    global num, failed
    print("%s %d - %s" % ("ok" if cond else "not ok", num, name))
    if not cond:
        failed += 1
        if diag:
            print("# " + diag)
    num += 1


obl = sum(1 for e in elements if e["firearm"]["obliterated"]) / n
ok(0.05 <= obl <= 0.10, "obliterated or partly readable serials: 5-10 %% (%.1f %%)" % (100 * obl))
partial = sum(1 for e in elements if e["firearm"]["obliterated"] and "serial" in e["firearm"])
ok(partial > 0, "some obliterated serials are partly readable (%d)" % partial)

ttc = []
for e in elements:
    r = e.get("result") or {}
    if "purchase_date" in r:
        ttc.append((datetime.date.fromisoformat(e["recovery"]["date"])
                    - datetime.date.fromisoformat(r["purchase_date"])).days)
short = sum(1 for d in ttc if d < 365) / len(ttc)
ok(0.15 <= short <= 0.40, "time-to-crime under a year: about a quarter (%.1f %% of %d)" % (100 * short, len(ttc)))
ok(max(ttc) > 365 * 15, "and a long tail over decades (longest %.0f years)" % (max(ttc) / 365.25))

statuses = collections.Counter(e["status"] for e in elements)
ok(set(statuses) == {"submitted", "in_progress", "completed", "untraceable", "closed"},
   "every status present (%s)" % dict(sorted(statuses.items())))
reasons = collections.Counter((e.get("result") or {}).get("untraceable_reason") for e in elements)
ok(all(reasons[r[0]] > 0 for r in world.UNTRACEABLE), "every untraceable reason present (%s)"
   % {k: v for k, v in sorted(reasons.items(), key=lambda x: str(x[0])) if k})
outcomes = collections.Counter((e.get("result") or {}).get("outcome") for e in elements)
ok(outcomes["purchaser_identified"] > 0 and outcomes["dealer_identified"] > 0, "both outcomes present")

# straw rings: one purchaser, 3+ guns, short time-to-crime, recovered abroad
by_buyer = collections.defaultdict(list)
for e in elements:
    r = e.get("result") or {}
    p = r.get("purchaser")
    if p:
        by_buyer[(p["last_name"], p["first_name"], p.get("dob"))].append(e)
rings = [es for es in by_buyer.values()
         if len(es) >= 3
         and sum(1 for x in es if x["recovery"]["country"] != "US") >= 2
         and sorted((datetime.date.fromisoformat(x["recovery"]["date"])
                     - datetime.date.fromisoformat(x["result"]["purchase_date"])).days for x in es)[len(es) // 2] < 365]
ok(len(rings) >= 1, "at least one straw ring: one buyer, 3+ guns, short time-to-crime, recovered across the border (%d)"
   % len(rings))
multi = [es for es in by_buyer.values() if len(es) >= 2
         and (max(datetime.date.fromisoformat(x["result"]["purchase_date"]) for x in es)
              - min(datetime.date.fromisoformat(x["result"]["purchase_date"]) for x in es)).days <= 7]
ok(len(multi) >= 1, "multiple sales: 2+ guns to one purchaser within 5 business days (%d)" % len(multi))

dealers = collections.Counter(e["result"]["dealer_ffl"] for e in elements if "dealer_ffl" in (e.get("result") or {}))
top = sorted(dealers.values(), reverse=True)
k = max(1, len(top) // 10)
ok(sum(top[:k]) / sum(top) >= 0.3, "skewed dealers: the top 10 %% of dealers source %.0f %% of traced guns"
   % (100 * sum(top[:k]) / sum(top)))

makes = collections.Counter(e["firearm"]["manufacturer"] for e in elements)
ok(len(makes) > len(world.FIREARMS), "makes in several spellings (%d spellings)" % len(makes))
cals = collections.Counter(e["firearm"]["caliber"] for e in elements)
ok(any(c in cals for c in ("9 mm Luger", "9x19", "9MM")) and "9mm" in cals, "calibers in several spellings")
serials = [e["firearm"].get("serial", "") for e in elements if not e["firearm"]["obliterated"]]
ok(any(s != s.upper() for s in serials) and any(" " in s for s in serials), "serials in several spellings")
cities = collections.Counter(e["recovery"]["country"] for e in elements)
ok(len(cities) >= 5, "recoveries in several countries (%s)" % dict(sorted(cities.items())))
sys.exit(1 if failed else 0)
