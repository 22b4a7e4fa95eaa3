#!/usr/bin/env python3
"""Report texts for bench/bench_parse.sh: COPY rows (name, content, expected).

Writes, as COPY text rows of (name text, content text, expected
govinfo.disclosure_report):

* every --include FILE as it is (expected NULL): the seed report and the
  fixtures, read as UTF-8;
* --synthetic N reports of tools/gen_synthetic.py's invented province,
  rendered as the text of an annual report: a title, an opening paragraph,
  prose about the year (with some of the table's figures in it, as real
  reports have), the statistical table and closing prose.  The layouts
  rotate through those that documents are extracted into: tab-separated
  rows (DOCX), '|' rows (Markdown), columns aligned with spaces (PDF) and an
  HTML page.  expected is the report the text was rendered from, so that
  the benchmark can count how many texts parse back to exactly it.
* with --noise, the same reports as published reports vary (class Noise),
  also a cell a line (tab-indented, a paragraph, ending in '|'): what
  test/roundtrip/run.sh parses back.  Without it the output does not
  change from one version of this script to the next unless a layout is
  fixed, so that benchmark figures stay comparable.
* with --shape NAME, the clean reports in one of the shapes of real
  published documents (SHAPES: a PDF's title block, HTML spans that do not
  line up, borderless '|' rows, page text whose cells ran together, values
  wrapped in squeezed PDF columns, prose wrapped by PDF lines, a page to
  print and rasterise for OCR): what test/roundtrip/run.sh and
  bench/real_formats.sh count.

Deterministic (--seed); Python 3 standard library only.

  bench/render_reports.py --include test/seed/*.txt test/fixtures/*.txt \\
      --synthetic 200 -o texts.copy
  bench/render_reports.py --synthetic 4 --layout html --show 1   # print one text
  bench/render_reports.py --synthetic 100 --noise -o /dev/null --files texts/   # a file a text
  bench/render_reports.py --synthetic 20 --shape runs --show 3   # a scraper's page text
"""

import argparse
import html
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
import gen_catalog  # noqa: E402
import gen_synthetic as gs  # noqa: E402

LAYOUTS = ("tabs", "pipes", "pdf", "html")
# --noise: also a cell a line (tab-indented, a paragraph, ending in |)
NOISY_LAYOUTS = LAYOUTS + ("cells-tab", "cells-blank", "cells-bar")

FILLER = [
    "认真贯彻落实《中华人民共和国政府信息公开条例》和关于全面推进政务公开工作的各项部署，"
    "紧紧围绕中心工作，以公开为常态、不公开为例外，不断提升政务公开质量和实效。",
    "进一步健全政府信息公开工作机制，明确分管领导和具体承办人员，落实信息发布前保密审查制度，"
    "做到应公开尽公开，依法保障人民群众的知情权、参与权、表达权和监督权。",
    "围绕群众关注的重点领域，及时发布政策文件、财政预决算、重大项目建设等信息，"
    "对重要政策文件同步开展政策解读，采用图解、视频等多种形式，提升解读的针对性和可读性。",
    "加强政府网站和政务新媒体建设管理，优化政府信息公开专栏栏目设置，"
    "规范信息发布流程，定期开展内容检查，确保信息发布准确、及时、完整。",
    "严格按照《条例》规定的时限和程序办理依申请公开事项，认真做好登记、审核、答复和归档等环节工作，"
    "对申请内容不明确的，及时告知申请人作出补正，切实提高答复质量。",
    "组织开展政务公开业务培训，邀请专家围绕《条例》修订内容、依申请公开答复规范等进行专题讲解，"
    "工作人员的业务能力和依法公开意识进一步增强。",
    "将政务公开工作纳入年度绩效考核，定期通报工作情况，对发现的问题督促整改落实，"
    "推动政务公开工作制度化、规范化、标准化。",
]
PROBLEMS = [
    "政务公开工作仍存在一些不足：一是政策解读形式还不够丰富，二是部分栏目信息更新不够及时，"
    "三是工作人员业务水平有待进一步提高。下一步，将加强业务培训，完善工作制度，持续提升政务公开工作水平。",
    "存在的主要问题是基层政务公开标准化规范化建设还需深化，信息公开的主动性和时效性有待加强。"
    "改进措施：进一步梳理公开事项目录，强化督促检查，推动各项工作任务落实到位。",
]


