#!/usr/bin/env python3
"""Deterministic synthetic 政府信息公开工作年度报告 tables, for tests and benchmarks.

Two kinds of output, both from the template definitions in spec/ (through
gen_catalog.load), Python 3 standard library only, the same bytes for the
same options on every run:

* A province (default).  An invented province, 江川省: its government and
  departments, ~15 cities (市) with their departments, ~100 county-level
  areas (县, 区, 县级市) with their departments and a few townships (镇, 乡,
  街道) -- levels 'province', 'city', 'county', 'township' -- each with one
  report a year for 2016-2024: gov2014 for 2016-2018, gov2019 for 2019-2020,
  gov2021 from 2021 on, except ~3% of agencies whose 2021 report is still on
  the 2019 layout, as in reality.  Request volumes are log-normal (most
  agencies get 0-30 requests a year, a few provincial departments
  thousands), outcomes and applicant columns are drawn around realistic
  shares, reconsiderations and lawsuits are rare, and each agency's
  carried_out of one year is its carried_in of the next (likewise the
  stocks of rules and normative documents in force).  Every report obeys
  every rule of its template, warnings and continuity rules included,
  except a few per cent that carry one typical error each: a total off by
  one, two neighbouring cells swapped, a blank 总计 cell, a 总计 of 0 beside
  non-zero parts.  --errors FILE records which reports were corrupted and
  how, with the rule instances that now fail (see ERRORS_DDL below).
  --error-kinds slips corrupts instead with the slips govinfo.locate()
  names: one cell of an error rule with two digits transposed, one digit
  wrong, a digit dropped or an extra one, a total printed as 0, any other
  value, or two neighbouring cells swapped (bench/bench_locate.sh).

* A flat stream: --template gov2021 --rows N.  N valid gov2021 reports
  (2021-2024 of agencies of as many invented provinces as needed), for
  benchmarks.  Fast: the reports of a few provinces' worth of agencies are
  simulated once (--pool) and their rows reused under other provinces'
  names, so a million rows take seconds, not minutes.

Formats (--format):
  copy   COPY text rows of (agency, region, level, year, report) where report
         is the govinfo.disclosure_report literal (agency,year,template,"{...}")
  sql    INSERT statements for the same table (--ddl adds CREATE TABLE)
  wide   COPY text rows of (agency, region, level, year, cell1 ... cellN) for
         the wide table of tools/gen_wide.py; one template only (--template)

Examples:
  tools/gen_synthetic.py --format copy -o province.copy --errors errors.tsv
  tools/gen_synthetic.py --agencies 200 --years 2019-2022 --format sql --ddl
  tools/gen_synthetic.py --template gov2021 --rows 1000000 -o r.copy --wide-output w.copy
  tools/gen_synthetic.py --check          # verify every rule in Python, print a summary

Loading:
  CREATE TABLE reports (agency text, region text, level text, year integer,
                        report govinfo.disclosure_report);
  \\copy reports FROM 'province.copy'
"""

import argparse
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_catalog  # noqa: E402

DEFAULT_SEED = 20240601
ALL_YEARS = tuple(range(2016, 2025))
SPEC = os.path.join(os.path.dirname(HERE), "spec")

ERRORS_DDL = """CREATE TABLE synthetic_errors (
    agency text, year integer, template text,
    kind text,                  -- off_by_one, swap, blank_total, zero_total (or, with
                                -- --error-kinds slips: transposed_digits, wrong_digit,
                                -- dropped_digit, extra_digit, zero_total, value, swap)
    cells text[],               -- the codes changed
    detail text,                -- e.g. 'apply.result@natural 37 -> 38'
    error_rules text[],         -- error instances that fail (mode non_null)
    warning_rules text[],       -- warning instances that fail (mode non_null)
    unjudged_rules text[],      -- instances not assessable (non_null) because of the change
    zero_mode_rules text[],     -- instances that fail in mode always_zero (blank counted as 0)
    continuity_rules text[]     -- 'YEAR:ID' continuity instances that fail with a neighbour year
);
COPY synthetic_errors FROM 'errors.tsv' WITH (FORMAT text, HEADER);"""

# ---------------------------------------------------------------------------
# Templates: positions, rule instances, and a rule evaluator mirroring
# src/core/rules.c (used by --check and to describe the corruptions).
# ---------------------------------------------------------------------------

MODES = ("non_null", "non_zero", "partial_null", "partial_zero", "always_null", "always_zero")


class Template:
    def __init__(self, t):
        self.name = t["name"]
        self.ncells = t["ncells"]
        self.pos_code = [None] * self.ncells
        for c in t["codes"]:
            if c["pos"] >= 0:
                self.pos_code[c["pos"]] = c["code"]
        self.pos = {code: i for i, code in enumerate(self.pos_code)}
        self.signed = set()
        self.unit = [None] * self.ncells
        for c in t["codes"]:
            if c["pos"] >= 0:
                self.unit[c["pos"]] = t["rows"][c["row"]]["unit"]
        for c in t["codes"]:
            if c["pos"] >= 0 and t["rows"][c["row"]]["signed"]:
                self.signed.add(c["pos"])
        self.columns = [c["name"] for c in t["columns"]]
        self.checks = []        # (id, severity, op, lhs, rhs); terms (pos, coef, prev)
        self.continuity = []
        for i in t["rules"]:
            lhs = [(p, coef, prev) for p, _ci, coef, prev in i["lhs"]]
            rhs = [(p, coef, prev) for p, _ci, coef, prev in i["rhs"]]
            inst = (i["id"], i["severity"], i["op"], lhs, rhs)
            (self.continuity if i["continuity"] else self.checks).append(inst)
        # "totals": a cell standing alone on one side of an error identity whose
        # other side has several cells -- what corruptions target.
        tot = []
        for rid, sev, op, lhs, rhs in self.checks:
            if sev != "error":
                continue
            for a, b in ((lhs, rhs), (rhs, lhs)):
                if len(a) == 1 and len(b) >= 2 and a[0][1] == 1 and a[0][0] not in tot:
                    tot.append(a[0][0])
        self.totals = sorted(tot)
        # cells of error instances: what a slip corrupts
        self.error_cells = sorted({p for rid, sev, op, lhs, rhs in self.checks if sev == "error"
                                   for p, _coef, _prev in lhs + rhs})
        # cells a typist could swap: neighbours in a row (applicant columns)
        # or in a column (consecutive rows of the same table)
        base = [c.split("@")[0] for c in self.pos_code]
        col = [c.split("@")[1] if "@" in c else ("total" if c in self._columned(t) else None)
               for c in self.pos_code]
        self.neighbours = []
        for p in range(self.ncells):
            for q in range(p + 1, self.ncells):
                if col[p] is not None and col[q] is not None:
                    same_row = base[p] == base[q] and q == p + 1
                    rows_between = len({base[x] for x in range(p, q + 1)})
                    same_col = col[p] == col[q] and rows_between == 2
                    if same_row or same_col:
                        self.neighbours.append((p, q))
                elif col[p] is None and col[q] is None and q == p + 1 \
                        and base[p].split(".")[0] == base[q].split(".")[0]:
                    self.neighbours.append((p, q))

    @staticmethod
    def _columned(t):
        return {r["code"] for r in t["rows"] if r["columns"]}


