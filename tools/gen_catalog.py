#!/usr/bin/env python3
"""Generate src/core/catalog_data.c from the template definitions in spec/.

The spec files are the one source of truth for the templates: their rows,
codes, labels, units, signs, column sets and rules.  This script reads them,
expands every rule into flat instances (columns, groups, the column set's own
rule) and writes static C tables laid out as src/core/catalog.h describes.

It also serves the test and benchmark generators: `import gen_catalog` and
call load(spec_dir) to get the same expanded model in Python.

Usage: gen_catalog.py SPEC_DIR OUTPUT.c
"""

import os
import re
import sys

TEMPLATES = ("gov2014", "gov2019", "gov2021")
SCALES = {"万元": 1000000}                # stored in 分 (0.01 元), exactly
MAX_CELLS = 256


class SpecError(Exception):
    pass


def _lines(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            yield n, line.split("\t")


def _header_comment(path):
    with open(path, encoding="utf-8") as f:
        return f.readline().lstrip("#").strip()


def load_columns(spec):
    sets = {}
    for n, f in _lines(os.path.join(spec, "columns.tsv")):
        if len(f) != 4:
            raise SpecError("columns.tsv:%d: expected 4 fields" % n)
        sets.setdefault(f[0], []).append({"name": f[1], "label_zh": f[2], "label_en": f[3]})
    for name, cols in sets.items():
        if cols[-1]["name"] != "total":
            raise SpecError("column set %s must end with its total column" % name)
    return sets


def load_years(spec):
    """The README's table: | `gov2014` | layout | 2014–2018 |."""
    years = {}
    with open(os.path.join(spec, "README.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\|\s*`(\w+)`\s*\|.*\|\s*(\d{4})\s*(?:[–-]\s*(\d{4})|onwards)\s*\|", line)
            if m:
                years[m.group(1)] = (int(m.group(2)), int(m.group(3)) if m.group(3) else 0)
    return years


TERM_RE = re.compile(r"^(prev\.)?([a-z0-9_]+(?:\.[a-z0-9_]+)*)(?:@(\*|[a-z0-9_]+))?$")


def parse_expr(text, where):
    """'a + b - c' -> [(coef, prev, code, column-or-None-or-'*')]"""
    toks = text.split()
    out = []
    coef = 1
    expect_term = True
    for tok in toks:
        if expect_term:
            m = TERM_RE.match(tok)
            if not m:
                raise SpecError("%s: bad term %r" % (where, tok))
            out.append((coef, bool(m.group(1)), m.group(2), m.group(3)))
            expect_term = False
        else:
            if tok not in ("+", "-"):
                raise SpecError("%s: expected + or -, got %r" % (where, tok))
            coef = 1 if tok == "+" else -1
            expect_term = True
    if expect_term:
        raise SpecError("%s: expression ends without a term" % where)
    return out


def load_template(spec, name, colsets, years):
    tsv = os.path.join(spec, name + ".tsv")
    title = _header_comment(tsv)
    m = re.match(r"%s:\s*(.*?)(?:,|\s\(|$)" % name, title)
    title = m.group(1).strip() if m else title
    rows = []
    colset = None
    for n, f in _lines(tsv):
        if len(f) == 7:
            code, kind, section, unit, sign, label_zh, label_en = f
            columns = "-"
        elif len(f) == 8:
            code, kind, section, unit, sign, columns, label_zh, label_en = f
        else:
            raise SpecError("%s:%d: expected 7 or 8 fields, got %d" % (tsv, n, len(f)))
        if kind not in ("cell", "group", "head"):
            raise SpecError("%s:%d: unknown kind %r" % (tsv, n, kind))
        if sign not in ("+", "±"):
            raise SpecError("%s:%d: unknown sign %r" % (tsv, n, sign))
        if columns != "-":
            if columns not in colsets:
                raise SpecError("%s:%d: unknown column set %r" % (tsv, n, columns))
            if colset not in (None, columns):
                raise SpecError("%s: more than one column set" % tsv)
            colset = columns
        if kind == "head" and code != "-":
            # a head with a code (gov2014) is still a heading without value
            pass
        rows.append({
            "code": None if kind == "head" else code,
            "kind": kind, "section": section,
            "unit": None if kind == "head" else unit,
            "signed": sign == "±", "columns": columns != "-",
            "label_zh": label_zh, "label_en": label_en,
            "scale": SCALES.get(unit, 1),
        })
    cols = colsets[colset] if colset else []
    ncol = len(cols)

    # codes in printed order; cells get positions
    codes = []
    by_code = {}
    pos = 0
    for ri, r in enumerate(rows):
        if r["code"] is None:
            r["first_code"] = -1
            continue
        r["first_code"] = len(codes)
        variants = [(ci, c["name"]) for ci, c in enumerate(cols)] if r["columns"] else [(-1, None)]
        for ci, cname in variants:
            full = r["code"] if cname in (None, "total") else "%s@%s" % (r["code"], cname)
            if full in by_code:
                raise SpecError("%s: duplicate code %s" % (name, full))
            c = {"code": full, "row": ri, "column": ci, "pos": -1, "terms": []}
            if r["kind"] == "cell":
                c["pos"] = pos
                pos += 1
            by_code[full] = len(codes)
            codes.append(c)
    if pos > MAX_CELLS:
        raise SpecError("%s: %d cells exceed GI_MAX_CELLS" % (name, pos))
    row_of = {r["code"]: ri for ri, r in enumerate(rows) if r["code"]}

    def code_index(code, column, where):
        """A term's code index; column None = total / no column."""
        if code not in row_of:
            raise SpecError("%s: unknown code %s" % (where, code))
        r = rows[row_of[code]]
        if r["columns"]:
            col = column if column is not None else "total"
            names = [c["name"] for c in cols]
            if col not in names:
                raise SpecError("%s: unknown column %s" % (where, col))
            return r["first_code"] + names.index(col)
        if column not in (None, "total"):
            raise SpecError("%s: %s has no columns" % (where, code))
        return r["first_code"]

    spec_rules = []
    defs = {}
    checks = []
    rules_path = os.path.join(spec, name + ".rules")
    prefix = None
    for n, f in _lines(rules_path):
        where = "%s:%d" % (rules_path, n)
        if len(f) != 4:
            raise SpecError("%s: expected 4 fields" % where)
        rid, sev, text, why = f
        spec_rules.append({"id": rid, "severity": sev, "rule": text, "why": why})
        if ":=" in text:
            lhs, rhs = text.split(":=")
            g = lhs.strip()
            if g not in row_of or rows[row_of[g]]["kind"] != "group":
                raise SpecError("%s: %s is not a group row" % (where, g))
            defs[g] = parse_expr(rhs, where)
            continue
        if sev not in ("error", "warning"):
            raise SpecError("%s: unknown severity %r" % (where, sev))
        m = re.match(r"^(.*?)\s*(<=|>=|=)\s*(.*)$", text)
        if not m:
            raise SpecError("%s: no comparison in %r" % (where, text))
        if prefix is None:
            prefix = rid.split("-")[0]
        checks.append((len(spec_rules) - 1, rid, sev, m.group(2),
                       parse_expr(m.group(1), where), parse_expr(m.group(3), where)))
    for g, r in row_of.items():
        if rows[r]["kind"] == "group" and g not in defs:
            raise SpecError("%s: group %s has no definition" % (name, g))

    def expand(code, column, coef, prev, where, depth=0):
        """A term -> [(pos, code_index, coef, prev)] over stored cells."""
        if depth > 8:
            raise SpecError("%s: group definitions nest too deep" % where)
        ci = code_index(code, column, where)
        r = rows[codes[ci]["row"]]
        if r["kind"] == "cell":
            return [(codes[ci]["pos"], ci, coef, prev)]
        out = []
        for mcoef, mprev, mcode, mcol in defs[code]:
            mrow = rows[row_of[mcode]]
            col = column if (mrow["columns"] and mcol is None) else mcol
            if not mrow["columns"]:
                col = None
            out.extend(expand(mcode, col, coef * mcoef, prev, where, depth + 1))
        return out

    # group members, per column
    for c in codes:
        r = rows[c["row"]]
        if r["kind"] == "group":
            col = cols[c["column"]]["name"] if c["column"] >= 0 else None
            c["terms"] = expand(r["code"], col, 1, False, name + " group " + c["code"])

    colnames = [c["name"] for c in cols]
    instances = []

    def instance(rid, spec_i, sev, op, lhs, rhs, column, where):
        def resolve(terms):
            """Operands [(code index, coef, prev, offset, nterms)] and their
            terms flattened; offset is the operand's first term in the side."""
            ops, flat = [], []
            for coef, prev, code, col in terms:
                if col == "*":
                    col = column
                ci = code_index(code, col, where)
                members = expand(code, col, coef, prev, where)
                ops.append((ci, coef, prev, len(flat), len(members)))
                flat.extend(members)
            return ops, flat
        dl, tl = resolve(lhs)
        dr, tr = resolve(rhs)
        # Mode certain reads each blank operand as one unknown of its own
        # (rules.c): exact only while no stored cell appears twice.
        seen = [(t[0], t[3]) for t in tl + tr]
        if len(seen) != len(set(seen)):
            raise SpecError("%s: a cell appears twice in rule %s" % (where, rid))
        instances.append({
            "id": rid, "spec": spec_i, "severity": sev, "op": op,
            "continuity": any(t[3] for t in tl + tr),
            "lhs": tl, "rhs": tr, "dlhs": dl, "drhs": dr,
        })

    for spec_i, rid, sev, op, lhs, rhs in checks:
        where = "%s %s" % (name, rid)
        star = any(t[3] == "*" for t in lhs + rhs)
        if star:
            if not cols:
                raise SpecError("%s: @* without a column set" % where)
            for cname in colnames:
                instance("%s@%s" % (rid, cname), spec_i, sev, op, lhs, rhs, cname, where)
        else:
            instance(rid, spec_i, sev, op, lhs, rhs, None, where)

    if cols:
        col_rule = "code@total = " + " + ".join("code@" + c for c in colnames[:-1])
        spec_rules.append({"id": prefix + "-COL", "severity": "error",
                           "rule": col_rule + " (every row with columns '%s')" % colset,
                           "why": "the column set's own rule: 总计 is the sum of the other columns"})
        col_spec = len(spec_rules) - 1
        for r in rows:
            if r["kind"] != "cell" or not r["columns"]:
                continue
            lhs = [(1, False, r["code"], "total")]
            rhs = [(1, False, r["code"], cn) for cn in colnames[:-1]]
            instance("%s-COL:%s" % (prefix, r["code"]), col_spec, "error", "=", lhs, rhs,
                     None, name + " COL")
    # checks first (spec order), then -COL, then continuity rules
    instances.sort(key=lambda i: 1 if i["continuity"] else 0)

    fy, ly = years.get(name, (0, 0))
    return {
        "name": name, "title": title, "first_year": fy, "last_year": ly,
        "prefix": prefix, "rows": rows, "codes": codes, "ncells": pos,
        "columns": cols, "spec": spec_rules, "rules": instances, "by_code": by_code,
    }


def load(spec):
    colsets = load_columns(spec)
    years = load_years(spec)
    return [load_template(spec, t, colsets, years) for t in TEMPLATES]


def cstr(s):
    if s is None:
        return "NULL"
    b = s.encode("utf-8")
    out = []
    for ch in b:
        if ch in (0x22, 0x5C):
            out.append("\\" + chr(ch))
        elif 0x20 <= ch < 0x7F and ch != 0x3F:  # avoid trigraphs with '?'
            out.append(chr(ch))
        else:
            out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"'


def emit(templates, out):
    w = out.write
    w("/*\n * catalog_data.c\n *\t  GENERATED by tools/gen_catalog.py from spec/: do not edit.\n */\n")
    w('#include "catalog.h"\n#include <stddef.h>\n\n')
    for t in templates:
        n = t["name"]
        if t["columns"]:
            w("static const GiColumn %s_columns[] = {\n" % n)
            for c in t["columns"]:
                w("\t{%s, %s, %s},\n" % (cstr(c["name"]), cstr(c["label_zh"]), cstr(c["label_en"])))
            w("};\n\n")
        w("static const GiRow %s_rows[] = {\n" % n)
        for r in t["rows"]:
            kind = {"cell": "GI_KIND_CELL", "group": "GI_KIND_GROUP", "head": "GI_KIND_HEAD"}[r["kind"]]
            w("\t{%s, %s, %s, %s, %s, %s, %s, %s, %d, %d},\n" % (
                cstr(r["code"]), kind, cstr(r["section"]), cstr(r["unit"]),
                "true" if r["signed"] else "false", "true" if r["columns"] else "false",
                cstr(r["label_zh"]), cstr(r["label_en"]), r["scale"], r["first_code"]))
        w("};\n\n")
        terms = []
        operands = []
        code_terms = []

        for c in t["codes"]:
            code_terms.append((len(terms), len(c["terms"])))
            terms.extend(c["terms"])
        rule_rows = []
        for i in t["rules"]:
            ls, ll = len(terms), len(i["lhs"])
            terms.extend(i["lhs"])
            rs, rl = len(terms), len(i["rhs"])
            terms.extend(i["rhs"])
            dls, dll = len(operands), len(i["dlhs"])
            operands.extend((ci, coef, prev, ls + off, n) for ci, coef, prev, off, n in i["dlhs"])
            drs, drl = len(operands), len(i["drhs"])
            operands.extend((ci, coef, prev, rs + off, n) for ci, coef, prev, off, n in i["drhs"])
            rule_rows.append((i, ls, ll, rs, rl, dls, dll, drs, drl))
        w("static const GiCode %s_codes[] = {\n" % n)
        for c, (ts, tl) in zip(t["codes"], code_terms):
            w("\t{%s, %d, %d, %d, %d, %d},\n" % (cstr(c["code"]), c["row"], c["column"], c["pos"], ts, tl))
        w("};\n\n")
        order = sorted(range(len(t["codes"])), key=lambda i: t["codes"][i]["code"].encode())
        w("static const int %s_codes_sorted[] = {%s};\n\n" % (n, ", ".join(map(str, order))))
        cell_code = [0] * t["ncells"]
        for ci, c in enumerate(t["codes"]):
            if c["pos"] >= 0:
                cell_code[c["pos"]] = ci
        w("static const int %s_cell_code[] = {%s};\n\n" % (n, ", ".join(map(str, cell_code))))
        w("static const GiTerm %s_terms[] = {\n" % n)
        for pos, ci, coef, prev in terms:
            w("\t{%d, %d, %d, %s},\n" % (pos, ci, coef, "true" if prev else "false"))
        if not terms:
            w("\t{0, 0, 0, false},\n")
        w("};\n\n")
        w("static const GiOperand %s_operands[] = {\n" % n)
        for ci, coef, prev, ts, tn in operands:
            w("\t{%d, %d, %s, %d, %d},\n" % (ci, coef, "true" if prev else "false", ts, tn))
        w("};\n\n")
        w("static const GiSpecRule %s_spec[] = {\n" % n)
        for s in t["spec"]:
            w("\t{%s, %s, %s, %s},\n" % (cstr(s["id"]), cstr(s["severity"]), cstr(s["rule"]), cstr(s["why"])))
        w("};\n\n")
        w("static const GiRule %s_rules[] = {\n" % n)
        for i, ls, ll, rs, rl, dls, dll, drs, drl in rule_rows:
            op = {"=": "GI_OP_EQ", "<=": "GI_OP_LE", ">=": "GI_OP_GE"}[i["op"]]
            sev = "GI_SEV_ERROR" if i["severity"] == "error" else "GI_SEV_WARNING"
            w("\t{%s, %d, %s, %s, %s, %d, %d, %d, %d, %d, %d, %d, %d},\n" % (
                cstr(i["id"]), i["spec"], sev, op, "true" if i["continuity"] else "false",
                ls, ll, rs, rl, dls, dll, drs, drl))
        w("};\n\n")
        w("static const GiTemplate %s_template = {\n" % n)
        w("\t%s, %s, %d, %d, %s,\n" % (cstr(n), cstr(t["title"]), t["first_year"], t["last_year"], cstr(t["prefix"])))
        w("\t%d, %s_rows,\n" % (len(t["rows"]), n))
        w("\t%d, %s_codes, %s_codes_sorted,\n" % (len(t["codes"]), n, n))
        w("\t%d, %s_cell_code,\n" % (t["ncells"], n))
        w("\t%d, %s_rules, %s_terms, %s_operands,\n" % (len(t["rules"]), n, n, n))
        w("\t%d, %s_spec,\n" % (len(t["spec"]), n))
        if t["columns"]:
            w("\t%d, %s_columns\n" % (len(t["columns"]), n))
        else:
            w("\t0, NULL\n")
        w("};\n\n")
    w("const GiTemplate *const gi_templates[] = {%s};\n" % ", ".join("&%s_template" % t["name"] for t in templates))
    w("const int gi_ntemplates = %d;\n" % len(templates))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        templates = load(argv[1])
    except SpecError as e:
        sys.stderr.write("gen_catalog: %s\n" % e)
        return 1
    tmp = argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        emit(templates, out)
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