def wan_text(fen):
    """A stored amount (分) printed in 万元 (as few decimals as it needs)."""
    s = "%d.%06d" % (fen // 1000000, fen % 1000000)
    s = s.rstrip("0").rstrip(".")
    return s


def yuan_text(fen, seps=False):
    """A stored amount (分) printed in 元, with 角分 only where it has them."""
    s = ("{:,}" if seps else "{}").format(fen // 100)
    return s + (".%02d" % (fen % 100) if fen % 100 else "")


def num(v, rng, amount=False, unit_col=False):
    if v is None:
        return ""
    if amount:
        return wan_text(v)
    if v >= 1000 and rng.random() < 0.5:
        return "{:,}".format(v)
    return str(v)


class Tpl:
    """A template's printed rows: (kind, label, [(pos or None, is_amount)])."""

    def __init__(self, t):
        self.name = t["name"]
        self.cols = t["columns"]
        self.codes = t["codes"]
        self.rows = t["rows"]

    def cells_of_row(self, ri):
        r = self.rows[ri]
        if not r["columns"]:
            return [self.codes[r["first_code"]]["pos"]]
        return [self.codes[r["first_code"] + k]["pos"] for k in range(len(self.cols))]


def group_values(tpl, ri, cells):
    """A group row of table 三: the column sums of the rows below it."""
    r = tpl.rows[ri]
    sec = r["section"]
    sums = [None] * len(tpl.cols)
    for rj in range(ri + 1, len(tpl.rows)):
        q = tpl.rows[rj]
        if not q["section"].startswith(sec) or q["section"] == sec:
            break
        for k, p in enumerate(tpl.cells_of_row(rj)):
            if p is not None and p >= 0 and cells[p] is not None:
                sums[k] = (sums[k] or 0) + cells[p]
    return sums


def table_lines(tpl, cells, rng, fmt=num):
    """The statistical table as a list of printed rows (lists of cells), with headings.

    fmt(value, rng, amount=False) prints a value (num, or a Noise's num)."""
    out = []
    rows = tpl.rows
    i = 0
    applicant_header = False
    t4_done = False
    while i < len(rows):
        r = rows[i]
        lab = r["label_zh"]
        if r["kind"] == "head":
            out.append(("head", [lab]))
            i += 1
            continue
        if r["columns"]:
            if not applicant_header:
                names = [c["label_zh"].split("·")[-1] for c in tpl.cols]
                out.append(("head", ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]))
                out.append(("head", [names[0], "法人或其他组织", names[-1]]))
                out.append(("head", names[1:-1]))
                applicant_header = True
            if r["kind"] == "group":
                vals = group_values(tpl, i, cells)
            else:
                vals = [cells[p] if p >= 0 else None for p in tpl.cells_of_row(i)]
            out.append(("row", [lab] + [fmt(v, rng) for v in vals]))
            i += 1
            continue
        if r["kind"] == "group":
            i += 1
            continue
        if "·" in lab and r["section"].startswith("四"):
            if not t4_done:
                j = i
                while j < len(rows) and rows[j]["kind"] == "cell" and rows[j]["section"].startswith("四"):
                    j += 1
                out.append(("head", ["行政复议", "行政诉讼"]))
                out.append(("head", ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]))
                out.append(("head", ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
                vals = []
                for k in range(i, j):
                    p = tpl.codes[rows[k]["first_code"]]["pos"]
                    vals.append(fmt(cells[p], rng))
                out.append(("row", vals))
                t4_done = True
                i = j
            else:
                i += 1
            continue
        if "·" in lab:
            prefix = lab.split("·")[0]
            j = i
            heads, vals = [], []
            while j < len(rows) and rows[j]["kind"] == "cell" and not rows[j]["columns"] \
                    and rows[j]["label_zh"].startswith(prefix + "·"):
                q = rows[j]
                heads.append(q["label_zh"].split("·", 1)[1])
                p = tpl.codes[q["first_code"]]["pos"]
                vals.append(fmt(cells[p], rng, amount=q["scale"] > 1))
                j += 1
            if not out or out[-1][0] != "subhead" or out[-1][1][1:] != heads:
                out.append(("subhead", ["信息内容"] + heads))
            out.append(("row", [prefix] + vals))
            i = j
            continue
        # gov2014: label, unit, value
        p = tpl.codes[r["first_code"]]["pos"]
        if not any(o[0] == "subhead" for o in out):
            out.append(("subhead", ["统计指标", "单位", "统计数"]))
        out.append(("row", [lab, r["unit"], fmt(cells[p], rng, amount=r["scale"] > 1, unit_col=True)]))
        i += 1
    return out


def prose(rng, tpl, cells, agency, year, conflicts=None):
    """The report's prose; with conflicts (a list), one figure stated off the
    table's, and (code, table value, stated value) appended to it."""
    pos = {c["code"]: c["pos"] for c in tpl.codes if c["pos"] >= 0}

    def v(code):
        p = pos.get(code)
        return cells[p] if p is not None else None
    paras = []
    paras.append("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公开%s%d年政府信息公开工作年度报告。"
                 "本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。" % (agency, year, year, year))
    paras.append("一、总体情况")
    for k in range(rng.randint(14, 24)):
        paras.append(rng.choice(FILLER))
    rec = v("apply.received")
    if rec is not None:
        said_rec = rec
        g = v("apply.result.granted") if tpl.name != "gov2014" else None
        said_g = g
        if conflicts is not None:
            # one figure of the prose off the table's (--conflict)
            if g is not None and rng.random() < 0.5:
                said_g = g + rng.choice([1, 2, 5])
                conflicts.append(("apply.result.granted", g, said_g))
            else:
                said_rec = rec + rng.choice([1, 2, 5])
                conflicts.append(("apply.received", rec, said_rec))
        if tpl.name == "gov2014":
            paras.append("%d年，共收到政府信息公开申请%d件，均已按规定时限答复。" % (year, said_rec))
        else:
            extra = ""
            if g is not None:
                extra = "其中予以公开%d件，" % said_g
            paras.append("（一）依申请公开情况。全年共新收政府信息公开申请%d件，%s办理结果均已按时告知申请人。" % (said_rec, extra))
    paras.append(rng.choice(FILLER))
    return paras


FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")
# simplified -> traditional, as mirror sites convert a page: the characters
# of the rendered reports that have another traditional form (ordinary
# character facts, written here independently of the parser's table)
TRAD = str.maketrans({w[0]: w[1] for w in (
    "开開 数數 务務 请請 项項 条條 发發 规規 实實 复復 进進 时時 确確 对對 权權 结結 范範 况況 设設 读讀 "
    "关關 办辦 专專 报報 业業 围圍 绕繞 计計 于於 强強 员員 审審 处處 体體 机機 题題 为為 准準 栏欄 众眾 "
    "质質 总總 动動 领領 紧緊 现現 国國 决決 应應 网網 诉訴 问問 训訓 补補 组組 织織 属屬 议議 华華 费費 "
    "点點 参參 标標 采採 检檢 将將 维維 纳納 图圖 档檔 纠糾 监監 财財 态態 视視 预預 频頻 种種 针針 贯貫 "
    "彻徹 断斷 识識 订訂 讲講 导導 尽盡 与與 达達 环環 会會 优優 绩績 严嚴 记記 归歸 节節 据據 统統 类類 "
    "构構 讼訟 经經 无無 过過 举舉 当當 转轉 后後 访訪 减減 区區 续續 简簡 称稱 稳穩 护護 还還 够夠 个個 "
    "错錯 单單 县縣 万萬 废廢 购購 执執 许許 罚罰 额額 系係 这這 询詢 没沒 获獲 继繼 丰豐 热熱 舆輿 闻聞 "
    "负負 责責 线線 谈談 馆館 阅閱 职職 层層 录錄 场場 电電 传傳 络絡 隐隱 济濟 径徑 驳駁 书書 纸紙 门門 "
    "从從 编編 辑輯 资資 乡鄉 镇鎮 备備 级級 兴興 页頁 桥橋 滨濱 阳陽 农農 宁寧 岭嶺 岚嵐 云雲 远遠 卫衛 "
    "东東 医醫 疗療 鹤鶴 运運 输輸 学學 术術 军軍 顺順 园園 凤鳳 厅廳 综綜 庄莊 产產 龙龍 划劃 湾灣 兰蘭 "
    "坝壩 临臨 营營 乐樂 铺鋪 洼窪 沟溝 胜勝 吴吳 张張 麦麥 岗崗 陈陳 莲蓮 马馬 枣棗 红紅 杨楊 刘劉 黄黃 "
    "粮糧 储儲 药藥 缴繳 险險 际際 状狀 认認").split()})
TRAD_WORDS = [("答復", "答覆"), ("重復", "重複")]
CN_DIGITS = "〇一二三四五六七八九"
TITLES = ["{a}{y}年政府信息公开工作年度报告", "{a}{y}年度政府信息公开工作年度报告",
          "{a}关于{y}年度政府信息公开工作年度报告", "{a}\n{y}年政府信息公开工作年度报告",
          "政府信息公开工作年度报告（{cy}年）\n{a}"]
ANNOTATIONS = ["（含备案事项）", "（本级）", "（含下属单位）"]


class Noise:
    """What published reports do to a table's text, decided once a report
    (--noise): blank cells as -, --, /, 无 or —; full-width digits and
    separators; signed cells as -8, 减8 or －8 and +5; amounts in 元 or with
    万元 after them; letter-spaced applicant headers, a year in a header
    (本年(2020)新制作数量), <br> inside HTML headers; local annotations after
    labels; long labels wrapped onto a second line (PDF), page footers
    (- 4 -) inside the table, table 三's header repeated after one; title variants (年度, 关于, the agency on a line
    of its own, 二〇二〇年); a local row (gov2014) and a footnote after the
    table; the page in traditional characters (規(guī)章 pinyin too); CRLF
    line ends, a byte-order mark; &nbsp; in blank HTML cells,
    the applicant header with rowspan and colspan, the page escaped as
    text.  None of it changes a value: the expected report is the same."""

    def __init__(self, rng, layout):
        self.rng = rng
        self.fullwidth = rng.random() < 0.2
        self.seps = rng.random() < 0.5
        self.wide_sep = rng.random() < 0.3
        self.yuan = rng.random() < 0.3
        self.spaced = rng.random() < 0.3
        self.year_head = rng.random() < 0.3
        self.annotate = rng.random() < 0.3
        self.crlf = rng.random() < 0.15
        self.bom = rng.random() < 0.1
        self.br = layout == "html" and rng.random() < 0.4
        self.spans = layout == "html" and rng.random() < 0.5
        self.escaped = layout == "html" and rng.random() < 0.15
        self.nulls = ["-", "--", "/", "无", "—"] + ([] if layout == "cells-blank" else ["", ""])
        self.wrap = layout == "pdf" and rng.random() < 0.5
        self.page_breaks = rng.random() < 0.4
        self.repeat_header = rng.random() < 0.7
        self.traditional = rng.random() < 0.1
        self.pinyin = self.traditional and rng.random() < 0.5
        self.title = rng.randrange(len(TITLES))
        self.local_rows = rng.random() < 0.3

    def agency(self, name):
        """The agency as the page prints it."""
        return self.trad(name) if self.traditional else name

    @staticmethod
    def trad(text):
        text = text.translate(TRAD)
        for a, b in TRAD_WORDS:
            text = text.replace(a, b)
        return text

    def title_lines(self, agency, year):
        cy = "".join(CN_DIGITS[int(c)] for c in str(year))
        return TITLES[self.title].format(a=agency, y=year, cy=cy).split("\n")

    def num(self, v, rng, amount=False, unit_col=False):
        r = self.rng
        if v is None:
            return r.choice(self.nulls)
        if amount and unit_col:
            return wan_text(v)      # the row's unit column says 万元: the value is in 万元
        if amount:
            if self.yuan:
                return yuan_text(v, self.seps) + "元"
            return wan_text(v) + ("万元" if r.random() < 0.2 else "")
        s = str(abs(v))
        if abs(v) >= 1000 and self.seps:
            s = "{:,}".format(abs(v))
            if self.wide_sep:
                s = s.replace(",", "，")
        if self.fullwidth and r.random() < 0.7:
            s = s.translate(FULLWIDTH)
        if v < 0:
            return r.choice(["-", "减", "－"]) + s
        if v > 0 and r.random() < 0.05:
            return "+" + s
        return s

    def table(self, table, year):
        """Headers and labels as published."""
        out = []
        spaced_rows = 0
        for kind, row in table:
            row = list(row)
            if kind == "head" and len(row) > 1 and row[0] != "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" \
                    and row[0] != "行政复议" and spaced_rows < 2:
                # the applicant header's column names
                spaced_rows += 1
                if self.spaced:
                    row = [" ".join(c) if len(c) <= 6 else c for c in row]
            if kind == "subhead" and self.year_head:
                row = [("本年(%d)" % year) + c[2:] if c.startswith("本年") and c.endswith("数量") else c for c in row]
            if kind == "row" and self.annotate and len(row) > 1 and 2 <= len(row[0]) <= 10 \
                    and "\u4e00" <= row[0][0] <= "\u9fff" and row[0][0] not in "一二三四五六七八九十" \
                    and self.rng.random() < 0.3:
                row[0] = row[0] + self.rng.choice(ANNOTATIONS)
            out.append((kind, row))
            if self.local_rows and kind == "row" and row[0].startswith("5.其他方式公开政府信息数"):
                # gov2014: a local row of the agency's own, not in the template
                out.append(("row", ["6.政务新媒体公开政府信息数", "条", str(self.rng.randint(0, 300))]))
        if self.local_rows and any(k == "subhead" and r[0] == "信息内容" for k, r in out):
            out.append(("head", ["注：本表数据统计截至%d年12月31日。" % year]))
        return out

    def lines(self, text):
        if self.traditional:
            text = self.trad(text)
            if self.pinyin:
                text = text.replace("規範性文件", "規(guī)範(fàn)性文件").replace("規章", "規(guī)章")
        if self.crlf:
            text = text.replace("\n", "\r\n")
        if self.bom:
            text = "\ufeff" + text
        return text


def render(tpl, cells, agency, year, layout, rng, noise=None, conflicts=None):
    titles = noise.title_lines(agency, year) if noise else ["%s%d年政府信息公开工作年度报告" % (agency, year)]
    title = " ".join(titles)
    paras = prose(rng, tpl, cells, agency, year, conflicts)
    table = table_lines(tpl, cells, rng, noise.num if noise else num)
    if noise:
        table = noise.table(table, year)
    tail = ["五、存在的主要问题及改进情况", rng.choice(PROBLEMS), "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    if layout == "html":
        h = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title>' % title,
             '<style>td{border:1px solid #999}</style></head><body>',
             '<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk">政府信息公开</a> &gt; 年度报告</div>',
             "<h1>%s</h1>" % titles[0]] + ["<p>%s</p>" % t for t in titles[1:]] + [
             '<div class="meta">发布机构：%s　　发布日期：%d-01-20</div>' % (agency, year + 1)]
        h += ["<p>%s</p>" % p for p in paras]
        h.append('<table border="1" cellspacing="0">')

        def td(c, attrs=""):
            if noise and not c:
                c = "&nbsp;"
            elif noise and noise.br and len(c) >= 4 and not c[0].isdigit() and c[0] != "&":
                c = c[:len(c) // 2] + "<br>" + c[len(c) // 2:]
            return '<td%s><p style="text-align:center"><span>%s</span></p></td>' % (attrs, c)
        k = 0
        while k < len(table):
            kind, row = table[k]
            if kind == "head" and len(row) == 1:
                h.append('<tr><td colspan="8"><p><span>%s</span></p></td></tr>' % row[0])
            elif noise and noise.spans and kind == "head" and len(row) == 2 and row[1] == "申请人情况" \
                    and k + 2 < len(table):
                # the applicant header as published: spans over three rows
                names = table[k + 1][1]
                middle = table[k + 2][1]
                h.append("<tr>" + td(row[0], ' rowspan="3"') + td(row[1], ' colspan="%d"' % (len(middle) + 2)) + "</tr>")
                h.append("<tr>" + td(names[0], ' rowspan="2"') + td(names[1], ' colspan="%d"' % len(middle))
                         + td(names[2], ' rowspan="2"') + "</tr>")
                h.append("<tr>" + "".join(td(c) for c in middle) + "</tr>")
                k += 3
                continue
            else:
                h.append("<tr>" + "".join(td(c) for c in row) + "</tr>")
            k += 1
        h.append("</table>")
        h += ["<p>%s</p>" % p for p in tail]
        h.append("</body></html>")
        page = "\n".join(h) + "\n"
        if noise and noise.escaped:
            page = html.escape(page, quote=False)
        return noise.lines(page) if noise else page
    lines = titles + [""]
    for p in paras:
        lines += [p, ""]
    lines += ["统计表", ""]
    breaks = set()
    if noise and noise.page_breaks:
        # a page footer (- 4 -) between two rows of the table, once or twice; in
        # table 三, the applicant header printed again on the new page (as Word
        # repeats a table's header rows)
        breaks = set(rng.sample(range(1, len(table)), min(2, len(table) - 1)))
        hdr = next((k for k, (kd, r) in enumerate(table) if kd == "head" and len(r) == 2 and r[1] == "申请人情况"), None)
        end3 = next((k for k, (kd, r) in enumerate(table)
                     if hdr is not None and k > hdr and kd == "head" and r[0].startswith("四、")), len(table))
        paged = []
        for ti, item in enumerate(table):
            if ti in breaks:
                paged.append(("footer", [" " * 40 + "- %d -" % (ti % 9 + 2)]))
                if noise.repeat_header and hdr is not None and hdr + 3 <= ti < end3:
                    paged += table[hdr:hdr + 3]
            paged.append(item)
        table = paged
    for kind, row in table:
        if kind == "footer":
            lines += ["", row[0], ""]
            continue
        if layout == "tabs":
            lines.append("\t".join(row))
        elif layout == "pipes":
            lines.append("| " + " | ".join(row) + " |")
        elif layout == "cells-tab":
            # DOCX text: a cell a line, tab-indented, a blank line after each row
            lines += ["\t" + c for c in row] + [""]
        elif layout == "cells-blank":
            # a cell a paragraph
            for c in row:
                lines += [c, ""]
        elif layout == "cells-bar":
            # a cell a line, each ending in |
            lines += [c + "|" for c in row] + [""]
        else:
            # PDF: columns aligned with runs of spaces; blanks become gaps; a
            # value as wide as its column keeps one space before it, as
            # pdftotext -layout prints text runs apart
            if kind == "row" and len(row) > 1:
                rest = "".join(("%8s" % c if len(c) < 8 else " " + c) if c else " " * 8 for c in row[1:])
                if noise and noise.wrap and len(row[0]) > 12:
                    # a long label wrapped in its column: the rest on the next line
                    lines.append("    " + row[0][:12] + "  " + rest)
                    lines.append("    " + row[0][12:])
                else:
                    lines.append("    " + row[0] + "  " + rest)
            else:
                lines.append("    " + "    ".join(row))
    lines.append("")
    for p in tail:
        lines += [p, ""]
    text = "\n".join(lines)
    return noise.lines(text) if noise else text


# ---------------------------------------------------------------------------
# --shape: what real published documents look like, one shape at a time, on
# the clean rendering (no Noise), so that a report that does not come back
# is put down to its shape.  Each keeps every value: the expected report is
# the one rendered (with the agency as the shape names it).
# ---------------------------------------------------------------------------

SHAPES = ("title", "spans", "bare-pipes", "runs", "wrapped", "prose-wrap", "scan")
# the layout a shape is printed in (html: a page, written as NNNN.html)
SHAPE_LAYOUT = {"title": "pdf", "spans": "html", "bare-pipes": "pipes", "runs": "runs",
                "wrapped": "pdf", "prose-wrap": "pdf", "scan": "html"}
ZONES = ["{p}经济技术开发区管委会", "{p}高新技术产业开发区管理委员会", "{p}综合实验区",
         "{p}综合实验区管理委员会", "{p}经济开发区管委会"]


def plain_num(v, rng, amount=False, unit_col=False):
    """A value as a scraper's page text prints it: digits, no separators."""
    if v is None:
        return ""
    return wan_text(v) if amount else str(v)


def zone_agency(name, rng):
    """A 开发区/综合实验区 of the place the agency is named after (its 市, 县 or 区)."""
    for k, ch in enumerate(name):
        if ch in "市县区" and k >= 1:
            return rng.choice(ZONES).format(p=name[:k])
    return rng.choice(ZONES).format(p=name[:2])


UNIT_ENDS = "府市县区镇乡局会厅"


def shape_titles(agency, year, rng):
    """A PDF's title block: the agency centred on a line of its own above the
    title (pdftotext prints '2023 年'), the year first, the agency split over
    two centred lines above the title, or its second part beginning the
    title line."""
    # a name is split where one of its units ends (江川省人民政府 / 外事办公室,
    # 兴城经济技术开发区 / 管委会): the cut nearest its middle
    cuts = [k for k in range(3, len(agency) - 1) if agency[k - 1] in UNIT_ENDS]
    kind = rng.randrange(4 if cuts else 2)
    if kind == 0:
        return [" " * 14 + agency, " " * 6 + "%d 年政府信息公开工作年度报告" % year]
    if kind == 1:
        return [" " * 4 + "%d年%s政府信息公开工作年度报告" % (year, agency)]
    cut = min(cuts, key=lambda k: abs(k - len(agency) / 2))
    if kind == 2:
        return [" " * 12 + agency[:cut], " " * 12 + agency[cut:],
                " " * 6 + "%d年度政府信息公开工作年度报告" % year]
    # the name's second part begins the title line
    return [" " * 10 + agency[:cut], " " * 4 + agency[cut:] + "%d年政府信息公开工作年度报告" % year]


def wrap_prose(text, width, indent=3):
    """A paragraph as a PDF's lines: cut every width characters, the first
    indented, as a word processor breaks CJK text: never inside a number,
    never before closing punctuation (it stays on the line it closes)."""
    lines, line = [], " " * indent
    for i, ch in enumerate(text):
        inside_number = ch.isdigit() and i > 0 and text[i - 1].isdigit()
        if len(line) >= width and not inside_number and ch not in "，。、；：）》”":
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    return lines


def pdf_rows(table, rng, wrap=False, label_width=30, col=10):
    """The table as pdftotext -layout prints it from a PDF whose columns line
    up: labels padded to one width, values right-aligned in col characters.
    With wrap, values and units too wide for a squeezed column wrap inside it:
    the head of a figure on the row's line, its tail on the next (１０ / ６,
    1, / 084), a 万元 unit as 万 / 元, a header's （单位：万 / 元）."""
    out = []
    wrapped_one = False
    for kind, row in table:
        if kind != "row" or len(row) < 2:
            cells = list(row)
            if wrap and any("（单位：万元）" in c for c in cells):
                cells = [c.replace("（单位：万元）", "（单位：万") for c in cells]
                out.append("    " + "    ".join(cells))
                out.append("    " + " " * (sum(len(c) + 4 for c in cells) - 4 - 3) + "元）")
                continue
            out.append("    " + "    ".join(cells))
            continue
        values_only = row[0] == "" or row[0].replace(",", "").isdigit()     # table 四's row
        label = "" if values_only else row[0]
        head, tail = [], []
        for k, c in enumerate(row if values_only else row[1:]):
            h, t = c, ""
            if wrap and c == "万元":
                h, t = "万", "元"
            elif wrap and len(c) >= 2 and c[0].isdigit() and "." not in c and rng.random() < 0.4:
                if "," in c:
                    cut = c.index(",") + 1
                else:
                    cut = rng.randint(1, len(c) - 1)
                h, t = c[:cut], c[cut:]
                if rng.random() < 0.3:
                    h, t = h.translate(FULLWIDTH), t.translate(FULLWIDTH)
            if t:
                wrapped_one = True
            head.append(h)
            tail.append(t)
        pad = " " * max(2, label_width - len(label))
        # a value as wide as its column keeps a space before it: pdftotext
        # prints text runs apart
        out.append("    " + label + pad + "".join("%*s" % (col, h) if len(h) < col else " " + h for h in head))
        if any(tail):
            out.append("    " + " " * max(len(label) + len(pad), label_width)
                       + "".join("%*s" % (col, t) for t in tail))
    return out, wrapped_one


def render_shape(tpl, cells, agency, year, shape, rng, conflicts=None):
    """The report's text in one of SHAPES, and the agency as its title names it."""
    if shape == "title" and rng.random() < 0.35:
        agency = zone_agency(agency, rng)
    paras = prose(rng, tpl, cells, agency, year, conflicts)
    # the opening paragraph as most reports write it, without the title again:
    # the agency is the title block's to give
    paras[0] = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制。"
                "本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。" % (year, year))
    tail = ["五、存在的主要问题及改进情况", rng.choice(PROBLEMS), "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    title = "%s%d年政府信息公开工作年度报告" % (agency, year)
    if shape == "runs":
        # page text saved by a scraper: metadata lines, then the body on one
        # line, the table's cells run together (label and figures, no gaps)
        table = table_lines(tpl, cells, rng, plain_num)
        parts = []
        for kind, row in table:
            if kind == "row":
                sep = " " if row[0][:2] in ("一、", "二、", "三、") and len(row) > 2 else ""
                parts.append(row[0] + sep + "".join(row[1:]))
            else:
                parts.append(" " + " ".join(row) + " ")
        body = " ".join(paras) + " " + "".join(parts) + " " + " ".join(tail)
        return "\n".join(["标题: " + title, "发布时间: %d-01-20 09:30" % (year + 1), "文号: ", "发布机构: ",
                          "栏目: 政府信息公开年报", "==================== 正文 ====================",
                          body, ""]), agency
    if shape in ("spans", "scan"):
        table = table_lines(tpl, cells, rng)
        last_wide = rng.random() < 0.5
        pad = ";padding:4px 10px;font-size:14pt" if shape == "scan" else ""
        h = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title>' % title,
             "<style>td{border:1px solid #999%s}</style></head><body>" % pad]
        if shape == "scan":
            # a PDF's title page: the agency centred above the title
            h += ['<p style="text-align:center">%s</p>' % agency,
                  '<p style="text-align:center">%d年政府信息公开工作年度报告</p>' % year]
        else:
            h.append("<h1>%s</h1>" % title)
        h += ["<p>%s</p>" % p for p in paras]
        h.append('<table border="1" cellspacing="0">')

        def td(c, span=1):
            return "<td%s>%s</td>" % (' colspan="%d"' % span if span > 1 else "", c)
        in_t2 = False
        for kind, row in table:
            if kind == "head":
                in_t2 = False
            if kind == "head" and len(row) == 1:
                h.append('<tr><td colspan="9">%s</td></tr>' % row[0])
            elif shape == "spans" and kind == "subhead" and row[0] == "信息内容":
                # the header's first cell over two columns ...
                in_t2 = True
                h.append("<tr>" + td(row[0], 2) + "".join(td(c) for c in row[1:]) + "</tr>")
            elif shape == "spans" and kind == "row" and in_t2:
                # ... above a row whose label spans one and one value two
                k = len(row) - 1 if last_wide else 1
                h.append("<tr>" + "".join(td(c, 2 if i == k else 1) for i, c in enumerate(row)) + "</tr>")
            else:
                h.append("<tr>" + "".join(td(c) for c in row) + "</tr>")
        h.append("</table>")
        h += ["<p>%s</p>" % p for p in tail]
        h.append("</body></html>")
        return "\n".join(h) + "\n", agency
    table = table_lines(tpl, cells, rng)
    if shape == "bare-pipes":
        lines = [title, ""] + [p for q in paras for p in (q, "")] + ["统计表", ""]
        # Markdown-like rows without outer bars; a blank cell is nothing, so a
        # row may end in '| '
        lines += [" | ".join(row) for kind, row in table]
        lines += [""] + [p for q in tail for p in (q, "")]
        return "\n".join(lines), agency
    # the PDF shapes
    titles = shape_titles(agency, year, rng) if shape == "title" else [title]
    lines = titles + ["", ""]
    width = rng.randint(28, 36)
    for p in paras:
        if shape == "prose-wrap":
            lines += wrap_prose(p, width)
            if rng.random() < 0.08:
                lines += ["", " " * 40 + "-%d-" % rng.randint(1, 9), ""]
        else:
            lines += [p, ""]
    lines += [""]
    if shape == "wrapped":
        rows, _ = pdf_rows(table, rng, wrap=True)
    else:
        rows, _ = pdf_rows(table, rng)
    lines += rows
    lines.append("")
    for p in tail:
        lines += wrap_prose(p, width) if shape == "prose-wrap" else [p, ""]
    return "\n".join(lines) + "\n", agency


def copy_escape(s):
    return (s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--include", nargs="*", default=[], help="report files to include as they are")
    ap.add_argument("--synthetic", type=int, default=0, help="synthetic reports to render")
    ap.add_argument("--conflict", action="store_true",
                    help="state one figure of the prose off the table's; a fourth column lists "
                         "'code table_value stated_value' (what narrative_conflicts must find)")
    ap.add_argument("--noise", action="store_true",
                    help="render as published reports vary (class Noise), in the layouts of NOISY_LAYOUTS")
    ap.add_argument("--shape", choices=SHAPES,
                    help="render the reports in this shape of real published documents (no --noise): "
                         "the title block, HTML spans that do not line up, borderless | rows, cells run "
                         "together, values wrapped in squeezed PDF columns, prose wrapped by PDF lines, "
                         "a page to print and rasterise for OCR")
    ap.add_argument("--layout", choices=NOISY_LAYOUTS + ("all",), default="all",
                    help="layout of the synthetic texts (default: all, in turn)")
    ap.add_argument("--seed", type=int, default=gs.DEFAULT_SEED,
                    help="seed of the province and of the rendering (default: %(default)s)")
    ap.add_argument("--show", type=int, help="print the text of this synthetic report (1-based) and exit")
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--files", metavar="DIR",
                    help="also write each text as DIR/NNNN.txt or .html, with DIR/NNNN.meta (name TAB expected)")
    args = ap.parse_args(argv)

    templates = {t["name"]: Tpl(t) for t in gen_catalog.load(gs.SPEC)}
    gtemplates = {t["name"]: gs.Template(t) for t in gen_catalog.load(gs.SPEC)}
    rows = []
    for path in args.include:
        with open(path, "rb") as f:
            data = f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            sys.stderr.write("render_reports: %s is not UTF-8: skipped\n" % path)
            continue
        rows.append((os.path.basename(path), text, None))
    if args.synthetic > 0:
        ags = gs.build_province(args.seed)
        rng = random.Random("%s/render" % args.seed)
        # agencies of every level, each with one of its years: all three templates
        pick = gs.select_agencies(ags, args.synthetic, args.seed)
        years = list(gs.ALL_YEARS)
        for k, a in enumerate(pick[:args.synthetic]):
            year = years[k % len(years)]
            if a.since and year < a.since:
                year = max(year, a.since)
            _prof, reps = gs.simulate(a, args.seed, [year], gtemplates)
            if not reps:
                continue
            y, tname, d = reps[0]
            cells = gs.cells_of(gtemplates[tname], d)
            layouts = NOISY_LAYOUTS if args.noise else LAYOUTS
            layout = layouts[k % len(layouts)] if args.layout == "all" else args.layout
            noise = Noise(rng, layout) if args.noise and not args.shape else None
            conflicts = [] if args.conflict else None
            if args.shape:
                layout = "%s-%s" % (SHAPE_LAYOUT[args.shape], args.shape)
                text, agency = render_shape(templates[tname], cells, a.name, y, args.shape, rng, conflicts)
            else:
                text = render(templates[tname], cells, a.name, y, layout, rng, noise, conflicts)
                agency = noise.agency(a.name) if noise else a.name
            if args.show == k + 1:
                sys.stdout.write(text)
                return 0
            expected = "(%s,%d,%s,\"%s\")" % (gs.composite_quote(agency), y, tname, gs.array_text(cells))
            rows.append(("synthetic-%s-%d-%s%s-%s" % (tname, y, layout, "-noisy" if noise else "", a.name),
                         text, expected) + ((";".join("%s %d %d" % c for c in conflicts),) if args.conflict else ()))
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    for row in rows:
        name, text, expected = row[:3]
        out.write("%s\t%s\t%s%s\n" % (copy_escape(name), copy_escape(text),
                                      "\\N" if expected is None else copy_escape(expected),
                                      "".join("\t" + copy_escape(x) for x in row[3:])))
    if out is not sys.stdout:
        out.close()
    if args.files:
        # each text a file of its own (.html for a page), and its NNNN.meta: name TAB expected
        os.makedirs(args.files, exist_ok=True)
        for i, row in enumerate(rows):
            name, text, expected = row[:3]
            ext = "html" if "-html-" in name or name.endswith((".html", ".htm")) else "txt"
            with open("%s/%04d.%s" % (args.files, i, ext), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            with open("%s/%04d.meta" % (args.files, i), "w", encoding="utf-8") as f:
                f.write("%s\t%s" % (name, expected or ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