def _side(terms, cells, prev, prevmap):
    s = present = blank = nonzero = 0
    for p, coef, isprev in terms:
        if isprev:
            q = prevmap[p] if prevmap is not None else None
            v = None if (prev is None or q is None) else prev[q]
        else:
            v = cells[p]
        if v is None:
            blank += 1
            continue
        present += 1
        if v:
            nonzero += 1
        s += coef * v
    return s, present, blank, nonzero


def evaluate(inst, cells, mode="non_null", prev=None, prevmap=None):
    """1 holds, 0 fails, -1 not assessable (as gi_eval_rule)."""
    _rid, _sev, op, lhs, rhs = inst
    ls, lp, lb, lnz = _side(lhs, cells, prev, prevmap)
    rs, rp, rb, rnz = _side(rhs, cells, prev, prevmap)
    zero = mode in ("non_zero", "partial_zero", "always_zero")
    if mode == "non_null":
        judged = lb + rb == 0
    elif mode == "non_zero":
        judged = lnz + rnz > 0
    elif mode in ("partial_null", "partial_zero"):
        judged = lp + rp > 0
    else:
        judged = True
    if not judged or (not zero and lb + rb > 0):
        return -1
    if op == "=":
        return int(ls == rs)
    if op == "<=":
        return int(ls <= rs)
    return int(ls >= rs)


_PREVMAPS = {}


def prevmap(cur, prev):
    """cur position -> prev position of the same code (None when absent)."""
    key = (cur.name, prev.name)
    if key not in _PREVMAPS:
        _PREVMAPS[key] = [prev.pos.get(code) for code in cur.pos_code]
    return _PREVMAPS[key]


# ---------------------------------------------------------------------------
# Random helpers (stdlib random has no binomial or Poisson before 3.12).
# ---------------------------------------------------------------------------

def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam < 30:
        limit = math.exp(-lam)
        k = 0
        p = rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


def binomial(rng, n, p):
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n < 40:
        r = rng.random
        return sum(1 for _ in range(n) if r() < p)
    mean = n * p
    var = mean * (1 - p)
    if var < 9:
        return min(n, poisson(rng, mean))
    return min(n, max(0, int(round(rng.gauss(mean, math.sqrt(var))))))


class Mix:
    """Category probabilities with cumulative weights for random.choices."""

    __slots__ = ("p", "cum", "idx")

    def __init__(self, p):
        tot = sum(p)
        self.p = [x / tot for x in p]
        acc = 0.0
        self.cum = []
        for x in self.p:
            acc += x
            self.cum.append(acc)
        self.idx = range(len(p))


def multinomial(rng, n, mix):
    k = len(mix.p)
    out = [0] * k
    if n <= 0:
        return out
    if n <= 60:
        for i in rng.choices(mix.idx, cum_weights=mix.cum, k=n):
            out[i] += 1
        return out
    rest = n
    mass = 1.0
    for i in range(k - 1):
        p = mix.p[i]
        if rest <= 0:
            break
        x = binomial(rng, rest, min(1.0, p / mass)) if mass > 1e-12 else 0
        out[i] = x
        rest -= x
        mass -= p
    out[k - 1] += rest
    return out


def dirichlet(rng, base, conc):
    """Shares around base (an agency's own mix); small shares get skewed."""
    g = [rng.gammavariate(max(b * conc, 0.02), 1.0) if b > 0 else 0.0 for b in base]
    tot = sum(g) or 1.0
    return [x / tot for x in g]


def lognormal(rng, median, sigma):
    return median * math.exp(rng.gauss(0.0, sigma))


# ---------------------------------------------------------------------------
# The province: invented but plausible names.
# ---------------------------------------------------------------------------

PLACE1 = "临北青云安平宁丰兴永新东西南江河山石清泉溪阳川华德和乐康福丹玉金柳桃松白龙凤鹤梅竹兰岚嘉昌泰顺定远会通广盛长崇瑞"
PLACE2 = "河岸阳山川江宁安平城丰源泉水林溪湖坪台口浦桥原峰岭田陵沙滨渡州昌兴"
# Names of real prefecture-level cities and well-known counties that these
# pools could produce; skipped so that the province stays invented.
REAL = set("""
安阳 南阳 南宁 西宁 永安 新安 丰城 宁安 东阳 平阳 德阳 乐山 眉山 河源 清远 阳江 新乡 平凉 定西
泰安 嘉兴 滨州 宁德 龙岩 安康 阳泉 临汾 玉林 北海 安顺 吉安 金昌 福州 泉州 兰州 丹东 白山 松原
通化 永州 德州 丽江 江门 云浮 梅州 长沙 长春 昌平 盛京 广州 广安 广元 崇左 瑞安 瑞昌 临安 临江
临沂 临河 江川 东川 和平 平安 长安 兴安 华阴 华山 嘉峪 金华 新余 泰州 顺德 定州 通州 会宁 清河
东城 西城 南城 白城 宁波 丰台 江宁 安源 长岭 永昌 平原 长兴 河口 江山 乐平 清水 德兴 桃源 永兴
""".split())

PROVINCE_NAMES_EXTRA = "云岭 河东 岚山 嘉川 泰岭 凤原 松江 金沙 白河 青源 丹岭 崇川 盛阳 龙原 梅岭 永丰".split()

TOWN1 = "青白黄红石柳桃杏梨枣松竹梅荷莲麦稻谷茶桑马牛羊龙凤鹤虎鹿沙泥李张王刘陈杨周吴"
TOWN2 = "桥沟湾坪庄屯集铺店坝场岗寨营园塘洼堡口湖溪"
STREETS = "东城 西城 南关 北关 城关 河滨 新华 人民 建设 文化 胜利 站前 滨江 新城 城南 城北 西关 东关 花园 湖滨".split()

