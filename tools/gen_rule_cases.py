#!/usr/bin/env python3
"""Generate the rule-case regression test from the template definitions in spec/.

For each template this script builds a base report that satisfies every rule
instance (errors and warnings; continuity rules aside), then one broken report
per rule instance: one cell of the instance changed so that the instance
breaks.  For each broken report it computes, with its own evaluator, the exact
set of instances that break, with both sides and the imbalance, and writes

  sql/rule_cases.sql       the cases and the queries comparing them with
                           govinfo.violations(), and
  expected/rule_cases.out  the pg_regress expected output of that file
                           (psql -a -q echo, aligned result tables).

The evaluator here is independent of the extension's C engine: it reads the
spec files itself (rows, column sets, group definitions, rule text), expands
the rules into instances on its own and implements the comparison, a group
term as the group's value (the sum of its present members), the NULL
handling of the seven missing-value modes (certain included) and the
imbalance from spec/README.md.

Then, for the blanks: reports made from each base by blanking cells --
members of a group (some, all), at random, gov2021's （六）其他处理 printed as
one row -- evaluated under every mode, instance by instance, against
govinfo.violations(); is_consistent() and upgrade_check() (the 1.0 reading,
a group as its members) on the same reports.  Its expansion is cross-checked against tools/gen_catalog.py,
which the C tables are generated from: a disagreement stops the build.

Deterministic: a fixed seed, no clock, no hash order; the same spec gives
byte-identical outputs.  Python 3 standard library only.

Usage: gen_rule_cases.py SPEC_DIR OUT.sql OUT.out
"""

import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_catalog  # noqa: E402  (cross-check only)

SEED = 20211001
AGENCY = "测试机关"
MODES = ("non_null", "non_zero", "partial_null", "partial_zero", "always_null", "always_zero",
         "certain")
ZERO_MODES = ("non_zero", "partial_zero", "always_zero")
SCALES = {"万元": 1000000}                # stored in 分 (0.01 元)


class GenError(Exception):
    pass


# ---------------------------------------------------------------------------
# The spec, read independently of gen_catalog
# ---------------------------------------------------------------------------

