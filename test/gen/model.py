"""Deterministic trace data: agencies, dealers, purchasers, straw rings and
the traces themselves, as documents for etrace's public API.

Everything is drawn from one random.Random(seed) through random() alone
(plus helpers written here), in a fixed order, so that a seed gives the
same documents, byte for byte, on every Python 3.
"""
import datetime
import math
import random

import world

DAY = datetime.timedelta(days=1)
# Distribution of statuses (the rest of the share is "closed").
STATUS_SHARES = [("submitted", 0.04), ("in_progress", 0.04), ("completed", 0.34), ("untraceable", 0.10)]
OBLITERATED_SHARE = 0.07        # 5-10 % of crime guns have their serial ground off
SHORT_TTC_SHARE = 0.25          # about a quarter recovered within a year of the sale (all
                                # straw-ring guns are, so single sales get a little less)
STRAW_RINGS_PER_TRACE = 0.006   # one ring (3-12 guns) per ~170 traces
MULTIPLE_SALE_SHARE = 0.06      # purchases of 2-4 guns within 5 business days
REPEAT_RECOVERY_SHARE = 0.01    # a gun recovered a second time


TAURUS = next(f for f in world.FIREARMS if f[1][0] == "Taurus")


class Rng:
    """random.Random(seed), used only through random(): stable across Python versions."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def u(self):
        return self.r.random()

    def below(self, n):
        return min(int(self.u() * n), n - 1)

    def between(self, lo, hi):
        """An integer lo..hi inclusive."""
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, p):
        return self.u() < p

    def weighted(self, items, weight=lambda x: x[-1]):
        total = sum(weight(x) for x in items)
        t = self.u() * total
        for x in items:
            t -= weight(x)
            if t < 0:
                return x
        return items[-1]

    def gauss(self):
        # Box-Muller on random(): no dependence on random.gauss's internals
        u1 = max(self.u(), 1e-12)
        u2 = self.u()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def expo(self, mean):
        return -mean * math.log(1.0 - self.u())


class ZipfPicker:
    """Index 0..n-1 with probability proportional to 1/(i+1)^s."""

    def __init__(self, n, s):
        self.cum = []
        total = 0.0
        for i in range(n):
            total += 1.0 / (i + 1) ** s
            self.cum.append(total)
        self.total = total

    def pick(self, rng):
        t = rng.u() * self.total
        lo, hi = 0, len(self.cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.cum[mid] < t:
                lo = mid + 1
            else:
                hi = mid
        return lo


def shaped(rng, shape):
    """A serial of the given shape: L letter, D digit, other characters kept."""
    out = []
    for c in shape:
        if c == "L":
            out.append(rng.pick("ABCDEFGHJKLMNPRSTUVWXYZ"))
        elif c == "D":
            out.append(rng.pick("0123456789"))
        else:
            out.append(c)
    return "".join(out)


# Look-alikes that etrace folds together (serial_core.h): typing one for
# the other gives the same serial key.
LOOKALIKE = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8"}


def respell_serial(rng, serial):
    """The serial as another officer might type it: case, separators, look-alikes."""
    s = serial
    k = rng.below(5)
    if k == 0:
        s = s.lower()
    elif k == 1:
        s = s.replace("-", "")
        cut = rng.between(1, max(1, len(s) - 1))
        s = s[:cut] + " " + s[cut:]
    elif k == 2:
        s = s.replace("-", "")
        cut = rng.between(1, max(1, len(s) - 1))
        s = s[:cut] + "-" + s[cut:]
    elif k == 3:
        s = "".join(LOOKALIKE.get(c, c) if rng.chance(0.5) else c for c in s)
    else:
        s = " ".join(s.replace("-", "")[i:i + 3] for i in range(0, len(s.replace("-", "")), 3))
    return s


def partial_serial(rng, serial):
    """What is still readable of a ground-off serial: '?' per lost character, '*' for a lost run."""
    chars = [c for c in serial if c.isalnum()]
    out = []
    i = 0
    while i < len(chars):
        r = rng.u()
        if r < 0.35:
            out.append("?")
        elif r < 0.45:
            out.append("*")
            i += rng.between(1, 3)
            continue
        else:
            out.append(chars[i])
        i += 1
    pattern = "".join(out)
    while "**" in pattern:
        pattern = pattern.replace("**", "*")
    if not any(c.isalnum() for c in pattern):
        pattern = chars[0] + pattern[1:]
    return pattern


class World:
    """Agencies, officers, dealers and the recovery geography of one seed."""

    def __init__(self, rng, n_traces, end_date, years):
        self.end_date = end_date
        self.start_date = datetime.date(end_date.year - years + 1, 1, 1)
        self.agencies = []          # dicts: ori, name, country, subdivision, kind, officers
        by_ori = {}
        for (loc, cc, sub, lat, lon, w, ori, name) in world.CITIES:
            if ori not in by_ori:
                kind = "domestic" if cc == "US" else "foreign"
                a = {"ori": ori, "name": name, "country": cc, "subdivision": sub, "kind": kind}
                by_ori[ori] = a
                self.agencies.append(a)
        for a in world.NATIONAL:
            a = dict(a)
            by_ori[a["ori"]] = a
            self.agencies.append(a)
        self.by_ori = by_ori
        for a in self.agencies:
            spanish = a["country"] in ("MX", "GT", "HN", "SV", "CO")
            lasts = world.LAST_NAMES_ES if spanish else world.LAST_NAMES_EN
            firsts = world.FIRST_NAMES_ES if spanish else world.FIRST_NAMES_EN
            a["officers"] = []
            for i in range(3):
                first = rng.pick(firsts)[0]
                last = rng.pick(lasts)
                a["officers"].append({
                    "name": "%s %s" % (first, last),
                    "badge": str(rng.between(1000, 99999)),
                    "unit": rng.pick(world.UNITS_ES if spanish else world.UNITS),
                    "email": "%s.%s@%s.example" % (first[0].lower(), last.replace(" ", "").lower(),
                                                   a["ori"].lower()),
                })
        # recovery cities with a few hot centres each
        self.cities = []
        for (loc, cc, sub, lat, lon, w, ori, name) in world.CITIES:
            centres = []
            for _ in range(rng.between(2, 4)):
                d = 1.5 + 6.0 * rng.u()
                ang = 2 * math.pi * rng.u()
                centres.append((d * math.cos(ang), d * math.sin(ang), 0.4 + 1.2 * rng.u(), 1 + rng.below(4)))
            self.cities.append({"locality": loc, "country": cc, "subdivision": sub, "lat": lat, "lon": lon,
                                "weight": w, "ori": ori, "centres": centres})
        # dealers, by state, each state's list in Zipf order (a few big sources)
        n_dealers = max(10 * len(world.STATE_FFL), min(20000, n_traces // 40))
        states = sorted(world.STATE_FFL)
        self.dealers = {s: [] for s in states}
        seen = set()
        for i in range(n_dealers):
            st = states[i % len(states)]
            region, districts, counties = world.STATE_FFL[st]
            while True:
                ffl = "%d-%02d-%03d-%s-%d%s-%05d" % (
                    region, rng.pick(districts), rng.pick(counties),
                    rng.weighted([("01", 80), ("02", 15), ("07", 3), ("09", 2)])[0],
                    rng.below(10), rng.pick("ABCDEFGHJKLM"), rng.between(1, 99999))
                if ffl not in seen:
                    seen.add(ffl)
                    break
            name = "%s %s" % (rng.pick(world.DEALER_PLACES), rng.pick(world.DEALER_WORDS))
            if rng.chance(0.5):
                name += rng.pick([" LLC", " Inc", "", " & Co"])
            self.dealers[st].append({"ffl": ffl, "name": name, "subdivision": "US-" + st})
        self.zipf = {s: ZipfPicker(len(self.dealers[s]), 1.2) for s in states}

    def dealer(self, rng, recovery_country):
        state = rng.weighted(world.SOURCE_STATES[recovery_country])[0]
        ds = self.dealers[state]
        return ds[self.zipf[state].pick(rng)]

    def city(self, rng, countries=None):
        pool = self.cities if countries is None else [c for c in self.cities if c["country"] in countries]
        return rng.weighted(pool, weight=lambda c: c["weight"])

    def place(self, rng, city):
        """A recovery point: around a hot centre (70 %) or anywhere in the city."""
        if rng.chance(0.7):
            cx, cy, sigma, _ = rng.weighted(city["centres"])
        else:
            cx, cy, sigma = 0.0, 0.0, 7.0
        x = cx + sigma * rng.gauss()
        y = cy + sigma * rng.gauss()
        lat = city["lat"] + y / 111.32
        lon = city["lon"] + x / (111.32 * math.cos(math.radians(city["lat"])))
        return round(lat, 5), round(lon, 5)


def person(rng, spanish, born_before, adult_years=(18, 60)):
    lasts = world.LAST_NAMES_ES if spanish else world.LAST_NAMES_EN
    firsts = world.FIRST_NAMES_ES if spanish else world.FIRST_NAMES_EN
    first, sex = rng.pick(firsts)
    age_days = int(365.25 * rng.between(*adult_years)) + rng.below(365)
    dob = born_before - age_days * DAY
    p = {"last_name": rng.pick(lasts), "first_name": first, "dob": dob.isoformat(), "sex": sex}
    if rng.chance(0.15):
        p["aliases"] = [rng.pick(["El Guero", "Flaco", "Junior", "Chapo", "Big Mike", "Shorty", "Primo"])]
    return p


def time_to_crime(rng, short):
    """Days from retail sale to recovery: under a year for the short share,
    otherwise a long tail over decades (log-normal, median about 9 years)."""
    if short:
        return rng.between(7, 364)
    while True:
        d = int(365.25 * math.exp(math.log(9.0) + 0.75 * rng.gauss()))
        if 365 <= d <= 365 * 45:
            return d


class Generator:
    """The world comes from the seed; the traces come in shards of at most
    SHARD traces, each from its own generator seeded with "seed:shard", so
    that memory stays bounded and a shard can be loaded while the next one
    is made."""
    SHARD = 25000

    def __init__(self, seed, n_traces, end_date, years):
        self.seed = seed
        self.rng = Rng(seed)
        self.total = n_traces
        self.world = World(self.rng, n_traces, end_date, years)
        self.case_seq = {}

    def shards(self):
        """Lists of import elements, SHARD at most each, each sorted by submission time."""
        done = 0
        shard = 0
        while done < self.total:
            self.n = min(self.SHARD, self.total - done)
            self.rng = Rng("%d:%d" % (self.seed, shard))
            yield self.traces()
            done += self.n
            shard += 1

    # ------------------------------------------------------------------
    def purchases(self):
        """The guns as bought at retail: (gun, dealer, purchaser, purchase date,
        kind) groups — straw rings, multiple sales and single sales — until n
        recoveries are planned."""
        rng, w = self.rng, self.world
        plans = []
        n_rings = max(1, int(round(self.n * STRAW_RINGS_PER_TRACE))) if self.n >= 30 else 0
        for ring in range(n_rings):
            k = rng.between(3, 12)
            rec_country = "MX" if ring == 0 else rng.weighted([("MX", 70), ("GT", 8), ("HN", 6), ("SV", 4),
                                                               ("US", 12)])[0]
            d0 = self.random_date(rng, margin_days=400)
            buyer = person(rng, True, d0)
            dealers = [w.dealer(rng, rec_country) for _ in range(rng.between(1, 3))]
            city = w.city(rng, [rec_country])
            make = rng.weighted(world.FIREARMS, weight=lambda f: f[0])
            for i in range(k):
                bought = d0 + rng.between(0, 60) * DAY
                plans.append({"kind": "straw", "ring": ring, "dealer": rng.pick(dealers), "purchaser": buyer,
                              "bought": bought, "ttc": rng.between(20, 300), "country": rec_country,
                              "city": city, "make": make if rng.chance(0.6) else None})
        while len(plans) < self.n:
            if rng.chance(MULTIPLE_SALE_SHARE):
                k = rng.between(2, 4)
                rec_country = self.recovery_country(rng)
                ttc0 = time_to_crime(rng, rng.chance(SHORT_TTC_SHARE + 0.05))
                buyer_spanish = rec_country != "US" and rng.chance(0.6)
                dealer = w.dealer(rng, rec_country)
                bought = self.random_date(rng, margin_days=ttc0 + 40)
                buyer = person(rng, buyer_spanish, bought)
                for i in range(k):
                    plans.append({"kind": "multiple", "dealer": dealer, "purchaser": buyer,
                                  "bought": bought + self.business_days(rng.between(0, 4), bought),
                                  "ttc": max(1, ttc0 + rng.between(-20, 200)), "country": rec_country,
                                  "city": None, "make": None})
            else:
                rec_country = self.recovery_country(rng)
                ttc = time_to_crime(rng, rng.chance(SHORT_TTC_SHARE - 0.05))
                dealer = w.dealer(rng, rec_country)
                bought = self.random_date(rng, margin_days=ttc)
                # guns recovered in Brazil are mostly Brazilian-made
                make = TAURUS if rec_country == "BR" and rng.chance(0.6) else None
                plans.append({"kind": "single", "dealer": dealer,
                              "purchaser": person(rng, rec_country != "US" and rng.chance(0.5), bought),
                              "bought": bought, "ttc": ttc, "country": rec_country, "city": None, "make": make})
        return plans[:self.n]

    def business_days(self, n, start):
        d = 0
        day = start
        while n > 0:
            day += DAY
            d += 1
            if day.weekday() < 5:
                n -= 1
        return d * DAY

    def recovery_country(self, rng):
        return rng.weighted([("US", 64), ("MX", 20), ("CA", 3), ("GT", 3), ("HN", 3), ("SV", 2),
                             ("CO", 2), ("JM", 2), ("BR", 1)])[0]

    def random_date(self, rng, margin_days=0):
        """A recovery-window date, minus margin_days (a purchase before a recovery)."""
        w = self.world
        span = (w.end_date - w.start_date).days
        return w.start_date + rng.below(span + 1) * DAY - margin_days * DAY

    # ------------------------------------------------------------------
    def traces(self):
        """The import elements (trace document + agency, submitted_at, status,
        status_since, result), sorted by submission time."""
        rng, w = self.rng, self.world
        out = []
        guns = []
        for i, plan in enumerate(self.purchases()):
            if guns and rng.chance(REPEAT_RECOVERY_SHARE):
                gun = rng.pick(guns)            # the same gun, recovered again
            else:
                f = plan["make"] or rng.weighted(world.FIREARMS, weight=lambda f: f[0])
                model = rng.weighted(f[4])
                gun = {"make": f, "model": model, "serial": shaped(rng, f[5])}
                guns.append(gun)
            out.append(self.trace(i, plan, gun))
        self.ensure_coverage(out)
        out.sort(key=lambda e: (e["submitted_at"], e["_i"]))
        for e in out:
            del e["_i"]
        return out

    def ensure_coverage(self, out):
        """Small runs still show every status and every untraceable reason:
        a missing one replaces a trace of the commonest kind (the last such,
        so the shares hardly move)."""
        if len(out) < 60:
            return
        for status in ("submitted", "in_progress", "completed", "untraceable", "closed"):
            if not any(e["status"] == status for e in out):
                victim = next(e for e in reversed(out) if e["status"] == "closed")
                self.set_status(victim, status)
        for reason, note, _ in world.UNTRACEABLE:
            if any(e.get("result", {}).get("untraceable_reason") == reason for e in out):
                continue
            victim = next(e for e in reversed(out) if e["status"] == "untraceable"
                          and e["result"]["untraceable_reason"] in ("insufficient_information", "too_old",
                                                                    "dealer_records_unavailable"))
            victim["result"] = {"untraceable_reason": reason, "note": note}
            fa = victim["firearm"]
            if reason == "serial_invalid" and not fa["obliterated"]:
                fa["obliterated"] = True
                del fa["serial"]
            if reason == "foreign_no_importer":
                # a Brazilian-made gun recovered in Brazil: no importer of record
                city = next(c for c in self.world.cities if c["country"] == "BR")
                fa.update({"manufacturer": "Taurus", "model": "G2C", "caliber": "9mm", "type": "PI",
                           "country_of_origin": "BR"})
                fa.pop("importer", None)
                victim["agency"] = city["ori"]
                victim["recovery"] = {"date": victim["recovery"]["date"], "country": "BR",
                                      "subdivision": city["subdivision"], "locality": city["locality"],
                                      "latitude": city["lat"], "longitude": city["lon"]}
                agency = self.world.by_ori[city["ori"]]
                o = agency["officers"][0]
                victim["request"]["officer"] = {"name": o["name"], "badge": o["badge"], "unit": o["unit"],
                                                "email": o["email"]}
                for k in ("possessor", "associates"):
                    victim.pop(k, None)

    def set_status(self, e, status):
        e["status"] = status
        if status == "submitted":
            e.pop("status_since", None)
        if status in ("submitted", "in_progress"):
            e.pop("result", None)
        elif status == "completed" and "untraceable_reason" in e.get("result", {}):
            e["status"] = "untraceable"

    def trace(self, i, plan, gun):
        rng, w = self.rng, self.world
        f = gun["make"]
        makes, origin, importers = f[1], f[2], f[3]
        model, ftype, calibers, _ = gun["model"]
        recovered = plan["bought"] + plan["ttc"] * DAY
        if recovered > w.end_date:
            recovered = w.end_date - rng.below(30) * DAY
        if recovered < datetime.date(2000, 1, 1):
            recovered = datetime.date(2000, 1, 1) + rng.below(365) * DAY
        city = plan["city"] or w.city(rng, [plan["country"]])
        agency = w.by_ori[city["ori"]]
        spanish = city["country"] in ("MX", "GT", "HN", "SV", "CO")
        lat, lon = w.place(rng, city)
        requested = min(recovered + rng.between(0, 14) * DAY, w.end_date)
        submitted = datetime.datetime.combine(requested + rng.between(0, 2) * DAY,
                                              datetime.time(rng.between(7, 19), rng.below(60), rng.below(60)))
        if submitted.date() > w.end_date:
            submitted = datetime.datetime.combine(w.end_date, submitted.time())

        obliterated = rng.chance(OBLITERATED_SHARE)
        # spelling: the usual one mostly, a variant sometimes
        make = makes[0] if rng.chance(0.6) else rng.pick(makes)
        caliber = calibers[0] if rng.chance(0.5) else rng.pick(calibers)
        serial = gun["serial"] if rng.chance(0.65) else respell_serial(rng, gun["serial"])
        firearm = {"obliterated": obliterated, "manufacturer": make, "model": model, "caliber": caliber,
                   "type": ftype, "country_of_origin": origin}
        if obliterated:
            if rng.chance(0.6):
                firearm["serial"] = partial_serial(rng, gun["serial"])
        else:
            firearm["serial"] = serial
        no_importer = importers and origin == city["country"]
        if importers and not no_importer:
            firearm["importer"] = rng.pick(importers)
        if rng.chance(0.05):
            firearm["markings"] = rng.pick(["Engraved grip", "Aftermarket slide", "Sticker on frame",
                                            "Machine-gun conversion device"])
        urgent = rng.chance(0.1)
        year = requested.year
        key = (agency["ori"], year)
        self.case_seq[key] = self.case_seq.get(key, 0) + 1
        officer = rng.pick(agency["officers"])
        request = {"request_date": requested.isoformat(), "priority": "urgent" if urgent else "routine",
                   "crime_code": "5201" if obliterated and rng.chance(0.3) else rng.weighted(world.CRIME_CODES)[0],
                   "agency_case_number": "%s-%d-%05d" % (agency["ori"][2:5], year, self.case_seq[key]),
                   "officer": {"name": officer["name"], "badge": officer["badge"], "unit": officer["unit"],
                               "email": officer["email"]}}
        if urgent:
            request["urgent_reason"] = rng.pick(["suspect in custody", "officer shot", "ongoing investigation",
                                                 "court date"])
        recovery = {"date": recovered.isoformat(), "country": city["country"], "subdivision": city["subdivision"],
                    "locality": city["locality"], "latitude": lat, "longitude": lon}
        if rng.chance(0.7):
            recovery["address"] = "%s %d" % (rng.pick(world.STREETS_ES if spanish else world.STREETS_EN),
                                             rng.between(1, 9999))
        doc = {"request": request, "firearm": firearm, "recovery": recovery}
        if rng.chance(0.8):
            doc["possessor"] = person(rng, spanish, recovered, (16, 50))
        n_assoc = rng.weighted([(0, 70), (1, 20), (2, 10)])[0]
        if n_assoc:
            doc["associates"] = []
            for _ in range(n_assoc):
                a = person(rng, spanish, recovered, (16, 50))
                a["relationship"] = rng.pick(["passenger", "driver", "companion", "co-defendant"])
                doc["associates"].append(a)

        # the tracing center's work
        status, result = self.outcome(plan, gun, obliterated, no_importer, recovered, urgent)
        if status in ("submitted", "in_progress"):
            # still open: submitted in the last weeks of the window
            submitted = datetime.datetime.combine(w.end_date - rng.below(40) * DAY, submitted.time())
            if submitted.date() < requested:
                requested = submitted.date()
                recovered = min(recovered, requested)
                request["request_date"] = requested.isoformat()
                recovery["date"] = recovered.isoformat()
        e = {"agency": agency["ori"], "submitted_at": submitted.isoformat() + "Z", "status": status}
        if status != "submitted":
            worked = min(submitted + datetime.timedelta(hours=rng.between(1, 24 * (3 if urgent else 20))),
                         datetime.datetime.combine(w.end_date, datetime.time(23, 0)))
            e["status_since"] = worked.isoformat() + "Z"
        e.update(doc)
        if result is not None:
            e["result"] = result
        e["_i"] = i
        return e

    def outcome(self, plan, gun, obliterated, no_importer, recovered, urgent):
        rng = self.rng
        r = rng.u()
        acc = 0.0
        status = "closed"
        for s, share in STATUS_SHARES:
            acc += share
            if r < acc:
                status = s
                break
        if plan["kind"] == "straw" and (plan["ring"] == 0 or rng.chance(0.8)):
            # new guns bought for others: traced to the buyer
            status = "completed" if rng.chance(0.4) else "closed"
        if status in ("submitted", "in_progress"):
            return status, None
        untraceable = plan["kind"] != "straw" and (status == "untraceable"
                                                   or (status == "closed" and rng.chance(0.25)))
        reason = None
        if obliterated and not untraceable and rng.chance(0.8):
            untraceable, reason = True, "serial_invalid"
        if no_importer and not untraceable and rng.chance(0.5):
            untraceable, reason = True, "foreign_no_importer"
        if untraceable and status == "completed":
            status = "untraceable"
        if not untraceable and status == "untraceable":
            status = "completed"
        if untraceable:
            if reason is None:
                pool = [x for x in world.UNTRACEABLE
                        if (x[0] != "serial_invalid" or obliterated)
                        and (x[0] != "foreign_no_importer" or no_importer)]
                reason = rng.weighted(pool)[0]
            note = next(x[1] for x in world.UNTRACEABLE if x[0] == reason)
            return status, {"untraceable_reason": reason, "note": note}
        bought = min(plan["bought"], recovered)
        dealer = plan["dealer"]
        result = {"outcome": "purchaser_identified", "dealer_ffl": dealer["ffl"], "dealer_name": dealer["name"],
                  "dealer_subdivision": dealer["subdivision"], "purchase_date": bought.isoformat()}
        if plan["kind"] == "single" and rng.chance(0.25):
            result["outcome"] = "dealer_identified"
        else:
            result["purchaser"] = plan["purchaser"]
        return status, result