# Departments: key, province name, city name, county name, request factor,
# licensing, penalty, coercion, fees factor, first report year (None = always).
FUNCS = [
    ("fgw", "发展和改革委员会", "发展和改革委员会", "发展和改革局", 1.0, 1.0, 0.3, 0.05, 0.2, None),
    ("edu", "教育厅", "教育局", "教育局", 1.4, 0.8, 0.1, 0.0, 0.5, None),
    ("sci", "科学技术厅", "科学技术局", "科学技术局", 0.4, 0.3, 0.02, 0.0, 0.0, None),
    ("gxt", "工业和信息化厅", "工业和信息化局", "工业和信息化局", 0.6, 0.5, 0.1, 0.02, 0.0, None),
    ("ethnic", "民族宗教事务委员会", "民族宗教事务局", None, 0.2, 0.2, 0.02, 0.0, 0.0, None),
    ("police", "公安厅", "公安局", "公安局", 3.0, 5.0, 60.0, 6.0, 2.0, None),
    ("civil", "民政厅", "民政局", "民政局", 1.0, 0.5, 0.05, 0.0, 0.2, None),
    ("justice", "司法厅", "司法局", "司法局", 0.6, 0.5, 0.1, 0.0, 0.1, None),
    ("finance", "财政厅", "财政局", "财政局", 0.8, 0.2, 0.2, 0.0, 0.1, None),
    ("hrss", "人力资源和社会保障厅", "人力资源和社会保障局", "人力资源和社会保障局", 3.0, 1.5, 0.5, 0.02, 0.5, None),
    ("land", "自然资源厅", "自然资源和规划局", "自然资源局", 7.0, 2.0, 2.0, 0.2, 3.0, None),
    ("eco", "生态环境厅", "生态环境局", None, 1.5, 1.0, 3.0, 1.0, 0.2, None),
    ("housing", "住房和城乡建设厅", "住房和城乡建设局", "住房和城乡建设局", 5.0, 3.0, 1.0, 0.2, 1.0, None),
    ("transport", "交通运输厅", "交通运输局", "交通运输局", 1.2, 4.0, 8.0, 1.0, 0.5, None),
    ("water", "水利厅", "水利局", "水利局", 0.5, 1.0, 0.5, 0.05, 1.0, None),
    ("agri", "农业农村厅", "农业农村局", "农业农村局", 1.5, 1.5, 1.0, 0.1, 0.3, None),
    ("commerce", "商务厅", "商务局", "商务局", 0.4, 0.8, 0.2, 0.0, 0.0, None),
    ("culture", "文化和旅游厅", "文化广电旅游局", "文化和旅游局", 0.4, 0.8, 0.5, 0.02, 0.0, None),
    ("health", "卫生健康委员会", "卫生健康委员会", "卫生健康局", 1.5, 2.0, 1.5, 0.05, 0.3, None),
    ("veterans", "退役军人事务厅", "退役军人事务局", "退役军人事务局", 0.5, 0.0, 0.0, 0.0, 0.0, 2019),
    ("emergency", "应急管理厅", "应急管理局", "应急管理局", 0.6, 1.0, 1.5, 0.2, 0.0, 2019),
    ("audit", "审计厅", "审计局", "审计局", 0.2, 0.0, 0.05, 0.0, 0.0, None),
    ("sasac", "人民政府国有资产监督管理委员会", "人民政府国有资产监督管理委员会", None, 0.3, 0.1, 0.0, 0.0, 0.0, None),
    ("market", "市场监督管理局", "市场监督管理局", "市场监督管理局", 2.5, 8.0, 5.0, 0.5, 0.5, None),
    ("radio", "广播电视局", None, None, 0.1, 0.5, 0.1, 0.0, 0.0, None),
    ("sport", "体育局", "体育局", None, 0.1, 0.1, 0.0, 0.0, 0.0, None),
    ("stats", "统计局", "统计局", "统计局", 0.2, 0.0, 0.1, 0.0, 0.0, None),
    ("medical", "医疗保障局", "医疗保障局", "医疗保障局", 0.8, 0.2, 0.5, 0.0, 0.0, 2019),
    ("forestry", "林业局", "林业局", "林业局", 0.5, 1.0, 1.0, 0.05, 0.2, None),
    ("finreg", "地方金融监督管理局", "地方金融监督管理局", None, 0.3, 0.3, 0.1, 0.0, 0.0, None),
    ("affairs", "机关事务管理局", "机关事务管理局", None, 0.1, 0.0, 0.0, 0.0, 0.0, None),
    ("petition", "信访局", "信访局", "信访局", 0.8, 0.0, 0.0, 0.0, 0.0, None),
    ("grain", "粮食和物资储备局", None, None, 0.2, 0.3, 0.1, 0.0, 0.0, None),
    ("energy", "能源局", None, None, 0.3, 0.5, 0.1, 0.0, 0.0, None),
    ("drug", "药品监督管理局", None, None, 0.5, 2.0, 1.0, 0.1, 0.1, None),
    ("ip", "知识产权局", None, None, 0.2, 0.3, 0.1, 0.0, 0.0, None),
    ("foreign", "人民政府外事办公室", "人民政府外事办公室", None, 0.1, 0.2, 0.0, 0.0, 0.0, None),
    ("approval", None, "行政审批服务局", "行政审批服务局", 1.0, 20.0, 0.0, 0.0, 0.5, None),
    ("urban", None, "城市管理局", "城市管理综合行政执法局", 1.0, 1.0, 5.0, 1.0, 0.5, None),
]
GOV = ("gov", None, None, None, 1.0, 0.3, 0.1, 0.0, 0.2, None)
TOWNSHIP_FUNC = ("town", None, None, None, 1.0, 0.05, 0.05, 0.0, 0.05, None)


class Agency:
    __slots__ = ("name", "region", "level", "func", "since", "index")

    def __init__(self, name, region, level, func):
        self.name, self.region, self.level, self.func = name, region, level, func
        self.since = func[9]
        self.index = 0


def _place_names(rng, n, taken, suffixes):
    out = []
    while len(out) < n:
        a, b = rng.choice(PLACE1), rng.choice(PLACE2)
        if a == b or a + b in REAL or a + b in taken:
            continue
        taken.add(a + b)
        out.append(a + b + rng.choice(suffixes))
    return out


def build_province(seed, province="江川省", cities=15, counties=100,
                   county_depts=8, townships=(3, 5)):
    """The agencies of an invented province, in a fixed order."""
    rng = random.Random("%s/structure" % seed)
    taken = set(PROVINCE_NAMES_EXTRA) | {province[:2]}
    ags = [Agency(province + "人民政府", province, "province", GOV)]
    for f in FUNCS:
        if f[1]:
            ags.append(Agency(province + f[1], province, "province", f))
    city_names = _place_names(rng, cities, taken, "市")
    # counties per city: 4-10 each, scaled to the total asked for
    w = [rng.randint(4, 10) for _ in city_names]
    per = [max(1, int(round(counties * x / sum(w)))) for x in w]
    while sum(per) > counties and max(per) > 1:
        per[per.index(max(per))] -= 1
    while sum(per) < counties:
        per[per.index(min(per))] += 1
    city_funcs = [f for f in FUNCS if f[2]]
    county_funcs = [f for f in FUNCS if f[3]]
    for city, nco in zip(city_names, per):
        creg = province + "/" + city
        ags.append(Agency(city + "人民政府", creg, "city", GOV))
        for f in city_funcs:
            ags.append(Agency(city + f[2], creg, "city", f))
        ndist = rng.randint(1, min(3, nco))
        names = _place_names(rng, ndist, taken, "区")
        names += _place_names(rng, nco - ndist, taken, "县县县县县县县市")
        for ci, county in enumerate(names):
            kreg = creg + "/" + county
            ags.append(Agency(county + "人民政府", kreg, "county", GOV))
            # the big four everywhere, then a sample of the others
            core = [f for f in county_funcs if f[0] in ("land", "housing", "police", "hrss")]
            rest = [f for f in county_funcs if f not in core]
            chosen = core + rng.sample(rest, max(0, min(len(rest), county_depts - len(core))))
            chosen.sort(key=lambda f: county_funcs.index(f))
            for f in chosen:
                ags.append(Agency(county + f[3], kreg, "county", f))
            nt = rng.randint(*townships)
            tnames = set()
            while len(tnames) < nt:
                if county.endswith("区"):
                    tnames.add(rng.choice(STREETS) + "街道")
                else:
                    a, b = rng.choice(TOWN1), rng.choice(TOWN2)
                    tnames.add(a + b + ("镇" if rng.random() < 0.7 else "乡"))
            for tn in sorted(tnames):
                office = "办事处" if tn.endswith("街道") else "人民政府"
                ags.append(Agency(county + tn + office, kreg + "/" + tn, "township", TOWNSHIP_FUNC))
    for i, a in enumerate(ags):
        a.index = i
    return ags


def select_agencies(ags, n, seed):
    """n agencies keeping each level's share (deterministic), or all."""
    if n is None or n >= len(ags):
        return ags
    rng = random.Random("%s/select" % seed)
    by_level = {}
    for a in ags:
        by_level.setdefault(a.level, []).append(a)
    keep = set()
    levels = sorted(by_level, key=lambda lv: len(by_level[lv]))
    left = n
    for i, lv in enumerate(levels):
        want = left if i == len(levels) - 1 else max(1, int(round(n * len(by_level[lv]) / len(ags))))
        want = min(want, len(by_level[lv]), left)
        keep.update(a.index for a in rng.sample(by_level[lv], want))
        left -= want
    return [a for a in ags if a.index in keep]