def _fields(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield line.split("\t")


TERM = re.compile(r"^(prev\.)?([a-z0-9_.]+?)(?:@([a-z0-9_]+|\*))?$")


def parse_side(text):
    """'a + b@* - prev.c' -> [(coef, prev, code, column or None or '*')]"""
    out = []
    coef = 1
    for i, tok in enumerate(text.split()):
        if i % 2 == 1:
            if tok not in "+-":
                raise GenError("bad operator %r in %r" % (tok, text))
            coef = -1 if tok == "-" else 1
            continue
        m = TERM.match(tok)
        if not m:
            raise GenError("bad term %r in %r" % (tok, text))
        out.append((coef, bool(m.group(1)), m.group(2), m.group(3)))
    return out


class Template:
    """One template: its cells and its rule instances, expanded to cells."""

    def __init__(self, spec, name, colsets):
        self.name = name
        self.rows = {}            # row code -> dict
        self.cells = []           # stored cell codes, printed order
        self.printed = []         # (row code, [cell codes]) per printed row with cells
        self.colset = None
        for f in _fields(os.path.join(spec, name + ".tsv")):
            if len(f) == 7:
                code, kind, section, unit, sign, label_zh, _ = f
                cols = "-"
            else:
                code, kind, section, unit, sign, cols, label_zh, _ = f
            if kind == "head":
                continue
            if cols != "-":
                self.colset = cols
            self.rows[code] = {"kind": kind, "section": section, "unit": unit,
                               "signed": sign == "±", "columns": cols != "-",
                               "label": label_zh, "scale": SCALES.get(unit, 1)}
        self.columns = colsets[self.colset] if self.colset else []
        self.colnames = [c[0] for c in self.columns]
        self.collabel = dict(self.columns)
        self.cell_row = {}
        self.cell_col = {}
        for code, r in self.rows.items():
            full = [self.full(code, c) for c in self.colnames] if r["columns"] else [code]
            for fc, c in zip(full, self.colnames if r["columns"] else [None]):
                self.cell_row[fc] = code
                self.cell_col[fc] = c
            if r["kind"] == "cell":
                self.cells.extend(full)
                self.printed.append((code, full))
        self.pos = {c: i for i, c in enumerate(self.cells)}

        self.groups = {}
        checks = []
        for rid, sev, text, why in _fields(os.path.join(spec, name + ".rules")):
            if ":=" in text:
                g, expr = text.split(":=")
                self.groups[g.strip()] = parse_side(expr)
            else:
                m = re.match(r"^(.*?)\s*(<=|>=|=)\s*(.*)$", text)
                checks.append((rid, sev, m.group(2), parse_side(m.group(1)), parse_side(m.group(3))))
        self.prefix = checks[0][0].split("-")[0]

        self.instances = []
        for rid, sev, op, lhs, rhs in checks:
            if any(t[3] == "*" for t in lhs + rhs):
                for c in self.colnames:
                    self.add_instance("%s@%s" % (rid, c), sev, op, lhs, rhs, c)
            else:
                self.add_instance(rid, sev, op, lhs, rhs, None)
        for code, r in self.rows.items():
            if r["kind"] == "cell" and r["columns"]:
                self.add_instance("%s-COL:%s" % (self.prefix, code), "error", "=",
                                  [(1, False, code, "total")],
                                  [(1, False, code, c) for c in self.colnames[:-1]], None)
        self.checks = [i for i in self.instances if not i["continuity"]]
        self.by_id = {i["id"]: i for i in self.instances}

    def full(self, code, col):
        """The cell or group code of row `code` in column `col`."""
        if not self.rows[code]["columns"]:
            if col not in (None, "total"):
                raise GenError("%s: %s has no columns" % (self.name, code))
            return code
        return code if col in (None, "total") else "%s@%s" % (code, col)

    def operand(self, code, col):
        """A term's own code (cell or group), column resolved."""
        return self.full(code, col if self.rows[code]["columns"] else None)

    def leaves(self, code, col, coef, prev):
        """A term -> [(coef, prev, cell code)]: groups stand for their definitions."""
        r = self.rows[code]
        col = col if r["columns"] else None
        if r["kind"] == "cell":
            return [(coef, prev, self.full(code, col))]
        out = []
        for mcoef, mprev, mcode, mcol in self.groups[code]:
            out.extend(self.leaves(mcode, mcol if mcol is not None else col, coef * mcoef, prev or mprev))
        return out

    def add_instance(self, rid, sev, op, lhs, rhs, column):
        def side(terms):
            ops, cells = [], []
            for coef, prev, code, col in terms:
                col = column if col == "*" else col
                ops.append((coef, prev, self.operand(code, col)))
                cells.extend(self.leaves(code, col, coef, prev))
            return ops, cells
        lo, lc = side(lhs)
        ro, rc = side(rhs)
        scales = {self.rows[self.cell_row[c]]["scale"] for _, _, c in lc + rc}
        if len(scales) != 1:
            raise GenError("%s %s mixes units" % (self.name, rid))
        self.instances.append({
            "id": rid, "severity": sev, "op": op, "scale": scales.pop(),
            "continuity": any(p for _, p, _ in lc + rc),
            "lhs": lc, "rhs": rc, "lops": lo, "rops": ro,
        })

    def scale(self, cell):
        return self.rows[self.cell_row[cell]]["scale"]

    def signed(self, cell):
        return self.rows[self.cell_row[cell]]["signed"]


def load(spec):
    colsets = {}
    for f in _fields(os.path.join(spec, "columns.tsv")):
        colsets.setdefault(f[0], []).append((f[1], f[2]))
    return [Template(spec, name, colsets) for name in gen_catalog.TEMPLATES]


def cross_check(spec, templates):
    """Our reading of the spec must give gen_catalog's instances, term for term."""
    for mine, theirs in zip(templates, gen_catalog.load(spec)):
        if mine.cells != [c["code"] for c in theirs["codes"] if c["pos"] >= 0]:
            raise GenError("%s: cell order differs from gen_catalog" % mine.name)
        ids = [i["id"] for i in theirs["rules"]]
        if sorted(ids) != sorted(i["id"] for i in mine.instances):
            raise GenError("%s: rule instances differ from gen_catalog: %s" % (
                mine.name, sorted(set(ids) ^ {i["id"] for i in mine.instances})))
        for ti in theirs["rules"]:
            mi = mine.by_id[ti["id"]]
            for side in ("lhs", "rhs"):
                a = Counter((coef, prev, mine.pos[c]) for coef, prev, c in mi[side])
                b = Counter((coef, prev, pos) for pos, _, coef, prev in ti[side])
                if a != b:
                    raise GenError("%s %s: %s expands differently in gen_catalog" % (mine.name, ti["id"], side))
            if (mi["op"], mi["severity"], mi["continuity"]) != (ti["op"], ti["severity"], ti["continuity"]):
                raise GenError("%s %s: op/severity differ from gen_catalog" % (mine.name, ti["id"]))


# ---------------------------------------------------------------------------
# The evaluator (spec/README.md, "Missing values")
# ---------------------------------------------------------------------------

def operand_nonneg(t, code):
    """A blank operand is an unknown >= 0 where its cells' sign is '+' (a group:
    all its members, each added), of any sign otherwise."""
    base = code.split("@")[0]
    col = code.split("@")[1] if "@" in code else None
    return all(coef > 0 and not t.signed(c) for coef, _, c in t.leaves(base, col, 1, False))


def operands(t, inst, vals, reading):
    """(side, coef, value or None, nonneg) per operand of both sides.  reading
    'value' (1.1): a group is one operand, its value; 'definition' (1.0): each
    member is an operand of its own."""
    out = []
    for side, ops, cells in ((1, inst["lops"], inst["lhs"]), (-1, inst["rops"], inst["rhs"])):
        if reading == "definition":
            for coef, prev, cell in cells:
                out.append((side, coef, None if prev else vals.get(cell), not t.signed(cell)))
            continue
        for coef, prev, code in ops:
            out.append((side, coef, None if prev else operand_value(t, code, vals),
                        operand_nonneg(t, code)))
    return out


INF = float("inf")


def evaluate(t, inst, vals, mode="non_null", reading="value"):
    """(outcome True/False/None, lhs, rhs, imbalance) in stored units; None = NULL.

    spec/README.md, "Missing values": the VTL modes, and certain, where a blank
    operand is an unknown (>= 0 where its sign is '+') and left - right ranges
    over [lo, hi]: the instance fails when no point of it satisfies the
    operator, holds when every point does."""
    zero = mode in ZERO_MODES
    present = nonzero = 0
    sums = {1: 0, -1: 0}
    blank = {1: False, -1: False}
    lo_open = hi_open = False
    ops = operands(t, inst, vals, reading)
    for side, coef, v, nonneg in ops:
        if v is None:
            blank[side] = True
            direction = side * coef          # the unknown's sign in left - right
            if not nonneg:
                lo_open = hi_open = True
            elif direction > 0:
                hi_open = True
            else:
                lo_open = True
            continue
        present += 1
        nonzero += v != 0
        sums[side] += coef * v
    lhs = None if blank[1] and not zero else sums[1]
    rhs = None if blank[-1] and not zero else sums[-1]
    imb = None if lhs is None or rhs is None else lhs - rhs
    if mode == "certain":
        k = sums[1] - sums[-1]
        lo, hi = (-INF if lo_open else k), (INF if hi_open else k)
        holds, fails = {"=": (lo == hi == 0, lo > 0 or hi < 0),
                        "<=": (hi <= 0, lo > 0),
                        ">=": (lo >= 0, hi < 0)}[inst["op"]]
        return (True if holds else False if fails else None), lhs, rhs, imb
    judged = {"non_null": present == len(ops), "non_zero": nonzero > 0,
              "partial_null": present > 0, "partial_zero": present > 0}.get(mode, True)
    if not judged or imb is None:
        return None, lhs, rhs, imb
    holds = {"=": imb == 0, "<=": imb <= 0, ">=": imb >= 0}[inst["op"]]
    return holds, lhs, rhs, imb


def broken(t, vals):
    """The non-continuity instances that fail in mode non_null, in instance order."""
    out = []
    for inst in t.checks:
        outcome, lhs, rhs, imb = evaluate(t, inst, vals)
        if outcome is False:
            out.append((inst, lhs, rhs, imb))
    return out


# ---------------------------------------------------------------------------
# A valid base report, built from the rules
# ---------------------------------------------------------------------------

def net(inst):
    """Cell -> coefficient of (lhs - rhs); cancelling terms dropped."""
    n = Counter()
    for coef, _, c in inst["lhs"]:
        n[c] += coef
    for coef, _, c in inst["rhs"]:
        n[c] -= coef
    return {c: k for c, k in n.items() if k}


def build_base(t, rng):
    """Values (stored units) for every cell; every check instance holds."""
    eqs = [i for i in t.checks if i["op"] == "="]
    bounds = [i for i in t.checks if i["op"] != "="]
    in_rules = {c for i in t.checks for _, _, c in i["lhs"] + i["rhs"]}

    # totals: a single cell equal to a sum of two or more terms
    definition = {}
    sums = set()
    for i in eqs:
        for one, many in ((i["lhs"], i["rhs"]), (i["rhs"], i["lhs"])):
            if len(one) == 1 and one[0][0] == 1 and len(many) >= 2 and one[0][2] not in definition:
                definition[one[0][2]] = many
                sums.add(i["id"])

    def expand(cell, depth=0):
        if cell not in definition or depth > 20:
            return Counter({cell: 1})
        out = Counter()
        for coef, _, c in definition[cell]:
            for leaf, k in expand(c, depth + 1).items():
                out[leaf] += coef * k
        return out

    # Equations that are not such sums (received + carried_in = result +
    # carried_out; result = closed) leave one leaf to be solved, taken on the
    # side with fewer leaves so that it absorbs a positive difference.
    dependent = set()
    for i in eqs:
        if i["id"] in sums:
            continue
        sides = []
        for side in (i["lhs"], i["rhs"]):
            s = Counter()
            for coef, _, c in side:
                for leaf, k in expand(c).items():
                    s[leaf] += coef * k
            sides.append(s)
        netleaf = {c: sides[0][c] - sides[1][c] for c in set(sides[0]) | set(sides[1])}
        if any(k and c in dependent for c, k in netleaf.items()):
            continue                    # implied by equations already provided for
        small = 0 if sum(sides[0].values()) <= sum(sides[1].values()) else 1
        for c in sides[small]:
            if netleaf.get(c) and c not in dependent:
                dependent.add(c)
                break

    # Solve symbolically: every cell a linear form over the free cells.
    nets = [net(i) for i in eqs]
    known = {}
    free = []

    def propagate():
        progress = True
        while progress:
            progress = False
            for n in nets:
                unknown = [c for c in n if c not in known]
                if len(unknown) != 1:
                    continue
                x = unknown[0]
                g = n[x]
                if g not in (1, -1):
                    raise GenError("%s: cannot solve for %s (coefficient %d)" % (t.name, x, g))
                form = Counter()
                for c, k in n.items():
                    if c != x:
                        for f, v in known[c].items():
                            form[f] -= g * k * v
                known[x] = Counter({f: v for f, v in form.items() if v})
                progress = True

    rule_cells = [c for c in t.cells if c in in_rules]
    propagate()
    while len(known) < len(rule_cells):
        unknown = [c for c in rule_cells if c not in known]
        pick = ([c for c in unknown if c not in definition and c not in dependent]
                or [c for c in unknown if c not in definition] or unknown)[0]
        known[pick] = Counter({pick: 1})
        free.append(pick)
        propagate()

    def draw(cell):
        """A leaf's value: a few to a few dozen printed units (万元 to the 0.01)."""
        sc = t.scale(cell)
        return rng.randint(3, 40) * sc + (rng.randint(0, 99) * (sc // 100) if sc >= 100 else 0)

    values = {f: draw(f) for f in free}

    def solve():
        return {c: sum(k * values[f] for f, k in known[c].items()) for c in rule_cells}

    def grad(expr):
        """Gradient over the free cells of a linear expression {cell: coef}."""
        g = Counter()
        for c, k in expr.items():
            for f, v in known[c].items():
                g[f] += k * v
        return g

    # Monotone free cells raise no cell when lowered: prefer raising them.
    monotone = [f for f in free if all(known[c].get(f, 0) >= 0 for c in rule_cells)]
    constraints = [({c: 1}, 1) for c in rule_cells if not t.signed(c)]
    for i in bounds:
        n = net(i)
        sign = -1 if i["op"] == "<=" else 1
        constraints.append(({c: sign * k for c, k in n.items()}, 0))
    for _ in range(10000):
        vals = solve()
        for expr, need in constraints:
            have = sum(k * vals[c] for c, k in expr.items())
            if have < need:
                g = grad(expr)
                cands = [f for f in monotone if g[f] > 0] or [f for f in free if g[f] > 0]
                if not cands:
                    raise GenError("%s: cannot satisfy %r" % (t.name, expr))
                f = rng.choice(cands)
                values[f] += -(-(need - have) // g[f]) + rng.randint(0, 9) * max(1, t.scale(f) // 100)
                break
        else:
            break
    else:
        raise GenError("%s: the bounds do not settle" % t.name)

    # cells in no rule: any plausible value in their unit and sign
    for c in t.cells:
        if c in vals:
            continue
        if t.signed(c):
            vals[c] = rng.choice((-1, 1)) * rng.randint(1, 30) * t.scale(c)
        elif t.scale(c) > 1:
            vals[c] = rng.randint(1, 99999) * (t.scale(c) // 100)
        else:
            vals[c] = rng.randint(1, 500)
    for inst in t.checks:
        for mode in MODES:
            if evaluate(t, inst, vals, mode)[0] is not True:
                raise GenError("%s: base report breaks %s under %s" % (t.name, inst["id"], mode))
    for c in t.cells:
        if vals[c] == 0 or (vals[c] < 0 and not t.signed(c)):
            raise GenError("%s: base cell %s is %d" % (t.name, c, vals[c]))
    return vals


# ---------------------------------------------------------------------------
# Broken reports
# ---------------------------------------------------------------------------

def break_case(t, base, inst, rng):
    """Change one cell of inst so that it breaks: (cell, new value, broken list)."""
    n = net(inst)
    outcome, lhs, rhs, imb = evaluate(t, inst, base)
    cells = []
    for _, _, c in inst["lhs"] + inst["rhs"]:
        if c in n and c not in cells:
            cells.append(c)
    k = rng.randint(1, 3) * inst["scale"]
    for c in cells:
        g = n[c]
        if inst["op"] == "=":
            delta = t.scale(c)                      # +1 in printed units
        elif inst["op"] == "<=":                   # lhs - rhs becomes k > 0
            delta = (k - imb) // g if (k - imb) % g == 0 else None
        else:                                      # lhs - rhs becomes -k < 0
            delta = (-k - imb) // g if (-k - imb) % g == 0 else None
        if delta is None:
            continue
        new = base[c] + delta
        if new < 0 and not t.signed(c):
            continue
        vals = dict(base)
        vals[c] = new
        result = broken(t, vals)
        if inst["id"] in [b[0]["id"] for b in result]:
            for b in result:
                if c not in [x[2] for x in b[0]["lhs"] + b[0]["rhs"]]:
                    raise GenError("%s breaks without involving %s" % (b[0]["id"], c))
            return c, new, vals, result
    raise GenError("%s: no single-cell change breaks %s" % (t.name, inst["id"]))


# ---------------------------------------------------------------------------
# Reports with blanks
# ---------------------------------------------------------------------------

def group_operands(t):
    """The group operands of the check instances (cell or group codes), first use order."""
    seen = []
    for inst in t.checks:
        for _, _, code in inst["lops"] + inst["rops"]:
            if t.rows[code.split("@")[0]]["kind"] == "group" and code not in seen:
                seen.append(code)
    return seen


def members(t, code):
    base = code.split("@")[0]
    col = code.split("@")[1] if "@" in code else None
    return [c for _, _, c in t.leaves(base, col, 1, False)]


def member_rows(t, group_row):
    """A group row's members as rows: [(member row code, {column: cell})]."""
    out = []
    for _, _, code, _ in t.groups[group_row]:
        cols = t.colnames if t.rows[code]["columns"] else [None]
        out.append((code, {c: t.full(code, c) for c in cols}))
    return out


def blank_cases(t, base, rng):
    """[(case id, blanked cells, {cell: new value})], deterministic."""
    out = []
    rule_cells = [c for c in t.cells if any(c == x for i in t.checks for _, _, x in i["lhs"] + i["rhs"])]
    groups = group_operands(t)
    for g in sorted(rng.sample(groups, min(4, len(groups))), key=groups.index):
        mem = members(t, g)
        some = sorted(rng.sample(mem, rng.randint(1, len(mem) - 1)), key=t.cells.index)
        out.append(("%s/some:%s" % (t.name, g), some, {}))
    for g in sorted(rng.sample(groups, min(2, len(groups))), key=groups.index):
        out.append(("%s/all:%s" % (t.name, g), members(t, g), {}))
    # a group printed as one row: the other members blank in every column,
    # their values moved to the last member, so that every rule still holds
    for grow in [g for g in t.groups if t.rows[g]["kind"] == "group"
                 and any(x.split("@")[0] == g for x in groups)][-1:]:
        rows = member_rows(t, grow)
        keep, drop = rows[-1], rows[:-1]
        change = {}
        for col, cell in keep[1].items():
            change[cell] = base[cell] + sum(base[d[1][col]] for d in drop)
        out.append(("%s/one_row:%s" % (t.name, grow),
                    sorted((c for _, cells in drop for c in cells.values()), key=t.cells.index), change))
    # a total short of the parts that are present, one part blank: wrong
    # whatever the blank holds (mode certain), not judged under non_null
    sums = [i for i in t.checks if i["op"] == "=" and i["severity"] == "error" and len(i["lops"]) == 1
            and t.rows[i["lops"][0][2].split("@")[0]]["kind"] == "cell" and len(i["rops"]) >= 2
            and all(coef > 0 for coef, _, _ in i["rops"])]
    for inst in sorted(rng.sample(sums, min(2, len(sums))), key=sums.index):
        part = rng.choice([code for _, _, code in inst["rops"]
                           if t.rows[code.split("@")[0]]["kind"] == "cell"])
        rest = sum(base[c] for _, _, c in inst["rhs"] if c != part)
        total = inst["lops"][0][2]
        out.append(("%s/short_total:%s" % (t.name, inst["id"]), [part], {total: rest - t.scale(total)}))
    for pct in (10, 30, 60):
        out.append(("%s/random:%d%%" % (t.name, pct),
                    [c for c in rule_cells if rng.random() < pct / 100.0], {}))
    return out


# ---------------------------------------------------------------------------
# Printed values, messages
# ---------------------------------------------------------------------------

def printed(v, scale):
    """Stored units -> exact decimal text in printed units, no trailing zeros."""
    if scale == 1:
        return str(v)
    d = Decimal(v) / Decimal(scale)
    s = format(d.quantize(Decimal(1) / Decimal(scale)), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def describe(t, code):
    row = t.rows[t.cell_row.get(code) or code.split("@")[0]]
    out = "%s [%s %s" % (code, row["section"], row["label"])
    if row["columns"]:
        col = code.split("@")[1] if "@" in code else "total"
        out += "·" + t.collabel[col]
    return out + "]"


def operand_value(t, code, vals):
    """A cell's value, or a group's: the sum of its present members."""
    base = code.split("@")[0]
    col = code.split("@")[1] if "@" in code else None
    members = t.leaves(base, col, 1, False)
    got = [coef * vals[c] for coef, _, c in members if vals.get(c) is not None]
    return sum(got) if got else None


def message(t, inst, vals, lhs, rhs, imb):
    """The wording of a broken instance, as govinfo.violations() words it."""
    def side(ops):
        parts = []
        for i, (coef, prev, code) in enumerate(ops):
            sep = (" - " if coef < 0 else " + ") if i else ("- " if coef < 0 else "")
            v = operand_value(t, code, vals)
            parts.append("%s%s%s %s" % (sep, "prev." if prev else "", describe(t, code),
                                        "blank" if v is None else printed(v, inst["scale"])))
        return "".join(parts)
    s = "%s: %s" % (inst["id"], side(inst["lops"]))
    if len(inst["lops"]) > 1:
        s += " = " + printed(lhs, inst["scale"])
    s += " %s " % {"=": "≠", "<=": ">", ">=": "<"}[inst["op"]]
    s += side(inst["rops"])
    if len(inst["rops"]) > 1:
        s += " = " + printed(rhs, inst["scale"])
    return s + "; left - right = " + printed(imb, inst["scale"])


# ---------------------------------------------------------------------------
# psql output (aligned format, border 1), as pg_regress records it
# ---------------------------------------------------------------------------

def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cells(rows):
    return [["" if v is None else str(v) for v in r] for r in rows]


def table(header, rows, right):
    """A psql aligned result: header, rule, rows, row count, blank line."""
    cells = _cells(rows)
    w = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(header)]
    out = []
    hs = []
    for i, h in enumerate(header):
        pad = w[i] - width(h)
        hs.append(" " * (pad // 2) + h + " " * (pad - pad // 2))
    out.append(" " + " | ".join(hs) + " ")
    out.append("-" + "-+-".join("-" * x for x in w) + "-")
    for r in cells:
        line = ""
        for i, v in enumerate(r):
            pad = " " * (w[i] - width(v))
            if right[i]:
                v = pad + v
            elif i < len(r) - 1:
                v = v + pad
            line += (" " if i == 0 else " | ") + v
        out.append(line)
    out.append("(%d row%s)" % (len(rows), "" if len(rows) == 1 else "s"))
    return "\n".join(out) + "\n\n"


def unaligned(header, rows):
    """A psql unaligned result: fields joined by |, row count, no blank line."""
    out = ["|".join(header)] + ["|".join(r) for r in _cells(rows)]
    out.append("(%d row%s)" % (len(rows), "" if len(rows) == 1 else "s"))
    return "\n".join(out) + "\n"


class Script:
    """The SQL file and its expected output, written side by side."""

    def __init__(self):
        self.sql = []
        self.out = []

    def echo(self, text):
        text = text.rstrip("\n") + "\n"
        self.sql.append(text)
        self.out.append(text)

    def query(self, text, header, rows, right=None):
        """A query and its result; right=None for unaligned format."""
        self.echo(text)
        self.out.append(unaligned(header, rows) if right is None else table(header, rows, right))


# ---------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------

def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def jcell(t, c, v):
    return "%s: %s" % (json.dumps(c), printed(v, t.scale(c)))


def generate(spec):
    templates = load(spec)
    cross_check(spec, templates)
    rng = random.Random(SEED)
    years = gen_catalog.load_years(spec)

    data = []
    for t in templates:
        base = build_base(t, rng)
        cases = []
        for inst in t.checks:
            cell, new, vals, result = break_case(t, base, inst, rng)
            cases.append({"inst": inst, "cell": cell, "new": new, "vals": vals, "broken": result})
        data.append((t, years[t.name][0] + 1, base, cases))

    s = Script()
    s.echo("""\
--
-- rule_cases: every rule instance of every template, broken one at a time.
-- GENERATED by tools/gen_rule_cases.py from spec/ (seed %d): do not edit.
--
-- For each template a base report satisfies every rule instance (errors and
-- warnings; continuity rules need two reports and are left out).  Each case
-- changes one cell of the base so that the instance it is named after breaks:
-- an equality gets +1 on a cell, a bound is overstepped by 1 to 3.
-- rule_case_expect holds every instance the change breaks, with both sides
-- and the imbalance (left - right), as the generator's own evaluator finds
-- them under mode non_null.  Values are in printed units.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
CREATE TEMP TABLE rule_base (
    template text COLLATE "C" PRIMARY KEY,
    year     integer NOT NULL,
    cells    jsonb NOT NULL     -- {code: value}, every stored cell
);""" % SEED)
    lines = ["INSERT INTO rule_base VALUES"]
    for ti, (t, year, base, cases) in enumerate(data):
        rows = []
        for _, cells in t.printed:
            rows.append("  " + ", ".join(jcell(t, c, base[c]) for c in cells))
        lines.append("(%s, %d, '{\n%s\n}')%s" % (sql_str(t.name), year, ",\n".join(rows),
                                                ";" if ti == len(data) - 1 else ","))
    s.echo("\n".join(lines))

    s.echo("""\
CREATE TEMP TABLE rule_case (
    case_id  text COLLATE "C" PRIMARY KEY,  -- the rule instance the change breaks
    template text COLLATE "C" NOT NULL REFERENCES rule_base,
    change   jsonb NOT NULL                 -- the changed cell and its new value
);""")
    vals = []
    for t, year, base, cases in data:
        for c in cases:
            vals.append("(%s, %s, '{%s}')" % (sql_str(c["inst"]["id"]), sql_str(t.name),
                                              jcell(t, c["cell"], c["new"])))
    s.echo("INSERT INTO rule_case VALUES\n" + ",\n".join(vals) + ";")

    s.echo("""\
CREATE TEMP TABLE rule_case_expect (
    case_id   text COLLATE "C" NOT NULL REFERENCES rule_case,
    rule_id   text COLLATE "C" NOT NULL,
    severity  text COLLATE "C" NOT NULL,
    lhs       numeric NOT NULL,
    rhs       numeric NOT NULL,
    imbalance numeric NOT NULL,
    PRIMARY KEY (case_id, rule_id)
);""")
    vals = []
    for t, year, base, cases in data:
        for c in cases:
            for inst, lhs, rhs, imb in c["broken"]:
                sc = inst["scale"]
                vals.append("(%s, %s, %s, %s, %s, %s)" % (
                    sql_str(c["inst"]["id"]), sql_str(inst["id"]), sql_str(inst["severity"]),
                    printed(lhs, sc), printed(rhs, sc), printed(imb, sc)))
    s.echo("INSERT INTO rule_case_expect VALUES\n" + ",\n".join(vals) + ";")

    report = "govinfo.report(%s, b.year, b.template, %%s)" % sql_str(AGENCY)
    s.echo("""\
-- What govinfo.violations() reports for each case.
CREATE TEMP TABLE rule_case_actual AS
SELECT c.case_id, v.rule_id COLLATE "C" AS rule_id, v.severity COLLATE "C" AS severity,
       v.outcome, v.lhs, v.rhs, v.imbalance, v.cells, v.message
  FROM rule_case c
  JOIN rule_base b USING (template)
 CROSS JOIN LATERAL govinfo.violations(
         %s,
         'non_null', 'invalid') AS v;""" % (report % "b.cells || c.change"))

    # (a) counts
    rows = []
    for t, year, base, cases in data:
        nexp = sum(len(c["broken"]) for c in cases)
        rows.append((t.name, len(cases), nexp, nexp))
    s.query("""\
-- (a) Cases and failures per template: expected (by the generator) and
-- reported (by govinfo.violations).
SELECT b.template,
       (SELECT count(*) FROM rule_case c
         WHERE c.template = b.template) AS cases,
       (SELECT count(*) FROM rule_case_expect e JOIN rule_case c USING (case_id)
         WHERE c.template = b.template) AS expected_failures,
       (SELECT count(*) FROM rule_case_actual a JOIN rule_case c USING (case_id)
         WHERE c.template = b.template) AS reported_failures
  FROM rule_base b
 ORDER BY b.template;""", ["template", "cases", "expected_failures", "reported_failures"],
            rows, [False, True, True, True])

    # (a2) the CHECK-constraint path (is_consistent, check_totals) agrees
    rows = []
    for t, year, base, cases in data:
        bad = sum(1 for c in cases if any(b[0]["severity"] == "error" for b in c["broken"]))
        rows.append((t.name, len(cases), bad, len(cases) - bad))
    s.query("""\
-- (a2) govinfo.is_consistent() -- the fast path that check_totals() uses --
-- is false exactly for the cases that break an error-severity rule.
SELECT b.template,
       count(*) AS cases,
       count(*) FILTER (WHERE NOT govinfo.is_consistent(%s)) AS inconsistent,
       count(*) FILTER (WHERE govinfo.is_consistent(%s)) AS consistent
  FROM rule_case c
  JOIN rule_base b USING (template)
 WHERE govinfo.is_consistent(%s)
       = NOT EXISTS (SELECT 1 FROM rule_case_expect e
                      WHERE e.case_id = c.case_id AND e.severity = 'error')
 GROUP BY b.template
 ORDER BY b.template;""" % ((report % "b.cells || c.change",) * 3),
            ["template", "cases", "inconsistent", "consistent"], rows, [False, True, True, True])

    # (b) mismatches
    s.query("""\
-- (b) Every difference between expected and reported failures: none.
SELECT coalesce(e.case_id, a.case_id) AS case_id,
       coalesce(e.rule_id, a.rule_id) AS rule_id,
       CASE WHEN a.rule_id IS NULL THEN 'not reported'
            WHEN e.rule_id IS NULL THEN 'not expected'
            ELSE 'differs' END AS problem,
       e.severity AS exp_severity, a.severity AS act_severity, a.outcome,
       e.lhs AS exp_lhs, a.lhs AS act_lhs, e.rhs AS exp_rhs, a.rhs AS act_rhs,
       e.imbalance AS exp_imbalance, a.imbalance AS act_imbalance
  FROM rule_case_expect e
  FULL JOIN rule_case_actual a ON a.case_id = e.case_id AND a.rule_id = e.rule_id
 WHERE a.rule_id IS NULL OR e.rule_id IS NULL
    OR (a.severity, a.outcome, a.lhs, a.rhs, a.imbalance)
       IS DISTINCT FROM (e.severity, false, e.lhs, e.rhs, e.imbalance)
 ORDER BY 1, 2;""", ["case_id", "rule_id", "problem", "exp_severity", "act_severity", "outcome",
                     "exp_lhs", "act_lhs", "exp_rhs", "act_rhs", "exp_imbalance", "act_imbalance"],
            [], [False] * 6 + [True] * 6)

    # coverage
    s.query("""\
-- Every rule instance that govinfo.violations() evaluates has a case, and
-- every case names one of them: none missing.
SELECT coalesce(c.template, i.template) AS template,
       coalesce(c.case_id, i.rule_id) AS rule_id,
       CASE WHEN c.case_id IS NULL THEN 'no case' ELSE 'not evaluated' END AS problem
  FROM rule_case c
  FULL JOIN (SELECT b.template, v.rule_id COLLATE "C" AS rule_id
               FROM rule_base b
              CROSS JOIN LATERAL govinfo.violations(%s, 'non_null', 'all') AS v) AS i
    ON i.template = c.template AND i.rule_id = c.case_id
 WHERE c.case_id IS NULL OR i.rule_id IS NULL
 ORDER BY 1, 2;""" % (report % "b.cells"), ["template", "rule_id", "problem"], [], [False] * 3)

    # (c) base reports
    modes = ",\n".join("            (%d, %s)" % (k + 1, sql_str(m)) for k, m in enumerate(MODES))
    s.query("""\
-- (c) The base reports break no rule under any of the seven modes ...
SELECT b.template, m.mode, v.rule_id, v.outcome, v.lhs, v.rhs
  FROM rule_base b
 CROSS JOIN (VALUES
%s) AS m(n, mode)
 CROSS JOIN LATERAL govinfo.violations(%s, m.mode, 'invalid') AS v
 ORDER BY b.template, m.n, v.rule_id COLLATE "C";""" % (modes, report % "b.cells"),
            ["template", "mode", "rule_id", "outcome", "lhs", "rhs"], [],
            [False, False, False, False, True, True])
    rows = [(t.name, len(t.checks), len(t.checks), "t", "t") for t, _, _, _ in data]
    s.query("""\
-- ... every instance holds under non_null, and check_totals accepts them.
SELECT b.template,
       (SELECT count(*) FROM rule_case c WHERE c.template = b.template) AS instances,
       (SELECT count(*) FROM govinfo.violations(x.r, 'non_null', 'all') AS v
         WHERE v.outcome) AS holding,
       govinfo.is_consistent(x.r) AS is_consistent,
       govinfo.check_totals(x.r) AS check_totals
  FROM rule_base b
 CROSS JOIN LATERAL (SELECT %s AS r) AS x
 ORDER BY b.template;""" % (report % "b.cells"),
            ["template", "instances", "holding", "is_consistent", "check_totals"], rows,
            [False, True, True, False, False])

    # (d) a few cases in full
    shown = []
    for t, year, base, cases in data:
        pick = []
        for test in (lambda c: any(t.rows[t.cell_row.get(o[2], o[2].split("@")[0])]["kind"] == "group"
                                   for b in c["broken"] for o in b[0]["lops"] + b[0]["rops"]),
                     lambda c: c["inst"]["op"] != "=",
                     lambda c: ":" in c["inst"]["id"]):
            hit = [c for c in cases if test(c) and c not in pick]
            if hit:
                pick.append(hit[0])
        if len(pick) < 2:
            pick.extend([c for c in cases if len(c["broken"]) > 1 and c not in pick][:1])
        shown.extend((t, base, c) for c in pick)
    shown.sort(key=lambda x: x[2]["inst"]["id"])
    ids = ", ".join(sql_str(c["inst"]["id"]) for _, _, c in shown)
    rows = [(c["inst"]["id"], t.name, c["cell"], printed(base[c["cell"]], t.scale(c["cell"])),
             printed(c["new"], t.scale(c["cell"]))) for t, base, c in shown]
    s.query("""\
-- (d) A few cases in full: the changed cell ...
SELECT c.case_id, c.template, ch.key AS cell, b.cells -> ch.key AS base_value,
       ch.value AS new_value
  FROM rule_case c
  JOIN rule_base b USING (template)
 CROSS JOIN LATERAL jsonb_each(c.change) AS ch
 WHERE c.case_id IN (%s)
 ORDER BY c.case_id;""" % ids, ["case_id", "template", "cell", "base_value", "new_value"], rows,
            [False] * 5)
    rows = []
    for t, base, c in shown:
        for inst, lhs, rhs, imb in sorted(c["broken"], key=lambda b: b[0]["id"]):
            sc = inst["scale"]
            rows.append((c["inst"]["id"], inst["id"], inst["severity"], printed(lhs, sc),
                         printed(rhs, sc), printed(imb, sc), message(t, inst, c["vals"], lhs, rhs, imb)))
    s.echo("\\pset format unaligned")
    s.query("""\
-- ... and every instance it breaks, as govinfo.violations() words it.
SELECT case_id, rule_id, severity, lhs, rhs, imbalance, message
  FROM rule_case_actual
 WHERE case_id IN (%s)
 ORDER BY case_id, rule_id;""" % ids, ["case_id", "rule_id", "severity", "lhs", "rhs", "imbalance", "message"],
            rows)
    s.echo("\\pset format aligned")
    blanks_section(s, data, report)
    return "".join(s.sql), "".join(s.out)


def blanks_section(s, data, report):
    """(e)-(h): reports with blank cells, under every mode."""
    rng = random.Random(SEED + 1)
    cases = []          # (template, case id, blanked, change, vals)
    for t, year, base, _ in data:
        for cid, blanked, change in blank_cases(t, base, rng):
            vals = {c: v for c, v in base.items() if c not in blanked}
            vals.update(change)
            cases.append((t, cid, blanked, change, vals))

    s.echo("""\
-- (e) Reports with blanks.  Each case blanks cells of a base report: some
-- members of a group (its value is then the sum of those present, so the
-- rule naming it is judged -- and a total that counted the blanked members
-- no longer matches), all members of a group (the group is blank), a group
-- printed as one row (its other members blank, their values moved into the
-- last), or rule cells at random.  blank_expect holds the generator's outcome,
-- sides and imbalance of every instance that names a changed cell, under each
-- of the seven modes; every other instance must hold.
CREATE TEMP TABLE blank_case (
    case_id  text COLLATE "C" PRIMARY KEY,
    template text COLLATE "C" NOT NULL REFERENCES rule_base,
    blank    text[] NOT NULL,           -- the cells left blank
    change   jsonb NOT NULL             -- cells given another value
);""")
    rows = []
    for t, cid, blanked, change, _ in cases:
        rows.append("(%s, %s, %s, '{%s}')" % (
            sql_str(cid), sql_str(t.name),
            "ARRAY[%s]::text[]" % ", ".join(sql_str(c) for c in blanked) if blanked else "'{}'",
            ", ".join(jcell(t, c, v) for c, v in change.items())))
    s.echo("INSERT INTO blank_case VALUES\n" + ",\n".join(rows) + ";")

    s.echo("""\
CREATE TEMP TABLE blank_expect (
    case_id   text COLLATE "C" NOT NULL REFERENCES blank_case,
    mode      text COLLATE "C" NOT NULL,
    rule_id   text COLLATE "C" NOT NULL,
    outcome   boolean,
    lhs       numeric,
    rhs       numeric,
    imbalance numeric,
    PRIMARY KEY (case_id, mode, rule_id)
);""")

    def num(v, sc):
        return "NULL" if v is None else printed(v, sc)

    rows = []
    counts = {}
    for t, cid, blanked, change, vals in cases:
        changed = set(blanked) | set(change)
        for inst in t.checks:
            if not changed & {c for _, _, c in inst["lhs"] + inst["rhs"]}:
                continue
            for mode in MODES:
                o, lhs, rhs, imb = evaluate(t, inst, vals, mode)
                sc = inst["scale"]
                rows.append("(%s, %s, %s, %s, %s, %s, %s)" % (
                    sql_str(cid), sql_str(mode), sql_str(inst["id"]),
                    "NULL" if o is None else ("true" if o else "false"),
                    num(lhs, sc), num(rhs, sc), num(imb, sc)))
                k = counts.setdefault((t.name, mode), [0, 0, 0])
                k[0 if o is True else 1 if o is False else 2] += 1
    s.echo("INSERT INTO blank_expect VALUES\n" + ",\n".join(rows) + ";")

    s.echo("""\
CREATE TEMP TABLE blank_actual AS
SELECT c.case_id, m.mode COLLATE "C" AS mode, v.rule_id COLLATE "C" AS rule_id,
       v.outcome, v.lhs, v.rhs, v.imbalance
  FROM blank_case c
  JOIN rule_base b USING (template)
 CROSS JOIN (VALUES %s) AS m(mode)
 CROSS JOIN LATERAL govinfo.violations(
         %s,
         m.mode, 'all') AS v;""" % (
        ", ".join("(%s)" % sql_str(m) for m in MODES), report % "(b.cells - c.blank) || c.change"))

    rows = []
    for t, _, _, _ in data:
        for mode in MODES:
            h, b, n = counts.get((t.name, mode), [0, 0, 0])
            rows.append((t.name, mode, h + b + n, h, b, n))
    s.query("""\
-- (e) The instances that name a blanked or changed cell, by outcome, as
-- govinfo.violations() reports them (the generator expects these counts).
SELECT c.template, e.mode, count(*) AS instances,
       count(*) FILTER (WHERE a.outcome) AS holding,
       count(*) FILTER (WHERE NOT a.outcome) AS broken,
       count(*) FILTER (WHERE a.outcome IS NULL) AS not_judged
  FROM blank_expect e
  JOIN blank_case c USING (case_id)
  LEFT JOIN blank_actual a USING (case_id, mode, rule_id)
 GROUP BY c.template, e.mode
 ORDER BY c.template, array_position(ARRAY[%s]::text[], e.mode::text);""" % ", ".join(sql_str(m) for m in MODES),
            ["template", "mode", "instances", "holding", "broken", "not_judged"], rows,
            [False, False, True, True, True, True])

    s.query("""\
-- (f) Every difference between the generator and govinfo.violations() on
-- those reports: none (an instance naming no changed cell must hold).
SELECT coalesce(e.case_id, a.case_id) AS case_id, coalesce(e.mode, a.mode) AS mode,
       coalesce(e.rule_id, a.rule_id) AS rule_id,
       e.outcome AS exp_outcome, a.outcome AS act_outcome, e.lhs AS exp_lhs, a.lhs AS act_lhs,
       e.rhs AS exp_rhs, a.rhs AS act_rhs, e.imbalance AS exp_imbalance, a.imbalance AS act_imbalance
  FROM blank_expect e
  FULL JOIN blank_actual a ON a.case_id = e.case_id AND a.mode = e.mode AND a.rule_id = e.rule_id
 WHERE (e.rule_id IS NULL AND a.outcome IS DISTINCT FROM true)
    OR (e.rule_id IS NOT NULL AND (a.rule_id IS NULL
        OR (a.outcome, a.lhs, a.rhs, a.imbalance) IS DISTINCT FROM (e.outcome, e.lhs, e.rhs, e.imbalance)))
 ORDER BY 1, 2, 3;""", ["case_id", "mode", "rule_id", "exp_outcome", "act_outcome", "exp_lhs", "act_lhs",
                       "exp_rhs", "act_rhs", "exp_imbalance", "act_imbalance"], [],
            [False] * 5 + [True] * 6)

    # (g) is_consistent: the fast path (non_null) and the general path (certain)
    rows = []
    for t, cid, blanked, change, vals in cases:
        ok = {m: not any(i["severity"] == "error" and evaluate(t, i, vals, m)[0] is False
                         for i in t.checks) for m in ("non_null", "certain")}
        rows.append((cid, len(blanked), "t" if ok["non_null"] else "f", "t" if ok["certain"] else "f"))
    rows.sort(key=lambda r: r[0].encode())
    s.query("""\
-- (g) govinfo.is_consistent() on each case, under non_null (the CHECK fast
-- path) and certain, as the generator's evaluator expects.
SELECT c.case_id, cardinality(c.blank) AS blanks,
       govinfo.is_consistent(x.r) AS non_null,
       govinfo.is_consistent(x.r, 'certain') AS certain
  FROM blank_case c
  JOIN rule_base b USING (template)
 CROSS JOIN LATERAL (SELECT %s AS r) AS x
 ORDER BY c.case_id;""" % (report % "(b.cells - c.blank) || c.change"),
            ["case_id", "blanks", "non_null", "certain"], rows, [False, True, False, False])

    # (h) upgrade_check: the instances whose outcome the 1.0 reading changes
    rows = []
    per = Counter()
    for t, cid, blanked, change, vals in cases:
        for mode in ("non_null", "partial_null"):
            for inst in t.checks:
                new = evaluate(t, inst, vals, mode)[0]
                old = evaluate(t, inst, vals, mode, "definition")[0]
                if new is not old:
                    rows.append("(%s, %s, %s, %s, %s)" % (
                        sql_str(cid), sql_str(mode), sql_str(inst["id"]),
                        "NULL" if old is None else ("true" if old else "false"),
                        "NULL" if new is None else ("true" if new else "false")))
                    per[(t.name, mode)] += 1
    s.echo("""\
-- (h) govinfo.upgrade_check() on the same reports: the instances whose
-- outcome differs between 1.0 (a group term is its members, each an operand)
-- and 1.1 (the group's value), as the generator's evaluator finds them.
CREATE TEMP TABLE upgrade_expect (
    case_id     text COLLATE "C" NOT NULL REFERENCES blank_case,
    mode        text COLLATE "C" NOT NULL,
    rule_id     text COLLATE "C" NOT NULL,
    outcome_1_0 boolean,
    outcome_1_1 boolean,
    PRIMARY KEY (case_id, mode, rule_id)
);""")
    s.echo("INSERT INTO upgrade_expect VALUES\n" + ",\n".join(rows) + ";")
    s.echo("""\
CREATE TEMP TABLE upgrade_actual AS
SELECT c.case_id, m.mode COLLATE "C" AS mode, u.rule_id COLLATE "C" AS rule_id, u.outcome_1_0, u.outcome_1_1
  FROM blank_case c
  JOIN rule_base b USING (template)
 CROSS JOIN (VALUES ('non_null'), ('partial_null')) AS m(mode)
 CROSS JOIN LATERAL govinfo.upgrade_check(%s, m.mode) AS u;""" % (report % "(b.cells - c.blank) || c.change"))
    qrows = [(t.name, mode, per[(t.name, mode)]) for t, _, _, _ in data for mode in ("non_null", "partial_null")]
    s.query("""\
SELECT c.template, a.mode, count(*) AS changed
  FROM upgrade_actual a JOIN blank_case c USING (case_id)
 GROUP BY c.template, a.mode
 ORDER BY c.template, a.mode;""", ["template", "mode", "changed"],
            [r for r in qrows if r[2]], [False, False, True])
    s.query("""\
-- ... and every difference from the generator: none.
SELECT coalesce(e.case_id, a.case_id) AS case_id, coalesce(e.mode, a.mode) AS mode,
       coalesce(e.rule_id, a.rule_id) AS rule_id,
       e.outcome_1_0 AS exp_1_0, a.outcome_1_0 AS act_1_0, e.outcome_1_1 AS exp_1_1, a.outcome_1_1 AS act_1_1
  FROM upgrade_expect e
  FULL JOIN upgrade_actual a ON a.case_id = e.case_id AND a.mode = e.mode AND a.rule_id = e.rule_id
 WHERE a.rule_id IS NULL OR e.rule_id IS NULL
    OR (a.outcome_1_0, a.outcome_1_1) IS DISTINCT FROM (e.outcome_1_0, e.outcome_1_1)
 ORDER BY 1, 2, 3;""", ["case_id", "mode", "rule_id", "exp_1_0", "act_1_0", "exp_1_1", "act_1_1"], [],
            [False] * 7)


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    try:
        sql, out = generate(argv[1])
    except (GenError, gen_catalog.SpecError) as e:
        sys.stderr.write("gen_rule_cases: %s\n" % e)
        return 1
    write(argv[2], sql)
    write(argv[3], out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