# ---------------------------------------------------------------------------
# One agency's reports, year by year.
# ---------------------------------------------------------------------------

APPLICANTS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
APP_BASE = (0.88, 0.05, 0.003, 0.004, 0.025, 0.038)

# gov2019/gov2021 outcomes (gov2021 leaves; gov2019 folds other.* into other)
OUT21 = [
    ("granted", 0.40), ("partial", 0.10),
    ("denied.state_secret", 0.004), ("denied.law_forbidden", 0.010), ("denied.security", 0.006),
    ("denied.third_party", 0.020), ("denied.internal", 0.020), ("denied.process", 0.025),
    ("denied.enforcement", 0.010), ("denied.query", 0.005),
    ("unavailable.not_held", 0.20), ("unavailable.needs_creation", 0.04), ("unavailable.unclear", 0.02),
    ("rejected.petition", 0.03), ("rejected.repeat", 0.03), ("rejected.publication", 0.005),
    ("rejected.excessive", 0.010), ("rejected.confirmation", 0.005),
    ("other.no_amendment", 0.03), ("other.fee_unpaid", 0.002), ("other.other", 0.028),
]
OUT21_CODES = ["apply.result." + k for k, _ in OUT21]
OUT19_CODES = ["apply.result." + (k if not k.startswith("other.") else "other") for k, _ in OUT21]

# gov2014 replies (denied split over its six grounds)
OUT14 = [
    ("already_public", 0.12), ("granted", 0.35), ("partial", 0.06),
    ("denied.state_secret", 0.004), ("denied.commercial_secret", 0.004), ("denied.privacy", 0.012),
    ("denied.security", 0.004), ("denied.not_gov_info", 0.028), ("denied.other_law", 0.028),
    ("not_this_agency", 0.20), ("not_exist", 0.10), ("amend_notice", 0.04), ("other_channel", 0.05),
]
CHANNELS14 = (("in_person", 0.25), ("fax", 0.01), ("online", 0.45), ("letter", 0.25), ("other", 0.04))
REVIEW_MIX = Mix([0.55, 0.08, 0.17, 0.20])      # upheld corrected other pending
LIT14_MIX = Mix([0.65, 0.10, 0.25])             # upheld corrected other
YEAR_FACTOR = {2016: 1.0, 2017: 1.15, 2018: 1.1, 2019: 1.0, 2020: 0.85,
               2021: 0.95, 2022: 0.9, 2023: 1.0, 2024: 0.95}
LEVEL_REQ = {"province": 40.0, "city": 6.0, "county": 2.0, "township": 0.6}
GOV_REQ = {"province": 600.0, "city": 120.0, "county": 40.0}
LEVEL_SCALE = {"province": 4.0, "city": 2.0, "county": 1.0, "township": 0.1}
STAFF = {"province": 2.0, "city": 1.0, "county": 0.5, "township": 0.2}


class Profile:
    """An agency's habits, drawn once from its own random stream."""

    def __init__(self, a, rng):
        lv = self.level = a.level
        f = a.func
        gov = f[0] == "gov"
        base = GOV_REQ[lv] if gov else LEVEL_REQ[lv] * f[4]
        self.lam = lognormal(rng, base, 1.2 if lv == "province" else 1.0)
        self.app = Mix(dirichlet(rng, APP_BASE, 40))
        self.out = Mix(dirichlet(rng, [p for _, p in OUT21], 60))
        self.out14 = Mix(dirichlet(rng, [p for _, p in OUT14], 60))
        self.chan14 = Mix(dirichlet(rng, [p for _, p in CHANNELS14], 20))
        self.carry = min(0.25, lognormal(rng, 0.04, 0.7))
        self.review = lognormal(rng, 0.02, 0.8)
        self.lit = lognormal(rng, 0.012, 0.8)
        s = LEVEL_SCALE[lv]
        self.licensing = lognormal(rng, 300 * s * f[5], 1.0) if f[5] else 0.0
        self.penalty = lognormal(rng, 100 * s * f[6], 1.0) if f[6] else 0.0
        self.coercion = lognormal(rng, 10 * s * f[7], 1.0) if f[7] else 0.0
        self.fees = lognormal(rng, 60 * s * f[8], 1.2) if (f[8] and rng.random() < 0.7) else 0.0
        self.procure = lognormal(rng, 8 * s, 0.8)
        # stocks of rules (规章: governments of provinces and cities, some
        # provincial departments) and normative documents
        if gov and lv in ("province", "city"):
            self.rules = int(lognormal(rng, 150 if lv == "province" else 30, 0.4))
        elif lv == "province" and rng.random() < 0.5:
            self.rules = int(lognormal(rng, 6, 0.8))
        else:
            self.rules = 0
        self.normative = int(lognormal(rng, {"province": 120, "city": 60, "county": 30,
                                             "township": 4}[lv] * (2.5 if gov else 1), 0.7))
        self.items_scale = lognormal(rng, 600 * s * (2 if gov else 1), 0.8)
        self.late_2019 = rng.random() < 0.03          # 2021 report still on gov2019


def _set_matrix(d, code, percol):
    """Six applicant columns and their 总计."""
    for cn, v in zip(APPLICANTS, percol):
        d[code + "@" + cn] = v
    d[code] = sum(percol)


class State:
    __slots__ = ("carried", "rules", "normative", "items")

    def __init__(self, prof):
        self.carried = None
        self.rules = prof.rules
        self.normative = prof.normative
        self.items = {}


def _stock_step(rng, stock, issue_rate, repeal_rate, base=0.0):
    issued = poisson(rng, stock * issue_rate + base)
    repealed = binomial(rng, stock, repeal_rate)
    return issued, repealed, stock + issued - repealed


def _amount(rng, wan):
    """万元 -> integer 分 (the stored unit), printed with 0, 2 or 4 decimals of 万元."""
    if wan <= 0:
        return 0
    r = rng.random()
    step = 1000000 if r < 0.3 else (10000 if r < 0.9 else 100)
    return int(round(wan * 1000000 / step)) * step


def sim_year_2019_21(tpl, prof, st, rng, year, requests):
    d = {}
    # 三: requests by applicant column, carried over, outcomes
    received = multinomial(rng, requests, prof.app)
    if st.carried is None:
        st.carried = multinomial(rng, binomial(rng, int(prof.lam * 1.2), prof.carry), prof.app)
    carried_in = st.carried
    carried_out = []
    leaves = [[0] * 6 for _ in OUT21]
    for c in range(6):
        avail = received[c] + carried_in[c]
        co = binomial(rng, avail, prof.carry)
        carried_out.append(co)
        for i, v in enumerate(multinomial(rng, avail - co, prof.out)):
            leaves[i][c] = v
    _set_matrix(d, "apply.received", received)
    _set_matrix(d, "apply.carried_in", carried_in)
    _set_matrix(d, "apply.carried_out", carried_out)
    _set_matrix(d, "apply.result", [received[c] + carried_in[c] - carried_out[c] for c in range(6)])
    codes = OUT21_CODES if tpl.name == "gov2021" else OUT19_CODES
    acc = {}
    for code, percol in zip(codes, leaves):
        if code in acc:
            acc[code] = [x + y for x, y in zip(acc[code], percol)]
        else:
            acc[code] = percol
    for code, percol in acc.items():
        _set_matrix(d, code, percol)
    st.carried = carried_out
    # 四: reconsideration and lawsuits
    nrev = poisson(rng, requests * prof.review)
    rev = multinomial(rng, nrev, REVIEW_MIX)
    for k, v in zip(("upheld", "corrected", "other", "pending"), rev):
        d["review." + k] = v
    d["review"] = nrev
    for block, n in (("direct", poisson(rng, requests * prof.lit)),
                     ("after_review", binomial(rng, nrev, 0.25))):
        parts = multinomial(rng, n, REVIEW_MIX)
        for k, v in zip(("upheld", "corrected", "other", "pending"), parts):
            d["litigation.%s.%s" % (block, k)] = v
        d["litigation." + block] = n
    # 二: proactive disclosure
    yf = YEAR_FACTOR[year]
    r_issued, r_repealed, r_stock = _stock_step(rng, st.rules, 0.04, 0.015,
                                                0.3 if st.rules else 0.0)
    n_issued, n_repealed, n_stock = _stock_step(rng, st.normative, 0.10, 0.05, 1.0)
    st.rules, st.normative = r_stock, n_stock
    if tpl.name == "gov2021":
        d.update({
            "proactive.rules.issued": r_issued, "proactive.rules.repealed": r_repealed,
            "proactive.rules.in_force": r_stock,
            "proactive.normative.issued": n_issued, "proactive.normative.repealed": n_repealed,
            "proactive.normative.in_force": n_stock,
            "proactive.licensing.decisions": poisson(rng, prof.licensing * yf),
            "proactive.penalty.decisions": poisson(rng, prof.penalty * yf),
            "proactive.coercion.decisions": poisson(rng, prof.coercion * yf),
            "proactive.fees.amount": _amount(rng, prof.fees * lognormal(rng, 1.0, 0.2)),
        })
    else:
        d.update({
            "proactive.rules.issued": r_issued,
            "proactive.rules.published": r_issued - binomial(rng, r_issued, 0.05),
            "proactive.rules.public_total": r_stock,
            "proactive.normative.issued": n_issued,
            "proactive.normative.published": n_issued - binomial(rng, n_issued, 0.05),
            "proactive.normative.public_total": n_stock,
        })
        for kind, rate, unit in (("licensing", prof.licensing, 40), ("other_services", prof.licensing * 0.3, 20),
                                 ("penalty", prof.penalty, 120), ("coercion", prof.coercion, 10),
                                 ("fees", prof.fees, 6)):
            prev_items = st.items.get(kind)
            if prev_items is None:
                prev_items = int(lognormal(rng, unit, 0.6)) if rate > 0 else 0
            change = 0
            if prev_items and rng.random() < 0.4:
                change = max(-prev_items, int(round(rng.gauss(0, 1 + prev_items * 0.05))))
            d["proactive.%s.prev_items" % kind] = prev_items
            d["proactive.%s.change" % kind] = change
            st.items[kind] = prev_items + change
            if kind != "fees":
                d["proactive.%s.decisions" % kind] = poisson(rng, rate * yf)
        projects = poisson(rng, prof.procure)
        d["proactive.procurement.projects"] = projects
        d["proactive.procurement.amount"] = _amount(rng, projects * lognormal(rng, 60, 0.8))
    return d


def sim_year_2014(prof, st, rng, year, requests):
    d = {}
    yf = YEAR_FACTOR[year]
    items = poisson(rng, prof.items_scale * yf)
    n_issued, _rep, n_stock = _stock_step(rng, st.normative, 0.10, 0.05, 1.0)
    st.normative = n_stock
    st.rules += poisson(rng, st.rules * 0.03) - binomial(rng, st.rules, 0.015)
    normative = min(items, n_issued - binomial(rng, n_issued, 0.1))
    d["proactive.items"] = items
    d["proactive.items.normative"] = normative
    d["proactive.normative_issued"] = n_issued
    chan = multinomial(rng, items, Mix([0.03, 0.70, 0.12, 0.10, 0.05]))
    for k, v in zip(("gazette", "website", "weibo", "wechat", "other"), chan):
        d["proactive.channel." + k] = v
    hot = poisson(rng, 2 + items * 0.01)
    press = poisson(rng, 1 + items * 0.003)
    interview = poisson(rng, 0.5 + items * 0.002)
    d.update({
        "response.hotspots": hot,
        "response.channel.press": press,
        "response.channel.press.principal": binomial(rng, press, 0.3),
        "response.channel.interview": interview,
        "response.channel.interview.principal": binomial(rng, interview, 0.4),
        "response.channel.articles": poisson(rng, 2 + items * 0.02),
        "response.channel.social": poisson(rng, hot * 0.5),
        "response.channel.other": poisson(rng, hot * 0.2),
    })
    # 三: requests
    chan = multinomial(rng, requests, prof.chan14)
    d["apply.received"] = requests
    for (k, _), v in zip(CHANNELS14, chan):
        d["apply.received." + k] = v
    closed = requests - binomial(rng, requests, prof.carry)
    extended = binomial(rng, closed, 0.05)
    d["apply.closed"] = closed
    d["apply.closed.on_time"] = closed - extended
    d["apply.closed.extended"] = extended
    d["apply.result"] = closed
    rep = multinomial(rng, closed, prof.out14)
    denied = 0
    for (k, _), v in zip(OUT14, rep):
        d["apply.result." + k] = v
        if k.startswith("denied."):
            denied += v
    d["apply.result.denied"] = denied
    for block, n in (("review", poisson(rng, requests * prof.review)),
                     ("litigation", poisson(rng, requests * prof.lit)),
                     ("complaint", poisson(rng, 0.05 + requests * 0.004))):
        parts = multinomial(rng, n, LIT14_MIX)
        d[block] = n
        for k, v in zip(("upheld", "corrected", "other"), parts):
            d[block + "." + k] = v
    paper_only, both, elec_only = multinomial(rng, poisson(rng, items * 0.05), Mix([0.2, 0.6, 0.2]))
    d["archive"] = paper_only + both + elec_only
    d["archive.paper"] = paper_only + both
    d["archive.electronic"] = elec_only + both
    full = poisson(rng, 0.8 + STAFF[prof.level])
    part = poisson(rng, 1.5)
    d.update({
        "org.units": binomial(rng, 1, 0.6),
        "org.reading_points": 1 + poisson(rng, 0.8),
        "org.staff": full + part, "org.staff.full_time": full, "org.staff.part_time": part,
        "org.budget": _amount(rng, lognormal(rng, 5, 1.0) if rng.random() < 0.6 else 0),
        "training.meetings": poisson(rng, 2),
        "training.classes": poisson(rng, 1.5),
    })
    d["training.trainees"] = d["training.classes"] * poisson(rng, 40) + poisson(rng, 5)
    return d


def template_for(year, prof):
    if year <= 2018:
        return "gov2014"
    if year <= 2020 or (year == 2021 and prof.late_2019):
        return "gov2019"
    return "gov2021"


def blank_zero_blocks(tpl, d):
    """An agency that leaves all-zero blocks blank (--blank-zero-rate)."""
    blocks = ["review", "litigation.direct", "litigation.after_review", "litigation", "complaint"]
    for b in blocks:
        members = [c for c in tpl.pos_code if c == b or c.startswith(b + ".")]
        if members and all(d.get(c) == 0 for c in members):
            for c in members:
                d[c] = None
    for c in ("proactive.fees.amount", "proactive.procurement.amount", "org.budget"):
        if d.get(c) == 0:
            d[c] = None


def simulate(a, seed, years, templates, replica=0, force=None, start=None):
    """[(year, template name, cells)] for the years asked (continuity kept)."""
    rng = random.Random("%s/%d/%s" % (seed, replica, a.name))
    prof = Profile(a, rng)
    st = State(prof)
    first = max(a.since or ALL_YEARS[0], start or ALL_YEARS[0])
    out = []
    want = set(years)
    last = max(years)
    for y in range(first, last + 1):
        tname = force or template_for(y, prof)
        tpl = templates[tname]
        requests = poisson(rng, prof.lam * YEAR_FACTOR[y] * math.exp(rng.gauss(0, 0.35)))
        if tname == "gov2014":
            d = sim_year_2014(prof, st, rng, y, requests)
        else:
            d = sim_year_2019_21(tpl, prof, st, rng, y, requests)
        if y in want:
            out.append((y, tname, d))
    return prof, out


def cells_of(tpl, d):
    return [d.get(c) for c in tpl.pos_code]


# ---------------------------------------------------------------------------
# Corruptions
# ---------------------------------------------------------------------------

KINDS = (("off_by_one", 0.40), ("swap", 0.25), ("blank_total", 0.25), ("zero_total", 0.10))


def _failing(tpl, cells, mode="non_null"):
    fails, unjudged = [], []
    for inst in tpl.checks:
        o = evaluate(inst, cells, mode)
        if o == 0:
            fails.append(inst)
        elif o == -1:
            unjudged.append(inst)
    return fails, unjudged


def corrupt(tpl, cells, rng):
    """Apply one typical error; returns (new cells, record) or None."""
    want = rng.random()
    acc = 0.0
    kind = KINDS[-1][0]
    for k, w in KINDS:
        acc += w
        if want < acc:
            kind = k
            break
    order = [kind] + [k for k, _ in KINDS if k != kind]
    # neighbouring cells with different non-negative values; non-zero totals
    pairs = [(p, q) for p, q in tpl.neighbours
             if cells[p] is not None and cells[q] is not None and cells[p] != cells[q]
             and cells[p] >= 0 and cells[q] >= 0]
    nonzero = [p for p in tpl.totals if cells[p]]
    for kind in order:
        cands = {"swap": pairs, "off_by_one": tpl.totals}.get(kind, nonzero)
        if not cands:
            continue
        for _attempt in range(12):
            new = list(cells)
            if kind == "swap":
                p, q = rng.choice(cands)
                new[p], new[q] = new[q], new[p]
                changed = [p, q]
                detail = "%s %d <-> %s %d" % (tpl.pos_code[p], cells[p], tpl.pos_code[q], cells[q])
            else:
                p = rng.choice(cands)
                v = cells[p]
                if v is None:
                    continue
                if kind == "off_by_one":
                    nv = v - 1 if (v > 0 and rng.random() < 0.5) else v + 1
                elif kind == "blank_total":
                    if v == 0:
                        continue
                    nv = None
                else:
                    if v == 0:
                        continue
                    nv = 0
                new[p] = nv
                changed = [p]
                detail = "%s %s -> %s" % (tpl.pos_code[p], v, "NULL" if nv is None else nv)
            fails, unjudged = _failing(tpl, new)
            zfails, _ = _failing(tpl, new, "always_zero")
            if kind == "blank_total":
                if not unjudged:
                    continue
            elif not any(i[1] == "error" for i in fails):
                continue
            rec = {
                "kind": kind, "cells": [tpl.pos_code[x] for x in changed], "detail": detail,
                "error_rules": [i[0] for i in fails if i[1] == "error"],
                "warning_rules": [i[0] for i in fails if i[1] == "warning"],
                "unjudged_rules": [i[0] for i in unjudged],
                "zero_mode_rules": [i[0] for i in zfails],
                "continuity_rules": [],
            }
            return new, rec
    return None


def classify_slip(printed, true, is_total):
    """The slip that turns the true value into the printed one, as src/core/locate.c
    names it (from the printed value's side: a 'dropped_digit' printed value
    lacks a digit of the true one)."""
    if printed == 0:
        return "zero_total" if is_total and true > 0 else "value"
    if true == 0 or printed < 0 or true < 0:
        return "value"
    a, b = str(printed), str(true)
    if len(a) == len(b):
        d = [i for i in range(len(a)) if a[i] != b[i]]
        if len(d) == 1:
            return "wrong_digit"
        if len(d) == 2 and d[1] == d[0] + 1 and a[d[0]] == b[d[1]] and a[d[1]] == b[d[0]]:
            return "transposed_digits"
        return "value"
    if len(b) == len(a) + 1 and any(b[:i] + b[i + 1:] == a for i in range(len(b))):
        return "dropped_digit"
    if len(a) == len(b) + 1 and any(a[:i] + a[i + 1:] == b for i in range(len(a))):
        return "extra_digit"
    return "value"


SLIP_KINDS = ("transposed_digits", "wrong_digit", "dropped_digit", "extra_digit",
              "zero_total", "value", "swap")


def _slip_value(rng, kind, v):
    """A printed value that the slip 'kind' of the true value v gives, or None."""
    s = str(v)
    if kind == "transposed_digits":
        idx = [i for i in range(len(s) - 1) if s[i] != s[i + 1] and not (i == 0 and s[1] == "0")]
        if not idx:
            return None
        i = rng.choice(idx)
        return int(s[:i] + s[i + 1] + s[i] + s[i + 2:])
    if kind == "wrong_digit":
        if v == 0:
            return None
        i = rng.randrange(len(s))
        c = rng.choice([c for c in "0123456789" if c != s[i] and not (i == 0 and c == "0" and len(s) > 1)])
        return int(s[:i] + c + s[i + 1:]) or None
    if kind == "dropped_digit":
        idx = [i for i in range(len(s)) if len(s) > 1 and not (i == 0 and s[1] == "0")]
        if not idx:
            return None
        i = rng.choice(idx)
        return int(s[:i] + s[i + 1:])
    if kind == "extra_digit":
        if v == 0:
            return None
        i = rng.randrange(len(s) + 1)
        return int(s[:i] + rng.choice("0123456789" if i else "123456789") + s[i:])
    if kind == "zero_total":
        return 0 if v else None
    # value: a change that no slip explains
    nv = v + rng.choice((-1, 1)) * rng.randint(2, 40)
    return nv if nv >= 0 else None


def corrupt_slip(tpl, cells, rng):
    """One slip of SLIP_KINDS (chosen uniformly); returns (new cells, record) or None."""
    kind = rng.choice(SLIP_KINDS)
    # neighbours of one unit (a count swapped with a 万元 amount is no typing slip)
    pairs = [(p, q) for p, q in tpl.neighbours
             if cells[p] is not None and cells[q] is not None and cells[p] != cells[q]
             and cells[p] >= 0 and cells[q] >= 0 and tpl.unit[p] == tpl.unit[q]]
    totals = set(tpl.totals)
    cands = [p for p in (tpl.totals if kind == "zero_total" else tpl.error_cells)
             if cells[p] is not None]
    for _attempt in range(20):
        new = list(cells)
        if kind == "swap":
            if not pairs:
                return None
            p, q = rng.choice(pairs)
            new[p], new[q] = new[q], new[p]
            changed = [p, q]
            detail = "%s %d <-> %s %d" % (tpl.pos_code[p], cells[p], tpl.pos_code[q], cells[q])
        else:
            if not cands:
                return None
            p = rng.choice(cands)
            nv = _slip_value(rng, kind, cells[p])
            if nv is None or nv == cells[p] or classify_slip(nv, cells[p], p in totals) != kind:
                continue
            new[p] = nv
            changed = [p]
            detail = "%s %d -> %d" % (tpl.pos_code[p], cells[p], nv)
        fails, unjudged = _failing(tpl, new)
        if not any(i[1] == "error" for i in fails):
            continue
        zfails, _ = _failing(tpl, new, "always_zero")
        return new, {
            "kind": kind, "cells": [tpl.pos_code[x] for x in changed], "detail": detail,
            "error_rules": [i[0] for i in fails if i[1] == "error"],
            "warning_rules": [i[0] for i in fails if i[1] == "warning"],
            "unjudged_rules": [i[0] for i in unjudged],
            "zero_mode_rules": [i[0] for i in zfails],
            "continuity_rules": [],
        }
    return None


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def copy_escape(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def composite_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '""') + '"'


def sql_quote(s):
    return "'" + s.replace("'", "''") + "'"


def array_text(cells):
    return "{" + ",".join(["NULL" if v is None else str(v) for v in cells]) + "}"


def wide_text(cells):
    return "\t".join(["\\N" if v is None else str(v) for v in cells])


class Writer:
    """Buffers rows of one format and writes them in large chunks."""

    def __init__(self, f, fmt, table, ddl):
        self.f, self.fmt, self.table = f, fmt, table
        self.buf = []
        self.nrows = 0
        if fmt == "sql" and ddl:
            f.write("CREATE TABLE %s (\n    agency text NOT NULL,\n    region text NOT NULL,\n"
                    "    level text NOT NULL,\n    year integer NOT NULL,\n"
                    "    report govinfo.disclosure_report NOT NULL\n);\n" % table)

    def row(self, agency, region, level, year, tname, cells):
        if self.fmt == "copy":
            self.buf.append("%s\t%s\t%s\t%d\t%s\n" % (
                copy_escape(agency), copy_escape(region), level, year,
                copy_escape("(%s,%d,%s,\"%s\")" % (composite_quote(agency), year, tname, array_text(cells)))))
        elif self.fmt == "wide":
            self.buf.append("%s\t%s\t%s\t%d\t%s\n" % (
                copy_escape(agency), copy_escape(region), level, year, wide_text(cells)))
        else:
            self.buf.append("%s(%s, %s, %s, %d, ROW(%s, %d, '%s', '%s')::govinfo.disclosure_report)" % (
                "INSERT INTO %s (agency, region, level, year, report) VALUES\n    " % self.table
                if self.nrows % 500 == 0 else ",\n    ",
                sql_quote(agency), sql_quote(region), sql_quote(level), year,
                sql_quote(agency), year, tname, array_text(cells)))
            if self.nrows % 500 == 499:
                self.buf.append(";\n")
        self.nrows += 1
        if len(self.buf) >= 2000:
            self.flush()

    def raw(self, s):
        self.buf.append(s)
        self.nrows += 1
        if len(self.buf) >= 4000:
            self.flush()

    def flush(self):
        self.f.write("".join(self.buf))
        self.buf = []

    def close(self):
        if self.fmt == "sql" and self.nrows % 500 != 0:
            self.buf.append(";\n")
        self.flush()


def write_errors(path, records):
    def arr(xs):
        return "{" + ",".join(xs) + "}"
    with open(path, "w", encoding="utf-8") as f:
        f.write("agency\tyear\ttemplate\tkind\tcells\tdetail\terror_rules\twarning_rules\t"
                "unjudged_rules\tzero_mode_rules\tcontinuity_rules\n")
        for r in records:
            f.write("\t".join([
                copy_escape(r["agency"]), str(r["year"]), r["template"], r["kind"], arr(r["cells"]),
                copy_escape(r["detail"]), arr(r["error_rules"]), arr(r["warning_rules"]),
                arr(r["unjudged_rules"]), arr(r["zero_mode_rules"]), arr(r["continuity_rules"]),
            ]) + "\n")


# ---------------------------------------------------------------------------
# Province mode
# ---------------------------------------------------------------------------

def continuity_fails(cur_tpl, cur, prev_tpl, prev):
    pm = prevmap(cur_tpl, prev_tpl)
    return [inst for inst in cur_tpl.continuity if evaluate(inst, cur, "non_null", prev, pm) == 0]


def province(args, templates, writers):
    ags = build_province(args.seed, cities=args.cities, counties=args.counties)
    ags = select_agencies(ags, args.agencies, args.seed)
    years = args.years
    records = []
    stats = {"reports": 0, "corrupted": 0, "checked": 0, "bad": 0}
    for a in ags:
        prof, reports = simulate(a, args.seed, years, templates)
        crng = random.Random("%s/errors/%s" % (args.seed, a.name))
        emitted = []        # (year, tpl, cells, record or None)
        for y, tname, d in reports:
            tpl = templates[tname]
            if args.blank_zero_rate and crng.random() < args.blank_zero_rate:
                blank_zero_blocks(tpl, d)
            cells = cells_of(tpl, d)
            rec = None
            if args.error_rate and crng.random() < args.error_rate:
                res = (corrupt_slip if args.error_kinds == "slips" else corrupt)(tpl, cells, crng)
                if res:
                    cells, rec = res
                    rec.update(agency=a.name, year=y, template=tname)
                    records.append(rec)
            emitted.append((y, tpl, cells, rec))
        # continuity between consecutive years: attach failures to records
        for i in range(1, len(emitted)):
            y, tpl, cells, rec = emitted[i]
            py, ptpl, pcells, prec = emitted[i - 1]
            if py != y - 1:
                continue
            bad = continuity_fails(tpl, cells, ptpl, pcells)
            if bad:
                ids = ["%d:%s" % (y, inst[0]) for inst in bad]
                if rec is None and prec is None:
                    stats["bad"] += 1
                    sys.stderr.write("gen_synthetic: continuity broken without a recorded error: %s %d %s\n"
                                     % (a.name, y, ids))
                for r in (prec, rec):
                    if r is not None:
                        r["continuity_rules"].extend(ids)
        for y, tpl, cells, rec in emitted:
            stats["reports"] += 1
            if rec:
                stats["corrupted"] += 1
            if args.check and rec is None:
                stats["checked"] += 1
                fails, unjudged = _failing(tpl, cells)
                if fails or (unjudged and not args.blank_zero_rate):
                    stats["bad"] += 1
                    sys.stderr.write("gen_synthetic: %s %d breaks %s\n"
                                     % (a.name, y, [i[0] for i in fails + unjudged]))
                for mode in MODES[1:]:
                    f2, _ = _failing(tpl, cells, mode)
                    if f2:
                        stats["bad"] += 1
                        sys.stderr.write("gen_synthetic: %s %d breaks %s under %s\n"
                                         % (a.name, y, [i[0] for i in f2], mode))
                for p, v in enumerate(cells):
                    if v is not None and v < 0 and p not in tpl.signed:
                        stats["bad"] += 1
                        sys.stderr.write("gen_synthetic: %s %d negative %s\n" % (a.name, y, tpl.pos_code[p]))
            if args.template and tpl.name != args.template:
                continue
            for w in writers:
                w.row(a.name, a.region, a.level, y, tpl.name, cells)
    if args.errors:
        write_errors(args.errors, [r for r in records
                                   if not args.template or r["template"] == args.template])
    stats["agencies"] = len(ags)
    return stats


# ---------------------------------------------------------------------------
# Stream mode: N valid reports of one template
# ---------------------------------------------------------------------------

def stream(args, templates, writers):
    tname = args.template
    tpl = templates[tname]
    years = [y for y in args.years if (tname != "gov2021" or y >= 2021)
             and (tname != "gov2019" or 2019 <= y <= 2020)
             and (tname != "gov2014" or y <= 2018)]
    if not years:
        raise SystemExit("gen_synthetic: no year of %s in --years" % tname)
    ags = build_province(args.seed, cities=args.cities, counties=args.counties)
    ags = select_agencies(ags, args.agencies, args.seed)
    per_province = len(ags) * len(years)
    nprov = -(-args.rows // per_province)
    provinces = ["江川省"] + [n + "省" for n in PROVINCE_NAMES_EXTRA]
    k = 0
    while len(provinces) < nprov:
        # more invented province names: two place characters + 省
        a, b = PLACE1[k % len(PLACE1)], PLACE2[(k * 7) % len(PLACE2)]
        k += 1
        if a != b and a + b not in REAL and a + b + "省" not in provinces:
            provinces.append(a + b + "省")
    replicas = max(1, min(args.pool, nprov))
    start = years[0] - 2 if tname != "gov2014" else years[0]
    # the pool: replica r's reports of every agency, pre-rendered
    pool = []
    for r in range(replicas):
        rep = []
        for a in ags:
            _prof, reports = simulate(a, args.seed, years, templates, replica=r, force=tname,
                                      start=max(start, 2019 if tname != "gov2014" else 2016))
            byyear = {y: cells_of(tpl, d) for y, _t, d in reports}
            rep.append([byyear.get(y) for y in years])
        pool.append(rep)
    if args.check:
        bad = 0
        for rep in pool:
            for row in rep:
                prev = None
                for cells in row:
                    if cells is None:
                        prev = None
                        continue
                    fails, unjudged = _failing(tpl, cells)
                    bad += len(fails) + len(unjudged)
                    if prev is not None:
                        bad += len(continuity_fails(tpl, cells, tpl, prev))
                    prev = cells
        sys.stderr.write("gen_synthetic: pool of %d x %d agencies checked, %d problems\n"
                         % (replicas, len(ags), bad))
        if bad:
            raise SystemExit(1)
    # pre-render the tails: composite "...,YEAR,tpl,"{cells}")" and wide cells
    fmts = [w.fmt for w in writers]
    rendered = []
    for rep in pool:
        rrep = []
        for row in rep:
            rrow = []
            for y, cells in zip(years, row):
                if cells is None:
                    rrow.append(None)
                    continue
                parts = {}
                if "copy" in fmts:
                    parts["arr"] = array_text(cells)
                if "sql" in fmts:
                    parts["cells"] = cells
                if "wide" in fmts:
                    parts["wide"] = wide_text(cells)
                rrow.append(parts)
            rrep.append(rrow)
        rendered.append(rrep)
    del pool
    n = 0
    for p, prov in enumerate(provinces):
        if n >= args.rows:
            break
        rrep = rendered[p % replicas]
        for ai, a in enumerate(ags):
            if n >= args.rows:
                break
            if p == 0:
                name, region = a.name, a.region
            else:
                name = a.name if a.name.startswith("江川省") else prov + a.name
                name = name.replace("江川省", prov)
                region = a.region.replace("江川省", prov, 1)
            ename, eregion = copy_escape(name), copy_escape(region)
            qname = copy_escape(composite_quote(name))
            for y, parts in zip(years, rrep[ai]):
                if parts is None or n >= args.rows:
                    continue
                for w in writers:
                    if w.fmt == "copy":
                        w.raw("%s\t%s\t%s\t%d\t(%s,%d,%s,\"%s\")\n" % (
                            ename, eregion, a.level, y, qname, y, tname, parts["arr"]))
                    elif w.fmt == "wide":
                        w.raw("%s\t%s\t%s\t%d\t%s\n" % (ename, eregion, a.level, y, parts["wide"]))
                    else:
                        w.row(name, region, a.level, y, tname, parts["cells"])
                n += 1
    return {"reports": n, "agencies": len(ags), "provinces": min(nprov, len(provinces)),
            "replicas": replicas}


# ---------------------------------------------------------------------------

def parse_years(s):
    out = set()
    for part in s.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.update(range(int(a), int(b) + 1))
        else:
            out.add(int(part))
    bad = [y for y in out if y not in ALL_YEARS]
    if bad:
        raise argparse.ArgumentTypeError("years must be within 2016-2024")
    return sorted(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Error side output (--errors) loads with:\n" + ERRORS_DDL)
    ap.add_argument("--spec", default=SPEC, help="spec directory (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--format", choices=("copy", "sql", "wide"), default="copy")
    ap.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    ap.add_argument("--wide-output", help="also write wide COPY rows here (needs --template)")
    ap.add_argument("--table", default="synthetic_reports", help="table name for --format sql")
    ap.add_argument("--ddl", action="store_true", help="--format sql: begin with CREATE TABLE")
    ap.add_argument("--agencies", type=int, help="keep this many agencies (default: the whole province)")
    ap.add_argument("--cities", type=int, default=15)
    ap.add_argument("--counties", type=int, default=100)
    ap.add_argument("--years", type=parse_years, default=list(ALL_YEARS), help="e.g. 2016-2024 or 2019,2021")
    ap.add_argument("--template", choices=("gov2014", "gov2019", "gov2021"),
                    help="only reports of this template (required with --rows and --format wide)")
    ap.add_argument("--rows", type=int, help="flat stream of this many valid reports of --template")
    ap.add_argument("--pool", type=int, default=4,
                    help="--rows: provinces' worth of reports simulated, then reused (default %(default)s)")
    ap.add_argument("--error-rate", type=float, default=0.03, help="share of corrupted reports (province mode)")
    ap.add_argument("--errors", help="write the corrupted reports (TSV with header) here")
    ap.add_argument("--error-kinds", choices=("typical", "slips"), default="typical",
                    help="typical (default): off by one, swap, blank or zero total; "
                         "slips: the slips govinfo.locate() names, one cell each, or a swap")
    ap.add_argument("--blank-zero-rate", type=float, default=0.0,
                    help="share of reports leaving all-zero blocks blank (valid; default 0)")
    ap.add_argument("--check", action="store_true", help="verify every rule in Python; summary on stderr")
    args = ap.parse_args(argv)

    if (args.format == "wide" or args.wide_output or args.rows) and not args.template:
        ap.error("--format wide, --wide-output and --rows need --template")
    templates = {t["name"]: Template(t) for t in gen_catalog.load(args.spec)}

    files, writers = [], []
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    files.append(out)
    writers.append(Writer(out, args.format, args.table, args.ddl))
    if args.wide_output:
        wf = open(args.wide_output, "w", encoding="utf-8")
        files.append(wf)
        writers.append(Writer(wf, "wide", args.table, False))
    if args.rows is not None:
        stats = stream(args, templates, writers)
    else:
        stats = province(args, templates, writers)
    for w in writers:
        w.close()
    for f in files:
        if f is not sys.stdout:
            f.close()
    if args.check or args.errors:
        sys.stderr.write("gen_synthetic: %s\n" % ", ".join("%s %s" % (k, v) for k, v in sorted(stats.items())))
    return 1 if stats.get("bad") else 0


if __name__ == "__main__":
    sys.exit(main())
