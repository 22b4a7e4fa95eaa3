/*
 * parse.c
 *	  The report-text parser: report text or HTML -> template, agency, year,
 *	  cells and a log.  See parse.h for the stages.
 *
 * Pure C (no server headers).  Everything a parse allocates comes from one
 * arena with a hard bound (GI_PARSE_MEM_LIMIT) that the result owns; the
 * per-template label tables are built once per process.  All scans are
 * linear in the input; the one quadratic step, the alignment, is bounded by
 * GI_PARSE_MAX_ROWS printed rows x the template's rows.  Nothing recurses.
 */
#include "parse.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"

/* SSE2 (every x86-64 has it) for the scans of runs of CJK; elsewhere the same in plain C */
#if defined(__SSE2__)
#include <emmintrin.h>
#define GI_PARSE_SSE2 1
#endif

/* ------------------------------------------------------------------------
 * Arena: chunks from malloc, freed together; a hard bound on the total.
 * ------------------------------------------------------------------------ */

typedef struct Chunk
{
	struct Chunk *next;
	size_t		size;
	size_t		used;
} Chunk;

#define CHUNK_HDR		((sizeof(Chunk) + 15) & ~(size_t) 15)
#define CHUNK_DEFAULT	(64 * 1024)

typedef struct Arena
{
	Chunk	   *head;
	size_t		total;
	size_t		limit;
	bool		failed;
} Arena;

/*
 * One chunk of the default size kept from the last parse for the next: a
 * parse of an ordinary report needs two or three, and handing them all back
 * to malloc each time makes it return the top of the heap to the system
 * and ask for it again (brk) on every call.  One chunk a process, no more.
 */
#ifndef GI_PARSE_ARENA_MALLOC
static Chunk *spare_chunk;
#endif

static void *
arena_alloc(Arena *a, size_t n)
{
	Chunk	   *c;
	size_t		size;

	if (a->failed)
		return NULL;
	if (n > a->limit)
	{
		a->failed = true;
		return NULL;
	}
	n = n == 0 ? 16 : (n + 15) & ~(size_t) 15;
#ifdef GI_PARSE_ARENA_MALLOC
	/* every allocation its own block, so that AddressSanitizer sees its bounds */
	if (false)
#else
	if (a->head != NULL && a->head->size - a->head->used >= n)
#endif
	{
		void	   *p = (char *) a->head + CHUNK_HDR + a->head->used;

		a->head->used += n;
		return p;
	}
#ifdef GI_PARSE_ARENA_MALLOC
	size = n;
#else
	size = n > CHUNK_DEFAULT / 4 ? n : CHUNK_DEFAULT;
#endif
	if (a->total + size + CHUNK_HDR > a->limit)
	{
		a->failed = true;
		return NULL;
	}
#ifndef GI_PARSE_ARENA_MALLOC
	if (size == CHUNK_DEFAULT && spare_chunk != NULL)
	{
		c = spare_chunk;
		spare_chunk = NULL;
	}
	else
#endif
		c = malloc(CHUNK_HDR + size);
	if (c == NULL)
	{
		a->failed = true;
		return NULL;
	}
	a->total += CHUNK_HDR + size;
	c->size = size;
	c->used = n;
	if (size == n && a->head != NULL)
	{
		/* a dedicated chunk: keep the current one for small requests */
		c->next = a->head->next;
		a->head->next = c;
	}
	else
	{
		c->next = a->head;
		a->head = c;
	}
	return (char *) c + CHUNK_HDR;
}

static void
arena_free(Arena *a)
{
	Chunk	   *c = a->head;

	while (c != NULL)
	{
		Chunk	   *next = c->next;

#ifndef GI_PARSE_ARENA_MALLOC
		if (spare_chunk == NULL && c->size == CHUNK_DEFAULT)
			spare_chunk = c;
		else
#endif
			free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

/* Make room for need elements in *data (capacity *cap); doubles. */
static bool
grow(Arena *a, void **data, int *cap, int need, size_t elsize)
{
	int			newcap;
	void	   *p;

	if (need <= *cap)
		return true;
	newcap = *cap > 0 ? *cap : 16;
	while (newcap < need)
	{
		if (newcap > INT_MAX / 2)
		{
			a->failed = true;
			return false;
		}
		newcap *= 2;
	}
	p = arena_alloc(a, (size_t) newcap * elsize);
	if (p == NULL)
		return false;
	if (*cap > 0 && *data != NULL)
		memcpy(p, *data, (size_t) *cap * elsize);
	*data = p;
	*cap = newcap;
	return true;
}

/* (room already there: no call) */
#define GROW(a, arr, cap, need) \
	((need) <= (cap) || grow((a), (void **) &(arr), &(cap), (need), sizeof(*(arr))))

static char *
arena_strndup(Arena *a, const char *s, size_t n)
{
	char	   *p = arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ------------------------------------------------------------------------
 * UTF-8 and character folding
 * ------------------------------------------------------------------------ */

static inline int
utf8_dec(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned	c;
	int			n;
	uint32_t	v,
				min;

	if (len == 0)
	{
		*cp = 0xFFFD;
		return 1;
	}
	c = s[0];
	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}

	/*
	 * Three bytes, well formed (CJK, most of the text): at once.  The checks
	 * below would give the same; anything else goes on to them.
	 */
	if ((c & 0xF0) == 0xE0 && len >= 3 && ((s[1] | ((unsigned) s[2] << 8)) & 0xC0C0) == 0x8080)
	{
		v = ((c & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF))
		{
			*cp = v;
			return 3;
		}
		*cp = 0xFFFD;
		return 1;
	}
	if ((c & 0xE0) == 0xC0)
	{
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	}
	else if ((c & 0xF0) == 0xE0)
	{
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	}
	else if ((c & 0xF8) == 0xF0)
	{
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	}
	else
	{
		*cp = 0xFFFD;
		return 1;
	}
	if ((size_t) n > len)
	{
		*cp = 0xFFFD;
		return 1;
	}
	for (int i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
		{
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
	{
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return n;
}

int
gi_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	return utf8_dec(s, len, cp);
}

/* Encode c (<= U+10FFFF) into o (room for 4 bytes): the parser's own calls, inline. */
static inline int
utf8_enc(uint32_t c, char *o)
{
	if (c < 0x80)
	{
		o[0] = (char) c;
		return 1;
	}
	if (c < 0x800)
	{
		o[0] = (char) (0xC0 | (c >> 6));
		o[1] = (char) (0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000)
	{
		o[0] = (char) (0xE0 | (c >> 12));
		o[1] = (char) (0x80 | ((c >> 6) & 0x3F));
		o[2] = (char) (0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char) (0xF0 | (c >> 18));
	o[1] = (char) (0x80 | ((c >> 12) & 0x3F));
	o[2] = (char) (0x80 | ((c >> 6) & 0x3F));
	o[3] = (char) (0x80 | (c & 0x3F));
	return 4;
}

/* The one UTF-8 encoder of the parser and narrative.c (declared in parse.h). */
int
gi_utf8_encode(uint32_t c, char *o)
{
	return utf8_enc(c, o);
}

/*
 * Eight bytes at a time, in a uint64_t (the scans below only test and count
 * bytes, so the order of the bytes in the word does not matter).
 */

/* 0x80 in each byte of w that is zero (exactly: no borrow between bytes) */
static inline uint64_t
zero_bytes(uint64_t w)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((w & lo7) + lo7) | w | lo7);
}

#define BYTES8(b) (0x0101010101010101ULL * (uint8_t) (b))

/* How many bytes of m (only 0x80 bits set) are marked */
static inline int
count_marked(uint64_t m)
{
	return (int) (((m >> 7) * BYTES8(1)) >> 56);
}

/* Decode at s (len bytes left), never reading past the end. */
#define DEC(s, len, cp) utf8_dec((const unsigned char *) (s), (len), (cp))

/*
 * Traditional -> simplified, for the characters that occur in the
 * templates' labels, the column names and the parser's and narrative's key
 * words (and a few unit and agency-suffix characters).  Sorted by the
 * traditional character.  Generated at development time from the set of
 * characters these use; the pairs are ordinary character facts.
 */
static const uint32_t trad_simp[][2] = {
/* @@TRAD_TABLE_BEGIN@@ */
	{0x4F48, 0x5E03},	/* 佈 布 */
	{0x4F54, 0x5360},	/* 佔 占 */
	{0x4F86, 0x6765},	/* 來 来 */
	{0x4FB7, 0x5C40},	/* 侷 局 */
	{0x4FEC, 0x79C1},	/* 俬 私 */
	{0x500B, 0x4E2A},	/* 個 个 */
	{0x50A2, 0x5BB6},	/* 傢 家 */
	{0x50B3, 0x4F20},	/* 傳 传 */
	{0x5167, 0x5185},	/* 內 内 */
	{0x52D5, 0x52A8},	/* 動 动 */
	{0x52D9, 0x52A1},	/* 務 务 */
	{0x5340, 0x533A},	/* 區 区 */
	{0x53C3, 0x53C2},	/* 參 参 */
	{0x54E1, 0x5458},	/* 員 员 */
	{0x55AE, 0x5355},	/* 單 单 */
	{0x5679, 0x5F53},	/* 噹 当 */
	{0x56AE, 0x5411},	/* 嚮 向 */
	{0x570B, 0x56FD},	/* 國 国 */
	{0x570D, 0x56F4},	/* 圍 围 */
	{0x5712, 0x56ED},	/* 園 园 */
	{0x5716, 0x56FE},	/* 圖 图 */
	{0x57F0, 0x91C7},	/* 埰 采 */
	{0x57F7, 0x6267},	/* 執 执 */
	{0x5831, 0x62A5},	/* 報 报 */
	{0x5834, 0x573A},	/* 場 场 */
	{0x5BC0, 0x91C7},	/* 寀 采 */
	{0x5BE9, 0x5BA1},	/* 審 审 */
	{0x5C07, 0x5C06},	/* 將 将 */
	{0x5C08, 0x4E13},	/* 專 专 */
	{0x5C0D, 0x5BF9},	/* 對 对 */
	{0x5C6C, 0x5C5E},	/* 屬 属 */
	{0x5EE2, 0x5E9F},	/* 廢 废 */
	{0x5EF3, 0x5385},	/* 廳 厅 */
	{0x5F37, 0x5F3A},	/* 強 强 */
	{0x5F8C, 0x540E},	/* 後 后 */
	{0x5F91, 0x5F84},	/* 徑 径 */
	{0x5F9E, 0x4ECE},	/* 從 从 */
	{0x5FA9, 0x590D},	/* 復 复 */
	{0x61C9, 0x5E94},	/* 應 应 */
	{0x6236, 0x6237},	/* 戶 户 */
	{0x6372, 0x5377},	/* 捲 卷 */
	{0x63A1, 0x91C7},	/* 採 采 */
	{0x64DA, 0x636E},	/* 據 据 */
	{0x6578, 0x6570},	/* 數 数 */
	{0x65BC, 0x4E8E},	/* 於 于 */
	{0x65C2, 0x65D7},	/* 旂 旗 */
	{0x6642, 0x65F6},	/* 時 时 */
	{0x66AB, 0x6682},	/* 暫 暂 */
	{0x66CF, 0x5411},	/* 曏 向 */
	{0x66F8, 0x4E66},	/* 書 书 */
	{0x6703, 0x4F1A},	/* 會 会 */
	{0x67FB, 0x67E5},	/* 査 查 */
	{0x689D, 0x6761},	/* 條 条 */
	{0x696D, 0x4E1A},	/* 業 业 */
	{0x69CB, 0x6784},	/* 構 构 */
	{0x6A19, 0x6807},	/* 標 标 */
	{0x6A5F, 0x673A},	/* 機 机 */
	{0x6A94, 0x6863},	/* 檔 档 */
	{0x6AAF, 0x53F0},	/* 檯 台 */
	{0x6B0A, 0x6743},	/* 權 权 */
	{0x6C7A, 0x51B3},	/* 決 决 */
	{0x6C92, 0x6CA1},	/* 沒 没 */
	{0x6CC1, 0x51B5},	/* 況 况 */
	{0x6E1B, 0x51CF},	/* 減 减 */
	{0x6FDF, 0x6D4E},	/* 濟 济 */
	{0x70BA, 0x4E3A},	/* 為 为 */
	{0x7121, 0x65E0},	/* 無 无 */
	{0x71B1, 0x70ED},	/* 熱 热 */
	{0x7232, 0x4E3A},	/* 爲 为 */
	{0x7372, 0x83B7},	/* 獲 获 */
	{0x73FE, 0x73B0},	/* 現 现 */
	{0x7576, 0x5F53},	/* 當 当 */
	{0x767C, 0x53D1},	/* 發 发 */
	{0x771E, 0x771F},	/* 眞 真 */
	{0x773E, 0x4F17},	/* 眾 众 */
	{0x78BA, 0x786E},	/* 確 确 */
	{0x7955, 0x79D8},	/* 祕 秘 */
	{0x7A69, 0x7A33},	/* 穩 稳 */
	{0x7A6B, 0x83B7},	/* 穫 获 */
	{0x7B87, 0x4E2A},	/* 箇 个 */
	{0x7BC4, 0x8303},	/* 範 范 */
	{0x7CFE, 0x7EA0},	/* 糾 纠 */
	{0x7D04, 0x7EA6},	/* 約 约 */
	{0x7D0D, 0x7EB3},	/* 納 纳 */
	{0x7D19, 0x7EB8},	/* 紙 纸 */
	{0x7D44, 0x7EC4},	/* 組 组 */
	{0x7D50, 0x7ED3},	/* 結 结 */
	{0x7D61, 0x7EDC},	/* 絡 络 */
	{0x7D71, 0x7EDF},	/* 統 统 */
	{0x7D93, 0x7ECF},	/* 經 经 */
	{0x7DAB, 0x7EBF},	/* 綫 线 */
	{0x7DAD, 0x7EF4},	/* 維 维 */
	{0x7DB2, 0x7F51},	/* 網 网 */
	{0x7DDA, 0x7EBF},	/* 線 线 */
	{0x7DE8, 0x7F16},	/* 編 编 */
	{0x7E23, 0x53BF},	/* 縣 县 */
	{0x7E3D, 0x603B},	/* 總 总 */
	{0x7E54, 0x7EC7},	/* 織 织 */
	{0x7E73, 0x7F34},	/* 繳 缴 */
	{0x7E7C, 0x7EE7},	/* 繼 继 */
	{0x7E8C, 0x7EED},	/* 續 续 */
	{0x7F70, 0x7F5A},	/* 罰 罚 */
	{0x805E, 0x95FB},	/* 聞 闻 */
	{0x806F, 0x8054},	/* 聯 联 */
	{0x8077, 0x804C},	/* 職 职 */
	{0x81FA, 0x53F0},	/* 臺 台 */
	{0x8209, 0x4E3E},	/* 舉 举 */
	{0x8218, 0x9986},	/* 舘 馆 */
	{0x83EF, 0x534E},	/* 華 华 */
	{0x842C, 0x4E07},	/* 萬 万 */
	{0x8518, 0x53C2},	/* 蔘 参 */
	{0x8655, 0x5904},	/* 處 处 */
	{0x865F, 0x53F7},	/* 號 号 */
	{0x8846, 0x4F17},	/* 衆 众 */
	{0x8855, 0x540C},	/* 衕 同 */
	{0x88DC, 0x8865},	/* 補 补 */
	{0x88FD, 0x5236},	/* 製 制 */
	{0x8907, 0x590D},	/* 複 复 */
	{0x8986, 0x590D},	/* 覆 复 */
	{0x898B, 0x89C1},	/* 見 见 */
	{0x898F, 0x89C4},	/* 規 规 */
	{0x8A08, 0x8BA1},	/* 計 计 */
	{0x8A13, 0x8BAD},	/* 訓 训 */
	{0x8A1F, 0x8BBC},	/* 訟 讼 */
	{0x8A2A, 0x8BBF},	/* 訪 访 */
	{0x8A2D, 0x8BBE},	/* 設 设 */
	{0x8A31, 0x8BB8},	/* 許 许 */
	{0x8A34, 0x8BC9},	/* 訴 诉 */
	{0x8A3B, 0x6CE8},	/* 註 注 */
	{0x8A62, 0x8BE2},	/* 詢 询 */
	{0x8A66, 0x8BD5},	/* 試 试 */
	{0x8A73, 0x8BE6},	/* 詳 详 */
	{0x8A8C, 0x5FD7},	/* 誌 志 */
	{0x8A8D, 0x8BA4},	/* 認 认 */
	{0x8AC7, 0x8C08},	/* 談 谈 */
	{0x8ACB, 0x8BF7},	/* 請 请 */
	{0x8B70, 0x8BAE},	/* 議 议 */
	{0x8B77, 0x62A4},	/* 護 护 */
	{0x8B80, 0x8BFB},	/* 讀 读 */
	{0x8CA0, 0x8D1F},	/* 負 负 */
	{0x8CAC, 0x8D23},	/* 責 责 */
	{0x8CBB, 0x8D39},	/* 費 费 */
	{0x8CEA, 0x8D28},	/* 質 质 */
	{0x8CFC, 0x8D2D},	/* 購 购 */
	{0x8E30, 0x903E},	/* 踰 逾 */
	{0x8F03, 0x8F83},	/* 較 较 */
	{0x8F2F, 0x8F91},	/* 輯 辑 */
	{0x8F3F, 0x8206},	/* 輿 舆 */
	{0x8F49, 0x8F6C},	/* 轉 转 */
	{0x8FA6, 0x529E},	/* 辦 办 */
	{0x8FF4, 0x56DE},	/* 迴 回 */
	{0x9019, 0x8FD9},	/* 這 这 */
	{0x904E, 0x8FC7},	/* 過 过 */
	{0x9054, 0x8FBE},	/* 達 达 */
	{0x9069, 0x9002},	/* 適 适 */
	{0x90F5, 0x90AE},	/* 郵 邮 */
	{0x9109, 0x4E61},	/* 鄉 乡 */
	{0x932F, 0x9519},	/* 錯 错 */
	{0x9336, 0x8868},	/* 錶 表 */
	{0x93AD, 0x9547},	/* 鎭 镇 */
	{0x93AE, 0x9547},	/* 鎮 镇 */
	{0x9577, 0x957F},	/* 長 长 */
	{0x9580, 0x95E8},	/* 門 门 */
	{0x958B, 0x5F00},	/* 開 开 */
	{0x95A4, 0x5408},	/* 閤 合 */
	{0x95B1, 0x9605},	/* 閱 阅 */
	{0x95B2, 0x9605},	/* 閲 阅 */
	{0x95DC, 0x5173},	/* 關 关 */
	{0x968A, 0x961F},	/* 隊 队 */
	{0x96B1, 0x9690},	/* 隱 隐 */
	{0x96BB, 0x53EA},	/* 隻 只 */
	{0x96FB, 0x7535},	/* 電 电 */
	{0x9801, 0x9875},	/* 頁 页 */
	{0x9805, 0x9879},	/* 項 项 */
	{0x984C, 0x9898},	/* 題 题 */
	{0x984D, 0x989D},	/* 額 额 */
	{0x985E, 0x7C7B},	/* 類 类 */
	{0x98B1, 0x53F0},	/* 颱 台 */
	{0x9918, 0x4F59},	/* 餘 余 */
	{0x9928, 0x9986},	/* 館 馆 */
	{0x99C1, 0x9A73},	/* 駁 驳 */
	{0x9AD4, 0x4F53},	/* 體 体 */
	{0x9AEE, 0x53D1},	/* 髮 发 */
	{0x9EAA, 0x9762},	/* 麪 面 */
	{0x9EAB, 0x9762},	/* 麫 面 */
	{0x9EB5, 0x9762},	/* 麵 面 */
	{0x9EDE, 0x70B9},	/* 點 点 */
	{0x9F63, 0x51FA},	/* 齣 出 */
/* @@TRAD_TABLE_END@@ */
};

/* Bits set in x (without a library call where the CPU's instruction is not assumed) */
static inline int
popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (int) ((x * 0x0101010101010101ULL) >> 56);
}

/*
 * Which code points in 0x3400-0x9FFF are in trad_simp (a fast "no"), and
 * for each 64-bit word of that bitmap the index in trad_simp of its first
 * entry: with the bits below a code point's, its entry (trad_simp is sorted
 * and has one entry a character).  So the fold is a table lookup.  Built
 * once per process.
 */
#define TRAD_WORDS ((0x9FFF - 0x3400 + 1 + 63) / 64)
static uint64_t trad_bits[TRAD_WORDS];
static uint16_t trad_rank[TRAD_WORDS];
static bool trad_bits_ready;

static void
trad_bits_init(void)
{
	int			cum = 0;

	for (size_t i = 0; i < sizeof(trad_simp) / sizeof(trad_simp[0]); i++)
	{
		uint32_t	c = trad_simp[i][0];

		if (c >= 0x3400 && c <= 0x9FFF)
			trad_bits[(c - 0x3400) >> 6] |= (uint64_t) 1 << ((c - 0x3400) & 63);
	}
	for (int w = 0; w < TRAD_WORDS; w++)
	{
		trad_rank[w] = (uint16_t) cum;
		cum += popcount64(trad_bits[w]);
	}
	trad_bits_ready = true;
}

/* Traditional -> simplified for c in 0x3400-0x9FFF (c itself when not traditional). */
static inline uint32_t
trad_fold(uint32_t c)
{
	uint32_t	o = c - 0x3400;
	uint64_t	word,
				bit;

	if (!trad_bits_ready)
		trad_bits_init();
	word = trad_bits[o >> 6];
	bit = (uint64_t) 1 << (o & 63);
	if (!(word & bit))
		return c;
	return trad_simp[trad_rank[o >> 6] + popcount64(word & (bit - 1))][1];
}

uint32_t
gi_parse_fold_char(uint32_t c)
{
	if (c < 0x80)
		return c;
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	switch (c)
	{
		case 0x00A0:
		case 0x3000:
		case 0x2002:
		case 0x2003:
		case 0x2004:
		case 0x2005:
		case 0x2006:
		case 0x2007:
		case 0x2008:
		case 0x2009:
		case 0x200A:
		case 0x200B:
		case 0x202F:
		case 0x205F:
		case 0xFEFF:
			return ' ';
		case 0x2010:
		case 0x2011:
		case 0x2012:
		case 0x2013:
		case 0x2014:
		case 0x2015:
		case 0x2212:
		case 0x2500:
		case 0x2501:
		case 0xFE58:
		case 0xFE63:
			return '-';
		case 0x3010:			/* 【 】 〔 〕 ［ ］ as parentheses */
		case 0x3014:
			return '(';
		case 0x3011:
		case 0x3015:
			return ')';
		case 0xFF64:			/* halfwidth ideographic comma */
			return 0x3001;
		case 0xFF61:
			return 0x3002;
		default:
			break;
	}
	if (c < 0x3400 || c > 0x9FFF)
		return c;
	return trad_fold(c);
}

/* gi_parse_fold_char with the common cases inline: ASCII, and CJK */
static inline uint32_t
fold(uint32_t c)
{
	if (c < 0x80)
		return c;
	if (c >= 0x4E00 && c <= 0x9FFF)
		return trad_fold(c);
	return gi_parse_fold_char(c);
}

static inline bool
is_cjk(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
		(c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

static inline bool
is_ascii_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* space_len, in full */
static inline int
space_len_slow(const char *s, int len)
{
	const unsigned char *u = (const unsigned char *) s;

	if (len <= 0)
		return 0;
	if (u[0] == ' ')
		return 1;
	if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (len >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
		((u[2] >= 0x80 && u[2] <= 0x8B) || u[2] == 0xAF))
		return 3;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 3;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return 0;
}

/* Byte length of a space character (not a tab) at s, or 0 (most bytes start none) */
static inline int
space_len(const char *s, int len)
{
	unsigned char b = len > 0 ? (unsigned char) s[0] : 0;

	if (b == ' ')
		return 1;
	if (b != 0xC2 && b != 0xE2 && b != 0xE3 && b != 0xEF)
		return 0;
	return space_len_slow(s, len);
}

/* The bytes that may start a space, a tab or a carriage return (trim_span) */
static const bool space_lead[256] = {
	[' '] = true,['\t'] = true,['\r'] = true,[0xC2] = true,[0xE2] = true,[0xE3] = true,[0xEF] = true
};

/* The bytes that may end a space, a tab or a carriage return (trim_span) */
static const bool space_tail[256] = {
	[' '] = true,['\t'] = true,['\r'] = true,[0xA0] = true,
	[0x80] = true,[0x81] = true,[0x82] = true,[0x83] = true,[0x84] = true,[0x85] = true,
	[0x86] = true,[0x87] = true,[0x88] = true,[0x89] = true,[0x8A] = true,[0x8B] = true,
	[0x9F] = true,[0xAF] = true,[0xBF] = true
};

#ifdef GI_PARSE_SSE2
/*
 * The positions of s[0..16) where a space character (space_len) starts, as
 * a bit mask; s[0..18) readable, every character starting in the sixteen
 * positions ending within them.
 */
static inline int
space_starts16(const unsigned char *s)
{
	__m128i		v0 = _mm_loadu_si128((const __m128i *) s),
				v1 = _mm_loadu_si128((const __m128i *) (s + 1)),
				v2 = _mm_loadu_si128((const __m128i *) (s + 2));
	__m128i		e280 = _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xE2)),
									 _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x80)));
	/* (v2 ^ 0x80 is 0-11 as a signed byte exactly when v2 is 80-8B) */
	__m128i		t = _mm_xor_si128(v2, _mm_set1_epi8((char) 0x80));
	__m128i		low = _mm_and_si128(_mm_cmpgt_epi8(t, _mm_set1_epi8(-1)),
									_mm_cmplt_epi8(t, _mm_set1_epi8(12)));
	__m128i		sp;

	sp = _mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8(' ')),
					  _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xC2)),
									_mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xA0))));
	/* U+3000: E3 80 80 */
	sp = _mm_or_si128(sp, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xE3)),
													  _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x80))),
										_mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x80))));
	/* U+2000-U+200B, U+202F: E2 80 80-8B, E2 80 AF */
	sp = _mm_or_si128(sp, _mm_and_si128(e280, _mm_or_si128(low, _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0xAF)))));
	/* U+205F: E2 81 9F */
	sp = _mm_or_si128(sp, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xE2)),
													  _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x81))),
										_mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9F))));
	/* U+FEFF: EF BB BF */
	sp = _mm_or_si128(sp, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
													  _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBB))),
										_mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0xBF))));
	return _mm_movemask_epi8(sp);
}
#endif

/*
 * With SSE2, the first position of s[i..end) where a space character
 * starts, or one from which fewer than 18 bytes are left: the positions
 * skipped start none.  In plain C, i (Chinese text has too many of the
 * bytes that may start one for a test of eight bytes at a time to pay).
 */
static inline int
skip_no_space(const unsigned char *s, int i, int end)
{
#ifdef GI_PARSE_SSE2
	while (i + 18 <= end)
	{
		int			m = space_starts16(s + i);

		if (m != 0)
			return i + __builtin_ctz((unsigned) m);
		i += 16;
	}
#else
	(void) s;
	(void) end;
#endif
	return i;
}

/* Trim spaces and tabs at both ends of [*off, *off + *len) of text. */
static void
trim_span(const char *text, int *off, int *len)
{
	int			o = *off,
				l = *len;

	for (;;)
	{
		int			n;
		unsigned char b = l > 0 ? (unsigned char) text[o] : 0;

		if (b == ' ' || b == '\t' || b == '\r')
		{
			uint64_t	w;

			/* eight ASCII spaces at a time: the indentation of a laid-out page */
			if (l >= 8 && (memcpy(&w, text + o, 8), w == BYTES8(' ')))
			{
				o += 8;
				l -= 8;
				continue;
			}
			o++;
			l--;
			continue;
		}
		/* the other spaces start with one of these bytes: most text does not */
		if (!space_lead[b] || (n = space_len_slow(text + o, l)) == 0)
			break;
		o += n;
		l -= n;
	}
	while (l > 0)
	{
		const unsigned char *e = (const unsigned char *) text + o + l;

		if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')
			l--;
		else if (e[-1] < 0x80)
			break;				/* ASCII, not a space */
		else if (l >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
			l -= 2;
		else if (l >= 3 && space_len((const char *) e - 3, 3) == 3)
			l -= 3;
		else
			break;
	}
	*off = o;
	*len = l;
}

/*
 * Whether trim_span would take anything off [off, off + len) of text: most
 * lines and cells neither start nor end with a space, a tab or a carriage
 * return, and this tells so without the call.
 */
static inline bool
space_at_ends(const char *text, int off, int len)
{
	const unsigned char *u = (const unsigned char *) text + off;
	unsigned char b;

	if (len <= 0)
		return false;
	b = u[0];
	if (space_lead[b] && (b == '\t' || b == '\r' || space_len((const char *) u, len) > 0))
		return true;
	/* every byte that ends a space is in space_tail */
	b = u[len - 1];
	if (!space_tail[b])
		return false;
	if (b == ' ' || b == '\t' || b == '\r')
		return true;
	if (len >= 2 && u[len - 2] == 0xC2 && b == 0xA0)
		return true;
	return len >= 3 && space_len((const char *) u + len - 3, 3) == 3;
}

/* Case-insensitive ASCII prefix test of s (len bytes) against lower-case word. */
static bool
ascii_prefix_ci(const char *s, size_t len, const char *word)
{
	size_t		n = strlen(word);

	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++)
	{
		char		c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != word[i])
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------------
 * The document: decoded text, lines and cells
 * ------------------------------------------------------------------------ */

/* cell classes */
#define CELL_EMPTY	1			/* blank cell */
#define CELL_NULL	2			/* - -- / 无: not reported */
#define CELL_UNIT	3			/* a unit alone: 件 条 万元 ... */
#define CELL_NUM	4			/* a number */
#define CELL_BAD	5			/* where a number belongs, but not one */
#define CELL_TEXT	6			/* a label or heading */

/* units (of a unit cell, or a number's suffix) */
#define UNIT_NONE	0
#define UNIT_COUNT	1			/* 件 条 次 ... */
#define UNIT_YUAN	2
#define UNIT_WAN	3			/* 万元 */

/* numbering before a label (kind * 1000 + number) */
#define NUM_NONE	0
#define NUM_CN		1			/* 一、 */
#define NUM_CNPAR	2			/* （一） */
#define NUM_DIGIT	3			/* 1. */
#define NUM_DIGPAR	4			/* (1) */
#define NUM_OFWHICH 5			/* 其中： */

static int	strip_numbering(const uint32_t *in, int n, int *p);

typedef struct Cell
{
	int			off;			/* in doc->text, trimmed */
	int			len;
	uint8_t		cls;
	uint8_t		colspan;
	uint8_t		unit;
	uint8_t		piece;			/* of a laid-out cell split at single spaces: PIECE_* */
	int16_t		known;			/* its entry in known[] (classify_cell), or -1 */
} Cell;

#define PIECE_FIRST	1			/* the first piece (add_layout_cell) */
#define PIECE_NEXT	2			/* a piece after it, the next cell */

/* line flags */
#define LF_HTMLROW	0x01		/* an HTML <tr> */
#define LF_STRUCT	0x02		/* cells delimited explicitly: blank cells count */
#define LF_TABIND	0x04		/* starts with a tab */
#define LF_PROSE	0x08		/* a sentence, not a table cell */
#define LF_CONT		0x10		/* continues the tab-indented line before it */
#define LF_BLANK	0x20
#define LF_TABLE	0x40		/* within the mapped statistical table */
#define LF_SPLIT	0x80		/* cells already made */

typedef struct Line
{
	int			off;
	int			len;
	int			c0;				/* first cell */
	int			nc;
	uint8_t		flags;
	uint8_t		marks;			/* LM_*: made with the line, or 0 */
} Line;

/* a line's marks, when decode_text finds them as it breaks the lines */
#define LM_KNOWN	0x01		/* the two below are known */
#define LM_TAB		0x02		/* it has a tab */
#define LM_BAR		0x04		/* it has a bar ('|' or ｜) */

typedef struct GiParseDoc
{
	Arena		arena;
	char	   *text;
	int			textlen;
	int			textcap;
	Line	   *lines;
	int			nlines;
	int			linecap;
	Cell	   *cells;
	int			ncells;
	int			cellcap;
	bool		truncated;
	bool		html;
} Doc;

/* doc_put when the text has no room for n more bytes (and a NUL) */
static bool
doc_put_grow(Doc *d, const char *s, int n)
{
	if ((int64_t) d->textlen + n + 1 > INT_MAX / 2)
	{
		d->truncated = true;
		return false;
	}
	if (!GROW(&d->arena, d->text, d->textcap, d->textlen + n + 1))
		return false;
	memcpy(d->text + d->textlen, s, (size_t) n);
	d->textlen += n;
	d->text[d->textlen] = '\0';
	return true;
}

/* Append n bytes to the text (kept NUL-terminated); inline, as most calls have room */
static inline bool
doc_put(Doc *d, const char *s, int n)
{
	int64_t		end = (int64_t) d->textlen + n;

	if (end >= d->textcap || end >= INT_MAX / 2)
		return doc_put_grow(d, s, n);
	memcpy(d->text + d->textlen, s, (size_t) n);
	d->textlen = (int) end;
	d->text[end] = '\0';
	return true;
}

static inline bool
doc_putc(Doc *d, char c)
{
	if (d->textlen + 1 >= d->textcap || d->textlen + 1 >= INT_MAX / 2)
		return doc_put_grow(d, &c, 1);
	d->text[d->textlen++] = c;
	d->text[d->textlen] = '\0';
	return true;
}

static bool
doc_putcp(Doc *d, uint32_t cp)
{
	char		b[4];

	return doc_put(d, b, utf8_enc(cp, b));
}

/* doc_add_line when the lines have no room for one more: false when there is none (or no memory) */
static bool
doc_line_room(Doc *d)
{
	if (d->nlines >= GI_PARSE_MAX_LINES)
	{
		d->truncated = true;
		return false;
	}
	return GROW(&d->arena, d->lines, d->linecap, d->nlines + 1);
}

/* Add a line of the text; inline, as it is made for every line */
static inline Line *
doc_add_line(Doc *d, int off, int len, uint8_t flags)
{
	Line	   *l;

	if ((d->nlines >= d->linecap || d->nlines >= GI_PARSE_MAX_LINES) && !doc_line_room(d))
		return NULL;
	l = &d->lines[d->nlines++];
	l->off = off;
	l->len = len;
	l->c0 = d->ncells;
	l->nc = 0;
	l->flags = flags;
	l->marks = 0;
	return l;
}

/* A line of plain text, with its marks (LM_*) */
static inline bool
doc_add_text_line(Doc *d, int off, int len, uint8_t marks)
{
	Line	   *l = doc_add_line(d, off, len, 0);

	if (l == NULL)
		return false;
	l->marks = marks | LM_KNOWN;
	return true;
}

/* doc_add_cell's room for one more cell: false when there is none (or no memory) */
static bool
doc_cell_room(Doc *d)
{
	if (d->ncells >= GI_PARSE_MAX_CELLS)
	{
		d->truncated = true;
		return false;
	}
	return GROW(&d->arena, d->cells, d->cellcap, d->ncells + 1);
}

/*
 * Trim a new cell's text as trim_span would, when it may start or end with a
 * space: without the call for the common case of one ASCII space (a cell
 * between bars, or an HTML cell whose last tag left one) next to a
 * character that is none.
 */
static void
trim_cell(const char *text, Cell *c)
{
	const unsigned char *u = (const unsigned char *) text;
	int			o = c->off,
				l = c->len;

	/* (trim_span's first step too) */
	if (l > 0 && u[o] == ' ')
	{
		o++;
		l--;
	}
	if (l > 0 && !space_lead[u[o]])
	{
		/*
		 * Nothing more comes off the front, so trim_span would only take
		 * spaces off the end: first this one, then, if the byte before it
		 * may end a space, whatever else it finds.
		 */
		if (u[o + l - 1] == ' ')
			l--;				/* (l was 2 or more: u[o] is no space) */
		c->off = o;
		c->len = l;
		if (space_tail[u[o + l - 1]] && space_at_ends(text, o, l))
			trim_span(text, &c->off, &c->len);
		return;
	}
	c->off = o;
	c->len = l;
	if (space_at_ends(text, o, l))
		trim_span(text, &c->off, &c->len);
}

/* Add a cell (trimmed) of the text; inline, as it is made for every cell */
static inline Cell *
doc_add_cell(Doc *d, int off, int len, int colspan)
{
	const unsigned char *u = (const unsigned char *) d->text;
	Cell	   *c;

	if ((d->ncells >= d->cellcap || d->ncells >= GI_PARSE_MAX_CELLS) && !doc_cell_room(d))
		return NULL;
	c = &d->cells[d->ncells++];
	c->off = off;
	c->len = len;
	c->cls = 0;
	c->colspan = (uint8_t) (colspan < 1 ? 1 : colspan > 64 ? 64 : colspan);
	c->unit = UNIT_NONE;
	c->piece = 0;
	c->known = -1;
	/* most cells neither start with a byte that may start a space nor end with one that may end one */
	if (len > 0 && (space_lead[u[off]] || space_tail[u[off + len - 1]]))
		trim_cell(d->text, c);
	return c;
}

/* ------------------------------------------------------------------------
 * Decoding: plain text
 * ------------------------------------------------------------------------ */

/* Copy one input character (at in[*i]) as clean UTF-8; controls -> space. */
static bool
put_clean_char(Doc *d, const unsigned char *in, size_t len, size_t *i, bool *lastbad)
{
	uint32_t	cp;
	int			n = DEC(in + *i, len - *i, &cp);

	if (cp == 0xFFFD && n == 1)
	{
		*i += 1;
		if (*lastbad)
			return true;
		*lastbad = true;
		return doc_putcp(d, 0xFFFD);
	}
	*lastbad = false;
	*i += (size_t) n;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return doc_putc(d, cp == '\t' ? '\t' : cp == '\n' ? '\n' : ' ');
	if (cp == 0x2028 || cp == 0x2029)
		return doc_putc(d, '\n');
	return doc_put(d, (const char *) in + *i - n, n);
}

#ifdef GI_PARSE_SSE2
/*
 * Five three-byte characters at s (16 bytes readable), each led by E3-EC,
 * EE or EF and with two continuation bytes: what the runs of CJK in
 * clean_run and html_plain_run accept one character at a time.
 */
static inline bool
cjk_run5(const unsigned char *s)
{
	__m128i		v = _mm_loadu_si128((const __m128i *) s);

	/* (signed bytes: 80-BF are -128..-65, E3-EF -29..-17) */
	__m128i		cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0));
	__m128i		lead = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xED)),
										_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char) 0xE2)),
													  _mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xF0))));

	/* leads at bytes 0, 3, 6, 9, 12 and continuation bytes between them (byte 15 is not looked at) */
	return (_mm_movemask_epi8(lead) & 0x7FFF) == 0x1249 && (_mm_movemask_epi8(cont) & 0x7FFF) == 0x6DB6;
}
#endif

#ifdef GI_PARSE_SSE2
/*
 * Sixteen bytes at s (18 readable) for clean_run: printable ASCII, tabs and
 * newlines, and three-byte characters led by E1-EF but ED and not E2 80 A8
 * or E2 80 A9, as bit masks.  *lead: the lead bytes.  carry: the bits of the
 * continuation bytes that the lead bytes of the sixteen before put here
 * (their *lead shifted).  The bytes that are not right, as a bit mask; with
 * none, the characters of the last lead bytes go on in the next sixteen.
 */
static inline int
clean16_bad(const unsigned char *s, int carry, int *lead)
{
	__m128i		v = _mm_loadu_si128((const __m128i *) s),
				v1 = _mm_loadu_si128((const __m128i *) (s + 1)),
				v2 = _mm_loadu_si128((const __m128i *) (s + 2));

	/* (signed bytes: 80-BF are -128..-65, E1-EF -31..-17) */
	int			a = _mm_movemask_epi8(_mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)),
																 _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F))),
												   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
																_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))));
	int			l = _mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xED)),
												   _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char) 0xE0)),
																 _mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xF0)))));
	int			c = _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0)));

	/* the line and paragraph separators, E2 80 A8 and E2 80 A9 (A8 | 1 is A9) */
	int			sep = _mm_movemask_epi8(_mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE2)),
																   _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x80))),
													 _mm_cmpeq_epi8(_mm_or_si128(v2, _mm_set1_epi8(1)),
																	_mm_set1_epi8((char) 0xA9))));

	*lead = l;
	return (~(a | l | c) | (c ^ (((l << 1) | (l << 2) | carry) & 0xFFFF)) | sep) & 0xFFFF;
}
#endif

/*
 * The end of the run of clean text from in[j] that decode_text copies as it
 * is: printable ASCII, tabs and newlines, and well-formed characters
 * U+00C0-U+07FF and U+1000-U+FFFF but surrogates and the line and paragraph
 * separators.  With SSE2 sixteen bytes at a time (clean16_bad) while the
 * bytes are ASCII and three-byte characters, whatever their mix; the rest a
 * character at a time (ASCII eight bytes at a time).
 */
static size_t
clean_run(const unsigned char *in, size_t j, size_t len)
{
	while (j < len)
	{
		unsigned char b;

#ifdef GI_PARSE_SSE2
		if (j + 18 <= len)
		{
			/*
			 * Sixteen bytes at a time while all are right.  Then back from
			 * the first byte that is not (or from the end of the last
			 * sixteen) to the start of its character, which a lead byte at
			 * most two bytes before may start (maybe in the sixteen before):
			 * the code below goes on from there a character at a time.
			 */
			int			lead = 0,
						prev = 0,
						bad,
						n;
			unsigned	both;

			while ((bad = clean16_bad(in + j, ((prev << 1) | (prev << 2)) >> 16, &lead)) == 0)
			{
				j += 16;
				prev = lead;
				lead = 0;
				if (j + 18 > len)
					break;
			}
			n = bad != 0 ? __builtin_ctz((unsigned) bad) : 0;
			both = (unsigned) prev | ((unsigned) lead << 16);	/* bit n + 16: a lead byte at byte n */
			n -= ((both >> (n + 15)) & 1) ? 1 : ((both >> (n + 14)) & 1) ? 2 : 0;
			j = (size_t) ((ptrdiff_t) j + n);
		}
#endif
		b = in[j];
		if (b < 0x80)
		{
			if (j + 8 <= len)
			{
				uint64_t	w,
							ctl;

				memcpy(&w, in + j, 8);
				if ((w & BYTES8(0x80)) == 0)
				{
					/* bytes below 0x20 (exact: no byte is 0x80 or more) but tabs and newlines, and DEL */
					ctl = ~(w + BYTES8(0x60)) & BYTES8(0x80);
					ctl &= ~(zero_bytes(w ^ BYTES8('\t')) | zero_bytes(w ^ BYTES8('\n')));
					if ((ctl | zero_bytes(w ^ BYTES8(0x7F))) == 0)
					{
						j += 8;
						continue;
					}
				}
			}
			if ((b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n')
			{
				j++;
				continue;
			}
			break;
		}
		/* runs of three-byte characters led by E3-EC, EE, EF (CJK, full-width forms) */
		if (b >= 0xE3 && b <= 0xEF && b != 0xED && j + 2 < len &&
			((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080)
		{
			do
			{
				j += 3;
				if (j + 2 >= len)
					break;
				b = in[j];
			} while (b >= 0xE3 && b <= 0xEF && b != 0xED &&
					 ((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080);
			continue;
		}
		if (b >= 0xE1 && b <= 0xEF && b != 0xED && j + 2 < len &&
			(in[j + 1] & 0xC0) == 0x80 && (in[j + 2] & 0xC0) == 0x80 &&
			!(b == 0xE2 && in[j + 1] == 0x80 && (in[j + 2] == 0xA8 || in[j + 2] == 0xA9)))
			j += 3;				/* U+1000-U+FFFF but surrogates and line separators */
		else if (b >= 0xC3 && b <= 0xDF && j + 1 < len && (in[j + 1] & 0xC0) == 0x80)
			j += 2;				/* U+00C0-U+07FF */
		else
			break;
	}
	return j;
}

static void
decode_text(Doc *d, const unsigned char *in, size_t len)
{
	size_t		i = 0;
	bool		lastbad = false;
	int			start;

	if (len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF)
		i = 3;
	if (!GROW(&d->arena, d->text, d->textcap, (int) (len + len / 8 + 64)))
		return;
	while (i < len && !d->arena.failed && !d->truncated)
	{
		unsigned char c = in[i];
		size_t		j = i;

		/* copy runs of clean text (printable ASCII, tabs, newlines, valid UTF-8) at once */
		j = clean_run(in, j, len);
		if (j > i)
		{
			doc_put(d, (const char *) in + i, (int) (j - i));
			lastbad = false;
			i = j;
			continue;
		}
		if (c == '\r')
		{
			i++;
			if (i < len && in[i] == '\n')
				continue;
			doc_putc(d, '\n');
		}
		else
			put_clean_char(d, in, len, &i, &lastbad);
	}
	/* lines: how many, to make room for them (and about a cell each) at once */
	{
		int			nl = 1,
					k = 0;

#ifdef GI_PARSE_SSE2
		/* the newlines counted in a byte per lane, summed every 255 times sixteen bytes at most */
		while (k + 16 <= d->textlen)
		{
			__m128i		acc = _mm_setzero_si128(),
						sum;

			for (int r = 0; r < 255 && k + 16 <= d->textlen; r++, k += 16)
				acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (d->text + k)),
													   _mm_set1_epi8('\n')));
			sum = _mm_sad_epu8(acc, _mm_setzero_si128());
			nl += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
		}
#endif
		for (const char *q = d->text + k; q != NULL && q < d->text + d->textlen;)
		{
			q = memchr(q, '\n', (size_t) (d->text + d->textlen - q));
			if (q != NULL)
			{
				nl++;
				q++;
			}
		}
		if (nl > GI_PARSE_MAX_LINES)
			nl = GI_PARSE_MAX_LINES;
		if (!GROW(&d->arena, d->lines, d->linecap, nl) ||
			!GROW(&d->arena, d->cells, d->cellcap, nl + 64))
			return;
	}
	if (d->truncated)
		return;

#ifdef GI_PARSE_SSE2
	/*
	 * The lines, with whether each has a tab and a bar (what split_line
	 * would ask line_marks) found in the same pass: sixteen positions at a
	 * time, each with the two bytes after it (neither kind of bar spans a
	 * newline), then the last few one at a time.
	 */
	{
		const unsigned char *u = (const unsigned char *) d->text;
		int			n = d->textlen,
					k = 0;
		unsigned	tabs = 0,	/* the line's tabs and bars so far, as bits of their sixteen */
					bars = 0;

		start = 0;
		for (; k + 18 <= n; k += 16)
		{
			__m128i		v0 = _mm_loadu_si128((const __m128i *) (u + k)),
						v1 = _mm_loadu_si128((const __m128i *) (u + k + 1)),
						v2 = _mm_loadu_si128((const __m128i *) (u + k + 2));
			unsigned	mnl = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(v0, _mm_set1_epi8('\n'))),
						mtab = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(v0, _mm_set1_epi8('\t'))),
						mbar = (unsigned) _mm_movemask_epi8(
				_mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('|')),
							 _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
														 _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBD))),
										   _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9C)))));

			while (mnl != 0)
			{
				int			p = __builtin_ctz(mnl);
				unsigned	before = (1u << p) - 1;

				tabs |= mtab & before;
				bars |= mbar & before;
				if (!doc_add_text_line(d, start, k + p - start,
									   (tabs ? LM_TAB : 0) | (bars ? LM_BAR : 0)))
					return;
				start = k + p + 1;
				tabs = bars = 0;
				mtab &= ~before;
				mbar &= ~before;
				mnl &= mnl - 1;
			}
			tabs |= mtab;
			bars |= mbar;
		}
		for (; k < n; k++)
		{
			unsigned char b = u[k];

			if (b == '\n')
			{
				if (!doc_add_text_line(d, start, k - start, (tabs ? LM_TAB : 0) | (bars ? LM_BAR : 0)))
					return;
				start = k + 1;
				tabs = bars = 0;
			}
			else if (b == '\t')
				tabs = 1;
			else if (b == '|' || (b == 0xEF && k + 2 < n && u[k + 1] == 0xBD && u[k + 2] == 0x9C))
				bars = 1;
		}
		doc_add_text_line(d, start, n - start, (tabs ? LM_TAB : 0) | (bars ? LM_BAR : 0));
	}
#else
	/* the lines (split_line finds their tabs and bars) */
	start = 0;
	while (start <= d->textlen)
	{
		const char *nl = memchr(d->text + start, '\n', (size_t) (d->textlen - start));
		int			k = nl ? (int) (nl - d->text) : d->textlen;

		if (doc_add_line(d, start, k - start, 0) == NULL)
			break;
		start = k + 1;
	}
#endif
}

/* ------------------------------------------------------------------------
 * Decoding: HTML (and HTML escaped as text)
 * ------------------------------------------------------------------------ */

#define ENTITY(name, cp) {name, sizeof(name) - 1, cp}

static const struct
{
	const char *name;
	size_t		len;			/* strlen(name) */
	uint32_t	cp;
}			html_entities[] =
{
	ENTITY("nbsp", 0xA0), ENTITY("amp", '&'), ENTITY("lt", '<'), ENTITY("gt", '>'),
	ENTITY("quot", '"'), ENTITY("apos", '\''), ENTITY("ensp", 0x2002), ENTITY("emsp", 0x2003),
	ENTITY("thinsp", 0x2009), ENTITY("ldquo", 0x201C), ENTITY("rdquo", 0x201D),
	ENTITY("lsquo", 0x2018), ENTITY("rsquo", 0x2019), ENTITY("mdash", 0x2014),
	ENTITY("ndash", 0x2013), ENTITY("middot", 0xB7), ENTITY("hellip", 0x2026),
	ENTITY("times", 0xD7), ENTITY("shy", 0xAD), ENTITY("zwsp", 0x200B),
	ENTITY("ideographicspace", 0x3000)
};

/*
 * An entity at s[0] == '&': its code point and length, or 0 when it is not
 * one (the '&' is then literal).
 */
static int
html_entity(const char *s, size_t len, uint32_t *cp)
{
	size_t		j = 1;

	if (len < 3)
		return 0;
	if (s[1] == '#')
	{
		uint32_t	v = 0;
		bool		hex = false;
		int			nd = 0;

		j = 2;
		if (j < len && (s[j] == 'x' || s[j] == 'X'))
		{
			hex = true;
			j++;
		}
		for (; j < len && nd < 8; j++, nd++)
		{
			char		c = s[j];
			int			dv;

			if (c >= '0' && c <= '9')
				dv = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				dv = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				dv = c - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (uint32_t) dv;
		}
		if (nd == 0 || j >= len || s[j] != ';')
			return 0;
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		*cp = v;
		return (int) j + 1;
	}
	for (size_t k = 0; k < sizeof(html_entities) / sizeof(html_entities[0]); k++)
	{
		size_t		n;

		if (html_entities[k].name[0] != s[1])
			continue;			/* (the first letter: no need to compare the rest) */
		n = html_entities[k].len;
		if (len >= n + 1 && memcmp(s + 1, html_entities[k].name, n) == 0)
		{
			if (len >= n + 2 && s[n + 1] == ';')
			{
				*cp = html_entities[k].cp;
				return (int) n + 2;
			}
			/* &nbsp without ';' is common enough */
			if (k == 0 && (len == n + 1 || !((s[n + 1] | 0x20) >= 'a' && (s[n + 1] | 0x20) <= 'z')))
			{
				*cp = 0xA0;
				return (int) n + 1;
			}
		}
	}
	return 0;
}

typedef struct Html
{
	Doc		   *d;
	const char *in;
	size_t		len;
	size_t		next_gt;		/* memo: position of the next '>' (len = none) */
	bool		gt_known;
	bool		in_row;
	bool		in_cell;
	bool		in_pre;
	int			depth;
	int			line_start;
	int			row_line;
	int			cell_start;
	int			cell_colspan;
	int			ncell_in_row;
} Html;

static void
html_finish_text(Html *h)
{
	Doc		   *d = h->d;
	int			off = h->line_start,
				len = d->textlen - off,
				t = off,
				tl = len;

	if (space_at_ends(d->text, t, tl))
		trim_span(d->text, &t, &tl);
	if (tl == 0)
	{
		d->textlen = off;
		if (d->text != NULL)
			d->text[off] = '\0';
		return;
	}
	doc_add_line(d, off, len, 0);
	doc_putc(d, '\n');
	h->line_start = d->textlen;
}

/* The cell open (h->in_cell) ends: add it */
static void
html_cell_close(Html *h)
{
	Doc		   *d = h->d;

	h->in_cell = false;
	if (doc_add_cell(d, h->cell_start, d->textlen - h->cell_start, h->cell_colspan) != NULL &&
		h->row_line >= 0 && h->row_line < d->nlines)
		d->lines[h->row_line].nc++;
}

/* End the cell open, if any (inline: most calls find none) */
static inline void
html_cell_end(Html *h)
{
	if (h->in_cell)
		html_cell_close(h);
}

static void
html_row_end(Html *h)
{
	Doc		   *d = h->d;

	if (!h->in_row)
		return;
	html_cell_end(h);
	h->in_row = false;
	if (h->row_line >= 0 && h->row_line < d->nlines)
	{
		Line	   *l = &d->lines[h->row_line];

		l->len = d->textlen - l->off;
		if (l->nc == 0)
			l->flags |= LF_BLANK;
	}
	doc_putc(d, '\n');
	h->line_start = d->textlen;
}

static void
html_row_start(Html *h)
{
	Doc		   *d = h->d;

	html_row_end(h);
	html_finish_text(h);
	if (doc_add_line(d, d->textlen, 0, LF_HTMLROW | LF_STRUCT | LF_SPLIT) == NULL)
	{
		h->row_line = -1;
		return;
	}
	h->row_line = d->nlines - 1;
	h->in_row = true;
	h->ncell_in_row = 0;
}

static int
attr_colspan(const char *s, size_t len)
{
	for (size_t i = 0; i + 7 <= len; i++)
	{
		if ((s[i] | 0x20) == 'c' && (s[i + 1] | 0x20) == 'o' && ascii_prefix_ci(s + i, len - i, "colspan"))
		{
			size_t		j = i + 7;
			int			v = 0;

			while (j < len && (s[j] == ' ' || s[j] == '=' || s[j] == '"' || s[j] == '\''))
				j++;
			while (j < len && s[j] >= '0' && s[j] <= '9' && v < 1000)
				v = v * 10 + (s[j++] - '0');
			return v < 1 ? 1 : v > 64 ? 64 : v;
		}
	}
	return 1;
}

static void
html_cell_start(Html *h, const char *attrs, size_t alen)
{
	Doc		   *d = h->d;

	if (!h->in_row)
		html_row_start(h);
	if (!h->in_row)
		return;
	html_cell_end(h);
	if (h->ncell_in_row++ > 0)
		doc_putc(d, '\t');
	h->cell_start = d->textlen;
	h->cell_colspan = attr_colspan(attrs, alen);
	h->in_cell = true;
}

/* Position of the next '>' at or after i, or len. */
static inline size_t
html_next_gt(Html *h, size_t i)
{
	const char *p = NULL;
	size_t		k = i;

	/* i only moves forward: the last answer holds while it is not behind i */
	if (h->gt_known && h->next_gt >= i)
		return h->next_gt;

#ifdef GI_PARSE_SSE2
	/* most tags are short: sixteen bytes at a time, a few times, before calling memchr */
	while (p == NULL && k < i + 48 && k + 16 <= h->len)
	{
		int			m = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) (h->in + k)),
														 _mm_set1_epi8('>')));

		if (m != 0)
			p = h->in + k + __builtin_ctz((unsigned) m);
		else
			k += 16;
	}
#endif
	/*
	 * Most tags are short: look a few bytes ahead, eight at a time (the byte
	 * itself found in the word that has one), before calling memchr.
	 */
	while (p == NULL && k < i + 24 && k + 8 <= h->len)
	{
		uint64_t	w;

		memcpy(&w, h->in + k, 8);
		if (zero_bytes(w ^ BYTES8('>')) != 0)
		{
			while (h->in[k] != '>')
				k++;
			p = h->in + k;
		}
		else
			k += 8;
	}
	if (p == NULL && k < h->len)
		p = memchr(h->in + k, '>', h->len - k);
	h->next_gt = p ? (size_t) (p - h->in) : h->len;
	h->gt_known = true;
	return h->next_gt;
}

/* Skip to after the closing tag </name (case-insensitive), or to the end. */
static size_t
html_skip_element(Html *h, size_t i, const char *name)
{
	size_t		n = strlen(name);

	for (; i + 2 + n <= h->len; i++)
	{
		if (h->in[i] == '<' && h->in[i + 1] == '/' &&
			ascii_prefix_ci(h->in + i + 2, h->len - i - 2, name))
		{
			const char *gt = memchr(h->in + i, '>', h->len - i);

			return gt ? (size_t) (gt - h->in) + 1 : h->len;
		}
	}
	return h->len;
}

/* A byte of a tag's name (letters, digits, ':'), lower case; 0 for every other byte */
static const char tag_name_char[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
	['7'] = '7', ['8'] = '8', ['9'] = '9', [':'] = ':', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c',
	['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q',
	['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
	['Y'] = 'y', ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
	['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's',
	['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z'
};

/* what decode_html does with a tag */
#define TAG_OTHER	0			/* ignored: span, font, b, a, img, o:p ... */
#define TAG_RAW		1			/* script, style, noscript, template: skipped with its content */
#define TAG_TR		2
#define TAG_TD		3			/* td, th */
#define TAG_TABLE	4
#define TAG_PRE		5
#define TAG_BREAK	6			/* br and the block tags: a line break outside a table */

/*
 * The block tags, which break a line outside a table: p div li h1-h6 title
 * section article header footer blockquote ul ol dt dd hr caption center
 * form nav aside main figure figcaption dl address (and br).
 */

#define NAME_IS(name, w) (memcmp((name), (w), sizeof(w)) == 0)	/* with the NUL */

/*
 * The kind of a tag by its (lower-case) name of n characters: script,
 * style, noscript and template; tr; td and th; table; pre; br and the
 * block tags above; every other name is ignored.
 */
static int
tag_kind(const char *name, int n)
{
	/* first the commonest tags, td, tr, p (a jump on the length costs more than these tests) */
	if (n == 2 && name[0] == 't')
		return name[1] == 'r' ? TAG_TR : (name[1] == 'd' || name[1] == 'h') ? TAG_TD : TAG_OTHER;
	if (n == 1)
		return name[0] == 'p' ? TAG_BREAK : TAG_OTHER;
	switch (n)
	{
		case 2:
			switch (name[0])
			{
				case 'b':
					return name[1] == 'r' ? TAG_BREAK : TAG_OTHER;
				case 'h':
					return (name[1] >= '1' && name[1] <= '6') || name[1] == 'r' ? TAG_BREAK : TAG_OTHER;
				case 'l':
					return name[1] == 'i' ? TAG_BREAK : TAG_OTHER;
				case 'u':
				case 'o':
					return name[1] == 'l' ? TAG_BREAK : TAG_OTHER;
				case 'd':
					return name[1] == 't' || name[1] == 'd' || name[1] == 'l' ? TAG_BREAK : TAG_OTHER;
				default:
					return TAG_OTHER;
			}
		case 3:
			if (NAME_IS(name, "pre"))
				return TAG_PRE;
			return NAME_IS(name, "div") || NAME_IS(name, "nav") ? TAG_BREAK : TAG_OTHER;
		case 4:
			return NAME_IS(name, "form") || NAME_IS(name, "main") ? TAG_BREAK : TAG_OTHER;
		case 5:
			if (NAME_IS(name, "table"))
				return TAG_TABLE;
			if (NAME_IS(name, "style"))
				return TAG_RAW;
			return NAME_IS(name, "title") || NAME_IS(name, "aside") ? TAG_BREAK : TAG_OTHER;
		case 6:
			if (NAME_IS(name, "script"))
				return TAG_RAW;
			return NAME_IS(name, "header") || NAME_IS(name, "footer") || NAME_IS(name, "center") ||
				NAME_IS(name, "figure") ? TAG_BREAK : TAG_OTHER;
		case 7:
			return NAME_IS(name, "section") || NAME_IS(name, "article") || NAME_IS(name, "caption") ||
				NAME_IS(name, "address") ? TAG_BREAK : TAG_OTHER;
		case 8:
			return NAME_IS(name, "noscript") || NAME_IS(name, "template") ? TAG_RAW : TAG_OTHER;
		case 10:
			return NAME_IS(name, "blockquote") || NAME_IS(name, "figcaption") ? TAG_BREAK : TAG_OTHER;
		default:
			return TAG_OTHER;
	}
}

static void html_text_byte(Html *h, size_t *i);

/*
 * Length of the run at in[i..len) that html_text_byte would copy byte for
 * byte unchanged: printable ASCII but '<', '&' and spaces, and well-formed
 * characters U+00C0-U+07FF and U+1000-U+FFFF but surrogates and the line
 * and paragraph separators.
 */
static size_t
html_plain_run(const unsigned char *in, size_t i, size_t len)
{
	size_t		j = i;

	while (j < len)
	{
		unsigned char b = in[j];

		if (b > 0x20 && b < 0x7F && b != '<' && b != '&')
			j++;
		else if (b >= 0xE3 && b <= 0xEF && b != 0xED && j + 2 < len &&
				 ((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080)
		{
			/* a run of three-byte characters led by E3-EC, EE, EF (as in clean_run) */
#ifdef GI_PARSE_SSE2
			size_t		j0 = j;

			while (j + 16 <= len && cjk_run5(in + j))
				j += 15;
			if (j > j0)
				continue;
#endif
			do
			{
				j += 3;
				if (j + 2 >= len)
					break;
				b = in[j];
			} while (b >= 0xE3 && b <= 0xEF && b != 0xED &&
					 ((in[j + 1] | ((unsigned) in[j + 2] << 8)) & 0xC0C0) == 0x8080);
		}
		else if (b >= 0xE1 && b <= 0xEF && b != 0xED && j + 2 < len &&
				 (in[j + 1] & 0xC0) == 0x80 && (in[j + 2] & 0xC0) == 0x80 &&
				 !(b == 0xE2 && in[j + 1] == 0x80 && (in[j + 2] == 0xA8 || in[j + 2] == 0xA9)))
			j += 3;
		else if (b >= 0xC3 && b <= 0xDF && j + 1 < len && (in[j + 1] & 0xC0) == 0x80)
			j += 2;
		else
			break;
	}
	return j - i;
}

/* Text up to the next '<' (or an entity, a space, an odd byte): at least one byte. */
static void
html_text(Html *h, size_t *i)
{
	Doc		   *d = h->d;
	size_t		n;

	if (h->in_row && !h->in_cell)
	{
		/* text between cells: ignored */
		const char *lt = memchr(h->in + *i, '<', h->len - *i);

		*i = lt ? (size_t) (lt - h->in) : h->len;
		return;
	}
	n = html_plain_run((const unsigned char *) h->in, *i, h->len);
	if (n > 0)
	{
		doc_put(d, h->in + *i, (int) n);
		*i += n;
		return;
	}
	html_text_byte(h, i);
}

static void
html_text_byte(Html *h, size_t *i)
{
	Doc		   *d = h->d;
	unsigned char c = (unsigned char) h->in[*i];
	bool		lastbad = false;

	if (h->in_row && !h->in_cell)
	{
		(*i)++;					/* text between cells: ignored */
		return;
	}
	if (c == '\n' && h->in_pre && !h->in_cell)
	{
		(*i)++;
		html_finish_text(h);
		return;
	}
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
	{
		(*i)++;
		if (d->textlen > 0 && d->text[d->textlen - 1] != ' ' &&
			d->textlen > (h->in_cell ? h->cell_start : h->line_start))
			doc_putc(d, ' ');
		return;
	}
	if (c == '&')
	{
		uint32_t	cp;
		int			n = html_entity(h->in + *i, h->len - *i, &cp);

		if (n > 0)
		{
			*i += (size_t) n;
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
				doc_putc(d, ' ');
			else
				doc_putcp(d, cp);
			return;
		}
	}
	put_clean_char(d, (const unsigned char *) h->in, h->len, i, &lastbad);
	if (d->textlen > 0 && (d->text[d->textlen - 1] == '\n' || d->text[d->textlen - 1] == '\t'))
		d->text[d->textlen - 1] = ' ';
}

static void
decode_html(Doc *d, const char *in, size_t len)
{
	Html		h;
	size_t		i = 0;

	memset(&h, 0, sizeof(h));
	h.d = d;
	h.in = in;
	h.len = len;
	h.row_line = -1;
	if (!GROW(&d->arena, d->text, d->textcap, (int) (len / 2 + 64)))
		return;
	while (i < len && !d->arena.failed && !d->truncated)
	{
		char		c = in[i];
		size_t		gt,
					p;
		bool		closing = false;
		char		name[17];
		int			nl = 0;
		unsigned char b1;

		if (c != '<')
		{
			html_text(&h, &i);
			continue;
		}
		b1 = i + 1 < len ? (unsigned char) in[i + 1] : 0;
		p = i + 1;
		if (tag_name_char[b1] < 'a')
		{
			/*
			 * Not a letter (which tag_name_char makes a-z; digits and ':'
			 * come below 'a'): a closing tag, a comment or the like, or text.
			 */
			if (b1 == '/' && i + 2 < len && tag_name_char[(unsigned char) in[i + 2]] >= 'a')
			{
				closing = true;
				p++;
			}
			else if (b1 == '!' || b1 == '?')
			{
				/* comments, doctype, processing instructions */
				if (i + 3 < len && in[i + 2] == '-' && in[i + 3] == '-')
				{
					size_t		j = i + 4;

					for (; j + 2 < len; j++)
						if (in[j] == '-' && in[j + 1] == '-' && in[j + 2] == '>')
							break;
					i = j + 2 < len ? j + 3 : len;
					continue;
				}
				gt = html_next_gt(&h, i);
				i = gt < len ? gt + 1 : len;
				continue;
			}
			else
			{
				html_text_byte(&h, &i); /* a literal '<' */
				continue;
			}
		}
#ifdef GI_PARSE_SSE2
		if (p + 16 <= len)
		{
			/*
			 * One load for most tags: the '>' that ends it, and its name:
			 * letters (lower case by |0x20, a-z), digits and ':' (0-9 and ':'
			 * unchanged).  Each range by one signed compare: x + 128 - lo is
			 * below -128 + its size as a signed byte exactly when x is in it.
			 */
			__m128i		v = _mm_loadu_si128((const __m128i *) (in + p));
			__m128i		lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
			int			mgt = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
			int			mname = _mm_movemask_epi8(
				_mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8((char) (128 - 'a'))),
											_mm_set1_epi8(-128 + 26)),
							 _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char) (128 - '0'))),
											_mm_set1_epi8(-128 + 11))));

			if (mgt != 0)
				gt = p + (size_t) __builtin_ctz((unsigned) mgt);
			else if ((gt = html_next_gt(&h, p + 16)) >= len)	/* (none before p + 16) */
			{
				html_text_byte(&h, &i);
				continue;
			}

			/*
			 * The name's characters (never a '>'), 16 at most: no tag that
			 * matters is longer than 10, so the first 16 tell as well as all.
			 */
			nl = __builtin_ctz((unsigned) ~mname);
			_mm_storeu_si128((__m128i *) name, lower);
			name[nl] = '\0';
			p += (size_t) nl;
		}
		else
#endif
		{
			gt = html_next_gt(&h, p);
			if (gt >= len)
			{
				html_text_byte(&h, &i);
				continue;
			}
			while (p < gt && nl < (int) sizeof(name) - 1 && tag_name_char[(unsigned char) in[p]] != 0)
				name[nl++] = tag_name_char[(unsigned char) in[p++]];
			name[nl] = '\0';
		}
		i = gt + 1;

		switch (tag_kind(name, nl))
		{
			case TAG_RAW:
				if (!closing && in[gt - 1] != '/')
					i = html_skip_element(&h, i, name);
				break;
			case TAG_TR:
				if (closing)
					html_row_end(&h);
				else
					html_row_start(&h);
				break;
			case TAG_TD:
				if (closing)
					html_cell_end(&h);
				else
					html_cell_start(&h, in + p, gt - p);
				break;
			case TAG_TABLE:
				html_row_end(&h);
				html_finish_text(&h);
				if (closing)
					h.depth = h.depth > 0 ? h.depth - 1 : 0;
				else
					h.depth++;
				break;
			case TAG_PRE:
				if (!h.in_row)
					html_finish_text(&h);
				h.in_pre = !closing;
				break;
			case TAG_BREAK:
				if (h.in_cell)
				{
					if (d->textlen > h.cell_start && d->text[d->textlen - 1] != ' ')
						doc_putc(d, ' ');
				}
				else if (!h.in_row)
					html_finish_text(&h);
				break;
			default:
				break;			/* every other tag (span, font, b, a, img, o:p ...) is ignored */
		}
	}
	html_row_end(&h);
	html_finish_text(&h);
}

/* Decode entities only (for HTML that was escaped into text). */
static char *
unescape_entities(Arena *a, const char *in, size_t len, size_t *outlen)
{
	char	   *out = arena_alloc(a, len + 1);
	size_t		o = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;)
	{
		uint32_t	cp;
		int			n;

		if (in[i] == '&' && (n = html_entity(in + i, len - i, &cp)) > 0)
		{
			char		b[4];
			int			k = utf8_enc(cp, b);

			/* an entity is at least 3 bytes (&x;), a character at most 4 */
			if (k <= n)
			{
				memcpy(out + o, b, (size_t) k);
				o += (size_t) k;
				i += (size_t) n;
				continue;
			}
		}
		out[o++] = in[i++];
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Does the input look like HTML (or like HTML escaped as text)? */
static bool
looks_html(const char *s, size_t len, bool *escaped)
{
	static const char *const tags[] = {"table", "tr", "td", "th", "p", "div", "br", "html", "body", "span", NULL};
	bool		esc = false;

	*escaped = false;
	for (int pass = 0; pass < 2; pass++)
	for (const char *q = s; q < s + len && (q = memchr(q, pass == 0 ? '<' : '&', (size_t) (s + len - q))) != NULL; q++)
	{
		size_t		i = (size_t) (q - s),
					p;

		if (s[i] == '<')
			p = i + 1;
		else if (s[i] == '&' && i + 4 < len && memcmp(s + i, "&lt;", 4) == 0)
			p = i + 4;
		else
			continue;
		if (p < len && s[p] == '/')
			p++;
		for (int t = 0; tags[t] != NULL; t++)
		{
			size_t		n = strlen(tags[t]);

			if (ascii_prefix_ci(s + p, len - p, tags[t]) &&
				(p + n >= len || s[p + n] == '>' || s[p + n] == ' ' || s[p + n] == '&' ||
				 s[p + n] == '/' || s[p + n] == '\n' || s[p + n] == '\t'))
			{
				if (s[i] == '<')
					return true;
				/* the second pass: no '<' tag was found, so it is escaped HTML */
				*escaped = true;
				return true;
			}
		}
	}
	*escaped = esc;
	return esc;
}

/* ------------------------------------------------------------------------
 * Lines -> cells
 * ------------------------------------------------------------------------ */

/* The bytes that is_prose's second pass looks at: ( ) ; , and the leads EF E3 */
static const bool prose_byte[256] = {
	['('] = true,[')'] = true,[';'] = true,[','] = true,[0xEF] = true,[0xE3] = true
};

/* An ASCII or full-width (EF BC 90-99) digit ends just before u[i] / starts at u[i] */
static inline bool
digit_before(const unsigned char *u, int i)
{
	return (i >= 1 && u[i - 1] >= '0' && u[i - 1] <= '9') ||
		(i >= 3 && u[i - 3] == 0xEF && u[i - 2] == 0xBC && u[i - 1] >= 0x90 && u[i - 1] <= 0x99);
}

static inline bool
digit_after(const unsigned char *u, int len, int i)
{
	return (i < len && u[i] >= '0' && u[i] <= '9') ||
		(i + 2 < len && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99);
}

/* The first ')' or '）' (EF BC 89) of u[from..len), or len (u is valid UTF-8) */
static int
close_paren_from(const unsigned char *u, int len, int from)
{
	const unsigned char *a = from < len ? memchr(u + from, ')', (size_t) (len - from)) : NULL;
	int			end = a != NULL ? (int) (a - u) : len;

	/* a full-width one before it: by its middle byte */
	for (const unsigned char *p = u + from + 1; p + 1 < u + end;)
	{
		p = memchr(p, 0xBC, (size_t) (u + end - 1 - p));
		if (p == NULL)
			break;
		if (p[-1] == 0xEF && p[1] == 0x89)
			return (int) (p - 1 - u);
		p++;
	}
	return end;
}

/*
 * A sentence rather than a table cell: at least 20 characters with sentence
 * punctuation outside parentheses, or 80 characters at all.  tabs: whether
 * s may hold a tab (false when the caller knows it does not).
 */
static bool
is_prose(const char *s, int len, bool tabs)
{
	const unsigned char *u = (const unsigned char *) s;
	int			chars = 0,
				depth = 0,
				punct = 0,
				close = -1,		/* the next closing parenthesis (-1: not looked for) */
				i = 0;
	bool		maybe = false;

	if (len < 20)
		return false;			/* fewer than 20 characters (one lead byte each at least) */

	/*
	 * Characters, counted from their lead bytes (spaces and tabs left out),
	 * eight bytes at a time; and whether any byte may be sentence
	 * punctuation (EF.. and E3.. full-width forms, ',' and ';').
	 */
#ifdef GI_PARSE_SSE2
	{
		/*
		 * The characters counted in a byte per lane, summed every 64 bytes
		 * (a lane counts at most four in between), and the bytes that may be
		 * punctuation or-ed together, looked at once at the end.
		 */
		__m128i		acc = _mm_setzero_si128(),
					pm = _mm_setzero_si128();

		for (; i + 16 <= len; i += 16)
		{
			__m128i		v = _mm_loadu_si128((const __m128i *) (u + i));
			__m128i		skip = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0)),	/* 80-BF */
											_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));

			if (tabs)
				skip = _mm_or_si128(skip, _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
			acc = _mm_add_epi8(acc, _mm_andnot_si128(skip, _mm_set1_epi8(1)));
			pm = _mm_or_si128(pm, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xEF)),
															_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE3))),
											   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
															_mm_cmpeq_epi8(v, _mm_set1_epi8(';')))));
			if ((i & 48) == 48)
			{
				__m128i		sum = _mm_sad_epu8(acc, _mm_setzero_si128());

				chars += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
				if (chars >= 80)
					return true;
				acc = _mm_setzero_si128();
			}
		}
		{
			__m128i		sum = _mm_sad_epu8(acc, _mm_setzero_si128());

			chars += _mm_cvtsi128_si32(sum) + _mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
		}
		maybe = _mm_movemask_epi8(pm) != 0;
		if (i < len && len >= 16)
		{
			/* the bytes left: the last sixteen, those before them masked off */
			__m128i		v = _mm_loadu_si128((const __m128i *) (u + len - 16));
			__m128i		skip = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0)),
											_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
			int			drop = 16 - (len - i);

			if (tabs)
				skip = _mm_or_si128(skip, _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
			chars += popcount64((uint64_t) ((~_mm_movemask_epi8(skip) & 0xFFFF) >> drop));
			if ((_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xEF)),
															 _mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE3))),
												_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
															 _mm_cmpeq_epi8(v, _mm_set1_epi8(';'))))) >> drop) != 0)
				maybe = true;
			i = len;
		}
	}
#endif
	for (; i + 8 <= len; i += 8)
	{
		uint64_t	w;

		memcpy(&w, u + i, 8);
		chars += 8 - count_marked((w & ~(w << 1) & BYTES8(0x80)) | zero_bytes(w ^ BYTES8(' ')) |
								  (tabs ? zero_bytes(w ^ BYTES8('\t')) : 0));
		if (chars >= 80)
			return true;
		if (!maybe && (zero_bytes(w ^ BYTES8(0xEF)) | zero_bytes(w ^ BYTES8(0xE3)) |
					   zero_bytes(w ^ BYTES8(',')) | zero_bytes(w ^ BYTES8(';'))))
			maybe = true;
	}
	for (; i < len; i++)
	{
		unsigned char b = u[i];

		if ((b & 0xC0) != 0x80 && b != ' ' && b != '\t')
		{
			if (++chars >= 80)
				return true;
		}
		if (b == 0xEF || b == 0xE3 || b == ',' || b == ';')
			maybe = true;
	}
	if (chars < 20 || chars >= 80 || !maybe)
		return chars >= 80;
	/* sentence punctuation outside parentheses, by bytes: （ ） ， ； ！ ？ 。 , ; */
	for (i = 0; i < len; i++)
	{
		unsigned char b;
		int			c = 0;			/* 1 open, 2 close, 3 punctuation */

#ifdef GI_PARSE_SSE2
		/* sixteen bytes at a time past those that cannot start one */
		while (i + 16 <= len)
		{
			__m128i		v = _mm_loadu_si128((const __m128i *) (u + i));
			int			m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')),
																				  _mm_cmpeq_epi8(v, _mm_set1_epi8(')'))),
																	_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(';')),
																				 _mm_cmpeq_epi8(v, _mm_set1_epi8(',')))),
													   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xEF)),
																	_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xE3)))));

			if (m != 0)
			{
				i += __builtin_ctz((unsigned) m);
				break;
			}
			i += 16;
		}
#endif
		/* four bytes at a time past those that cannot start one */
		while (i + 4 <= len && !(prose_byte[u[i]] | prose_byte[u[i + 1]] |
								 prose_byte[u[i + 2]] | prose_byte[u[i + 3]]))
			i += 4;
		if (i >= len)
			break;
		b = u[i];
		if (!prose_byte[b])
			continue;
		if (b == '(')
			c = 1;
		else if (b == ')')
			c = 2;
		else if (b == ';')
			c = 3;
		else if (b == ',')
			c = digit_before(u, i) && digit_after(u, len, i + 1) ? 0 : 3;	/* 1,976 */
		else if (b == 0xEF && i + 2 < len && u[i + 1] == 0xBC)
		{
			unsigned char t = u[i + 2];

			c = t == 0x88 ? 1 : t == 0x89 ? 2 : (t == 0x8C || t == 0x9B || t == 0x81 || t == 0x9F) ? 3 : 0;
			if (t == 0x8C && digit_before(u, i) && digit_after(u, len, i + 3))
				c = 0;			/* a full-width thousands separator: 1，976 */
			i += 2;
		}
		else if (b == 0xE3 && i + 2 < len && u[i + 1] == 0x80 && u[i + 2] == 0x82)
		{
			c = 3;
			i += 2;
		}
		if (c == 1)
			depth++;
		else if (c == 2)
		{
			if (depth > 0)
				depth--;
			else
				punct = 0;		/* the text so far was inside a parenthesis */
		}
		else if (c == 3 && depth == 0)
		{
			/*
			 * Only a closing parenthesis can take this back (a reset above):
			 * with none further on, the answer is yes already.
			 */
			if (punct++ == 0 && (close < i && (close = close_paren_from(u, len, i + 1)) == len))
				return true;
		}
	}
	return chars >= 80 || punct > 0;
}

static bool
is_bar_at(const char *s, int len, int *n)
{
	if (len >= 1 && s[0] == '|')
	{
		*n = 1;
		return true;
	}
	if (len >= 3 && (unsigned char) s[0] == 0xEF && (unsigned char) s[1] == 0xBD &&
		(unsigned char) s[2] == 0x9C)
	{
		*n = 3;
		return true;
	}
	return false;
}

/*
 * The first bar ('|' or ｜, EF BD 9C) of t[i..end) and its length in *nb,
 * or end: where is_bar_at is first true.
 */
static int
next_bar(const char *t, int i, int end, int *nb)
{
#ifdef GI_PARSE_SSE2
	const unsigned char *u = (const unsigned char *) t;

	/* sixteen positions at a time, each with the two bytes after it */
	for (; i + 18 <= end; i += 16)
	{
		__m128i		v0 = _mm_loadu_si128((const __m128i *) (u + i)),
					v1 = _mm_loadu_si128((const __m128i *) (u + i + 1)),
					v2 = _mm_loadu_si128((const __m128i *) (u + i + 2));
		int			m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('|')),
													   _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
																				   _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBD))),
																	 _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9C)))));

		if (m != 0)
		{
			i += __builtin_ctz((unsigned) m);
			*nb = u[i] == '|' ? 1 : 3;
			return i;
		}
	}
	for (; i < end; i++)
		if (is_bar_at(t + i, end - i, nb))
			return i;
	*nb = 1;
	return end;
#else
	const char *a = i < end ? memchr(t + i, '|', (size_t) (end - i)) : NULL;
	int			lim = a != NULL ? (int) (a - t) : end;
	const unsigned char *p = (const unsigned char *) t + i + 1,
			   *e;

	/* a ｜ that starts before lim (and ends by end): by its middle byte */
	e = (const unsigned char *) t + (lim < end - 2 ? lim + 1 : end - 1);
	while (p < e && (p = memchr(p, 0xBD, (size_t) (e - p))) != NULL)
	{
		if (p[-1] == 0xEF && p[1] == 0x9C)
		{
			*nb = 3;
			return (int) ((const char *) p - 1 - t);
		}
		p++;
	}
	*nb = 1;
	return lim;
#endif
}

/* A markdown rule line (|---|:--|) */
static bool
is_rule_line(const char *s, int len)
{
	bool		dash = false;

	for (int i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c == '-')
			dash = true;
		else if (c != '|' && c != ':' && c != ' ' && c != '\t' && c != '+' && c != '=')
			return false;
	}
	return dash;
}

/* A page number on a line of its own: "- 3 -", "— 3 —", "第3页", "第3页 共12页", "3/12" */
static bool
is_page_number(const char *s, int len)
{
	uint32_t	c[40];
	int			n = 0,
				i = 0,
				digits = 0,
				dashes = 0;
	unsigned char b0 = len > 0 ? (unsigned char) s[0] : 0;

	/* it starts with a dash, a digit or 第 (E7 AC AC), in ASCII or full width (EF BC/BD ..) */
	if (!(b0 == '-' || (b0 >= '0' && b0 <= '9') || b0 == 0xE2 || b0 == 0xEF ||
		  (b0 == 0xE7 && len >= 3 && (unsigned char) s[1] == 0xAC && (unsigned char) s[2] == 0xAC)))
		return false;

	/*
	 * The first character (s is trimmed: every character that folds to a
	 * space is gone from its start) must fold to a dash, a digit or 第, as
	 * below: most lines led by E2 or EF (full-width parentheses, quotes)
	 * are not, and need no more.
	 */
	if (b0 == 0xE2 || b0 == 0xEF)
	{
		uint32_t	c0;

		DEC(s, (size_t) len, &c0);
		c0 = fold(c0);
		if (c0 != '-' && !(c0 >= '0' && c0 <= '9'))
			return false;
	}
	/*
	 * Every page number has a digit, and only 0-9 and ０-９ (EF BC 90-99)
	 * fold to one: without either, no need to decode the line.
	 */
	{
		const unsigned char *u = (const unsigned char *) s;
		bool		digit = false;

		for (int k = 0; k < len && !digit; k++)
			digit = (unsigned) (u[k] - '0') < 10 ||
				(u[k] == 0xEF && k + 2 < len && u[k + 1] == 0xBC && u[k + 2] >= 0x90 && u[k + 2] <= 0x99);
		if (!digit)
			return false;
	}
	for (int k = 0; k < len;)
	{
		uint32_t	cp;

		k += DEC(s + k, (size_t) (len - k), &cp);
		cp = fold(cp);
		if (cp == ' ' || cp == '\t')
			continue;
		if (n >= 40)
			return false;
		c[n++] = cp;
	}
	if (n == 0)
		return false;
	if (c[0] == 0x7B2C)			/* 第N页 [共M页] */
	{
		i = 1;
		while (i < n && c[i] >= '0' && c[i] <= '9')
			i++, digits++;
		if (digits == 0 || digits > 4 || i >= n || c[i] != 0x9875)
			return false;
		i++;
		if (i < n && (c[i] == '/' || c[i] == ','))
			i++;
		if (i == n)
			return true;
		if (c[i] != 0x5171)
			return false;
		i++;
		digits = 0;
		while (i < n && c[i] >= '0' && c[i] <= '9')
			i++, digits++;
		return digits > 0 && i + 1 == n && c[i] == 0x9875;
	}
	while (i < n && c[i] == '-')
		i++, dashes++;
	while (i < n && c[i] >= '0' && c[i] <= '9')
		i++, digits++;
	if (digits == 0 || digits > 4)
		return false;
	if (dashes > 0)
	{
		int			trail = 0;

		while (i < n && c[i] == '-')
			i++, trail++;
		return i == n && trail > 0;
	}
	if (i < n && c[i] == '/')
	{
		int			d2 = 0;

		i++;
		while (i < n && c[i] >= '0' && c[i] <= '9')
			i++, d2++;
		return d2 > 0 && d2 <= 4 && i == n;
	}
	return false;
}

/*
 * Whether line u[0..len) has a tab, and a bar ('|' or ｜, EF BD 9C).  (A bar
 * is never in the spaces that trimming takes off a line's ends: the whole
 * line is looked at.)
 */
static void
line_marks(const unsigned char *u, int len, bool *tab, bool *bar)
{
	int			k = 0;

	*tab = *bar = false;
#ifdef GI_PARSE_SSE2
	{
		__m128i		acc_tab = _mm_setzero_si128(),
					acc_bar = _mm_setzero_si128();

		/*
		 * Sixteen positions at a time, each with the two bytes after it.  At
		 * the end of a line of 18 bytes or more, the last sixteen positions
		 * that have two bytes after them, overlapping the ones before (the
		 * marks are only or-ed together): then only the last two are left.
		 */
		for (; len >= 18 && k < len - 2; k += 16)
		{
			__m128i		v0,
						v1,
						v2;

			if (k + 18 > len)
				k = len - 18;
			v0 = _mm_loadu_si128((const __m128i *) (u + k));
			v1 = _mm_loadu_si128((const __m128i *) (u + k + 1));
			v2 = _mm_loadu_si128((const __m128i *) (u + k + 2));
			acc_tab = _mm_or_si128(acc_tab, _mm_cmpeq_epi8(v0, _mm_set1_epi8('\t')));
			acc_bar = _mm_or_si128(acc_bar,
								   _mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('|')),
												_mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
																			_mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBD))),
															  _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9C)))));
		}
		*tab = _mm_movemask_epi8(acc_tab) != 0;
		*bar = _mm_movemask_epi8(acc_bar) != 0;
	}
	for (; k < len; k++)
	{
		*tab |= u[k] == '\t';
		*bar |= u[k] == '|' || (k + 2 < len && u[k] == 0xEF && u[k + 1] == 0xBD && u[k + 2] == 0x9C);
	}
#else
	*tab = len > 0 && memchr(u, '\t', (size_t) len) != NULL;
	if (len > 0 && memchr(u, '|', (size_t) len) != NULL)
		*bar = true;
	else
	{
		/* ｜ (EF BD 9C): by its middle byte, rarer in Chinese text than EF */
		for (const unsigned char *p = u + 1; !*bar && p + 1 < u + len &&
			 (p = memchr(p, 0xBD, (size_t) (u + len - 1 - p))) != NULL; p++)
			*bar = p[-1] == 0xEF && p[1] == 0x9C;
	}
	(void) k;
#endif
}

static int	add_layout_cell(Doc *d, int off, int len);

static void
split_line(Doc *d, int li)
{
	Line	   *l = &d->lines[li];
	const char *t = d->text;
	int			off = l->off,
				len = l->len,
				toff = off,
				tlen = len,
				nb;
	bool		has_tab,
				has_bar;

	if (l->marks & LM_KNOWN)
	{
		has_tab = (l->marks & LM_TAB) != 0;
		has_bar = (l->marks & LM_BAR) != 0;
	}
	else
		line_marks((const unsigned char *) t + off, len, &has_tab, &has_bar);
	l->c0 = d->ncells;
	l->nc = 0;
	l->flags |= LF_SPLIT;
	if (len > 0 && t[off] == '\t')
		l->flags |= LF_TABIND;
	if (space_at_ends(t, toff, tlen))
		trim_span(t, &toff, &tlen);
	if (tlen > 0 && tlen < 60 && is_page_number(t + toff, tlen))
	{
		l->flags |= LF_BLANK;
		return;
	}
	if (tlen == 0)
	{
		if (has_tab)
		{
			/* a tab-only line: one blank cell */
			l->flags |= LF_STRUCT;
			if (doc_add_cell(d, off, 0, 1))
				l->nc = 1;
		}
		else
			l->flags |= LF_BLANK;
		return;
	}
	if (has_bar)
	{
		int			pieces[2 * 256];
		int			np = 0,
					ps = toff,
					first,
					last;
		bool		lead,
					trail;

		if (is_rule_line(t + toff, tlen))
		{
			l->flags |= LF_BLANK;
			return;
		}
		l->flags |= LF_STRUCT;
		for (int i = toff; np < 256;)
		{
			i = next_bar(t, i, toff + tlen, &nb);
			pieces[2 * np] = ps;
			pieces[2 * np + 1] = i - ps;
			np++;
			if (i == toff + tlen)
				break;
			i += nb;
			ps = i;
		}
		lead = is_bar_at(t + toff, tlen, &nb);
		trail = tlen >= 1 && (t[toff + tlen - 1] == '|' ||
							  (tlen >= 3 && is_bar_at(t + toff + tlen - 3, 3, &nb)));
		if (np == 2 && lead && trail)
		{
			if (doc_add_cell(d, pieces[0], 0, 1))
				l->nc = 1;
			return;
		}
		first = lead ? 1 : 0;
		last = trail ? np - 1 : np;
		for (int k = first; k < last; k++)
			if (doc_add_cell(d, pieces[2 * k], pieces[2 * k + 1], 1))
				l->nc++;
		if (l->nc == 1 && is_prose(t + d->cells[l->c0].off, d->cells[l->c0].len, true))
			l->flags |= LF_PROSE;
		return;
	}
	if (has_tab)
	{
		int			i = off,
					end = off + len,
					ps;

		while (i < end && (t[i] == '\t' || space_len(t + i, end - i) > 0))
			i += t[i] == '\t' ? 1 : space_len(t + i, end - i);
		/* trailing spaces are not cells, trailing tabs are */
		while (end > i && space_len(t + end - 1, 1) == 1)
			end--;
		l->flags |= LF_STRUCT;
		ps = i;
		while (i <= end)
		{
			const char *tab = i < end ? memchr(t + i, '\t', (size_t) (end - i)) : NULL;

			i = tab != NULL ? (int) (tab - t) : end;
			if (doc_add_cell(d, ps, i - ps, 1))
				l->nc++;
			ps = ++i;
		}
		if (l->nc == 1 && is_prose(t + d->cells[l->c0].off, d->cells[l->c0].len, false))
			l->flags |= LF_PROSE;	/* the cells were split at the tabs */
		return;
	}
	if (is_prose(t + toff, tlen, false))	/* no tab in the line */
	{
		l->flags |= LF_PROSE;
		if (doc_add_cell(d, toff, tlen, 1))
			l->nc = 1;
		return;
	}
	/* split at runs of two or more spaces */
	{
		int			i = toff,
					end = toff + tlen,
					ps = toff;

		while (i < end)
		{
			unsigned char b;
			int			n;

			i = skip_no_space((const unsigned char *) t, i, end);
			if (i >= end)
				break;
			b = (unsigned char) t[i];
			n = (b == ' ' || b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0xEF) ?
				space_len(t + i, end - i) : 0;

			if (n > 0)
			{
				int			j = i + n,
							count = 1,
							m;

				for (;;)
				{
					uint64_t	w;

					/* eight ASCII spaces at a time: the runs of a laid-out page are long */
					if (j + 8 <= end && (memcpy(&w, t + j, 8), w == BYTES8(' ')))
					{
						j += 8;
						count += 8;
						continue;
					}
					if ((m = space_len(t + j, end - j)) == 0)
						break;
					j += m;
					count++;
				}
				if (count >= 2)
				{
					if (i - ps >= 3 && memchr(t + ps, ' ', (size_t) (i - ps)) != NULL)
						l->nc += add_layout_cell(d, ps, i - ps);
					else if (doc_add_cell(d, ps, i - ps, 1))
						l->nc++;
					ps = j;
				}
				i = j;
			}
			else
				i++;
		}
		if (end - ps >= 3 && memchr(t + ps, ' ', (size_t) (end - ps)) != NULL)
			l->nc += add_layout_cell(d, ps, end - ps);
		else if (doc_add_cell(d, ps, end - ps, 1))
			l->nc++;
	}
}

/* ------------------------------------------------------------------------
 * Cells: blank, NULL marker, unit, number, unreadable value or text
 * ------------------------------------------------------------------------ */

/* Fold a cell into buf (UTF-8, spaces dropped).  -1 when longer than cap. */
static int
fold_cell(const char *s, int len, char *buf, int cap)
{
	const unsigned char *u = (const unsigned char *) s;
	int			o = 0;

	for (int i = 0; i < len;)
	{
		uint32_t	c;
		unsigned char b = u[i];

		if (b < 0x80)
		{
			i++;
			if (b == ' ' || b == '\t' || b == '\n')
				continue;
			if (o + 1 >= cap)
				return -1;
			buf[o++] = (char) b;
			continue;
		}
		/* U+4000-U+9FFF, well formed: unchanged unless traditional */
		if (b >= 0xE4 && b <= 0xE9 && i + 2 < len &&
			(u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80)
		{
			c = ((uint32_t) (b & 0x0F) << 12) | ((uint32_t) (u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
			if (o + 4 >= cap)
				return -1;
			if (c < 0x3400 || trad_fold(c) == c)
			{
				buf[o] = (char) b;
				buf[o + 1] = (char) u[i + 1];
				buf[o + 2] = (char) u[i + 2];
				o += 3;
			}
			else
				o += utf8_enc(trad_fold(c), buf + o);
			i += 3;
			continue;
		}
		i += DEC(s + i, (size_t) (len - i), &c);
		c = fold(c);
		if (c == ' ' || c == '\t' || c == '\n')
			continue;
		if (o + 4 >= cap)
			return -1;
		o += utf8_enc(c, buf + o);
	}
	buf[o] = '\0';
	return o;
}

/* s[0..n) is the string literal w */
#define STREQ_LIT(s, n, w) ((n) == (int) sizeof(w) - 1 && memcmp((s), (w), sizeof(w) - 1) == 0)
/* s[0..n) starts with the string literal w */
#define STARTS_LIT(s, n, w) ((n) >= (int) sizeof(w) - 1 && memcmp((s), (w), sizeof(w) - 1) == 0)

static bool
streq_n(const char *s, int n, const char *w)
{
	return (int) strlen(w) == n && memcmp(s, w, (size_t) n) == 0;
}

static const struct
{
	const char *w;
	uint8_t		unit;
}			unit_words[] =
{
	{"万元", UNIT_WAN}, {"元", UNIT_YUAN}, {"件次", UNIT_COUNT}, {"人次", UNIT_COUNT},
	{"件", UNIT_COUNT}, {"条", UNIT_COUNT}, {"项", UNIT_COUNT}, {"个", UNIT_COUNT},
	{"次", UNIT_COUNT}, {"人", UNIT_COUNT}, {"篇", UNIT_COUNT}, {"家", UNIT_COUNT},
	{"份", UNIT_COUNT}, {"场", UNIT_COUNT}, {"户", UNIT_COUNT}, {"期", UNIT_COUNT},
	{"分", UNIT_COUNT}, {"天", UNIT_COUNT}
};

/* A unit word (its UNIT_*), or -1; the words are one or two characters of three bytes. */
static int
unit_word(const char *s, int n)
{
	if (n != 3 && n != 6)
		return -1;
	for (size_t i = 0; i < sizeof(unit_words) / sizeof(unit_words[0]); i++)
	{
		const char *w = unit_words[i].w;
		int			k = w[3] == '\0' ? 3 : 6;	/* one character or two */

		if (k == n && memcmp(s, w, (size_t) k) == 0)
			return unit_words[i].unit;
	}
	return -1;
}

static const char *const bad_words[] = {
	"不详", "未统计", "暂无", "暂无数据", "未填报", "不适用", "未知", "空白",
	"待统计", "见附件", "略", NULL
};

/* The length of the longest bad word (a longer cell is none) */
static int
bad_word_max(void)
{
	static int	max = -1;

	if (max < 0)
	{
		int			m = 0;

		for (int i = 0; bad_words[i] != NULL; i++)
			if ((int) strlen(bad_words[i]) > m)
				m = (int) strlen(bad_words[i]);
		max = m;
	}
	return max;
}

typedef struct NumInfo
{
	char		s[48];			/* "[-]digits[.digits]" for gi_parse_decimal */
	int			n;
	uint8_t		unit;			/* suffix: UNIT_* */
} NumInfo;

/*
 * A number as printed in a cell, folded: [增|减|+|-] digits with optional
 * thousands separators, optional decimals, optional unit suffix.
 */
static bool
parse_number(const char *f, int n, NumInfo *ni)
{
	int			p = 0,
				q = 0,
				sign = 0,
				intd = 0,
				group = 0,
				commas = 0;

	ni->unit = UNIT_NONE;
	if (STARTS_LIT(f, n, "增"))
	{
		sign = 1;
		p = 3;
		if (STARTS_LIT(f + p, n - p, "加"))
			p += 3;
	}
	else if (STARTS_LIT(f, n, "减"))
	{
		sign = -1;
		p = 3;
		if (STARTS_LIT(f + p, n - p, "少"))
			p += 3;
	}
	if (p < n && (f[p] == '+' || f[p] == '-'))
	{
		if (sign != 0)
			return false;
		sign = f[p] == '-' ? -1 : 1;
		p++;
	}
	if (sign < 0)
		ni->s[q++] = '-';
	while (p < n)
	{
		char		c = f[p];

		if (c >= '0' && c <= '9')
		{
			if (q >= 40)
				return false;
			ni->s[q++] = c;
			intd++;
			group++;
			p++;
		}
		else if (c == ',')
		{
			if (intd == 0 || (commas == 0 ? group > 3 : group != 3))
				return false;
			commas++;
			group = 0;
			p++;
		}
		else
			break;
	}
	if (intd == 0 || (commas > 0 && group != 3))
		return false;
	if (p < n && f[p] == '.')
	{
		int			fd = 0;

		ni->s[q++] = '.';
		p++;
		while (p < n && f[p] >= '0' && f[p] <= '9')
		{
			if (q >= 46)
				return false;
			ni->s[q++] = f[p++];
			fd++;
		}
		if (fd == 0)
			return false;
	}
	ni->s[q] = '\0';
	ni->n = q;
	if (p < n)
	{
		int			u = unit_word(f + p, n - p);

		if (u < 0)
			return false;
		ni->unit = (uint8_t) u;
	}
	return true;
}

/* 1 to 40 ASCII digits and nothing else: a number as it is (most values are). */
static inline bool
plain_digits(const char *s, int len)
{
	if (len < 1 || len > 40)
		return false;
	for (int i = 0; i < len; i++)
		if ((unsigned char) (s[i] - '0') > 9)
			return false;
	return true;
}

/*
 * Known labels: the labels the templates print (each row's label, the parts
 * of a label with a '·', the column names and their parts), with what the
 * parser makes of each: its class, and as a printed row's whole label, its
 * normalised form and its features.  All of these depend on a cell's bytes
 * alone, and each entry was made by the very functions that make them for a
 * cell (classify_cell, norm_row, row_features), once per process: a cell
 * printed exactly as a known label takes them from its entry, the same
 * result without folding and normalising it again.  Most cells of a table
 * printed from a template are such labels.
 */
typedef struct KnownLabel
{
	const char *s;				/* the label, UTF-8 */
	int			len;
	uint32_t	hash;			/* bytes_hash of it */
	uint8_t		cls;			/* classify_cell's */
	uint8_t		unit;
	struct PRow *row;			/* norm_row's and row_features' result for a row of it */
	uint64_t	kwmask;			/* the template key words its normalised label holds */
	bool		annot;			/* is_annotation's */
	uint8_t    *colw;			/* col_words of its normalised label */
	int			ncolw;
} KnownLabel;

static KnownLabel *known;
static int	nknown;
static int	known_mask;			/* known_slot has known_mask + 1 entries */
static int16_t *known_slot;		/* open addressing by hash: index in known[], -1 = empty */
static int16_t *known_norm_slot;	/* the same by the hash of the normalised label (known_by_norm) */
static void build_known_near(void);

/*
 * A hash of n bytes (any deterministic mix will do): sixteen bytes at a
 * time in two independent chains of multiplications, then the last eight
 * bytes (overlapping those before) or, when fewer, byte by byte: no call.
 */
static inline uint32_t
bytes_hash(const char *s, int n)
{
	uint64_t	a = (uint64_t) n * 0x9E3779B97F4A7C15ull,
				b = 0x2545F4914F6CDD1Dull,
				w0,
				w1;
	int			i = 0;

	for (; i + 16 <= n; i += 16)
	{
		memcpy(&w0, s + i, 8);
		memcpy(&w1, s + i + 8, 8);
		a = (a ^ w0) * 0xFF51AFD7ED558CCDull;
		b = (b ^ w1) * 0xC4CEB9FE1A85EC53ull;
	}
	if (n >= 8)
	{
		if (i + 8 < n)
		{
			memcpy(&w0, s + i, 8);
			a = (a ^ w0) * 0xFF51AFD7ED558CCDull;
		}
		if (i < n)
		{
			memcpy(&w1, s + n - 8, 8);
			b = (b ^ w1) * 0xC4CEB9FE1A85EC53ull;
		}
	}
	else
	{
		w1 = 0;
		for (int k = 0; k < n; k++)
			w1 |= (uint64_t) (unsigned char) s[k] << (8 * k);
		b = (b ^ w1) * 0xC4CEB9FE1A85EC53ull;
	}
	a ^= (a >> 29) + (b ^ (b >> 32));
	a *= 0x9E3779B97F4A7C15ull;
	return (uint32_t) (a >> 32);
}

/* The entry of the known label s[0..n), or -1 (none, or not built) */
static inline __attribute__((always_inline)) int
known_lookup(const char *s, int n)
{
	uint32_t	h,
				k;

	if (known_slot == NULL || n > 120)
		return -1;
	h = bytes_hash(s, n);
	for (k = h & (uint32_t) known_mask; known_slot[k] >= 0; k = (k + 1) & (uint32_t) known_mask)
	{
		const KnownLabel *e = &known[known_slot[k]];

		if (e->hash == h && e->len == n && memcmp(e->s, s, (size_t) n) == 0)
			return known_slot[k];
	}
	return -1;
}

/* classify_cell for a cell that is not blank, digits or a known label: folded first */
static void
classify_folded(Doc *d, Cell *c)
{
	char		f[160];
	int			n,
				letters = 0,
				digits = 0,
				u;
	NumInfo		ni;
	bool		dashes = true;

	n = fold_cell(d->text + c->off, c->len, f, (int) sizeof(f));
	if (n < 0)
	{
		c->cls = CELL_TEXT;
		return;
	}
	if (n == 0)
	{
		c->cls = CELL_EMPTY;
		return;
	}
	for (int i = 0; i < n; i++)
		if (f[i] != '-')
		{
			dashes = false;
			break;
		}
	if ((dashes && n <= 8) || STREQ_LIT(f, n, "/") || STREQ_LIT(f, n, "无") ||
		STREQ_LIT(f, n, "\\") || STREQ_LIT(f, n, "—"))
	{
		c->cls = CELL_NULL;
		return;
	}
	if ((u = unit_word(f, n)) >= 0)
	{
		c->cls = CELL_UNIT;
		c->unit = (uint8_t) u;
		return;
	}
	if (parse_number(f, n, &ni))
	{
		c->cls = CELL_NUM;
		c->unit = ni.unit;
		return;
	}
	if (f[n - 1] == '.' || f[0] == '(' || f[n - 1] == ')' ||
		(n >= 3 && memcmp(f + n - 3, "、", 3) == 0))
	{
		c->cls = CELL_TEXT;		/* numbering on its own: 1. (一) 3、 */
		return;
	}
	/* a year as a header: 2023年, 2023年度 */
	if ((n == 7 || n == 10) && f[0] >= '1' && f[0] <= '2' && f[1] >= '0' && f[1] <= '9' &&
		f[2] >= '0' && f[2] <= '9' && f[3] >= '0' && f[3] <= '9' && memcmp(f + 4, "年", 3) == 0 &&
		(n == 7 || memcmp(f + 7, "度", 3) == 0))
	{
		c->cls = CELL_TEXT;
		return;
	}
	if (n <= bad_word_max())
		for (int i = 0; bad_words[i] != NULL; i++)
			if (streq_n(f, n, bad_words[i]))
			{
				c->cls = CELL_BAD;
				return;
			}
	{
		/*
		 * A numbered label, however short: 3.其他.  Numbering is at most
		 * five characters, "(十二三)" and what follows it: six are enough.
		 */
		uint32_t	cps[6];
		int			ncp = 0,
					p = 0;
		unsigned char f0 = (unsigned char) f[0];

		/*
		 * Numbering starts with '(', a digit, or 其 or 一-十 (U+4E00-U+5FFF:
		 * lead byte E4 or E5): no need to decode the others.
		 */
		if (f0 == '(' || (f0 >= '0' && f0 <= '9') || f0 == 0xE4 || f0 == 0xE5)
		{
			for (int i = 0; i < n && ncp < 6;)
				i += DEC(f + i, (size_t) (n - i), &cps[ncp++]);
			if (strip_numbering(cps, ncp, &p) != NUM_NONE && p < ncp && is_cjk(cps[p]))
			{
				c->cls = CELL_TEXT;
				return;
			}
		}
	}
	for (int i = 0; i < n;)
	{
		uint32_t	cp;
		unsigned char b = (unsigned char) f[i];

		if (b < 0x80)
		{
			i++;
			if (b >= '0' && b <= '9')
				digits++;
			else if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
				letters++;
			continue;
		}
		if (b >= 0xE4 && b <= 0xE9)
		{
			/* U+4000-U+9FFF (f is well formed): CJK */
			letters++;
			i += 3;
			continue;
		}
		i += DEC(f + i, (size_t) (n - i), &cp);
		if (is_cjk(cp))
			letters++;
	}
	if ((digits > 0 && letters <= 3) || letters == 0)
		c->cls = CELL_BAD;
	else
		c->cls = CELL_TEXT;
}

/*
 * A cell's class and unit (and its known label): the common cases, blank,
 * digits and known labels, inline; the others folded and looked at.
 */
static inline __attribute__((always_inline)) void
classify_cell(Doc *d, Cell *c)
{
	int			n;

	if (c->len == 0)
	{
		c->cls = CELL_EMPTY;
		return;
	}
	if (plain_digits(d->text + c->off, c->len))
	{
		c->cls = CELL_NUM;
		c->unit = UNIT_NONE;
		return;
	}
	if ((n = known_lookup(d->text + c->off, c->len)) >= 0)
	{
		c->cls = known[n].cls;
		c->unit = known[n].unit;
		c->known = (int16_t) n;
		return;
	}
	classify_folded(d, c);
}

/* classify_cell out of line, for the few cells made after the first pass (pieces, joins) */
static __attribute__((noinline)) void
classify_piece(Doc *d, Cell *c)
{
	classify_cell(d, c);
}

/*
 * The pieces of d->text[off, off + len) one ASCII space apart, as (offset,
 * length) pairs in tok (room for max): their count when there are two or
 * more and every one is a number, a NULL mark or (units) a unit; 0 when not,
 * and when a dash comes before another piece (- 8 is -8, not NULL and 8).
 */
static int
number_pieces(Doc *d, int off, int len, bool units, int *tok, int max)
{
	const char *t = d->text;
	int			ntok = 0,
				p = off,
				end = off + len;

	if (len < 3 || memchr(t + off, ' ', (size_t) len) == NULL)
		return 0;
	while (p < end)
	{
		const char *sp = memchr(t + p, ' ', (size_t) (end - p));
		int			q = sp != NULL ? (int) (sp - t) : end;
		Cell		c;

		if (q == p || ntok == max)
			return 0;
		memset(&c, 0, sizeof(c));
		c.off = p;
		c.len = q - p;
		c.known = -1;
		classify_piece(d, &c);
		if (c.cls == CELL_NULL && q < end && strspn(t + p, "-") >= (size_t) (q - p))
			return 0;			/* a sign, or a dash as NULL: unclear */
		if (c.cls != CELL_NUM && c.cls != CELL_NULL && !(units && c.cls == CELL_UNIT))
			return 0;
		tok[2 * ntok] = p;
		tok[2 * ntok + 1] = q - p;
		ntok++;
		p = q + 1;
	}
	return ntok >= 2 ? ntok : 0;
}

/*
 * A cell of a laid-out line (columns apart by runs of spaces, as pdftotext
 * -layout prints them), added to the line: when a wide value leaves one
 * space only between two columns ("6 2032.06", "万元 12.2064") or narrow
 * columns print one space apart (table 四's "0 0 0 0 0"), the pieces apart
 * by a single space are cells of their own if every one of them is a
 * number or a unit (number_pieces), marked as pieces: where a row then has
 * more values than its cell wants, rejoin_values puts letter-spaced digits
 * back together (1 2 0 is 120).  The number of cells added.
 */
static int
add_layout_cell(Doc *d, int off, int len)
{
	int			tok[2 * 16],
				ntok = number_pieces(d, off, len, true, tok, 16);

	if (ntok == 0)
		return doc_add_cell(d, off, len, 1) != NULL;
	for (int k = 0; k < ntok; k++)
	{
		Cell	   *c = doc_add_cell(d, tok[2 * k], tok[2 * k + 1], 1);

		if (c == NULL)
			return k;
		c->piece = k == 0 ? PIECE_FIRST : PIECE_NEXT;
	}
	return ntok;
}

/* ------------------------------------------------------------------------
 * Parse context, log
 * ------------------------------------------------------------------------ */

#define LABEL_MAX_CP	96

typedef struct PRow
{
	int			line;			/* line of its first cell */
	int			lastline;
	int			lab[4];			/* label cells (continuations joined) */
	int			nlab;
	int			v0;				/* its values: x->vals[v0 .. v0 + nv) */
	int			nv;
	int			nfill;			/* values that are not blank */
	int			nnum;			/* numbers among them */
	int			xdig;			/* digits past the first of its plain-digit values */
	uint8_t		unit;			/* from a unit cell of the row */
	bool		consumed;		/* mapped (alone or joined with a neighbour) */
	/* the normalised label, for candidates */
	bool		normed;
	int			numbering;
	uint32_t   *cp;
	int			ncp;
	uint64_t	sig;			/* its characters' bits, for a quick "not in it" */
	char	   *norm;			/* as UTF-8 */
	int			nlen;			/* strlen(norm) */
	uint32_t	nhash;			/* label_hash of its code points */
	int			known1;			/* 1 + an entry in known[] with its normalised label (its own
								 * when its label is a known one), else 0 */
	/* its features (unigrams and bigrams), made when first needed */
	bool		featured;
	int			nfeat;			/* how many: nfid + nxf */
	int		   *fid;			/* those of some slot: their ids in the dictionary */
	int			nfid;
	uint64_t   *xf;				/* the others, sorted */
	int			nxf;
} PRow;

typedef struct Ctx
{
	Doc		   *d;
	Arena	   *a;
	GiParseResult *res;
	PRow	   *rows;
	int			nrows;
	int			rowcap;
	int		   *vals;			/* cell indices; -1 = a blank made by colspan */
	int			nvals;
	int			valcap;
	int			logcap;
	bool		logfull;
	bool		nolog;			/* options->values_only: no log entries */
	uint64_t   *seen;			/* scratch: a bit per feature of the dictionary, all clear */
	int			nread;			/* cells read from the table: values and NULL markers */
} Ctx;

#define SEV_ERROR	0
#define SEV_WARNING 1
#define SEV_INFO	2

static const char *const sev_names[] = {"error", "warning", "info"};

/* Cut s (a NUL-terminated buffer) back to a complete UTF-8 sequence. */
static void
utf8_clip(char *s)
{
	size_t		n = strlen(s);
	size_t		i = n;

	/* find the start of the last sequence */
	while (i > 0 && ((unsigned char) s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
	{
		unsigned char lead = (unsigned char) s[i - 1];
		size_t		need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 :
			(lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;

		if (n - (i - 1) < need)
			s[i - 1] = '\0';
	}
	else if (n > 0)
		s[0] = '\0';
}

/*
 * Copy at most max bytes of s (len bytes, -1 = NUL-terminated) into the
 * arena as valid UTF-8: cut on a character boundary, and any invalid byte
 * (there should be none: the text was cleaned when decoded) replaced by
 * U+FFFD.  Built with -DGI_PARSE_STRICT_UTF8 (the fuzzing harness), an
 * invalid byte aborts instead, so that its source is found.
 */
static const char *
log_str(Ctx *x, const char *s, int len, int max)
{
	char	   *p;
	int			o = 0;

	if (s == NULL)
		return "";
	if (len < 0)
		len = (int) strlen(s);
	if (len > max)
	{
		len = max;
		while (len > 0 && ((unsigned char) s[len] & 0xC0) == 0x80)
			len--;
	}
	p = arena_alloc(x->a, (size_t) len * 3 + 1);
	if (p == NULL)
		return "";
	for (int i = 0; i < len;)
	{
		uint32_t	cp;
		int			k = DEC(s + i, (size_t) (len - i), &cp);

		if (cp == 0xFFFD && k == 1)
		{
#ifdef GI_PARSE_STRICT_UTF8
			abort();
#endif
			o += utf8_enc(0xFFFD, p + o);
		}
		else if (cp == 0)
			p[o++] = ' ';
		else
		{
			memcpy(p + o, s + i, (size_t) k);
			o += k;
		}
		i += k;
	}
	p[o] = '\0';
	return p;
}

static void
addlog(Ctx *x, int sev, const char *section, const char *label, int lablen,
	   const char *raw, int rawlen, const char *fmt,...)
	__attribute__((format(printf, 8, 9)));

static void
addlog(Ctx *x, int sev, const char *section, const char *label, int lablen,
	   const char *raw, int rawlen, const char *fmt,...)
{
	GiParseResult *res = x->res;
	GiParseLogEntry *e;
	char		msg[700];
	va_list		ap;

	if (x->nolog || x->logfull || x->a->failed)
		return;
	if (res->nlog >= GI_PARSE_MAX_LOG)
	{
		x->logfull = true;
		sev = SEV_WARNING;
		section = label = raw = "";
		lablen = rawlen = 0;
		fmt = "log truncated: more entries were not kept";
	}
	if (!GROW(x->a, res->log, x->logcap, res->nlog + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	utf8_clip(msg);
	e = &res->log[res->nlog];
	e->severity = sev_names[sev];
	e->section = log_str(x, section, -1, 60);
	e->label = log_str(x, label, lablen, 240);
	e->raw = log_str(x, raw, rawlen, 240);
	e->message = log_str(x, msg, -1, (int) sizeof(msg));
	res->nlog++;
}

/* The printed label of a row, raw (cells joined by a space), into buf. */
static int
row_label_raw(Ctx *x, const PRow *r, char *buf, int cap)
{
	int			o = 0;

	buf[0] = '\0';
	for (int k = 0; k < r->nlab; k++)
	{
		const Cell *c = &x->d->cells[r->lab[k]];
		int			n = c->len;

		if (o + n + 2 >= cap)
			n = cap - o - 2;
		if (n <= 0)
			break;
		if (k > 0)
			buf[o++] = ' ';
		memcpy(buf + o, x->d->text + c->off, (size_t) n);
		o += n;
		buf[o] = '\0';
	}
	utf8_clip(buf);
	return (int) strlen(buf);
}

/* The values of a row, raw, joined by " | ". */
static int
row_values_raw(Ctx *x, const PRow *r, char *buf, int cap)
{
	int			o = 0;

	buf[0] = '\0';
	for (int k = 0; k < r->nv; k++)
	{
		int			ci = x->vals[r->v0 + k];
		const char *s = ci >= 0 ? x->d->text + x->d->cells[ci].off : "";
		int			n = ci >= 0 ? x->d->cells[ci].len : 0;

		if (o + n + 4 >= cap)
			break;
		if (k > 0)
		{
			memcpy(buf + o, " | ", 3);
			o += 3;
		}
		memcpy(buf + o, s, (size_t) n);
		o += n;
		buf[o] = '\0';
	}
	utf8_clip(buf);
	return (int) strlen(buf);
}

/* ------------------------------------------------------------------------
 * Printed rows: a label and the values that follow it
 * ------------------------------------------------------------------------ */

/* A cell that is wholly a parenthesised annotation: （不同渠道…计1条） */
static bool
is_annotation(Doc *d, const Cell *c)
{
	const char *s = d->text + c->off;
	int			depth = 0,
				inner = 0;
	bool		closed = false;

	for (int i = 0; i < c->len;)
	{
		uint32_t	cp;

		i += DEC(s + i, (size_t) (c->len - i), &cp);
		cp = fold(cp);
		if (cp == ' ')
			continue;
		if (closed)
			return false;
		if (depth == 0 && cp != '(')
			return false;
		if (cp == '(')
			depth++;
		else if (cp == ')')
		{
			if (--depth == 0)
				closed = true;
		}
		else if (is_cjk(cp))
			inner++;
	}
	return closed && inner >= 2;
}

static inline int
new_row(Ctx *x, int line)
{
	PRow	   *r;

	if (!GROW(x->a, x->rows, x->rowcap, x->nrows + 1))
		return -1;
	r = &x->rows[x->nrows];
	memset(r, 0, sizeof(*r));
	r->line = r->lastline = line;
	r->v0 = x->nvals;
	return x->nrows++;
}

/*
 * The digits past the first of cell ci when it is a number of two or more
 * plain digits (what it adds if each digit is a value), else 0.
 */
static inline int
extra_digits(const Doc *d, int ci)
{
	const Cell *c = ci >= 0 ? &d->cells[ci] : NULL;

	return c != NULL && c->cls == CELL_NUM && c->len >= 2 && plain_digits(d->text + c->off, c->len) ?
		c->len - 1 : 0;
}

static inline bool
push_value(Ctx *x, int cur, int ci)
{
	PRow	   *r = &x->rows[cur];

	/* values of a row are contiguous: only the current row takes values */
	if (r->v0 + r->nv != x->nvals)
		return false;
	if (!GROW(x->a, x->vals, x->valcap, x->nvals + 1))
		return false;
	x->vals[x->nvals++] = ci;
	r->nv++;
	if (ci >= 0)
	{
		uint8_t		cls = x->d->cells[ci].cls;

		if (cls != CELL_EMPTY)
			r->nfill++;
		if (cls == CELL_NUM)
		{
			r->nnum++;
			r->xdig += extra_digits(x->d, ci);
		}
	}
	return true;
}

static void
build_rows(Ctx *x)
{
	Doc		   *d = x->d;
	Cell	   *cells = d->cells;	/* (neither moves while the rows are made) */
	Line	   *lines = d->lines;
	int			nlines = d->nlines,
				cur = -1;

	for (int li = 0; li < nlines && !x->a->failed; li++)
	{
		Line	   *l = &lines[li];
		int			firsttext = -1;
		bool		seen_value = false;

		if (l->flags & LF_BLANK || l->nc == 0)
			continue;
		if (l->flags & LF_PROSE)
		{
			cur = -1;
			continue;
		}
		/* a line continuing the tab-indented cell above it (a wrapped label) */
		if (!(l->flags & (LF_TABIND | LF_STRUCT | LF_HTMLROW)) && l->nc == 1 && cur >= 0 &&
			li > 0 && (lines[li - 1].flags & LF_TABIND) &&
			cells[l->c0].cls == CELL_TEXT && x->rows[cur].nv == 0 &&
			x->rows[cur].nlab > 0 && x->rows[cur].nlab < 4 && x->rows[cur].lastline == li - 1)
		{
			x->rows[cur].lab[x->rows[cur].nlab++] = l->c0;
			x->rows[cur].lastline = li;
			l->flags |= LF_CONT;
			continue;
		}
		for (int k = 0; k < l->nc; k++)
			if (cells[l->c0 + k].cls == CELL_TEXT)
			{
				firsttext = k;
				break;
			}
		for (int k = 0; k < l->nc; k++)
		{
			int			ci = l->c0 + k;
			Cell	   *c = &cells[ci];

			if (c->cls == CELL_TEXT && seen_value)
				c->cls = CELL_BAD;	/* text where a number belongs */
			if (c->cls == CELL_TEXT)
			{
				PRow	   *r = cur >= 0 ? &x->rows[cur] : NULL;

				if (r != NULL && r->nv == 0 && r->nlab > 0 && r->nlab < 4 && r->lastline >= li - 2 &&
					(c->known >= 0 ? known[c->known].annot : is_annotation(d, c)))
				{
					r->lab[r->nlab++] = ci;
					r->lastline = li;
					continue;
				}
				cur = new_row(x, li);
				if (cur < 0)
					return;
				x->rows[cur].lab[0] = ci;
				x->rows[cur].nlab = 1;
				continue;
			}
			if (c->cls == CELL_UNIT)
			{
				if (cur >= 0 && x->rows[cur].unit == UNIT_NONE)
					x->rows[cur].unit = c->unit;
				continue;
			}
			if (c->cls == CELL_EMPTY && firsttext >= 0 && k < firsttext)
				continue;		/* blank label columns before the label */
			seen_value = true;
			if (cur < 0 && (cur = new_row(x, li)) < 0)
				return;
			if (!push_value(x, cur, ci))
			{
				/* the open row cannot take it: start a label-less one */
				if ((cur = new_row(x, li)) < 0 || !push_value(x, cur, ci))
					return;
			}
			for (int s = 1; s < c->colspan; s++)
				push_value(x, cur, -1);
			x->rows[cur].lastline = li;
		}
	}
}

/* ------------------------------------------------------------------------
 * Label normalisation and similarity
 * ------------------------------------------------------------------------ */


/* 一 .. 九 -> 1 .. 9, 十 -> 10, else 0 */
static int
cn_digit(uint32_t c)
{
	if (c < 0x4E00 || c > 0x56DB)
		return 0;
	switch (c)
	{
		case 0x4E00:
			return 1;
		case 0x4E8C:
			return 2;
		case 0x4E09:
			return 3;
		case 0x56DB:
			return 4;
		case 0x4E94:
			return 5;
		case 0x516D:
			return 6;
		case 0x4E03:
			return 7;
		case 0x516B:
			return 8;
		case 0x4E5D:
			return 9;
		case 0x5341:			/* 十 */
			return 10;
		default:
			return 0;
	}
}

/* Value of a Chinese numeral run of n (1-3) characters, or 0. */
static int
cn_value(const uint32_t *c, int n)
{
	int			a = n > 0 ? cn_digit(c[0]) : 0,
				b = n > 1 ? cn_digit(c[1]) : 0,
				e = n > 2 ? cn_digit(c[2]) : 0;

	if (n == 1)
		return a;
	if (n == 2)
		return a == 10 && b > 0 && b < 10 ? 10 + b : (b == 10 && a > 0 && a < 10 ? a * 10 : 0);
	if (n == 3)
		return a > 0 && a < 10 && b == 10 && e > 0 && e < 10 ? a * 10 + e : 0;
	return 0;
}

/* Strip one numbering prefix at in[*p]; returns its code or NUM_NONE. */
static int
strip_numbering(const uint32_t *in, int n, int *p)
{
	int			i = *p,
				k;

	/* 其中： */
	if (i + 1 < n && in[i] == 0x5176 && in[i + 1] == 0x4E2D)
	{
		i += 2;
		if (i < n && in[i] == ':')
			i++;
		*p = i;
		return NUM_OFWHICH * 1000;
	}
	if (i < n && in[i] == '(')
	{
		for (k = i + 1; k < n && k < i + 4 && cn_digit(in[k]); k++)
			;
		if (k > i + 1 && k < n && in[k] == ')' && cn_value(in + i + 1, k - i - 1) > 0)
		{
			int			v = cn_value(in + i + 1, k - i - 1);

			*p = k + 1;
			return NUM_CNPAR * 1000 + v;
		}
		for (k = i + 1; k < n && k < i + 3 && in[k] >= '0' && in[k] <= '9'; k++)
			;
		if (k > i + 1 && k < n && in[k] == ')')
		{
			int			v = 0;

			for (int j = i + 1; j < k; j++)
				v = v * 10 + (int) (in[j] - '0');
			*p = k + 1;
			return NUM_DIGPAR * 1000 + v;
		}
		return NUM_NONE;
	}
	for (k = i; k < n && k < i + 3 && cn_digit(in[k]); k++)
		;
	if (k > i && k < n && (in[k] == 0x3001 || in[k] == '.' || in[k] == ',') &&
		cn_value(in + i, k - i) > 0)
	{
		int			v = cn_value(in + i, k - i);

		*p = k + 1;
		return NUM_CN * 1000 + v;
	}
	for (k = i; k < n && k < i + 2 && in[k] >= '0' && in[k] <= '9'; k++)
		;
	if (k > i && k < n && (in[k] == 0x3001 || in[k] == '.' || in[k] == ',') &&
		!(k + 1 < n && in[k + 1] >= '0' && in[k + 1] <= '9'))
	{
		int			v = 0;

		for (int j = i; j < k; j++)
			v = v * 10 + (int) (in[j] - '0');
		*p = k + 1;
		return NUM_DIGIT * 1000 + v;
	}
	return NUM_NONE;
}

/*
 * Normalise folded code points (spaces already dropped): markup, numbering,
 * parenthesised parts (pinyin, annotations) and punctuation removed.
 */
static int
normalise_cps(const uint32_t *in0, int n0, uint32_t *out, int outcap, int *numbering)
{
	uint32_t	buf[LABEL_MAX_CP * 3];
	const uint32_t *in = buf;
	int			n = 0,
				p = 0,
				o = 0,
				depth = 0,
				lt = 0;

	/*
	 * Drop markup such as <br> that was escaped into the text: into buf,
	 * from the first '<' on (without one, the label is read where it is).
	 */
	while (lt < n0 && lt < (int) (sizeof(buf) / sizeof(buf[0])) && in0[lt] != '<')
		lt++;
	if (lt == n0)
	{
		in = in0;
		n = n0;
	}
	else
	{
		memcpy(buf, in0, sizeof(uint32_t) * (size_t) lt);
		n = lt;
	}
	for (int i = n; in == buf && i < n0 && n < (int) (sizeof(buf) / sizeof(buf[0])); i++)
	{
		if (in0[i] == '<' && i + 1 < n0 &&
			((in0[i + 1] | 0x20) >= 'a' && (in0[i + 1] | 0x20) <= 'z' ? true : in0[i + 1] == '/'))
		{
			int			j;

			for (j = i + 1; j < n0 && j < i + 40 && in0[j] != '>' && in0[j] < 0x80; j++)
				;
			if (j < n0 && in0[j] == '>')
			{
				i = j;
				continue;
			}
		}
		buf[n++] = in0[i];
	}
	*numbering = NUM_NONE;
	for (int k = 0; k < 3; k++)
	{
		int			v = strip_numbering(in, n, &p);

		if (v == NUM_NONE)
			break;
		if (*numbering == NUM_NONE)
			*numbering = v;
	}
	for (; p < n; p++)
	{
		uint32_t	c = in[p];

		if (c == '(')
			depth++;
		else if (c == ')')
		{
			if (depth > 0)
				depth--;
			else
				o = 0;			/* closes a parenthesis opened on an earlier line */
		}
		else if (depth == 0 && o < outcap)
		{
			if (is_cjk(c))
				out[o++] = c;
			else if (is_ascii_alnum(c))
				out[o++] = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
		}
	}
	return o;
}

/* Fold a UTF-8 string into code points, spaces dropped. */
static int
fold_cps(const char *s, int len, uint32_t *out, int cap)
{
	const unsigned char *u = (const unsigned char *) s;
	int			o = 0;

	for (int i = 0; i < len && o < cap;)
	{
		uint32_t	c;
		unsigned char b = u[i];

		if (b < 0x80)
		{
			i++;
			if (b != ' ' && b != '\t' && b != '\n')
				out[o++] = b;
			continue;
		}
		/* U+4000-U+9FFF, well formed */
		if (b >= 0xE4 && b <= 0xE9 && i + 2 < len &&
			(u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80)
		{
			c = ((uint32_t) (b & 0x0F) << 12) | ((uint32_t) (u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
			out[o++] = trad_fold(c);
			i += 3;
			continue;
		}
		i += DEC(s + i, (size_t) (len - i), &c);
		c = fold(c);
		if (c == ' ' || c == '\t' || c == '\n')
			continue;
		out[o++] = c;
	}
	return o;
}

int
gi_parse_normalise_label(const char *s, int len, char *out, int outsize)
{
	uint32_t	f[LABEL_MAX_CP * 3],
				nrm[LABEL_MAX_CP];
	int			nf,
				nn,
				num,
				o = 0;

	if (outsize <= 0)
		return 0;
	nf = fold_cps(s, len, f, (int) (sizeof(f) / sizeof(f[0])));
	nn = normalise_cps(f, nf, nrm, LABEL_MAX_CP, &num);
	for (int i = 0; i < nn; i++)
	{
		char		b[4];
		int			k = utf8_enc(nrm[i], b);

		if (o + k >= outsize)
			break;
		memcpy(out + o, b, (size_t) k);
		o += k;
	}
	out[o] = '\0';
	return o;
}

/* A character's bit in a label's sig */
static inline uint64_t
char_bit(uint32_t c)
{
	return (uint64_t) 1 << ((c * 2654435761u) >> 26 & 63);
}

/* The unigram feature of c, and the bigram feature of c d */
#define UNIGRAM(c)		((uint64_t) (c) + 1)	/* + 1: never 0 */
#define BIGRAM(c, d)	(((uint64_t) 1 << 42) | ((uint64_t) (c) << 21) | (uint64_t) (d))

/*
 * Unigram and bigram features of a normalised label (a slot's), unique, in
 * no order.  *sig: the unigrams' bits.  (A printed row's features are made
 * by row_features, as ids in the dictionary of the slots' features.)
 */
static int
make_features(const uint32_t *cp, int n, uint64_t *feat, uint64_t *sig)
{
	uint64_t	set[512];		/* 2 * LABEL_MAX_CP features at most: load <= 0.375 */
	int			m = 0,
				bits = 6;

	/* a table about four times the features, cleared only as far as used */
	while ((1 << bits) < 4 * (2 * n + 1) && bits < 9)
		bits++;
	memset(set, 0, sizeof(uint64_t) << bits);
	*sig = 0;
	for (int i = 0; i < n; i++)
	{
		for (int b = 0; b < 2; b++)
		{
			uint64_t	f,
						h;

			if (b == 0)
				f = UNIGRAM(cp[i]);	/* never 0, which marks an empty slot of the set */
			else if (i + 1 < n)
				f = BIGRAM(cp[i], cp[i + 1]);
			else
				continue;
			h = (f * 0x9E3779B97F4A7C15ull) >> (64 - bits);
			while (set[h] != 0 && set[h] != f)
				h = (h + 1) & ((1u << bits) - 1);
			if (set[h] == 0)
			{
				set[h] = f;
				feat[m++] = f;
			}
		}
		*sig |= char_bit(cp[i]);
	}
	return m;
}

/* FNV-1a of a normalised label's code points (equal labels, equal hashes) */
static inline uint32_t
label_hash(const uint32_t *cp, int n)
{
	uint32_t	h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ cp[i]) * 16777619u;
	return h;
}

/*
 * The first entry of known[] whose normalised label is norm (its
 * label_hash nhash), or -1.
 */
static inline int
known_by_norm(const char *norm, uint32_t nhash)
{
	if (known_norm_slot == NULL)
		return -1;
	for (uint32_t h = nhash & (uint32_t) known_mask; known_norm_slot[h] >= 0; h = (h + 1) & (uint32_t) known_mask)
	{
		const PRow *e = known[known_norm_slot[h]].row;

		if (e->nhash == nhash && strcmp(e->norm, norm) == 0)
			return known_norm_slot[h];
	}
	return -1;
}

/* Row r takes known label k's entry and features (made by row_features for the entry's row). */
static inline void
take_known_features(PRow *r, int k)
{
	const PRow *e = known[k].row;

	r->known1 = k + 1;
	r->featured = true;
	r->nfeat = e->nfeat;
	r->fid = e->fid;
	r->nfid = e->nfid;
	r->xf = e->xf;
	r->nxf = e->nxf;
}

/*
 * norm_row of a label that is not a known one: fold and normalise it.  When
 * a known label normalises alike (a traditional form, another numbering, an
 * annotation in a cell of its own), all that follows from the normalised
 * label is that label's: its features, and through known1 its key words,
 * column words, near slots and joins.
 */
static bool
norm_label(Ctx *x, PRow *r)
{
	uint32_t	f[LABEL_MAX_CP * 3],
				nrm[LABEL_MAX_CP];
	int			nf = 0,
				nn;
	char		utf[LABEL_MAX_CP * 4 + 1];
	int			o = 0,
				k;

	for (k = 0; k < r->nlab; k++)
	{
		const Cell *c = &x->d->cells[r->lab[k]];

		nf += fold_cps(x->d->text + c->off, c->len, f + nf, (int) (sizeof(f) / sizeof(f[0])) - nf);
	}
	nn = normalise_cps(f, nf, nrm, LABEL_MAX_CP, &r->numbering);
	r->ncp = nn;
	r->cp = arena_alloc(x->a, sizeof(uint32_t) * (size_t) (nn > 0 ? nn : 1));
	if (r->cp == NULL)
		return false;
	if (nn > 0)
		memcpy(r->cp, nrm, sizeof(uint32_t) * (size_t) nn);
	r->sig = 0;
	for (int i = 0; i < nn; i++)
	{
		r->sig |= char_bit(nrm[i]);
		o += utf8_enc(nrm[i], utf + o);
	}
	utf[o] = '\0';
	r->norm = arena_strndup(x->a, utf, (size_t) o);
	r->nlen = o;
	r->nhash = label_hash(nrm, nn);
	if (r->norm == NULL)
		return false;
	if (nn > 0 && (k = known_by_norm(r->norm, r->nhash)) >= 0)
		take_known_features(r, k);
	return true;
}

/* Normalise a printed row's label (once). */
static inline bool
norm_row(Ctx *x, PRow *r)
{
	if (r->normed)
		return true;
	r->normed = true;
	if (r->nlab == 1 && x->d->cells[r->lab[0]].known >= 0)
	{
		/* a known label: the entry's row was made by this function and row_features */
		const PRow *e = known[x->d->cells[r->lab[0]].known].row;

		r->numbering = e->numbering;
		r->cp = e->cp;
		r->ncp = e->ncp;
		r->sig = e->sig;
		r->norm = e->norm;
		r->nlen = e->nlen;
		r->nhash = e->nhash;
		take_known_features(r, x->d->cells[r->lab[0]].known);
		return true;
	}
	return norm_label(x, r);
}

/* ------------------------------------------------------------------------
 * The templates as printed rows ("slots"), built once per process
 * ------------------------------------------------------------------------ */

#define SLOT_HEAD	1			/* a heading: no value */
#define SLOT_CELL	2			/* k cells side by side (gov2014 rows; rows of table 二) */
#define SLOT_APPL	3			/* a row of table 三: one value per applicant column */
#define SLOT_GROUP	4			/* a group of table 三 (printed subtotals are checked, not stored) */
#define SLOT_T4		5			/* table 四: one row of 15 numbers */

typedef struct Slot
{
	uint8_t		kind;
	int			row;			/* first GiRow */
	int			nrow;			/* GiRows it covers */
	int			k;				/* values expected */
	int			numbering;
	uint64_t   *feat;
	int			nfeat;
	uint64_t	sig;
	char	   *norm;			/* the normalised label, UTF-8 */
	uint32_t	nhash;			/* label_hash of its code points */
	uint64_t   *bits;			/* its features: a bit per feature of the dictionary */
	int		   *fid;			/* its features: their ids in the dictionary */
} Slot;

typedef struct TSlots
{
	const GiTemplate *t;
	int			n;
	Slot	   *s;
	/* the slots with each feature of the dictionary: post[pstart[f] .. pstart[f + 1]) */
	int		   *pstart;
	int		   *post;
	/* exact labels: hash of the normalised label -> slots with that label */
	int			emask;
	int		   *efirst;			/* first slot of a chain, -1 = none */
	int		   *enext;			/* next slot with the same hash bucket */
} TSlots;

static inline uint32_t
feat_hash(uint64_t f)
{
	f *= 0x9E3779B97F4A7C15ull;
	return (uint32_t) (f >> 40);
}

#define MAX_TEMPLATES 8
static TSlots tslots[MAX_TEMPLATES];
static int	ntslots = -1;		/* -1: not built yet */

/*
 * The dictionary of features: every feature of every template's slots,
 * numbered 0 .. nfdict - 1 (open addressing; key 0 = empty).  A label's
 * similarity with a slot only counts the features they share, so a
 * label's features outside the dictionary need no number.
 */
static int	nfdict;
static int	fdict_words;		/* 64-bit words of a bitset over the dictionary */
static int	fdict_mask;
static uint64_t *fdict_key;
static int *fdict_id;

/* The id of feature f in the dictionary, or -1 */
static inline int
fdict_lookup(uint64_t f)
{
	uint32_t	h = feat_hash(f) & (uint32_t) fdict_mask;

	while (fdict_key[h] != 0)
	{
		if (fdict_key[h] == f)
			return fdict_id[h];
		h = (h + 1) & (uint32_t) fdict_mask;
	}
	return -1;
}

static inline bool
bit_test(const uint64_t *bits, int i)
{
	return (bits[i >> 6] >> (i & 63)) & 1;
}

static inline void
bit_set(uint64_t *bits, int i)
{
	bits[i >> 6] |= (uint64_t) 1 << (i & 63);
}

static bool
slot_features(Slot *s, const char *label, int len)
{
	uint32_t	f[LABEL_MAX_CP * 3],
				nrm[LABEL_MAX_CP];
	uint64_t	feat[2 * LABEL_MAX_CP];
	int			nf = fold_cps(label, len, f, (int) (sizeof(f) / sizeof(f[0])));
	int			nn = normalise_cps(f, nf, nrm, LABEL_MAX_CP, &s->numbering);

	int			o = 0;

	s->nfeat = make_features(nrm, nn, feat, &s->sig);
	s->nhash = label_hash(nrm, nn);
	s->feat = malloc(sizeof(uint64_t) * (size_t) (s->nfeat > 0 ? s->nfeat : 1));
	s->norm = malloc((size_t) nn * 4 + 1);
	if (s->feat == NULL || s->norm == NULL)
		return false;
	for (int i = 0; i < nn; i++)
		o += utf8_enc(nrm[i], s->norm + o);
	s->norm[o] = '\0';
	if (s->nfeat > 0)
		memcpy(s->feat, feat, sizeof(uint64_t) * (size_t) s->nfeat);
	return true;
}

static bool
section_is(const char *section, const char *prefix)
{
	return strncmp(section, prefix, strlen(prefix)) == 0;
}

/* The exact-label index of a template's slots. */
static bool
build_index(TSlots *ts)
{
	/* exact labels */
	ts->emask = 1;
	while (ts->emask < 2 * ts->n + 2)
		ts->emask <<= 1;
	ts->efirst = malloc(sizeof(int) * (size_t) ts->emask);
	ts->enext = malloc(sizeof(int) * (size_t) (ts->n + 1));
	if (ts->efirst == NULL || ts->enext == NULL)
		return false;
	ts->emask--;
	for (int h = 0; h <= ts->emask; h++)
		ts->efirst[h] = -1;
	for (int j = ts->n - 1; j >= 0; j--)
	{
		uint32_t	h;

		ts->enext[j] = -1;
		if (ts->s[j].norm == NULL || ts->s[j].norm[0] == '\0')
			continue;
		h = ts->s[j].nhash & (uint32_t) ts->emask;
		ts->enext[j] = ts->efirst[h];
		ts->efirst[h] = j;
	}
	return true;
}

static bool
build_slots(TSlots *ts, const GiTemplate *t)
{
	Slot	   *s = calloc((size_t) (t->nrows + 1), sizeof(Slot));
	int			n = 0;
	bool		have_t4 = false;

	if (s == NULL)
		return false;
	ts->t = t;
	ts->s = s;
	for (int i = 0; i < t->nrows;)
	{
		const GiRow *r = &t->rows[i];
		const char *dot = strstr(r->label_zh, "·");
		Slot	   *sl = &s[n];

		sl->row = i;
		sl->nrow = 1;
		if (r->kind == GI_KIND_HEAD)
		{
			sl->kind = SLOT_HEAD;
			sl->k = 0;
			if (!slot_features(sl, r->label_zh, (int) strlen(r->label_zh)))
				return false;
			n++;
			i++;
			continue;
		}
		if (r->has_columns)
		{
			sl->kind = r->kind == GI_KIND_GROUP ? SLOT_GROUP : SLOT_APPL;
			sl->k = t->ncolumns;
			if (!slot_features(sl, r->label_zh, (int) strlen(r->label_zh)))
				return false;
			n++;
			i++;
			continue;
		}
		if (dot != NULL && (section_is(r->section, "四") || strcmp(r->section, "-") == 0))
		{
			int			j = i;

			if (r->kind != GI_KIND_CELL || have_t4)
			{
				i++;
				continue;
			}
			while (j < t->nrows && t->rows[j].kind == GI_KIND_CELL &&
				   section_is(t->rows[j].section, "四"))
				j++;
			sl->kind = SLOT_T4;
			sl->nrow = j - i;
			sl->k = j - i;
			have_t4 = true;
			n++;
			i = j;
			continue;
		}
		if (r->kind != GI_KIND_CELL)
		{
			i++;				/* groups outside table 三 are not printed */
			continue;
		}
		if (dot != NULL)
		{
			int			plen = (int) (dot - r->label_zh);
			int			j = i + 1;

			while (j < t->nrows && t->rows[j].kind == GI_KIND_CELL && !t->rows[j].has_columns &&
				   strncmp(t->rows[j].label_zh, r->label_zh, (size_t) plen) == 0 &&
				   strncmp(t->rows[j].label_zh + plen, "·", strlen("·")) == 0)
				j++;
			sl->kind = SLOT_CELL;
			sl->nrow = j - i;
			sl->k = j - i;
			if (!slot_features(sl, r->label_zh, plen))
				return false;
			n++;
			i = j;
			continue;
		}
		sl->kind = SLOT_CELL;
		sl->k = 1;
		if (!slot_features(sl, r->label_zh, (int) strlen(r->label_zh)))
			return false;
		n++;
		i++;
	}
	ts->n = n;
	return build_index(ts);
}

/*
 * The dictionary of the slots' features, each slot's features as a bitset,
 * and for each template the slots with each feature (once per process).
 */
static bool
build_dictionary(TSlots *all, int n)
{
	int			total = 0;

	for (int t = 0; t < n; t++)
		for (int j = 0; j < all[t].n; j++)
			total += all[t].s[j].nfeat;
	fdict_mask = 64;
	while (fdict_mask < 2 * total + 2)
		fdict_mask <<= 1;
	fdict_key = calloc((size_t) fdict_mask, sizeof(uint64_t));
	fdict_id = calloc((size_t) fdict_mask, sizeof(int));
	if (fdict_key == NULL || fdict_id == NULL)
		return false;
	fdict_mask--;
	nfdict = 0;
	for (int t = 0; t < n; t++)
		for (int j = 0; j < all[t].n; j++)
			for (int f = 0; f < all[t].s[j].nfeat; f++)
			{
				uint64_t	v = all[t].s[j].feat[f];
				uint32_t	h = feat_hash(v) & (uint32_t) fdict_mask;

				while (fdict_key[h] != 0 && fdict_key[h] != v)
					h = (h + 1) & (uint32_t) fdict_mask;
				if (fdict_key[h] == 0)
				{
					fdict_key[h] = v;
					fdict_id[h] = nfdict++;
				}
			}
	fdict_words = (nfdict + 63) / 64;
	for (int t = 0; t < n; t++)
	{
		TSlots	   *ts = &all[t];
		int			np = 0;
		uint64_t   *bits = calloc((size_t) (ts->n > 0 ? ts->n : 1) * (size_t) fdict_words, sizeof(uint64_t));

		ts->pstart = calloc((size_t) nfdict + 1, sizeof(int));
		if (bits == NULL || ts->pstart == NULL)
			return false;
		for (int j = 0; j < ts->n; j++)
		{
			ts->s[j].bits = bits + (size_t) j * fdict_words;
			ts->s[j].fid = malloc(sizeof(int) * (size_t) (ts->s[j].nfeat > 0 ? ts->s[j].nfeat : 1));
			if (ts->s[j].fid == NULL)
				return false;
			for (int f = 0; f < ts->s[j].nfeat; f++)
			{
				int			id = fdict_lookup(ts->s[j].feat[f]);

				ts->s[j].fid[f] = id;
				bit_set(ts->s[j].bits, id);
				ts->pstart[id + 1]++;
				np++;
			}
		}
		for (int id = 0; id < nfdict; id++)
			ts->pstart[id + 1] += ts->pstart[id];
		ts->post = malloc(sizeof(int) * (size_t) (np > 0 ? np : 1));
		if (ts->post == NULL)
			return false;
		/* slots in ascending order within each feature's list */
		{
			int		   *fill = malloc(sizeof(int) * (size_t) (nfdict > 0 ? nfdict : 1));

			if (fill == NULL)
				return false;
			memcpy(fill, ts->pstart, sizeof(int) * (size_t) nfdict);
			for (int j = 0; j < ts->n; j++)
				for (int f = 0; f < ts->s[j].nfeat; f++)
					ts->post[fill[fdict_lookup(ts->s[j].feat[f])]++] = j;
			free(fill);
		}
	}
	return true;
}

static const TSlots *
template_slots(const GiTemplate *t)
{
	if (ntslots < 0)
	{
		int			n = 0;

		for (int i = 0; i < gi_ntemplates && i < MAX_TEMPLATES; i++)
		{
			if (!build_slots(&tslots[i], gi_templates[i]))
				return NULL;
			n++;
		}
		if (!build_dictionary(tslots, n))
			return NULL;
		ntslots = n;
	}
	for (int i = 0; i < ntslots; i++)
		if (tslots[i].t == t)
			return &tslots[i];
	return NULL;
}

/* The GiCode index of the q-th value of a slot. */
static inline int
slot_code(const GiTemplate *t, const Slot *s, int q)
{
	if (s->kind == SLOT_APPL || s->kind == SLOT_GROUP)
		return t->rows[s->row].first_code + q;
	return t->rows[s->row + q].first_code;
}

/* ------------------------------------------------------------------------
 * Template detection: distinctive labels of each layout
 * ------------------------------------------------------------------------ */

/*
 * The words of table 三's header that name its columns (detect_columns), in
 * the order they are tried at each place of a label.
 */
static const struct
{
	const char *kw;
	const char *col;
}			col_kws[] =
{
	{"法人或其他组织小计", "#subtotal"}, {"法人或其他组织", "#group"}, {"小计", "#subtotal"},
	{"自然人", "natural"}, {"商业企业", "commercial"}, {"商业", "commercial"},
	{"科研机构", "research"}, {"科研", "research"}, {"社会公益组织", "nonprofit"},
	{"公益", "nonprofit"}, {"法律服务机构", "legal"}, {"法律服务", "legal"},
	{"总计", "total"}, {"合计", "total"}, {"其他", "other"}
};

#define NCOL_KWS ((int) (sizeof(col_kws) / sizeof(col_kws[0])))
_Static_assert(sizeof(col_kws) / sizeof(col_kws[0]) <= 16, "col_words keeps a bit per word in 16");

/*
 * The column words in a normalised label, left to right, as indices into
 * col_kws; returns how many.  out has room for LABEL_MAX_CP (a label has
 * at most that many characters, and a word two or more).
 */
static int
col_words(const char *s, uint8_t *out)
{
	static uint16_t with_b2[256];	/* the words whose third byte is this one (a bit each) */
	static bool built;
	int			n = 0;

	if (!built)
	{
		for (int k = 0; k < NCOL_KWS; k++)
			with_b2[(unsigned char) col_kws[k].kw[2]] |= (uint16_t) (1 << k);
		built = true;
	}
	while (*s)
	{
		uint16_t	cand = 0;
		int			k = NCOL_KWS;

		/* each word starts with a character of three bytes: only those with s's third can match */
		if ((unsigned char) s[0] >= 0xE0 && s[1] != '\0')
			cand = with_b2[(unsigned char) s[2]];
		for (; cand != 0 && k == NCOL_KWS; cand &= cand - 1)
		{
			int			c = __builtin_ctz(cand);

			if (strncmp(s, col_kws[c].kw, strlen(col_kws[c].kw)) == 0)
				k = c;
		}
		if (k == NCOL_KWS)
		{
			s++;
			while ((*s & 0xC0) == 0x80)
				s++;
			continue;
		}
		if (n < LABEL_MAX_CP)
			out[n++] = (uint8_t) k;
		s += strlen(col_kws[k].kw);
	}
	return n;
}

static const char *const kw_gov2014[] = {
	"统计指标", "收到申请数", "申请办结数", "申请答复数", "主动公开政府信息数",
	"回应解读情况", "被举报投诉数量", "行政复议数量", "行政诉讼数量",
	"政府信息公开专项经费", "当面申请数", "按时办结数", "同意公开答复数", NULL
};
static const char *const kw_gov2019[] = {
	"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
	"本年增减", "采购项目数量", "采购总金额", NULL
};
static const char *const kw_gov2021[] = {
	"本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件",
	"本年收费金额", "逾期不补正", "逾期未按收费通知", "本年处理决定数量", NULL
};
static const char *const kw_shared[] = {
	"本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "予以公开",
	"不予公开", "无法提供", "不予处理", "其他处理", "结转下年度继续办理", "自然人",
	"商业企业", "科研机构", "社会公益组织", "法律服务机构", "未经复议直接起诉",
	"复议后起诉", "本机关不掌握相关政府信息", NULL
};

typedef struct Detect
{
	int			hits[4];		/* 2014, 2019, 2021, shared */
	const char *first[4][4];	/* the first key words found, for the log */
} Detect;

static uint64_t
text_sig(const char *s)
{
	uint64_t	sig = 0;

	for (int i = 0; s[i];)
	{
		uint32_t	c;

		i += DEC(s + i, strlen(s + i), &c);
		sig |= char_bit(c);
	}
	return sig;
}

/*
 * The key words in the order they are tried, list by list (at most 64, a
 * bit each); for each byte of a sig, the key words with any of its bits: a
 * label can hold only the key words none of whose bits it lacks.  Built
 * once per process (kw_init).
 */
static struct
{
	const char *w;
	int			len;
	int			list;
}			kw[64];
static uint64_t kw_with_byte[8][256];	/* the key words with any of a byte's bits */
static int	nkw = -1;
static uint64_t kw_all;			/* a bit for each key word */

static void
kw_init(void)
{
	const char *const *lists[4] = {kw_gov2014, kw_gov2019, kw_gov2021, kw_shared};
	int			n = 0;

	if (nkw >= 0)
		return;
	for (int l = 0; l < 4; l++)
		for (int k = 0; lists[l][k] != NULL && k < 32 && n < 64; k++)
		{
			uint64_t	sig = text_sig(lists[l][k]);

			kw[n].w = lists[l][k];
			kw[n].len = (int) strlen(lists[l][k]);
			kw[n].list = l;
			for (int b = 0; b < 64; b++)
				if (sig & ((uint64_t) 1 << b))
					for (int v = 0; v < 256; v++)
						if (v & (1 << (b & 7)))
							kw_with_byte[b >> 3][v] |= (uint64_t) 1 << n;
			n++;
		}
	nkw = n;
	kw_all = nkw == 64 ? ~(uint64_t) 0 : ((uint64_t) 1 << nkw) - 1;
}

/*
 * The key words among cand that the normalised label norm (nlen bytes, its
 * characters' bits in sig) holds, as bits.
 */
static uint64_t
kw_in_label(const char *norm, int nlen, uint64_t sig, uint64_t cand)
{
	uint64_t	lacks = ~sig,
				in = 0;

	for (int b = 0; b < 8; b++)
		cand &= ~kw_with_byte[b][(lacks >> (8 * b)) & 0xFF];
	for (; cand != 0; cand &= cand - 1)
	{
		int			k = __builtin_ctzll(cand);

		if (kw[k].len <= nlen && strstr(norm, kw[k].w) != NULL)
			in |= (uint64_t) 1 << k;
	}
	return in;
}

static void
detect_keywords(Ctx *x, int w0, int w1, Detect *det)
{
	uint64_t	found = 0;

	kw_init();
	memset(det, 0, sizeof(*det));
	for (int i = w0; i < w1 && found != kw_all; i++)
	{
		PRow	   *r = &x->rows[i];
		uint64_t	in;

		/* a known label's key words were found once, by kw_in_label */
		if (r->known1 > 0)
			in = known[r->known1 - 1].kwmask & ~found;
		else if (r->nlab == 0 || r->norm == NULL || r->norm[0] == '\0')
			continue;
		else
			in = kw_in_label(r->norm, r->nlen, r->sig, kw_all & ~found);
		for (; in != 0; in &= in - 1)
		{
			int			k = __builtin_ctzll(in),
						l = kw[k].list;

			found |= (uint64_t) 1 << k;
			if (det->hits[l] < 4)
				det->first[l][det->hits[l]] = kw[k].w;
			det->hits[l]++;
		}
	}
}

/* ------------------------------------------------------------------------
 * The alignment of printed rows with a template's rows
 * ------------------------------------------------------------------------ */

#define NEG			(INT_MIN / 4)
#define OP_NONE		0
#define OP_SKIPP	1
#define OP_SKIPS	2
#define OP_MATCH	3			/* + w - 1: 3, 4, 5 for 1, 2, 3 joined rows */

typedef struct Align
{
	const TSlots *ts;
	int			score;
	int			nvalslots;		/* slots mapped to rows with values */
	int		   *slot_row;		/* slot -> first row (index in x->rows), -1 */
	int		   *slot_w;			/* rows joined */
} Align;

/* A printed row, or two or three joined, as a candidate for a slot */
typedef struct Cand
{
	int			numbering;
	bool		has_label;		/* a label of at least one character (so: features) */
	int			nv;
	int			nfill;
	int			xdig;			/* PRow.xdig */
} Cand;

static inline int
match_score(const Slot *s, const Cand *c, int sim)
{
	int			adj = 0,
				sc;

	if (s->kind == SLOT_T4)
	{
		if (c->nv == s->k || c->nfill == s->k)
			return 3000;
		/* digits run together (split_digit_runs): a weak match, for a row nothing else takes */
		return c->nv < s->k && c->nv + c->xdig == s->k ? 400 : NEG;
	}
	if (!c->has_label || s->nfeat == 0 || sim < 450)
		return NEG;
	if (c->numbering != NUM_NONE && s->numbering != NUM_NONE)
		adj = c->numbering == s->numbering ? 150 : -250;
	if (s->kind == SLOT_HEAD)
	{
		if (c->nfill > 0 || adj < 0 || sim < 600)
			return NEG;
		return 100 + sim / 5 + adj;
	}
	if (c->nfill == 0)
	{
		sc = 100 + sim / 5 + adj;
		return sc > 0 ? sc : NEG;
	}
	sc = 200 + 3 * (sim - 400) + adj;
	if (c->nv == s->k || c->nfill == s->k ||
		((s->kind == SLOT_APPL || s->kind == SLOT_GROUP) &&
		 (c->nv == s->k + 1 || c->nfill == s->k + 1)))
		sc += 300;
	return sc > 0 ? sc : NEG;
}

/*
 * Rows i .. i + w - 1 joined, made a row at a time (w = 2, then 3): they
 * may be one wrapped label when each has a label, each follows the one
 * before on an adjacent line, values are in one part at most and the label
 * is not too long in all.
 */
typedef struct JoinRows
{
	int			w;				/* rows taken so far (0: none yet) */
	int			n;				/* code points of their labels */
	int			withvals;		/* parts with values */
	Cand		c;				/* the candidate, once w >= 2 */
} JoinRows;

/* Take rows up to i + w - 1 into jr (started at w = 0 for row i); false when they cannot be joined. */
static bool
join_rows(Ctx *x, JoinRows *jr, int i, int w, int w1)
{
	if (i + w > w1)
		return false;
	for (int k = jr->w; k < w; k++)
	{
		const PRow *r = &x->rows[i + k];

		if (r->nlab == 0 || !r->normed || (k > 0 && r->line - x->rows[i + k - 1].lastline > 2))
			return false;
		if (r->nfill > 0)
		{
			if (++jr->withvals > 1)
				return false;
			jr->c.nv = r->nv;
			jr->c.nfill = r->nfill;
		}
		if (jr->n + r->ncp > LABEL_MAX_CP)
			return false;
		jr->n += r->ncp;
	}
	jr->w = w;
	jr->c.numbering = x->rows[i].numbering;
	jr->c.has_label = jr->n > 0;
	return true;
}

#define JOIN_HINT 400			/* a part this similar to a slot may be a wrapped piece of it */
#define MATCH_MIN 450			/* a label this similar to a slot may match it */

/* A slot that a printed row resembles: similarity >= JOIN_HINT. */
typedef struct Near
{
	int			slot;
	int			sim;
} Near;

/*
 * A possible match in the alignment: printed rows [i, i + w) with slot j,
 * which reaches the cell (i + w, j + 1) of the table with value val.
 * Events are chained by the row where they end.
 */
typedef struct Event
{
	int32_t		val;
	int			col;			/* j + 1 */
	int			w;
	int			next;			/* the next event ending in the same row, or -1 */
} Event;

/* Sort features (a shell sort: a label has at most 2 * LABEL_MAX_CP, mostly few) */
static void
sort_features(uint64_t *f, int n)
{
	static const int gaps[] = {57, 23, 10, 4, 1};

	for (int g = n < 16 ? 4 : 0; g < 5; g++)
	{
		int			gap = gaps[g];

		for (int i = gap; i < n; i++)
		{
			uint64_t	v = f[i];
			int			k = i;

			while (k >= gap && f[k - gap] > v)
			{
				f[k] = f[k - gap];
				k -= gap;
			}
			f[k] = v;
		}
	}
}

/* Add id to ids unless seen (then mark it seen): without a branch on the bit */
static inline void
add_id(uint64_t *seen, int id, int *ids, int *nid)
{
	uint64_t   *w = &seen[id >> 6];
	uint64_t	m = (uint64_t) 1 << (id & 63);

	ids[*nid] = id;
	*nid += (*w & m) == 0;
	*w |= m;
}

/* Clear the seen bits of ids[0..n) (every bit set in seen is one of them) */
static inline void
clear_seen(uint64_t *seen, const int *ids, int n)
{
	for (int k = 0; k < n; k++)
		seen[ids[k] >> 6] = 0;
}

/* Add feature v to a label's: its id to ids (once), or v to xs when outside the dictionary */
static inline void
add_feature(uint64_t *seen, uint64_t v, int *ids, int *nid, uint64_t *xs, int *nx)
{
	int			id = fdict_lookup(v);

	if (id < 0)
		xs[(*nx)++] = v;
	else
		add_id(seen, id, ids, nid);
}

/* Sorted xs[0..n) without repeats: returns the new length */
static int
unique_features(uint64_t *xs, int n)
{
	int			m = 0;

	sort_features(xs, n);
	for (int i = 0; i < n; i++)
		if (m == 0 || xs[m - 1] != xs[i])
			xs[m++] = xs[i];
	return m;
}

/*
 * A printed row's features (the unigrams and bigrams of its normalised
 * label): the ids of those in the dictionary, and the others, each once.
 */
static bool
row_features(Ctx *x, PRow *r)
{
	int			ids[2 * LABEL_MAX_CP],
				nid = 0,
				nx = 0;
	uint64_t	xs[2 * LABEL_MAX_CP];

	if (r->featured)
		return true;
	r->featured = true;
	for (int i = 0; i < r->ncp; i++)
	{
		add_feature(x->seen, UNIGRAM(r->cp[i]), ids, &nid, xs, &nx);
		if (i + 1 < r->ncp)
			add_feature(x->seen, BIGRAM(r->cp[i], r->cp[i + 1]), ids, &nid, xs, &nx);
	}
	clear_seen(x->seen, ids, nid);
	nx = unique_features(xs, nx);
	r->fid = arena_alloc(x->a, sizeof(int) * (size_t) (nid > 0 ? nid : 1));
	r->xf = arena_alloc(x->a, sizeof(uint64_t) * (size_t) (nx > 0 ? nx : 1));
	if (r->fid == NULL || r->xf == NULL)
		return false;
	memcpy(r->fid, ids, sizeof(int) * (size_t) nid);
	memcpy(r->xf, xs, sizeof(uint64_t) * (size_t) nx);
	r->nfid = nid;
	r->nxf = nx;
	r->nfeat = nid + nx;
	return true;
}

/* Add the label s[0..n) to the known labels being built (unless there or unfit) */
static bool
known_add(Arena *ka, uint64_t *seen, KnownLabel *kl, int *nkl, int cap, int16_t *slots, int mask,
		  const char *s, int n)
{
	uint32_t	h,
				k;
	int			toff = 0,
				tlen = n;
	Doc			d;
	Cell		c;
	Ctx			x;
	PRow	   *r;
	char	   *copy;

	/* a cell is trimmed, not longer than 120 bytes and not blank */
	trim_span(s, &toff, &tlen);
	if (n == 0 || toff != 0 || tlen != n || n > 120 || *nkl >= cap)
		return true;
	h = bytes_hash(s, n);
	for (k = h & (uint32_t) mask; slots[k] >= 0; k = (k + 1) & (uint32_t) mask)
		if (kl[slots[k]].hash == h && kl[slots[k]].len == n && memcmp(kl[slots[k]].s, s, (size_t) n) == 0)
			return true;
	copy = arena_strndup(ka, s, (size_t) n);
	r = arena_alloc(ka, sizeof(PRow));
	if (copy == NULL || r == NULL)
		return false;
	/* a document of one line of one cell, and a row of it: as a parse makes them */
	memset(&d, 0, sizeof(d));
	d.text = copy;
	d.textlen = n;
	memset(&c, 0, sizeof(c));
	c.len = n;
	c.colspan = 1;
	c.known = -1;
	c.unit = UNIT_NONE;
	d.cells = &c;
	d.ncells = 1;
	classify_cell(&d, &c);
	memset(&x, 0, sizeof(x));
	x.d = &d;
	x.a = ka;
	x.seen = seen;
	memset(r, 0, sizeof(*r));
	r->nlab = 1;
	r->lab[0] = 0;
	if (!norm_row(&x, r) || !row_features(&x, r) || ka->failed)
		return false;
	kl[*nkl].s = copy;
	kl[*nkl].len = n;
	kl[*nkl].hash = h;
	kl[*nkl].cls = c.cls;
	kl[*nkl].unit = c.unit;
	kl[*nkl].row = r;
	kl[*nkl].kwmask = r->norm[0] != '\0' ? kw_in_label(r->norm, r->nlen, r->sig, kw_all) : 0;
	kl[*nkl].annot = is_annotation(&d, &c);
	{
		uint8_t		words[LABEL_MAX_CP];

		kl[*nkl].ncolw = col_words(r->norm, words);
		kl[*nkl].colw = arena_alloc(ka, (size_t) kl[*nkl].ncolw + 1);
		if (kl[*nkl].colw == NULL)
			return false;
		memcpy(kl[*nkl].colw, words, (size_t) kl[*nkl].ncolw);
	}
	slots[k] = (int16_t) (*nkl)++;
	return true;
}

/* Add a label and, when it has them, its parts between '·' */
static bool
known_add_parts(Arena *ka, uint64_t *seen, KnownLabel *kl, int *nkl, int cap, int16_t *slots, int mask,
				const char *label)
{
	const char *p = label;

	if (!known_add(ka, seen, kl, nkl, cap, slots, mask, label, (int) strlen(label)))
		return false;
	if (strstr(label, "·") == NULL)
		return true;
	for (;;)
	{
		const char *dot = strstr(p, "·");
		int			n = dot ? (int) (dot - p) : (int) strlen(p);

		if (!known_add(ka, seen, kl, nkl, cap, slots, mask, p, n))
			return false;
		if (dot == NULL)
			return true;
		p = dot + strlen("·");
	}
}

/*
 * Build the known labels (once per process, after the templates' slots and
 * the dictionary of features): every template's row labels, column names,
 * the words of a table's header and the headings of the report's other
 * sections in the national format (gov2019, gov2021: 二 to 四 are the
 * table's, among the row labels).  On failure there are none, which only
 * makes parses slower.
 */
static void
build_known_labels(void)
{
	static const char *const header_words[] = {
		"统计指标", "单位", "统计数", "信息内容", "申请人情况", "统计表", "合计", "总计", "小计",
		"一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", NULL
	};
	static Arena ka;
	static bool tried;
	KnownLabel *kl;
	int16_t    *slots,
			   *nslots;
	uint64_t   *seen;
	int			cap = 0,
				nkl = 0,
				mask = 1;

	if (tried)
		return;
	tried = true;
	kw_init();
	ka.limit = GI_PARSE_MEM_LIMIT;
	for (int i = 0; i < gi_ntemplates; i++)
		cap += 3 * (gi_templates[i]->nrows + gi_templates[i]->ncolumns);
	cap += 16;
	if (cap > INT16_MAX)
		cap = INT16_MAX;
	while (mask < 2 * cap)
		mask <<= 1;
	kl = arena_alloc(&ka, sizeof(KnownLabel) * (size_t) cap);
	slots = arena_alloc(&ka, sizeof(int16_t) * (size_t) mask);
	seen = arena_alloc(&ka, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	if (kl == NULL || slots == NULL || seen == NULL)
		return;
	memset(slots, 0xFF, sizeof(int16_t) * (size_t) mask);	/* -1: empty */
	memset(seen, 0, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	mask--;
	for (int i = 0; i < gi_ntemplates; i++)
	{
		const GiTemplate *t = gi_templates[i];

		for (int j = 0; j < t->nrows; j++)
			if (!known_add_parts(&ka, seen, kl, &nkl, cap, slots, mask, t->rows[j].label_zh))
				return;
		for (int j = 0; j < t->ncolumns; j++)
			if (!known_add_parts(&ka, seen, kl, &nkl, cap, slots, mask, t->columns[j].label_zh))
				return;
	}
	for (int i = 0; header_words[i] != NULL; i++)
		if (!known_add(&ka, seen, kl, &nkl, cap, slots, mask, header_words[i], (int) strlen(header_words[i])))
			return;
	/* by normalised label (not empty): the first entry with it */
	nslots = arena_alloc(&ka, sizeof(int16_t) * (size_t) (mask + 1));
	if (nslots == NULL)
		return;
	memset(nslots, 0xFF, sizeof(int16_t) * (size_t) (mask + 1));
	for (int k = 0; k < nkl; k++)
	{
		const PRow *r = kl[k].row;
		uint32_t	h;

		if (r->nlen == 0)
			continue;
		for (h = r->nhash & (uint32_t) mask; nslots[h] >= 0; h = (h + 1) & (uint32_t) mask)
			if (strcmp(kl[nslots[h]].row->norm, r->norm) == 0)
				break;
		if (nslots[h] < 0)
			nslots[h] = (int16_t) k;
	}
	known = kl;
	nknown = nkl;
	known_mask = mask;
	known_slot = slots;
	known_norm_slot = nslots;
	build_known_near();
}

/* Merge sorted a[0..na) and b[0..nb), each without repeats, into out without repeats: its length */
static int
merge_features(const uint64_t *a, int na, const uint64_t *b, int nb, uint64_t *out)
{
	int			i = 0,
				j = 0,
				o = 0;

	while (i < na && j < nb)
	{
		uint64_t	u = a[i],
					v = b[j];

		out[o++] = u < v ? u : v;
		i += u <= v;
		j += v <= u;
	}
	while (i < na)
		out[o++] = a[i++];
	while (j < nb)
		out[o++] = b[j++];
	return o;
}

/*
 * The features of printed rows joined into one label (the concatenation of
 * their normalised labels), a row at a time (join_add): the ids of those in
 * the dictionary into ids (each once), their bits left set in x->seen (the
 * caller clears them); the others, sorted, in xs[cur]; the bigrams across
 * the joins outside the dictionary in across.  Rows i, i + 1 and then
 * i + 2 are the joins of two and of three rows.
 */
typedef struct JoinAcc
{
	uint64_t	xs[2][2 * LABEL_MAX_CP + 4],
				across[4];
	int			nx,
				na,
				cur,
				nid,
				nrows;			/* rows added */
	const PRow *prev;
} JoinAcc;

static void
join_start(JoinAcc *ja)
{
	ja->nx = ja->na = ja->cur = ja->nid = ja->nrows = 0;
	ja->prev = NULL;
}

static void
join_add(Ctx *x, JoinAcc *ja, const PRow *r, int *ids)
{
	ja->nrows++;
	if (r->ncp == 0)
		return;
	/* the bigram across the join */
	if (ja->prev != NULL)
		add_feature(x->seen, BIGRAM(ja->prev->cp[ja->prev->ncp - 1], r->cp[0]), ids, &ja->nid,
					ja->across, &ja->na);
	for (int q = 0; q < r->nfid; q++)
		add_id(x->seen, r->fid[q], ids, &ja->nid);
	/* the others: the union of the parts' (sorted, each without repeats) */
	if (r->nxf > 0)
	{
		ja->nx = merge_features(ja->xs[ja->cur], ja->nx, r->xf, r->nxf, ja->xs[1 - ja->cur]);
		ja->cur = 1 - ja->cur;
	}
	ja->prev = r;
}

/* How many features the joined label has in all */
static int
join_nfeat(JoinAcc *ja)
{
	const uint64_t *xs = ja->xs[ja->cur];
	int			n = ja->nid + ja->nx;

	/* the bigrams across the joins (a few) that are neither repeated nor among the others */
	for (int k = 0; k < ja->na; k++)
	{
		uint64_t	v = ja->across[k];
		bool		dup = false;
		int			lo = 0,
					hi = ja->nx;

		for (int q = 0; q < k && !dup; q++)
			dup = ja->across[q] == v;
		if (dup)
			continue;
		while (lo < hi)			/* xs is sorted: is v in it? */
		{
			int			mid = (lo + hi) / 2;

			if (xs[mid] < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == ja->nx || xs[lo] != v)
			n++;
	}
	return n;
}

/*
 * The slots whose similarity with a label (Dice coefficient of the unigram
 * and bigram sets, in thousandths) is at least JOIN_HINT, appended to out
 * (room for ts->n); returns how many.  Through the slots of each of the
 * label's features in the dictionary, counting only the slots that share
 * one; cnt (ts->n zeros) is left zeroed, touched is scratch (ts->n).
 */
static int
slot_sims_near(const TSlots *ts, const PRow *r, int *cnt, int *touched, Near *out)
{
	int			nt = 0,
				no = 0;

	for (int q = 0; q < r->nfid; q++)
	{
		int			id = r->fid[q];

		for (int p = ts->pstart[id]; p < ts->pstart[id + 1]; p++)
		{
			int			j = ts->post[p];

			if (cnt[j]++ == 0)
				touched[nt++] = j;
		}
	}
	for (int k = 0; k < nt; k++)
	{
		int			j = touched[k],
					sim = 2000 * cnt[j] / (r->nfeat + ts->s[j].nfeat);

		cnt[j] = 0;
		if (sim >= JOIN_HINT)
		{
			out[no].slot = j;
			out[no].sim = sim;
			no++;
		}
	}
	return no;
}

/* The similarity with slot j of a label of nfeat features, ids[0..nid) those in the dictionary */
static int
slot_sim(const TSlots *ts, const int *ids, int nid, const uint64_t *seen, int nfeat, int j)
{
	const uint64_t *bits = ts->s[j].bits;
	int			c = 0,
				d = nfeat + ts->s[j].nfeat,
				need = (MATCH_MIN * d + 1999) / 2000,	/* the least c for MATCH_MIN */
				q = 0;

	/*
	 * Below MATCH_MIN the caller drops the slot: stop (returning 0) as soon
	 * as the ids left cannot bring c up to need.
	 */
	if (need > nid)
		return 0;
	/*
	 * The features both have: through the slot's ids and the label's bits
	 * (seen) when the slot has fewer features, else the other way round.
	 */
	if (ts->s[j].nfeat < nid)
	{
		bits = seen;
		ids = ts->s[j].fid;
		nid = ts->s[j].nfeat;
		if (need > nid)
			return 0;
	}
	for (; q + 8 <= nid; q += 8)
	{
		c += bit_test(bits, ids[q]) + bit_test(bits, ids[q + 1]) +
			bit_test(bits, ids[q + 2]) + bit_test(bits, ids[q + 3]) +
			bit_test(bits, ids[q + 4]) + bit_test(bits, ids[q + 5]) +
			bit_test(bits, ids[q + 6]) + bit_test(bits, ids[q + 7]);
		if (c + (nid - q - 8) < need)
			return 0;
	}
	for (; q < nid; q++)
		c += bit_test(bits, ids[q]);
	return c > 0 ? 2000 * c / d : 0;
}

/* row_near of the known labels, per template (build_known_near) */
static Near *known_near[MAX_TEMPLATES];
static int *known_near_start[MAX_TEMPLATES];

/*
 * The slots printed row r resembles, into out (room for ts->n): a label
 * printed exactly as a slot's (normalised) is that slot, or another with the
 * same label, with no need to weigh it against the rest; any other label,
 * the slots with similarity >= JOIN_HINT (slot_sims_near).  Returns how
 * many, or -1 when out of memory.
 */
static int
row_near(Ctx *x, const TSlots *ts, PRow *r, int *cnt, int *touched, Near *out)
{
	const char *norm = r->norm;
	int			n = 0;

	if (norm != NULL && norm[0] != '\0')
	{
		for (int e = ts->efirst[r->nhash & (uint32_t) ts->emask]; e >= 0; e = ts->enext[e])
			if (ts->s[e].nhash == r->nhash && strcmp(ts->s[e].norm, norm) == 0)
			{
				if (n == 0 && !r->featured)
				{
					/* the same label, so the same features: the slot's */
					r->featured = true;
					r->fid = ts->s[e].fid;
					r->nfid = ts->s[e].nfeat;
					r->xf = NULL;
					r->nxf = 0;
					r->nfeat = ts->s[e].nfeat;
				}
				out[n].slot = e;
				out[n].sim = 1000;
				n++;
			}
	}
	if (n > 0)
		return n;
	if (!row_features(x, r))
		return -1;
	return slot_sims_near(ts, r, cnt, touched, out);
}

/*
 * For each template, row_near of each known label (the rows of the known
 * labels have their features already): known_near[t] from
 * known_near_start[t][k] for the k-th.  Once per process, after the known
 * labels; on failure a template has none (parses only slower).
 */
static void
build_known_near(void)
{
	int			maxn = 0;
	int		   *cnt,
			   *touched;
	Ctx			x;

	memset(&x, 0, sizeof(x));
	for (int t = 0; t < ntslots; t++)
		maxn = tslots[t].n > maxn ? tslots[t].n : maxn;
	cnt = calloc((size_t) maxn + 1, sizeof(int));
	touched = calloc((size_t) maxn + 1, sizeof(int));
	if (cnt == NULL || touched == NULL)
		goto done;
	for (int t = 0; t < ntslots; t++)
	{
		const TSlots *ts = &tslots[t];
		int		   *start = malloc(sizeof(int) * (size_t) (nknown + 1));
		Near	   *pool = NULL;
		int			npool = 0,
					cap = 0;

		if (start == NULL)
			goto done;
		for (int k = 0; k < nknown; k++)
		{
			int			n;

			start[k] = npool;
			if (npool + ts->n + 1 > cap)
			{
				Near	   *p;

				cap = 2 * cap + ts->n + 1;
				p = realloc(pool, sizeof(Near) * (size_t) cap);
				if (p == NULL)
				{
					free(pool);
					free(start);
					goto done;
				}
				pool = p;
			}
			if (!known[k].row->featured || (n = row_near(&x, ts, known[k].row, cnt, touched, pool + npool)) < 0)
			{
				free(pool);
				free(start);
				goto done;
			}
			npool += n;
		}
		start[nknown] = npool;
		known_near[t] = pool;
		known_near_start[t] = start;
	}
done:
	free(cnt);
	free(touched);
}

/*
 * Joins of known labels.  Which slots a join of two or three printed rows
 * matches, and how closely (slot_sim >= MATCH_MIN), depends on the rows'
 * labels and the template alone; when each row's label is a known one, the
 * answer is remembered, per process, under the template, the number of rows
 * and the labels' entries, and a join met again (in this parse or another)
 * is not weighed again.  Bounded: a table of JOIN_MEMO_SIZE entries, where
 * a join goes in one of two places by its hash (the first when both are
 * taken, overwriting it), and a pool of JOIN_MEMO_POOL matches; when the
 * pool is full the table starts afresh.  (The fifty bench reports meet
 * some 250 joins of known labels; one place each in 1024, under a hash
 * that took the middle bits of one product, had them overwrite each other
 * parse after parse.)
 */
#define JOIN_MEMO_BITS	12
#define JOIN_MEMO_SIZE	(1 << JOIN_MEMO_BITS)
#define JOIN_MEMO_POOL	(4 * JOIN_MEMO_SIZE)

typedef struct JoinMemo
{
	int			key[4];			/* template * 4 + w (-1: empty), the rows' known1, 0 */
	int			off;			/* its matches: join_pool[off .. off + n) */
	int			n;
} JoinMemo;

static JoinMemo join_memo[JOIN_MEMO_SIZE];
static Near join_pool[JOIN_MEMO_POOL];
static int	join_npool = -1;	/* -1: the table is not cleared yet */

/* The key of the join of rows r0 .. r0 + w - 1 for template tsi: false unless every row is a known label */
static inline bool
join_memo_key(const Ctx *x, int tsi, int r0, int w, int *key)
{
	key[0] = tsi * 4 + w;
	key[3] = 0;
	for (int k = 0; k < w; k++)
	{
		key[1 + k] = x->rows[r0 + k].known1;
		if (key[1 + k] <= 0)
			return false;
	}
	return true;
}

static inline uint32_t
join_memo_hash(const int *key)
{
	/* (multiplied field by field: the top bits mix them all; keys this regular need it) */
	uint32_t	h = (uint32_t) key[1] * 0x9E3779B1u;

	h = (h ^ (uint32_t) key[2]) * 0x85EBCA77u;
	h = (h ^ (uint32_t) key[3]) * 0xC2B2AE3Du;
	h = (h ^ (uint32_t) key[0]) * 0x27D4EB2Fu;
	return h >> (32 - JOIN_MEMO_BITS);
}

static void
join_memo_clear(void)
{
	for (int e = 0; e < JOIN_MEMO_SIZE; e++)
		join_memo[e].key[0] = -1;
	join_npool = 0;
}

static inline bool
join_memo_is(const JoinMemo *e, const int *key)
{
	return e->key[0] == key[0] && e->key[1] == key[1] && e->key[2] == key[2] && e->key[3] == key[3];
}

/* The remembered matches of a join, or NULL */
static inline const JoinMemo *
join_memo_find(const int *key)
{
	uint32_t	h;

	if (join_npool < 0)
		return NULL;
	h = join_memo_hash(key);
	if (join_memo_is(&join_memo[h], key))
		return &join_memo[h];
	if (join_memo_is(&join_memo[h ^ 1], key))
		return &join_memo[h ^ 1];
	return NULL;
}

/* Remember the matches got[0..n) of a join */
static void
join_memo_add(const int *key, const Near *got, int n)
{
	JoinMemo   *e;
	uint32_t	h;

	if (n > JOIN_MEMO_POOL)
		return;
	if (join_npool < 0 || join_npool + n > JOIN_MEMO_POOL)
		join_memo_clear();
	h = join_memo_hash(key);
	e = &join_memo[h];
	if (e->key[0] >= 0 && join_memo[h ^ 1].key[0] < 0)
		e = &join_memo[h ^ 1];
	memcpy(e->key, key, sizeof(e->key));
	e->off = join_npool;
	e->n = n;
	if (n > 0)
		memcpy(join_pool + join_npool, got, sizeof(Near) * (size_t) n);
	join_npool += n;
}

/*
 * The matches that start at a printed row.  Which slots a row matches,
 * alone and joined with the next one or two, and with what score, depends
 * on the template and, for the row and the next two, on the label's known
 * entry, the numbering, the count of values and of values filled, and
 * whether it follows the row before it on an adjacent line (a known label's
 * code points, features and near slots are its entry's, whichever way the
 * row came by it: its cell, or its normalised label); when the three
 * rows (or as many as the window has) are known labels, the matches are
 * remembered under these, per process, and a row met again with the same
 * neighbours (in this parse or another: reports of one template print the
 * same rows) takes them without weighing a label.  A match is kept as the
 * rows it takes, its slot and its score less the table's value where it
 * starts.  Bounded like the join memo: ROW_MEMO_SIZE entries, two places
 * for each hash, a pool of ROW_MEMO_POOL matches, afresh when it is full.
 */
#define ROW_MEMO_BITS	11
#define ROW_MEMO_SIZE	(1 << ROW_MEMO_BITS)
#define ROW_MEMO_POOL	(4 * ROW_MEMO_SIZE)
#define ROW_MEMO_KEY	10		/* template and rows, then three ints a row */

typedef struct RowMatch
{
	int32_t		sc;				/* the score less the table's value at its start */
	int16_t		col;			/* slot + 1 */
	int16_t		w;				/* rows it takes */
} RowMatch;

typedef struct RowMemo
{
	int			key[ROW_MEMO_KEY];	/* key[0] < 0: empty */
	int			off;			/* its matches: row_pool[off .. off + n) */
	int			n;
} RowMemo;

static RowMemo row_memo[ROW_MEMO_SIZE];
static RowMatch row_pool[ROW_MEMO_POOL];
static int	row_npool = -1;		/* -1: the table is not cleared yet */

/*
 * A printed row's part of the keys, rk[0 .. 3): its known entry (0 when it
 * is not a known label, or has 32768 values or more: then no key), its
 * numbering with (above bit 16) its values counted a digit each for its
 * plain-digit ones, and its counts of values and values filled with, in the
 * lowest bit, whether it is more than two lines below the row before it;
 * *rh: a hash of all but that bit.
 */
static inline void
row_memo_part(const PRow *r, const PRow *before, int *rk, uint32_t *rh)
{
	bool		ok = r->known1 > 0 && r->nv < 32768;

	rk[0] = ok ? r->known1 : 0;
	/* (with the values its plain-digit values could be: table 四's match depends on it) */
	rk[1] = ok ? (r->numbering | (r->nv + r->xdig < 0x7FFF ? r->nv + r->xdig : 0x7FFF) << 16) : 0;
	rk[2] = ok ? (r->nv << 16 | r->nfill << 1 |
				  (before != NULL && r->line - before->lastline > 2)) : 0;
	*rh = ((uint32_t) rk[0] * 0x9E3779B1u ^ (uint32_t) rk[1]) * 0x85EBCA77u ^
		(uint32_t) (rk[2] >> 1) * 0xC2B2AE3Du;
}

/*
 * The hash of the key of the matches starting at a row: head is the
 * template and how many rows the window has from it on (up to 3), rh the
 * rows' hashes (padded with zeros past the window).  (Whether a row is
 * adjacent to the one before it is left out: it seldom differs.)
 */
static inline uint32_t
row_memo_hash(int head, const uint32_t *rh)
{
	uint32_t	h = ((uint32_t) head * 0x27D4EB2Fu ^ rh[0]) * 0x9E3779B1u;

	h = (h ^ rh[1]) * 0x85EBCA77u;
	h = (h ^ rh[2]) * 0xC2B2AE3Du;
	return h >> (32 - ROW_MEMO_BITS);
}

/*
 * Is e the entry of the key head, rk[0 .. 9) (the rows' parts, padded with
 * zeros past the window)?  The first row's distance from the row before it
 * is no part of the key.
 */
static inline bool
row_memo_is(const RowMemo *e, int head, const int *rk)
{
	return e->key[0] == head && e->key[1] == rk[0] && e->key[2] == rk[1] &&
		e->key[3] == (rk[2] & ~1) && e->key[4] == rk[3] && e->key[5] == rk[4] &&
		e->key[6] == rk[5] && e->key[7] == rk[6] && e->key[8] == rk[7] && e->key[9] == rk[8];
}

/* The remembered matches starting at a row, or NULL */
static inline const RowMemo *
row_memo_find(int head, const int *rk, const uint32_t *rh)
{
	uint32_t	h;

	if (row_npool < 0)
		return NULL;
	h = row_memo_hash(head, rh);
	if (row_memo_is(&row_memo[h], head, rk))
		return &row_memo[h];
	if (row_memo_is(&row_memo[h ^ 1], head, rk))
		return &row_memo[h ^ 1];
	return NULL;
}

/* Remember the matches ev[from .. from + n) starting at a row where the table's row is Si */
static void
row_memo_add(int head, const int *rk, const uint32_t *rh, const Event *ev, int from, int n,
			 const int32_t *Si)
{
	RowMemo    *e;
	uint32_t	h;

	if (n > ROW_MEMO_POOL)
		return;
	if (row_npool < 0 || row_npool + n > ROW_MEMO_POOL)
	{
		for (int k = 0; k < ROW_MEMO_SIZE; k++)
			row_memo[k].key[0] = -1;
		row_npool = 0;
	}
	h = row_memo_hash(head, rh);
	e = &row_memo[h];
	if (e->key[0] >= 0 && row_memo[h ^ 1].key[0] < 0)
		e = &row_memo[h ^ 1];
	e->key[0] = head;
	memcpy(e->key + 1, rk, 9 * sizeof(int));
	e->key[3] &= ~1;
	e->off = row_npool;
	e->n = n;
	for (int k = 0; k < n; k++)
	{
		const Event *v = &ev[from + k];

		row_pool[row_npool + k].sc = v->val - Si[v->col - 1];
		row_pool[row_npool + k].col = (int16_t) v->col;
		row_pool[row_npool + k].w = (int16_t) v->w;
	}
	row_npool += n;
}

static inline bool
add_event(Ctx *x, Event **ev, int *nev, int *evcap, int *ehead, int end, int col, int w, int32_t val)
{
	Event	   *e;

	if (!GROW(x->a, *ev, *evcap, *nev + 1))
		return false;
	e = &(*ev)[*nev];
	e->val = val;
	e->col = col;
	e->w = w;
	e->next = ehead[end];
	ehead[end] = (*nev)++;
	return true;
}

/* Set p[0 .. n) to v */
static inline void
fill_i32(int32_t *p, int n, int32_t v)
{
	int			k = 0;

#ifdef GI_PARSE_SSE2
	__m128i		vv = _mm_set1_epi32(v);

	for (; k + 4 <= n; k += 4)
		_mm_storeu_si128((__m128i *) (p + k), vv);
#endif
	for (; k < n; k++)
		p[k] = v;
}

/*
 * The alignment: the best-scoring order-preserving matching of printed rows
 * w0 .. w1 - 1 (alone, or two or three joined) with the template's slots.
 *
 * A dynamic programme over the table S (printed rows x slots), where
 * S[i][j] is the best score of rows before i against slots before j: it
 * skips a printed row, skips a slot, or matches.  Matches are sparse (a
 * row resembles few slots), so S is kept as rows that are non-decreasing
 * along j: row i + 1 is row i raised by the matches that end in it, or
 * row i itself (Srow[i + 1] == Srow[i], not copied) when none do.  The
 * trace back takes, at each cell, the first of these that reaches the
 * cell's score: a match of three joined rows, of two, skipping the printed
 * row, a match of one row, skipping the slot.  That is the order in which
 * a cell-by-cell filling of S writes a cell, keeping a later value only
 * when it is higher: ties are broken as they always were.
 */
static bool
align(Ctx *x, const TSlots *ts, int w0, int w1, Align *al)
{
	int			np = w1 - w0,
				m = ts->n,
				W = m + 1;
	int32_t    *S = arena_alloc(x->a, (size_t) (np + 1) * (size_t) W * sizeof(int32_t)),
			  **Srow = arena_alloc(x->a, sizeof(int32_t *) * (size_t) (np + 1));
	int		   *cnt = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	int		   *touched = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	int		   *inset = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	const Near **rnear = arena_alloc(x->a, sizeof(Near *) * (size_t) (np + 1));
	int		   *rn = arena_alloc(x->a, sizeof(int) * (size_t) (np + 1));
	int		   *rk = arena_alloc(x->a, sizeof(int) * (size_t) (3 * np + 9));
	uint32_t   *rh = arena_alloc(x->a, sizeof(uint32_t) * (size_t) (np + 3));
	int		   *ehead = arena_alloc(x->a, sizeof(int) * (size_t) (np + 4));
	Near	   *got = arena_alloc(x->a, sizeof(Near) * (size_t) (m + 1));
	Event	   *ev = NULL;
	const Near *knear = known_near[ts - tslots];	/* the known labels' near slots */
	const int  *kstart = known_near_start[ts - tslots];
	int			tsi = (int) (ts - tslots),
				n,
				nev = 0,
				evcap = 0,
				t4 = -1,
				nS = 1,
				i,
				j;
	int			jids[2 * LABEL_MAX_CP + 8];

	al->ts = ts;
	al->slot_row = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	al->slot_w = arena_alloc(x->a, sizeof(int) * (size_t) (m + 1));
	if (S == NULL || Srow == NULL || cnt == NULL || touched == NULL || inset == NULL ||
		rnear == NULL || rn == NULL || rk == NULL || rh == NULL || ehead == NULL || got == NULL ||
		al->slot_row == NULL || al->slot_w == NULL)
		return false;
	memset(cnt, 0, sizeof(int) * (size_t) (m + 1));
	memset(inset, 0, sizeof(int) * (size_t) (m + 1));
	for (i = 0; i < np + 4; i++)
		ehead[i] = -1;
	for (j = 0; j < m; j++)
		if (ts->s[j].kind == SLOT_T4)
			t4 = j;
	/*
	 * The slots each printed row resembles: rnear[i][0 .. rn[i]).  A known
	 * label's were found once, by row_near, and are read where they are;
	 * the others' are found now (into got, then kept).  And each row's part
	 * of the keys of the row memo (zeros past the window).
	 */
	memset(rk + 3 * np, 0, sizeof(int) * 9);
	memset(rh + np, 0, sizeof(uint32_t) * 3);
	for (i = 0; i < np; i++)
	{
		PRow	   *r = &x->rows[w0 + i];
		Near	   *near;

		row_memo_part(r, i > 0 ? r - 1 : NULL, rk + 3 * i, rh + i);
		if (r->known1 > 0 && kstart != NULL)
		{
			rnear[i] = knear + kstart[r->known1 - 1];
			rn[i] = kstart[r->known1] - kstart[r->known1 - 1];
			continue;
		}
		if ((n = row_near(x, ts, r, cnt, touched, got)) < 0 ||
			(near = arena_alloc(x->a, sizeof(Near) * (size_t) (n > 0 ? n : 1))) == NULL)
			return false;
		memcpy(near, got, sizeof(Near) * (size_t) n);
		rnear[i] = near;
		rn[i] = n;
	}

	memset(S, 0, sizeof(int32_t) * (size_t) W);
	Srow[0] = S;
	for (i = 0; i < np; i++)
	{
		int32_t    *Si = Srow[i],
				   *Sn;
		PRow	   *r = &x->rows[w0 + i];
		Cand		c1;
		JoinRows	jr = {0, 0, 0, {NUM_NONE, false, 0, 0, 0}};
		JoinAcc		ja;
		int			nk = np - i < 3 ? np - i : 3,
					head = tsi * 4 + nk,
					nev0 = nev;
		bool		rmemo = m < INT16_MAX && rk[3 * i] > 0 &&
			(nk < 2 || rk[3 * i + 3] > 0) && (nk < 3 || rk[3 * i + 6] > 0);
		const RowMemo *rm;

		/* a row met before with the same neighbours: its matches are remembered */
		if (rmemo && (rm = row_memo_find(head, rk + 3 * i, rh + i)) != NULL)
		{
			for (int q = 0; q < rm->n; q++)
			{
				const RowMatch *mt = &row_pool[rm->off + q];

				if (!add_event(x, &ev, &nev, &evcap, ehead, i + mt->w, mt->col, mt->w,
							   Si[mt->col - 1] + mt->sc))
					return false;
			}
		}
		else
		{
			join_start(&ja);
			/* matching row i alone: the slots it resembles, and table 四 */
			c1.numbering = r->numbering;
			c1.has_label = r->nlab > 0 && r->ncp > 0;
			c1.nv = r->nv;
			c1.nfill = r->nfill;
			c1.xdig = r->xdig;
			for (int q = 0; q < rn[i]; q++)
			{
				int			sc;

				j = rnear[i][q].slot;
				if (rnear[i][q].sim < MATCH_MIN || j == t4)
					continue;
				sc = match_score(&ts->s[j], &c1, rnear[i][q].sim);
				if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + 1, j + 1, 1, Si[j] + sc))
					return false;
			}
			if (t4 >= 0)
			{
				int			sc = match_score(&ts->s[t4], &c1, 0);

				if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + 1, t4 + 1, 1, Si[t4] + sc))
					return false;
			}
			/*
			 * Matching it joined with the next one or two (a label printed over
			 * lines): only when a part resembles some slot, and only against the
			 * slots a part resembles.
			 */
			for (int w = 2; w <= 3 && i + w <= np; w++)
			{
				int			ns = 0,
							ngot = 0,
							nid,
							nfeat,
							key[4];
				bool		memo;
				const JoinMemo *jm;

				if (rn[i] + rn[i + 1] + (w == 3 ? rn[i + 2] : 0) == 0)
					continue;		/* no part resembles any slot */
				if (!join_rows(x, &jr, w0 + i, w, w1))
					break;			/* (nor can the three rows be joined, then) */
				/* (every row of the window has its features: row_near, or a known label's) */
				/* a join of known labels met before: its matches are remembered */
				memo = join_memo_key(x, tsi, w0 + i, w, key);
				if (memo && (jm = join_memo_find(key)) != NULL)
				{
					for (int q = 0; q < jm->n; q++)
					{
						int			sc;

						j = join_pool[jm->off + q].slot;
						sc = match_score(&ts->s[j], &jr.c, join_pool[jm->off + q].sim);
						if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + w, j + 1, w, Si[j] + sc))
						{
							clear_seen(x->seen, jids, ja.nid);
							return false;
						}
					}
					continue;
				}
				/* the join of three rows is that of two and one row more */
				if (ja.nrows != w - 1)
				{
					clear_seen(x->seen, jids, ja.nid);
					join_start(&ja);
					for (int k = 0; k < w - 1; k++)
						join_add(x, &ja, &x->rows[w0 + i + k], jids);
				}
				join_add(x, &ja, &x->rows[w0 + i + w - 1], jids);	/* (jids' bits set in x->seen) */
				nid = ja.nid;
				nfeat = join_nfeat(&ja);
				for (int k = 0; k < w; k++)
					for (int q = 0; q < rn[i + k]; q++)
						if (!inset[rnear[i + k][q].slot])
						{
							inset[rnear[i + k][q].slot] = 1;
							touched[ns++] = rnear[i + k][q].slot;
						}
				for (int k = 0; k < ns; k++)
				{
					int			sim,
								sc;

					j = touched[k];
					inset[j] = 0;
					if (ts->s[j].kind == SLOT_T4)
						continue;
					sim = slot_sim(ts, jids, nid, x->seen, nfeat, j);
					if (sim < MATCH_MIN)
						continue;
					got[ngot].slot = j;
					got[ngot].sim = sim;
					ngot++;
					sc = match_score(&ts->s[j], &jr.c, sim);
					if (sc != NEG && !add_event(x, &ev, &nev, &evcap, ehead, i + w, j + 1, w, Si[j] + sc))
					{
						clear_seen(x->seen, jids, nid);
						return false;
					}
				}
				if (memo)
					join_memo_add(key, got, ngot);
			}
			clear_seen(x->seen, jids, ja.nid);
			if (rmemo)
				row_memo_add(head, rk + 3 * i, rh + i, ev, nev0, nev - nev0, Si);
		}
		/*
		 * Row i + 1: row i raised by the matches that end in it, then made
		 * non-decreasing again from the first of them on.  Row i was, so
		 * past the last match the pass stops where the row is high enough.
		 */
		if (ehead[i + 1] < 0)
			Srow[i + 1] = Si;	/* the same row: kept once */
		else
		{
			int			lo = W,
						hi = 0,
						a;
			int32_t		run;

			Sn = Srow[i + 1] = S + (size_t) nS++ * W;
			for (int e = ehead[i + 1]; e >= 0; e = ev[e].next)
			{
				int			c = ev[e].col;

				lo = c < lo ? c : lo;
				hi = c > hi ? c : hi;
			}
			memcpy(Sn, Si, sizeof(int32_t) * (size_t) (hi + 1));
			for (int e = ehead[i + 1]; e >= 0; e = ev[e].next)
				if (ev[e].val > Sn[ev[e].col])
					Sn[ev[e].col] = ev[e].val;
			run = Sn[lo];
			for (int c = lo + 1; c <= hi; c++)
			{
				if (Sn[c] >= run)
					run = Sn[c];
				else
					Sn[c] = run;
			}
			/*
			 * Past hi the row is row i's, non-decreasing: raised to run up to
			 * the first cell already as high (found by halving; none, most
			 * often, when the last is lower), the rest copied.
			 */
			a = hi + 1;
			if (hi < m && Si[hi + 1] < run)
			{
				int			b = m + 1;

				if (Si[m] < run)
					a = b;
				while (a < b)
				{
					int			mid = (a + b) / 2;

					if (Si[mid] >= run)
						b = mid;
					else
						a = mid + 1;
				}
				fill_i32(Sn + hi + 1, a - hi - 1, run);
			}
			if (a < W)
				memcpy(Sn + a, Si + a, sizeof(int32_t) * (size_t) (W - a));
		}
	}

	/* trace back */
	al->score = Srow[np][m];
	al->nvalslots = 0;
	for (j = 0; j < m; j++)
	{
		al->slot_row[j] = -1;
		al->slot_w[j] = 0;
	}
	i = np;
	j = m;
	while (i > 0 || j > 0)
	{
		int32_t		v;
		const Event *ew[4] = {NULL, NULL, NULL, NULL};	/* the match of w rows ending here */
		int			w = 0;

		if (i > 0 && ehead[i] < 0)
		{
			i--;				/* no match ends in the row: it is the row before it */
			continue;
		}
		v = Srow[i][j];
		if (i > 0 && j > 0)
		{
			for (int e = ehead[i]; e >= 0; e = ev[e].next)
				if (ev[e].col == j && ew[ev[e].w] == NULL)
					ew[ev[e].w] = &ev[e];
			for (int k = 3; k >= 2 && w == 0; k--)
				if (i >= k && ew[k] != NULL && ew[k]->val == v)
					w = k;
		}
		if (w == 0 && i > 0 && Srow[i - 1][j] == v)
		{
			i--;				/* skip the printed row */
			continue;
		}
		if (w == 0 && i > 0 && j > 0 && ew[1] != NULL && ew[1]->val == v)
			w = 1;
		if (w == 0)
		{
			if (j > 0 && Srow[i][j - 1] == v)
			{
				j--;			/* skip the slot */
				continue;
			}
			break;				/* cannot happen: every cell is reached by one of these */
		}
		i -= w;
		j--;
		al->slot_row[j] = w0 + i;
		al->slot_w[j] = w;
		for (int k = 0; k < w; k++)
			if (x->rows[w0 + i + k].nfill > 0)
			{
				al->nvalslots++;
				break;
			}
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Table 三: the order of the applicant columns, from the header
 * ------------------------------------------------------------------------ */

#define COL_SUBTOTAL	100		/* 法人或其他组织小计: checked, not stored */
#define COL_GROUPMARK	101		/* 法人或其他组织: the heading over the five */

typedef struct ColMap
{
	int			n;
	int			col[10];		/* column index in t->columns, or COL_SUBTOTAL */
	bool		from_header;
} ColMap;

static int
column_index(const GiTemplate *t, const char *name)
{
	for (int i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return i;
	return -1;
}

static void
default_columns(const GiTemplate *t, ColMap *cm, bool subtotal)
{
	cm->n = 0;
	cm->from_header = false;
	for (int i = 0; i < t->ncolumns && cm->n < 9; i++)
	{
		if (subtotal && strcmp(t->columns[i].name, "total") == 0)
			cm->col[cm->n++] = COL_SUBTOTAL;
		cm->col[cm->n++] = i;
	}
}

/* Where a row's label starts on its line, in characters (for a laid-out header). */
static int
row_column(Ctx *x, const PRow *r)
{
	const Doc  *d = x->d;
	int			from,
				to,
				n = 0;

	if (r->nlab == 0 || r->line >= d->nlines || (d->lines[r->line].flags & (LF_STRUCT | LF_HTMLROW)))
		return 0;				/* (delimited cells: their positions are not looked at) */
	from = d->lines[r->line].off;
	to = d->cells[r->lab[0]].off;
	for (int i = from; i < to && i < d->textlen; i++)
		n += ((unsigned char) d->text[i] & 0xC0) != 0x80;
	return n;
}

static void
detect_columns(Ctx *x, const GiTemplate *t, int first_row, int w0, ColMap *cm)
{
	int			top[10],
				topx[10],		/* where each of top starts on its line, in characters */
				ntop = 0,
				grp[10],
				grpx[10],		/* where each of grp starts on its line, in characters */
				ngrp = 0,
				group_at = -1,
				start = first_row,
				seen[COL_SUBTOTAL + 1];
	bool		ok = true,
				laid = false;	/* a header line of several cells apart by spaces (PDF) */
	ColMap		found;

	default_columns(t, cm, false);
	if (first_row < 0)
		return;
	while (start > w0 && start > first_row - 40 && x->rows[start - 1].nfill == 0)
		start--;
	for (int i = start; i < first_row; i++)
	{
		const PRow *r = &x->rows[i];
		uint8_t		buf[LABEL_MAX_CP];
		const uint8_t *words = buf;
		int			nw;

		if (r->norm == NULL)
			continue;
		if (r->line < x->d->nlines && x->d->lines[r->line].nc >= 2 &&
			!(x->d->lines[r->line].flags & (LF_STRUCT | LF_HTMLROW)))
			laid = true;
		/* (a known label's column words were found once) */
		if (r->known1 > 0)
		{
			words = known[r->known1 - 1].colw;
			nw = known[r->known1 - 1].ncolw;
		}
		else
			nw = col_words(r->norm, buf);
		for (int q = 0; q < nw; q++)
		{
			int			k = words[q],
						ci;

			if (strcmp(col_kws[k].col, "#group") == 0)
			{
				if (group_at < 0 && ntop < 10)
				{
					group_at = ntop;
					top[ntop++] = COL_GROUPMARK;
				}
				continue;
			}
			ci = strcmp(col_kws[k].col, "#subtotal") == 0 ? COL_SUBTOTAL : column_index(t, col_kws[k].col);
			if (ci < 0)
				continue;
			/* the five kinds (and the subtotal) go under the group heading */
			if (group_at >= 0 && ci != COL_SUBTOTAL &&
				strcmp(t->columns[ci].name, "natural") != 0 && strcmp(t->columns[ci].name, "total") != 0)
			{
				if (ngrp < 10)
				{
					grpx[ngrp] = row_column(x, r);
					grp[ngrp++] = ci;
				}
			}
			else if (group_at >= 0 && ci == COL_SUBTOTAL && ngrp > 0)
			{
				if (ngrp < 10)
				{
					grpx[ngrp] = row_column(x, r);
					grp[ngrp++] = ci;
				}
			}
			else if (ntop < 10)
			{
				topx[ntop] = row_column(x, r);
				top[ntop++] = ci;
			}
		}
	}
	/*
	 * A laid-out header (pdftotext of a PDF) prints each heading at the
	 * height of its cell's middle, so that its lines do not follow the
	 * columns: 自然人 and 总计 on one line, the five kinds over several.
	 * Then the five kinds are ordered by where they stand on their lines,
	 * and the headings above them in the national order, 自然人 first and
	 * 总计 last (a header with cells delimited keeps the order it prints).
	 */
	if (laid)
	{
		int			nat = -1,
					tot = -1,
					nother = 0;

		/* the kinds printed above, without 法人或其他组织 over them, join the group */
		for (int i = 0; i < ntop; i++)
		{
			if (top[i] == COL_GROUPMARK)
				continue;
			if (top[i] != COL_SUBTOTAL && strcmp(t->columns[top[i]].name, "natural") == 0)
				nat = nat == -1 ? top[i] : -2;
			else if (top[i] != COL_SUBTOTAL && strcmp(t->columns[top[i]].name, "total") == 0)
				tot = tot == -1 ? top[i] : -2;
			else
				nother++;
		}
		if (nat < 0 || tot < 0 || ngrp + nother > 10)
			goto ordered;		/* not the three headings once each: as printed */
		for (int i = 0; i < ntop; i++)
			if (top[i] != COL_GROUPMARK && top[i] != nat && top[i] != tot)
			{
				grpx[ngrp] = topx[i];
				grp[ngrp++] = top[i];
			}
		for (int i = 1; i < ngrp; i++)
			for (int k = i; k > 0 && grpx[k - 1] > grpx[k]; k--)
			{
				int			tc = grp[k],
							tx = grpx[k];

				grp[k] = grp[k - 1];
				grpx[k] = grpx[k - 1];
				grp[k - 1] = tc;
				grpx[k - 1] = tx;
			}
		top[0] = nat;
		top[1] = COL_GROUPMARK;
		top[2] = tot;
		ntop = 3;
	}
ordered:
	found.n = 0;
	for (int i = 0; i < ntop; i++)
	{
		if (top[i] == COL_GROUPMARK)
		{
			for (int g = 0; g < ngrp && found.n < 10; g++)
				found.col[found.n++] = grp[g];
		}
		else if (found.n < 10)
			found.col[found.n++] = top[i];
	}
	/* a complete header: each of the seven columns once, the subtotal at most once */
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < found.n; i++)
		seen[found.col[i]]++;
	for (int i = 0; i < t->ncolumns; i++)
		if (seen[i] != 1)
			ok = false;
	if (seen[COL_SUBTOTAL] > 1 || found.n != t->ncolumns + (seen[COL_SUBTOTAL] ? 1 : 0))
		ok = false;
	if (found.n == 0)
		return;					/* no header text at all: the national order */
	if (!ok)
	{
		char		buf[400];
		int			o = 0;

		if (x->nolog)
			return;
		buf[0] = '\0';
		for (int i = start; i < first_row && o < 300; i++)
			if (x->rows[i].norm && x->rows[i].norm[0])
				o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", o ? " " : "", x->rows[i].norm);
		utf8_clip(buf);
		addlog(x, SEV_WARNING, "三", "申请人情况", -1, buf, -1,
			   "the applicant columns of table 三 could not be read from its header: "
			   "assumed the national order (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)");
		return;
	}
	found.from_header = true;
	*cm = found;
	{
		bool		same = cm->n == t->ncolumns || x->nolog;

		for (int i = 0; same && i < cm->n; i++)
			if (cm->col[i] != i)
				same = false;
		if (!same)
		{
			char		buf[300];
			int			o = 0;

			for (int i = 0; i < cm->n && o < 250; i++)
				o += snprintf(buf + o, sizeof(buf) - (size_t) o, "%s%s", i ? ", " : "",
							  cm->col[i] == COL_SUBTOTAL ? "法人或其他组织小计" : t->columns[cm->col[i]].label_zh);
			utf8_clip(buf);
			addlog(x, SEV_INFO, "三", "申请人情况", -1, buf, -1,
				   "column order of table 三 taken from its header");
		}
	}
}

/* ------------------------------------------------------------------------
 * Values -> cells
 * ------------------------------------------------------------------------ */

/* "label·column" of a code, for the log */
static void
code_label(const GiTemplate *t, int code, char *buf, size_t cap)
{
	const GiCode *c = &t->codes[code];
	const GiRow *r = &t->rows[c->row];

	if (c->column >= 0 && t->columns[c->column].label_zh != NULL &&
		strcmp(t->columns[c->column].name, "total") != 0)
		snprintf(buf, cap, "%s·%s", r->label_zh, t->columns[c->column].label_zh);
	else
		snprintf(buf, cap, "%s", r->label_zh);
	utf8_clip(buf);
}

/* Unit stated in text: 万元 -> UNIT_WAN, 元 -> UNIT_YUAN, else UNIT_NONE. */
static uint8_t
money_unit_in(const char *s, int len)
{
	uint32_t	prev = 0;
	uint8_t		u = UNIT_NONE;

	for (int i = 0; i < len;)
	{
		uint32_t	c;

		i += DEC(s + i, (size_t) (len - i), &c);
		c = fold(c);
		if (c == 0x5143)		/* 元 */
			u = prev == 0x4E07 ? UNIT_WAN : (u == UNIT_NONE ? UNIT_YUAN : u);
		if (c != ' ')
			prev = c;
	}
	return u;
}

/*
 * gi_parse_decimal of a cell of plain digits s[0..len), len <= 18 (so that
 * the digits alone cannot overflow): the same status and value, read in
 * place.
 */
static inline GiNumStatus
plain_decimal(const char *s, int len, int64_t scale, int64_t *out)
{
	int64_t		v = 0,
				sv;

	for (int i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	if (__builtin_mul_overflow(v, scale, &sv))
		return GI_NUM_RANGE;
	*out = sv;
	return GI_NUM_OK;
}

/* s[0..len) as a count when it is 1 to 18 plain digits (plain_decimal's value), else false */
static inline bool
plain_count(const char *s, int len, int64_t *out)
{
	int64_t		v = 0;

	if (len < 1 || len > 18)
		return false;
	for (int i = 0; i < len; i++)
	{
		unsigned	d = (unsigned char) s[i] - (unsigned) '0';

		if (d > 9)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Read cell ci into code (a stored cell); logs what it cannot read. */
static bool
assign_value(Ctx *x, const GiTemplate *t, int code, int ci, uint8_t hint, int64_t *out)
{
	const GiCode *gc = &t->codes[code];
	const GiRow *gr = &t->rows[gc->row];
	Cell	   *c;
	char		f[160],
				lab[400];
	int			n,
				scale = 1;
	NumInfo		ni;
	uint8_t		unit;
	int64_t		v;
	GiNumStatus st;
	const char *raw;
	bool		plain = false;

	if (ci < 0)
		return false;
	c = &x->d->cells[ci];
	raw = x->d->text + c->off;
	if (c->cls == CELL_EMPTY || c->cls == CELL_NULL)
		return false;
	lab[0] = '\0';
	if (c->cls != CELL_NUM)
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "not a number where %s belongs: left NULL", gc->code);
		return false;
	}
	if (plain_digits(raw, c->len))
	{
		/* as fold_cell and parse_number would have it; up to 18 digits are read in place */
		plain = c->len <= 18;
		if (!plain)
		{
			memcpy(ni.s, raw, (size_t) c->len);
			ni.s[c->len] = '\0';
			ni.n = c->len;
		}
		ni.unit = UNIT_NONE;
	}
	else if ((n = fold_cell(raw, c->len, f, (int) sizeof(f))) < 0 || !parse_number(f, n, &ni))
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "not a number where %s belongs: left NULL", gc->code);
		return false;
	}
	unit = ni.unit;
	if (gr->scale > 1)
	{
		if (unit == UNIT_NONE)
			unit = hint;
		if (unit == UNIT_YUAN)
			scale = gr->scale / GI_WAN_YUAN;
		else if (unit == UNIT_WAN || unit == UNIT_NONE)
			scale = gr->scale;
		else
		{
			code_label(t, code, lab, sizeof(lab));
			addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
				   "a count where an amount in %s belongs (%s): left NULL", gr->unit, gc->code);
			return false;
		}
	}
	else if (unit == UNIT_YUAN || unit == UNIT_WAN)
	{
		code_label(t, code, lab, sizeof(lab));
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "an amount of money where a count in %s belongs (%s): left NULL", gr->unit, gc->code);
		return false;
	}
	st = plain ? plain_decimal(raw, c->len, scale, &v) : gi_parse_decimal(ni.s, ni.n, scale, &v);
	if (!x->nolog && (st != GI_NUM_OK || (v < 0 && !gr->is_signed) || (gr->scale > 1 && scale < gr->scale)))
		code_label(t, code, lab, sizeof(lab));
	if (st == GI_NUM_FRACTION)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   scale > 1 || gr->scale > 1 ?
			   "amount finer than 0.01 元 (one 分) for %s: left NULL" :
			   "a fraction where a whole count belongs (%s): left NULL", gc->code);
		return false;
	}
	if (st != GI_NUM_OK)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "number out of range for %s: left NULL", gc->code);
		return false;
	}
	if (v < 0 && !gr->is_signed)
	{
		addlog(x, SEV_ERROR, gr->section, lab, -1, raw, c->len,
			   "negative value where %s cannot be negative: left NULL", gc->code);
		return false;
	}
	if (gr->scale > 1 && scale < gr->scale && !x->nolog)
	{
		char		wan[GI_DECIMAL_BUFLEN];

		char		yuan[GI_DECIMAL_BUFLEN];

		gi_format_decimal(v, gr->scale, wan);
		gi_format_decimal(v, scale, yuan);
		addlog(x, SEV_INFO, gr->section, lab, -1, raw, c->len,
			   "amount printed in 元: %s 元 stored as %s %s", yuan, wan, gr->unit);
	}
	*out = v;
	return true;
}

static inline void
store(Ctx *x, const GiTemplate *t, int code, int ci, uint8_t hint)
{
	int			pos = t->codes[code].pos;
	const Cell *c = ci >= 0 ? &x->d->cells[ci] : NULL;
	int64_t		v;

	if (pos < 0 || pos >= GI_MAX_CELLS)
		return;
	if (c != NULL && c->cls == CELL_NULL)
		x->nread++;
	/*
	 * The common case, a count printed as plain digits, is read here as
	 * assign_value reads it (nothing to log); anything else by it.
	 */
	if (!(c != NULL && c->cls == CELL_NUM && t->rows[t->codes[code].row].scale <= 1 &&
		  plain_count(x->d->text + c->off, c->len, &v)) &&
		!assign_value(x, t, code, ci, hint, &v))
		return;
	x->nread++;
	if (x->res->nulls[pos])
		x->res->nmapped++;
	x->res->vals[pos] = v;
	x->res->nulls[pos] = false;
}

/*
 * The values of a mapped row (one printed row, or the one with values among
 * joined rows), with blanks trimmed to the count expected where possible.
 */
static inline int
row_values(Ctx *x, int r0, int w, int want, int *out, int cap, int *rowidx)
{
	int			ri = -1,
				a,
				b;

	for (int k = 0; k < w; k++)
		if (x->rows[r0 + k].nv > 0 && (ri < 0 || x->rows[r0 + k].nfill > 0))
			ri = r0 + k;
	*rowidx = ri >= 0 ? ri : r0;
	if (ri < 0)
		return 0;
	a = x->rows[ri].v0;
	b = a + x->rows[ri].nv;
	/* drop blanks beyond the count: leading first (a blank unit column), then trailing */
	while (b - a > want && (x->vals[a] < 0 || x->d->cells[x->vals[a]].cls == CELL_EMPTY))
		a++;
	while (b - a > want && (x->vals[b - 1] < 0 || x->d->cells[x->vals[b - 1]].cls == CELL_EMPTY))
		b--;
	if (b - a > cap)
		b = a + cap;
	for (int k = a; k < b; k++)
		out[k - a] = x->vals[k];
	return b - a;
}

/* A cell made after the first pass (a piece, a join), classified: its index, or -1 (no room). */
static int
add_piece(Ctx *x, int off, int len)
{
	Cell	   *c = doc_add_cell(x->d, off, len, 1);

	if (c == NULL)
		return -1;
	classify_piece(x->d, c);
	return (int) (c - x->d->cells);
}

/*
 * A row with fewer values than want, where cells hold numbers one space
 * apart ("0 0 0 0 0": narrow columns that pdftotext printed one space
 * apart): each such cell split into its numbers, kept when that gives want
 * values exactly.  v (room for cap) is rewritten then; the new count, or
 * nv.  A row whose count is right keeps its cells (1 2 0 stays 120).
 */
static int
respace_values(Ctx *x, int *v, int nv, int want, int cap)
{
	int			out[80],
				n = 0;
	bool		split = false;

	if (nv <= 0 || nv >= want || want > cap || want > 80)
		return nv;
	for (int q = 0; q < nv; q++)
	{
		int			ci = v[q],
					tok[2 * 16],
					ntok = 0;

		if (ci >= 0 && x->d->cells[ci].cls != CELL_EMPTY)
			ntok = number_pieces(x->d, x->d->cells[ci].off, x->d->cells[ci].len, false, tok, 16);
		if (ntok == 0)
		{
			if (n == want)
				return nv;
			out[n++] = ci;
			continue;
		}
		if (n + ntok > want)
			return nv;
		for (int k = 0; k < ntok; k++)
			if ((out[n++] = add_piece(x, tok[2 * k], tok[2 * k + 1])) < 0)
				return nv;
		split = true;
	}
	if (!split || n != want)
		return nv;
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * A row with more values than want, where a laid-out cell was split into
 * pieces of one character each (letter-spaced digits, 1 2 0): each such run
 * of pieces read as the cell it was, kept when that gives want values
 * exactly.  v is rewritten then; the new count, or nv.
 */
static int
rejoin_values(Ctx *x, int *v, int nv, int want)
{
	int			out[80],
				n = 0;
	bool		joined = false;

	if (nv <= want || nv > 80)
		return nv;
	for (int q = 0; q < nv;)
	{
		int			ci = v[q],
					e = q + 1;
		bool		single;

		if (ci < 0 || x->d->cells[ci].piece != PIECE_FIRST)
		{
			out[n++] = ci;
			q++;
			continue;
		}
		/* the run: this piece and the next cells that follow it */
		while (e < nv && v[e] == v[e - 1] + 1 && x->d->cells[v[e]].piece == PIECE_NEXT)
			e++;
		single = true;
		for (int k = q; k < e; k++)
			if (x->d->cells[v[k]].len != 1)
				single = false;
		if (single && e - q >= 2)
		{
			const Cell *a = &x->d->cells[v[q]],
					   *b = &x->d->cells[v[e - 1]];
			int			whole = add_piece(x, a->off, b->off + b->len - a->off);

			if (whole < 0)
				return nv;
			if (x->d->cells[whole].cls == CELL_NUM)
			{
				out[n++] = whole;
				joined = true;
				q = e;
				continue;
			}
		}
		for (int k = q; k < e; k++)
			out[n++] = v[k];
		q = e;
	}
	if (!joined || n != want)
		return nv;
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * Table 四's row with fewer values than its fifteen where digits ran
 * together in narrow columns (0 0 0 00000): when the digits past the first
 * of its plain-digit values are exactly the values missing, the only
 * reading that gives fifteen is a value a digit, and each such value is
 * split so.  v (room for cap) is rewritten then; the new count, or nv.
 */
static int
split_digit_runs(Ctx *x, int *v, int nv, int want, int cap)
{
	int			out[80],
				n = 0,
				extra = 0;

	if (nv <= 0 || nv >= want || want > cap || want > 80)
		return nv;
	for (int q = 0; q < nv; q++)
		extra += extra_digits(x->d, v[q]);
	if (nv + extra != want)
		return nv;
	for (int q = 0; q < nv; q++)
	{
		int			ci = v[q],
					off;

		if (extra_digits(x->d, ci) == 0)
		{
			out[n++] = ci;
			continue;
		}
		off = x->d->cells[ci].off;
		for (int k = 0; k < x->d->cells[ci].len; k++)
			if ((out[n++] = add_piece(x, off + k, 1)) < 0)
				return nv;
	}
	memcpy(v, out, sizeof(int) * (size_t) n);
	return n;
}

/*
 * A row's values brought to want where a conversion split them or ran them
 * together: numbers one space apart split where the row lacks values
 * (respace_values, logged), letter-spaced digits joined back where it has
 * too many (rejoin_values), unless it has also_ok values, a count the
 * caller reads as it is.  The new count.
 */
static int
fit_values(Ctx *x, int ri, const char *section, const char *lab, int *v, int nv, int want, int cap,
		   int also_ok)
{
	if (nv < want)
	{
		if ((nv = respace_values(x, v, nv, want, cap)) == want && !x->nolog)
		{
			char		raw[400];

			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_INFO, section, lab, -1, raw, -1, "values one space apart read as %d cells", want);
		}
	}
	else if (nv > want && nv != also_ok)
		nv = rejoin_values(x, v, nv, want);
	return nv;
}

typedef struct GroupVals
{
	bool		present[10];
	int			ci[10];
} GroupVals;

/* Sum of the present members of group code g; false when none is present (or on overflow). */
bool
gi_parse_group_sum(const GiParseResult *res, const GiTemplate *t, int g, int64_t *sum)
{
	const GiCode *gc = &t->codes[g];
	bool		any = false;

	*sum = 0;
	for (int k = 0; k < gc->term_len; k++)
	{
		const GiTerm *term = &t->terms[gc->term_start + k];

		if (term->pos >= 0 && term->pos < GI_MAX_CELLS && !res->nulls[term->pos])
		{
			int64_t		v;

			if (__builtin_mul_overflow(res->vals[term->pos], (int64_t) term->coef, &v) ||
				__builtin_add_overflow(*sum, v, sum))
				return false;
			any = true;
		}
	}
	return any;
}

static int64_t
cell_number(Ctx *x, int ci, bool *ok)
{
	char		f[160];
	NumInfo		ni;
	int64_t		v = 0;
	int			n;

	*ok = false;
	if (ci < 0 || x->d->cells[ci].cls != CELL_NUM)
		return 0;
	if (plain_digits(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len))
	{
		if (gi_parse_decimal(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len, 1, &v) != GI_NUM_OK)
			return 0;
		*ok = true;
		return v;
	}
	n = fold_cell(x->d->text + x->d->cells[ci].off, x->d->cells[ci].len, f, (int) sizeof(f));
	if (n < 0 || !parse_number(f, n, &ni) || gi_parse_decimal(ni.s, ni.n, 1, &v) != GI_NUM_OK)
		return 0;
	*ok = true;
	return v;
}

/* Check printed subtotals of a group row against its rows; store a lone 其他处理 row. */
static void
check_group(Ctx *x, const GiTemplate *t, const Slot *s, const GroupVals *gv, const char *printed)
{
	const GiRow *gr = &t->rows[s->row];
	int			nbad = 0,
				nchecked = 0,
				other = -1;
	bool		any_part = false;

	for (int c = 0; c < s->k && !any_part; c++)
	{
		int64_t		sum;

		any_part = gi_parse_group_sum(x->res, t, slot_code(t, s, c), &sum);
	}
	if (!any_part)
	{
		char		other_code[128];

		snprintf(other_code, sizeof(other_code), "%s.other", gr->code);
		other = gi_code_lookup(t, other_code, (int) strlen(other_code));
	}
	if (other >= 0)
	{
		/* gov2021 （六）其他处理 printed as a single row: it is 3.其他 */
		const GiRow *orow = &t->rows[t->codes[other].row];
		char		raw[300];
		int			rl = 0;

		raw[0] = '\0';
		for (int c = 0; c < s->k; c++)
			if (gv->present[c])
				store(x, t, orow->first_code + c, gv->ci[c], UNIT_NONE);
		for (int c = 0; c < s->k && rl < 250 && !x->nolog; c++)
		{
			int			ci = gv->ci[c];

			rl += snprintf(raw + rl, sizeof(raw) - (size_t) rl, "%s%.*s", c ? " | " : "",
						   ci >= 0 ? x->d->cells[ci].len : 0, ci >= 0 ? x->d->text + x->d->cells[ci].off : "");
		}
		utf8_clip(raw);
		addlog(x, SEV_INFO, gr->section, printed, -1, raw, -1,
			   "%s printed as a single row without its three rows: stored under %s (3.其他)",
			   gr->label_zh, orow->code);
		return;
	}
	if (x->nolog)
		return;					/* the rest only checks and logs */
	for (int c = 0; c < s->k; c++)
	{
		int			g = slot_code(t, s, c);
		int64_t		sum,
					pv;
		bool		ok;

		if (!gv->present[c])
			continue;
		pv = cell_number(x, gv->ci[c], &ok);
		if (!ok)
		{
			if (gv->ci[c] >= 0 &&
				x->d->cells[gv->ci[c]].cls != CELL_NULL && x->d->cells[gv->ci[c]].cls != CELL_EMPTY)
			{
				char		lab[300];

				code_label(t, g, lab, sizeof(lab));
				addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
					   x->d->cells[gv->ci[c]].len, "printed subtotal is not a number: ignored");
			}
			continue;
		}
		if (!gi_parse_group_sum(x->res, t, g, &sum))
		{
			char		lab[300];

			code_label(t, g, lab, sizeof(lab));
			addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
				   x->d->cells[gv->ci[c]].len,
				   "printed subtotal %lld of %s not stored: its rows are all blank",
				   (long long) pv, t->codes[g].code);
			nbad++;
			continue;
		}
		nchecked++;
		if (sum != pv)
		{
			char		lab[300];

			code_label(t, g, lab, sizeof(lab));
			addlog(x, SEV_WARNING, gr->section, lab, -1, x->d->text + x->d->cells[gv->ci[c]].off,
				   x->d->cells[gv->ci[c]].len,
				   "printed subtotal %lld differs from the sum of its rows %lld (%s); the rows are stored, the subtotal is not",
				   (long long) pv, (long long) sum, t->codes[g].code);
			nbad++;
		}
	}
	if (nbad == 0 && nchecked > 0)
		addlog(x, SEV_INFO, gr->section, printed, -1, "", 0,
			   "printed subtotal row %s matches the sum of its rows: not stored (it is derived)",
			   gr->label_zh);
}

/* A row's values, mapped through the column order of table 三. */
static void
assign_applicant_row(Ctx *x, const GiTemplate *t, const Slot *s, int r0, int w,
					 const ColMap *cm0, GroupVals *gv, int *nsub_ok)
{
	int			v[16],
				nv,
				ri;
	ColMap		cm = *cm0;
	const GiRow *gr = &t->rows[s->row];
	char		lab[400],
				raw[400];
	int64_t		subtotal = 0,
				parts = 0;
	bool		has_sub = false,
				sub_ok = false,
				any_part = false;

	nv = row_values(x, r0, w, cm.n, v, 16, &ri);
	if (nv == 0)
		return;
	lab[0] = '\0';
	if (!x->nolog)
		row_label_raw(x, &x->rows[r0], lab, sizeof(lab));
	nv = fit_values(x, ri, gr->section, lab, v, nv, cm.n, 16, t->ncolumns + 1);
	if (nv != cm.n)
	{
		if (nv == t->ncolumns)
			default_columns(t, &cm, false);
		else if (nv == t->ncolumns + 1)
		{
			default_columns(t, &cm, true);
			addlog(x, SEV_INFO, gr->section, lab, -1, "", 0,
				   "row has %d values: took the one before 总计 for a 法人或其他组织小计 column", nv);
		}
		else
		{
			if (!x->nolog)
			{
				row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
				addlog(x, SEV_ERROR, gr->section, lab, -1, raw, -1,
					   "row has %d values where table 三 has %d columns: not stored (which value is which column cannot be told)",
					   nv, cm.n);
			}
			return;
		}
	}
	for (int q = 0; q < nv; q++)
	{
		int			col = cm.col[q];

		if (col == COL_SUBTOTAL)
		{
			bool		ok;

			subtotal = cell_number(x, v[q], &ok);
			has_sub = ok;
			continue;
		}
		if (s->kind == SLOT_GROUP)
		{
			gv->present[col] = true;
			gv->ci[col] = v[q];
		}
		else
			store(x, t, slot_code(t, s, col), v[q], UNIT_NONE);
	}
	if (!has_sub || s->kind == SLOT_GROUP)
		return;
	/* the subtotal column: the five kinds of 法人或其他组织 */
	for (int col = 0; col < t->ncolumns; col++)
	{
		const char *name = t->columns[col].name;
		int			pos = t->codes[slot_code(t, s, col)].pos;

		if (strcmp(name, "natural") == 0 || strcmp(name, "total") == 0 || pos < 0)
			continue;
		if (!x->res->nulls[pos])
		{
			if (__builtin_add_overflow(parts, x->res->vals[pos], &parts))
				return;			/* beyond int64: nothing to compare */
			any_part = true;
		}
	}
	sub_ok = any_part && parts == subtotal;
	if (any_part && !sub_ok)
		addlog(x, SEV_WARNING, gr->section, lab, -1, "", 0,
			   "printed 法人或其他组织小计 %lld differs from the sum of its five columns %lld: not stored",
			   (long long) subtotal, (long long) parts);
	if (sub_ok)
		(*nsub_ok)++;
}

/* ------------------------------------------------------------------------
 * Agency and year from the title and opening lines
 * ------------------------------------------------------------------------ */

static bool
line_text(const Doc *d, int li, const char **s, int *len)
{
	int			off,
				l;

	if (li < 0 || li >= d->nlines)
		return false;
	off = d->lines[li].off;
	l = d->lines[li].len;
	trim_span(d->text, &off, &l);
	*s = d->text + off;
	*len = l;
	return l > 0;
}

/* Folded code points of a line, with their byte offsets. */
static int
fold_line(const char *s, int len, uint32_t *cp, int *boff, int cap)
{
	int			n = 0;

	int			i = 0;

	while (i < len && n < cap)
	{
		uint32_t	c;
		int			k = DEC(s + i, (size_t) (len - i), &c);

		cp[n] = fold(c);
		boff[n] = i;
		n++;
		i += k;
		boff[n] = i;			/* where the next character starts (boff has cap + 1 slots) */
	}
	if (n == 0)
		boff[0] = 0;
	return n;
}

static int
find_cps(const uint32_t *cp, int n, const char *word, int from)
{
	uint32_t	w[32];
	int			wn = 0;

	for (int i = 0; word[i] && wn < 32;)
	{
		uint32_t	c;

		i += DEC(word + i, strlen(word + i), &c);
		w[wn++] = c;
	}
	for (int i = from < 0 ? 0 : from; i + wn <= n; i++)
	{
		int			k = 0;

		while (k < wn && cp[i + k] == w[k])
			k++;
		if (k == wn)
			return i;
	}
	return -1;
}

/* A year (1990-2100) followed by 年 at cp[i]: ASCII or Chinese numerals; its length in *n. */
static int
year_at(const uint32_t *cp, int n, int i, int *len)
{
	int			y = 0,
				gap;

	/*
	 * 2023年, and 2023 年 as text extracted from a PDF or a Word file prints
	 * it, a space between Western digits and Chinese characters
	 */
	gap = i + 5 < n && cp[i + 4] == ' ' && cp[i + 5] == 0x5E74 ? 1 : 0;
	if (i + 4 + gap < n && cp[i + 4 + gap] == 0x5E74)	/* 年 after the four digits */
	{
		bool		ok = true;

		for (int k = 0; k < 4; k++)
			if (!(cp[i + k] >= '0' && cp[i + k] <= '9'))
				ok = false;
		if (ok && (i == 0 || !(cp[i - 1] >= '0' && cp[i - 1] <= '9')))
		{
			for (int k = 0; k < 4; k++)
				y = y * 10 + (int) (cp[i + k] - '0');
			*len = 4 + gap;
			return y >= 1990 && y <= 2100 ? y : 0;
		}
		/* 二〇二三年 */
		ok = true;
		y = 0;
		for (int k = 0; k < 4 && ok; k++)
		{
			uint32_t	c = cp[i + k];
			int			dv;

			if (c == 0x3007 || c == 0x25CB || c == 0x96F6)
				dv = 0;
			else if ((dv = cn_digit(c)) < 1 || dv > 9)
				ok = false;
			y = y * 10 + dv;
		}
		if (ok)
		{
			*len = 4 + gap;
			return y >= 1990 && y <= 2100 ? y : 0;
		}
	}
	return 0;
}

static int
first_year(const uint32_t *cp, int n, int from, int *at)
{
	for (int i = from; i < n; i++)
	{
		int			l,
					y = year_at(cp, n, i, &l);

		if (y)
		{
			if (at)
				*at = i;
			return y;
		}
	}
	return 0;
}

static bool
agency_suffix(const uint32_t *cp, int n)
{
	static const char suffixes[] = "厅局委办室院府部署会处所站馆队社司镇乡区县市旗盟心行校园关组庭场台";
	uint32_t	last;

	if (n < 2)
		return false;
	last = cp[n - 1];
	for (int i = 0; suffixes[i];)
	{
		uint32_t	c;

		i += DEC(suffixes + i, strlen(suffixes + i), &c);
		if (c == last)
			return true;
	}
	return false;
}

/* Trim an agency candidate cp[a..b): spaces, punctuation, 关于, 的. */
static bool
agency_span(const uint32_t *cp, int *a, int *b)
{
	for (;;)
	{
		while (*a < *b && !is_cjk(cp[*a]) && !is_ascii_alnum(cp[*a]))
			(*a)++;
		while (*b > *a && !is_cjk(cp[*b - 1]) && !is_ascii_alnum(cp[*b - 1]))
			(*b)--;
		if (*b - *a >= 2 && cp[*b - 2] == 0x5173 && cp[*b - 1] == 0x4E8E)	/* 关于 */
		{
			*b -= 2;
			continue;
		}
		if (*b - *a >= 2 && cp[*a] == 0x5173 && cp[*a + 1] == 0x4E8E)
		{
			*a += 2;
			continue;
		}
		if (*b > *a && cp[*b - 1] == 0x7684)	/* 的 */
		{
			(*b)--;
			continue;
		}
		break;
	}
	if (*b - *a < 2 || *b - *a > 40 || !agency_suffix(cp + *a, *b - *a))
		return false;
	/* a name: no punctuation inside but parentheses and the middle dot */
	for (int i = *a; i < *b; i++)
		if (!is_cjk(cp[i]) && !is_ascii_alnum(cp[i]) && cp[i] != '(' && cp[i] != ')' && cp[i] != 0xB7)
			return false;
	return true;
}

static bool
has_sentence_punct(const uint32_t *cp, int n)
{
	for (int i = 0; i < n; i++)
		if (cp[i] == ',' || cp[i] == 0x3002 || cp[i] == ';' || cp[i] == ':' || cp[i] == 0xFF1A)
			return true;
	return false;
}

#define AGY_CAP 200

static void
find_agency_year(Ctx *x, int table_line)
{
	Doc		   *d = x->d;
	GiParseResult *res = x->res;
	int			title = -1,
				limit = table_line >= 0 ? table_line : d->nlines;
	uint32_t	cp[AGY_CAP];
	int			boff[AGY_CAP + 1],
				n;
	const char *s;
	int			len;

	if (limit > 200)
		limit = 200;
	/* the title: the first line naming 政府信息公开 and a report */
	for (int li = 0; li < limit; li++)
	{
		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if (n > 100)
			continue;
		if (find_cps(cp, n, "政府信息公开", 0) >= 0 && !has_sentence_punct(cp, n) &&
			(find_cps(cp, n, "报告", 0) >= 0 || find_cps(cp, n, "年报", 0) >= 0))
		{
			title = li;
			break;
		}
	}
	if (title >= 0 && line_text(d, title, &s, &len))
	{
		int			at = -1,
					y;

		n = fold_line(s, len, cp, boff, AGY_CAP);
		y = first_year(cp, n, 0, &at);
		if (y)
		{
			int			a = 0,
						b = at;

			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the title (line %d)", y, title + 1);
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the title (line %d)", title + 1);
			}
		}
		else
		{
			int			a = 0,
						b = find_cps(cp, n, "政府信息公开", 0);

			if (b > 0 && agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the title (line %d)", title + 1);
			}
		}
	}
	/* the agency on a short line of its own next to the title */
	if (res->agency == NULL && title >= 0)
	{
		int			tried = 0;

		for (int li = title + 1; li < limit && tried < 3; li++)
		{
			int			a = 0,
						b;
			bool		digit = false;

			if (!line_text(d, li, &s, &len))
				continue;
			tried++;
			n = fold_line(s, len, cp, boff, AGY_CAP);
			for (int k = 0; k < n; k++)
				if (cp[k] >= '0' && cp[k] <= '9')
					digit = true;
			b = n;
			if (n <= 40 && !digit && !has_sentence_punct(cp, n) && agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from line %d, below the title", li + 1);
				break;
			}
		}
	}
	/* 发布机构：… in a page's metadata */
	for (int li = 0; res->agency == NULL && li < limit; li++)
	{
		int			p;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if ((p = find_cps(cp, n, "发布机构", 0)) >= 0 || (p = find_cps(cp, n, "发文机关", 0)) >= 0)
		{
			int			a = p + 4,
						b;

			while (a < n && (cp[a] == ':' || cp[a] == ' '))
				a++;
			b = a;
			while (b < n && cp[b] != ' ' && cp[b] != ',' && cp[b] != 0x3002)
				b++;
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_INFO, "", "", 0, s, len, "agency taken from the page's 发布机构 (line %d)", li + 1);
			}
		}
	}
	/* the opening paragraph: "…现公开XX局2023年政府信息公开工作年度报告" */
	for (int li = title >= 0 ? title + 1 : 0; (res->agency == NULL || res->year == 0) && li < limit && li < (title >= 0 ? title : 0) + 15; li++)
	{
		int			p,
					at = -1,
					y;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		p = find_cps(cp, n, "政府信息公开工作年度报告", 0);
		if (p < 0)
			p = find_cps(cp, n, "政府信息公开年度报告", 0);
		if (p < 0)
			continue;
		for (int k = p - 1; k >= 0 && k >= p - 8; k--)
		{
			int			l;

			if ((y = year_at(cp, n, k, &l)) != 0)
			{
				at = k;
				break;
			}
		}
		if (at < 0)
			continue;
		y = year_at(cp, n, at, &p);
		if (res->year == 0 && y)
		{
			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the opening paragraph (line %d)", y, li + 1);
		}
		if (res->agency == NULL)
		{
			static const char *const verbs[] = {"现公开", "现公布", "现发布", "现将", "特发布", "公布", "发布", "公开", "编制", "本", NULL};
			int			a = at,
						b = at;

			while (a > 0 && is_cjk(cp[a - 1]) && at - a < 40)
				a--;
			for (int v = 0; verbs[v]; v++)
			{
				int			q = -1,
							f;

				for (f = find_cps(cp, at, verbs[v], a); f >= 0; f = find_cps(cp, at, verbs[v], f + 1))
					q = f;
				if (q >= 0)
				{
					a = q + (int) strlen(verbs[v]) / 3;
					break;
				}
			}
			if (agency_span(cp, &a, &b))
			{
				res->agency = (char *) log_str(x, s + boff[a], boff[b] - boff[a], 400);
				addlog(x, SEV_WARNING, "", "", 0, s, len,
					   "agency guessed from the opening paragraph (line %d)", li + 1);
			}
		}
	}
	/* the year from the period the statistics cover, or the table's title */
	for (int li = 0; res->year == 0 && li < d->nlines && li < (table_line >= 0 ? table_line + 5 : 200); li++)
	{
		int			p,
					y,
					at;

		if (!line_text(d, li, &s, &len))
			continue;
		n = fold_line(s, len, cp, boff, AGY_CAP);
		if ((p = find_cps(cp, n, "12月31日", 0)) > 0 && (y = first_year(cp, p, p >= 6 ? p - 6 : 0, &at)) != 0)
		{
			res->year = y;
			addlog(x, SEV_INFO, "", "", 0, s, len, "year %d taken from the period of the statistics (line %d)", y, li + 1);
		}
		else if (find_cps(cp, n, "政府信息公开", 0) >= 0 && n <= 60 && (y = first_year(cp, n, 0, &at)) != 0)
		{
			res->year = y;
			addlog(x, SEV_WARNING, "", "", 0, s, len, "year %d guessed from line %d", y, li + 1);
		}
	}
	if (res->agency == NULL)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "agency not found in the title or the opening lines");
	if (res->year == 0)
		addlog(x, SEV_WARNING, "", "", 0, "", 0, "year not found in the title or the opening lines");
}

/* ------------------------------------------------------------------------
 * The parse
 * ------------------------------------------------------------------------ */

/* The window of printed rows to align: around the densest run of values. */
static void
choose_window(Ctx *x, int *w0, int *w1)
{
	int			bf = -1,
				bl = -1,
				bc = 0,
				cf = -1,
				cl = -1,
				cc = 0,
				gap = 0,		/* lines with rows since row cl */
				prevline = -1;

	for (int i = 0; i <= x->nrows; i++)
	{
		bool		end = i == x->nrows;

		/* a line of several rows (a header printed in pieces) counts once */
		if (!end && x->rows[i].line != prevline)
		{
			gap++;
			prevline = x->rows[i].line;
		}
		if (!end && x->rows[i].nfill == 0)
			continue;
		if (cf >= 0 && (end || gap > 40))
		{
			if (cc > bc)
			{
				bf = cf;
				bl = cl;
				bc = cc;
			}
			cf = -1;
		}
		if (end)
			break;
		if (cf < 0)
		{
			cf = i;
			cc = 0;
		}
		cl = i;
		cc++;
		gap = 0;
	}
	if (bc == 0)
	{
		*w0 = *w1 = 0;
		return;
	}
	*w0 = bf > 25 ? bf - 25 : 0;
	*w1 = bl + 4 < x->nrows ? bl + 4 : x->nrows;
	if (*w1 - *w0 > GI_PARSE_MAX_ROWS)
	{
		addlog(x, SEV_WARNING, "", "", 0, "", 0,
			   "the table has more than %d printed rows: only the first %d were read",
			   GI_PARSE_MAX_ROWS, GI_PARSE_MAX_ROWS);
		*w1 = *w0 + GI_PARSE_MAX_ROWS;
	}
}

/* All normalised labels of a template, '|'-separated, for "is this header text?" */
static const char *
template_label_text(const GiTemplate *t)
{
	static char *texts[MAX_TEMPLATES];
	static const GiTemplate *owners[MAX_TEMPLATES];
	int			slot = -1;
	size_t		cap = 0,
				o = 0;
	char	   *buf;
	char		tmp[LABEL_MAX_CP * 4 + 8];

	for (int i = 0; i < MAX_TEMPLATES; i++)
	{
		if (owners[i] == t)
			return texts[i];
		if (owners[i] == NULL && slot < 0)
			slot = i;
	}
	if (slot < 0)
		return NULL;
	for (int i = 0; i < t->nrows; i++)
		cap += strlen(t->rows[i].label_zh) + 2;
	for (int i = 0; i < t->ncolumns; i++)
		cap += strlen(t->columns[i].label_zh) + 2;
	cap += 200;
	buf = malloc(cap);
	if (buf == NULL)
		return NULL;
	o = 0;
	buf[o++] = '|';
	for (int i = 0; i < t->nrows + t->ncolumns; i++)
	{
		const char *l = i < t->nrows ? t->rows[i].label_zh : t->columns[i - t->nrows].label_zh;
		int			n = gi_parse_normalise_label(l, (int) strlen(l), tmp, (int) sizeof(tmp));

		if (o + (size_t) n + 2 >= cap)
			break;
		memcpy(buf + o, tmp, (size_t) n);
		o += (size_t) n;
		buf[o++] = '|';
	}
	{
		static const char extra[] = "统计指标|单位|统计数|信息内容|申请人情况|统计表|法人或其他组织小计|合计|";
		size_t		n = strlen(extra);

		if (o + n < cap)
		{
			memcpy(buf + o, extra, n);
			o += n;
		}
	}
	buf[o] = '\0';
	texts[slot] = buf;
	owners[slot] = t;
	return buf;
}

/* Choose the template: forced, or by distinctive labels (and alignments when tied). */
static const GiTemplate *
choose_template(Ctx *x, const GiParseOptions *opt, const GiTemplate *forced, int w0, int w1, Align *best)
{
	Detect		det;
	const GiTemplate *tries[3];
	int			ntries = 0,
				s14,
				s19,
				s21,
				bi = -1;
	Align		al[3];
	const GiTemplate *g14 = gi_template_by_name("gov2014"),
			   *g19 = gi_template_by_name("gov2019"),
			   *g21 = gi_template_by_name("gov2021");
	char		why[300];

	detect_keywords(x, w0, w1, &det);
	s14 = det.hits[0];
	s19 = det.hits[1] + det.hits[3];
	s21 = det.hits[2] + det.hits[3];
	why[0] = '\0';
	if (forced != NULL)
		tries[ntries++] = forced;
	else if ((s14 < 2 && s19 < 2 && s21 < 2) || g14 == NULL || g19 == NULL || g21 == NULL)
	{
		for (int i = 0; i < gi_ntemplates && ntries < 3; i++)
			tries[ntries++] = gi_templates[i];
	}
	else if (s14 > s19 && s14 > s21)
		tries[ntries++] = g14;
	else if (det.hits[2] > det.hits[1])
		tries[ntries++] = g21;
	else if (det.hits[1] > det.hits[2])
		tries[ntries++] = g19;
	else
	{
		tries[ntries++] = g19;
		tries[ntries++] = g21;
	}
	for (int i = 0; i < ntries; i++)
	{
		const TSlots *ts = template_slots(tries[i]);

		if (ts == NULL || !align(x, ts, w0, w1, &al[i]))
			return NULL;
		if (bi < 0 || al[i].nvalslots > al[bi].nvalslots ||
			(al[i].nvalslots == al[bi].nvalslots && al[i].score > al[bi].score))
			bi = i;
	}
	if (bi < 0)
		return NULL;
	/* gov2019 and gov2021 alike (no row tells them apart): the year decides */
	if (ntries == 2 && al[0].score == al[1].score && tries[0] == g19 && tries[1] == g21)
	{
		int			year = opt && opt->year ? opt->year : x->res->year;

		bi = (year != 0 && year < 2021) ? 0 : 1;
		addlog(x, SEV_WARNING, "", "", 0, "", 0,
			   "the table fits gov2019 and gov2021 alike (no row of table 二 and no sub-row of （六）其他处理): chose %s %s",
			   tries[bi]->name,
			   year ? (year < 2021 ? "because the report's year is before 2021" : "because the report's year is 2021 or later")
			   : "because the year is unknown and gov2021 is the layout in use");
	}
	*best = al[bi];
	if (forced != NULL)
		addlog(x, SEV_INFO, "", "", 0, "", 0, "template %s given", forced->name);
	else if (al[bi].nvalslots >= 3 && !x->nolog)
	{
		int			l = tries[bi] == g14 ? 0 : tries[bi] == g19 ? 1 : tries[bi] == g21 ? 2 : -1;
		int			o = 0;

		if (l >= 0)
		{
			for (int k = 0; k < det.hits[l] && k < 4; k++)
				o += snprintf(why + o, sizeof(why) - (size_t) o, "%s%s", o ? ", " : "", det.first[l][k]);
			if (o == 0 && l > 0)
				for (int k = 0; k < det.hits[3] && k < 3; k++)
					o += snprintf(why + o, sizeof(why) - (size_t) o, "%s%s", o ? ", " : "", det.first[3][k]);
		}
		utf8_clip(why);
		if (o > 0)
			addlog(x, SEV_INFO, "", "", 0, why, -1,
				   "template %s detected from the table's labels", tries[bi]->name);
		else
			addlog(x, SEV_INFO, "", "", 0, "", 0,
				   "template %s detected from the alignment of the table's rows (%d rows with values)",
				   tries[bi]->name, al[bi].nvalslots);
	}
	return tries[bi];
}

static void
map_values(Ctx *x, const GiTemplate *t, const Align *al, int w0)
{
	const TSlots *ts = al->ts;
	ColMap		cm;
	int			first_appl = -1,
				nsub_ok = 0;
	GroupVals  *gvs = arena_alloc(x->a, sizeof(GroupVals) * (size_t) ts->n);	/* (cleared when used) */

	if (gvs == NULL)
		return;
	for (int j = 0; j < ts->n; j++)
		if ((ts->s[j].kind == SLOT_APPL || ts->s[j].kind == SLOT_GROUP) && al->slot_row[j] >= 0)
		{
			first_appl = al->slot_row[j];
			break;
		}
	default_columns(t, &cm, false);
	if (first_appl >= 0)
		detect_columns(x, t, first_appl, w0, &cm);

	for (int j = 0; j < ts->n; j++)
	{
		const Slot *s = &ts->s[j];
		int			r0 = al->slot_row[j],
					w = al->slot_w[j],
					v[80],
					nv,
					ri;
		char		lab[400],
					raw[400];

		if (r0 < 0)
			continue;
		if (!x->nolog)
			for (int k = 0; k < w; k++)
				x->rows[r0 + k].consumed = true;	/* (for log_unmapped) */
		if (s->kind == SLOT_HEAD)
			continue;
		lab[0] = '\0';
		if (!x->nolog)
			row_label_raw(x, &x->rows[r0], lab, sizeof(lab));
		if (x->nolog)
			;
		else if (w == 1 && s->norm != NULL && x->rows[r0].norm != NULL &&
				 strcmp(s->norm, x->rows[r0].norm) != 0)
			addlog(x, SEV_INFO, t->rows[s->row].section, lab, -1, "", 0,
				   "label differs from the template's %s: mapped to %s by similarity and position",
				   t->rows[s->row].label_zh,
				   t->rows[s->row].code ? t->rows[s->row].code : t->rows[s->row].label_zh);
		if (w > 1 && !x->nolog)
		{
			char		more[300];

			row_label_raw(x, &x->rows[r0 + w - 1], more, sizeof(more));
			addlog(x, SEV_INFO, t->rows[s->row].section, lab, -1, more, -1,
				   "label printed over %d lines: joined and mapped to %s", w,
				   t->rows[s->row].code ? t->rows[s->row].code : t->rows[s->row].label_zh);
		}
		if (s->kind == SLOT_APPL || s->kind == SLOT_GROUP)
		{
			memset(&gvs[j], 0, sizeof(GroupVals));
			assign_applicant_row(x, t, s, r0, w, &cm, &gvs[j], &nsub_ok);
			continue;
		}
		nv = row_values(x, r0, w, s->k, v, 80, &ri);
		if (nv == 0)
			continue;
		nv = fit_values(x, ri, t->rows[s->row].section, lab, v, nv, s->k, 80, -1);
		if (s->kind == SLOT_T4 && nv < s->k && (nv = split_digit_runs(x, v, nv, s->k, 80)) == s->k &&
			!x->nolog)
		{
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_WARNING, t->rows[s->row].section, lab, -1, raw, -1,
				   "digits run together in narrow columns: read as one value a digit, the only way to make %d",
				   s->k);
		}
		if (nv == s->k)
		{
			uint8_t		hint = x->rows[ri].unit;

			/* a unit stated in the sub-table's header (采购总金额（元）, （单位：万元）) */
			for (int q = 0; q < s->k; q++)
			{
				const GiRow *gr = &t->rows[s->row + (s->kind == SLOT_T4 || s->kind == SLOT_CELL ? q : 0)];

				if (gr->scale > 1 && hint != UNIT_YUAN && hint != UNIT_WAN)
				{
					/*
					 * The header rows above, read in printed order as one
					 * text: a header wrapped in its column (采购总金额（单 /
					 * 位：万 / 元）) states its unit across rows.
					 */
					char		hl[1200];
					int			top = r0,
								hn = 0,
								need = 0;

					/* (as many rows up as the text holds whole: the nearest count most) */
					for (int k = 0; k < x->rows[r0].nlab; k++)
						need += x->d->cells[x->rows[r0].lab[k]].len + 1;
					while (top - 1 >= w0 && top - 1 >= r0 - 6 && x->rows[top - 1].nfill == 0)
					{
						const PRow *hr = &x->rows[top - 1];
						int			more = 1;

						for (int k = 0; k < hr->nlab; k++)
							more += x->d->cells[hr->lab[k]].len + 1;
						if (need + more >= (int) sizeof(hl) - 4)
							break;
						need += more;
						top--;
					}
					/* and the row's own label, which may hold the header's last line (元）) */
					for (int b = top; b <= r0 && hn < (int) sizeof(hl) - 2; b++)
					{
						if (hn > 0)
							hl[hn++] = ' ';
						hn += row_label_raw(x, &x->rows[b], hl + hn, (int) sizeof(hl) - hn);
					}
					{
						uint8_t		u = money_unit_in(hl, hn);

						if (u != UNIT_NONE)
							hint = u;
					}
				}
			}
			for (int q = 0; q < s->k; q++)
				store(x, t, slot_code(t, s, q), v[q], hint);
		}
		else if (s->k == 1)
		{
			int			q0 = -1;

			for (int q = 0; q < nv; q++)
				if (v[q] >= 0 && x->d->cells[v[q]].cls != CELL_EMPTY)
				{
					q0 = q;
					break;
				}
			if (q0 >= 0)
				store(x, t, slot_code(t, s, 0), v[q0], x->rows[ri].unit);
			if (x->nolog)
				continue;
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_WARNING, t->rows[s->row].section, lab, -1, raw, -1,
				   "row has %d values where %s has one: stored the first, the others are not stored",
				   nv, t->rows[s->row].code);
		}
		else if (!x->nolog)
		{
			row_values_raw(x, &x->rows[ri], raw, sizeof(raw));
			addlog(x, SEV_ERROR, t->rows[s->row].section, lab, -1, raw, -1,
				   s->kind == SLOT_T4 ?
				   "table 四 has %d values where 15 are expected: not stored" :
				   "row has %d values where %d are expected: not stored", nv, s->k);
		}
	}
	/* printed subtotal rows, after their parts */
	for (int j = 0; j < ts->n; j++)
	{
		bool		any = false;
		char		lab[400];

		if (ts->s[j].kind != SLOT_GROUP || al->slot_row[j] < 0)
			continue;
		for (int c = 0; c < ts->s[j].k; c++)
			if (gvs[j].present[c] && gvs[j].ci[c] >= 0 &&
				x->d->cells[gvs[j].ci[c]].cls != CELL_EMPTY)
				any = true;
		if (!any)
			continue;
		lab[0] = '\0';
		if (!x->nolog)
			row_label_raw(x, &x->rows[al->slot_row[j]], lab, sizeof(lab));
		check_group(x, t, &ts->s[j], &gvs[j], lab);
	}
	if (nsub_ok > 0)
		addlog(x, SEV_INFO, "三", "法人或其他组织小计", -1, "", 0,
			   "the 法人或其他组织小计 column matches its five columns in %d rows: not stored (it is derived)",
			   nsub_ok);
}

/* Whether s holds an ASCII or a full-width digit. */
static bool
has_digit(const char *s, int len)
{
	const unsigned char *u = (const unsigned char *) s;

	for (int i = 0; i < len; i++)
		if ((u[i] >= '0' && u[i] <= '9') ||
			(u[i] == 0xEF && i + 2 < len && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99))
			return true;
	return false;
}

/* Rows inside the table that were not mapped; prose lines in it; cells never found. */
static void
log_unmapped(Ctx *x, const GiTemplate *t, const Align *al, int w0, int w1, int *ext0, int *ext1)
{
	int			a = -1,
				b = -1;
	const char *known = template_label_text(t);
	char		lab[400],
				raw[400];

	for (int i = w0; i < w1; i++)
		if (x->rows[i].consumed && x->rows[i].nfill > 0)
		{
			if (a < 0)
				a = i;
			b = i;
		}
	*ext0 = a;
	*ext1 = b;
	if (a < 0)
		return;
	/* extend over neighbouring rows with values (local rows at the table's ends) */
	for (int k = b + 1; k < w1 && k <= b + 6 && x->rows[k].line - x->rows[k - 1].lastline <= 4; k++)
		if (x->rows[k].nfill > 0)
			b = k;
	for (int k = a - 1; k >= w0 && x->rows[k].nfill > 0 && x->rows[k + 1].line - x->rows[k].lastline <= 4; k--)
		a = k;
	*ext0 = a;
	*ext1 = b;
	for (int i = a; i <= b; i++)
	{
		PRow	   *r = &x->rows[i];

		if (r->consumed)
			continue;
		row_label_raw(x, r, lab, sizeof(lab));
		if (r->nfill > 0)
		{
			row_values_raw(x, r, raw, sizeof(raw));
			addlog(x, SEV_WARNING, "", lab, -1, raw, -1,
				   r->nlab > 0 ?
				   "row not mapped to any cell of %s: its values are not stored" :
				   "values without a label, not mapped to any cell of %s: not stored", t->name);
		}
		else if (r->nlab > 0 && r->ncp > 0 && r->norm != NULL)
		{
			char		probe[LABEL_MAX_CP * 4 + 4];

			snprintf(probe, sizeof(probe), "%s", r->norm);
			if (known != NULL && strstr(known, probe) != NULL)
				continue;		/* header text: a column name, a fragment of a label */
			addlog(x, SEV_INFO, "", lab, -1, "", 0, "text in the table not mapped to any row of %s", t->name);
		}
	}
	/*
	 * Lines inside the table read as sentences: said when they hold figures
	 * and do not end as a sentence does (。), as a row taken for one would.
	 */
	for (int li = x->rows[a].line; li <= x->rows[b].lastline && li < x->d->nlines; li++)
	{
		const Line *l = &x->d->lines[li];
		const char *lt = x->d->text + l->off;
		int			n = l->len;

		while (n > 0 && (lt[n - 1] == ' ' || lt[n - 1] == '\t'))
			n--;
		if ((l->flags & LF_PROSE) && has_digit(lt, n) &&
			!(n >= 3 && memcmp(lt + n - 3, "。", 3) == 0))
			addlog(x, SEV_WARNING, "", "", 0, x->d->text + l->off, l->len,
				   "a line inside the table was read as a sentence: its figures are not stored");
	}
	/* cells whose row was never found */
	{
		char		list[600];
		int			o = 0,
					cnt = 0,
					named = 0;

		list[0] = '\0';
		for (int j = 0; j < al->ts->n; j++)
		{
			const Slot *s = &al->ts->s[j];

			if (al->slot_row[j] >= 0 || s->kind == SLOT_HEAD || s->kind == SLOT_GROUP)
				continue;
			for (int q = 0; q < s->k; q++)
			{
				int			code = slot_code(t, s, q),
							pos = t->codes[code].pos;

				if (pos < 0 || !x->res->nulls[pos])
					continue;
				cnt++;
				if (s->kind == SLOT_APPL && t->codes[code].column >= 0 &&
					strcmp(t->columns[t->codes[code].column].name, "total") != 0)
					continue;	/* one name per row of table 三 */
				if (++named <= 6)
					o += snprintf(list + o, sizeof(list) - (size_t) o, "%s%s", o ? ", " : "", t->codes[code].code);
			}
		}
		if (named > 6 && o < (int) sizeof(list) - 8)
			snprintf(list + o, sizeof(list) - (size_t) o, ", …");
		utf8_clip(list);
		if (cnt > 0)
			addlog(x, SEV_INFO, "", "", 0, list, -1,
				   "%d cell%s of %s not found in the text: left NULL", cnt, cnt == 1 ? "" : "s", t->name);
	}
}

GiParseResult *
gi_parse_ex(const char *content, size_t len, const GiParseOptions *opt)
{
	GiParseResult *res = calloc(1, sizeof(GiParseResult));
	Doc		   *d;
	Ctx			x;
	const GiTemplate *forced = NULL,
			   *t;
	bool		escaped,
				input_truncated = false;
	int			w0,
				w1,
				ext0,
				ext1,
				ntext = 0;
	Align		al;

	if (res == NULL)
		return NULL;
	d = calloc(1, sizeof(Doc));
	if (d == NULL)
	{
		free(res);
		return NULL;
	}
	res->doc = d;
	d->arena.limit = GI_PARSE_MEM_LIMIT;
	for (int i = 0; i < GI_MAX_CELLS; i++)
		res->nulls[i] = true;
	memset(&x, 0, sizeof(x));
	x.d = d;
	x.a = &d->arena;
	x.res = res;
	x.nolog = opt != NULL && opt->values_only;
	if (content == NULL)
	{
		content = "";
		len = 0;
	}
	if (len > GI_PARSE_MAX_INPUT)
	{
		len = GI_PARSE_MAX_INPUT;
		input_truncated = true;
	}
	if (opt != NULL && opt->template_name != NULL)
	{
		forced = gi_template_by_name(opt->template_name);
		if (forced == NULL)
		{
			res->status = GI_PARSE_BAD_TEMPLATE;
			addlog(&x, SEV_ERROR, "", "", 0, opt->template_name, -1, "unknown template");
			return res;
		}
	}
	if (template_slots(gi_templates[0]) == NULL ||
		(x.seen = arena_alloc(&d->arena, sizeof(uint64_t) * (size_t) (fdict_words + 1))) == NULL)
	{
		res->status = GI_PARSE_NO_MEMORY;
		return res;
	}
	memset(x.seen, 0, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	build_known_labels();
	if (input_truncated)
		addlog(&x, SEV_WARNING, "", "", 0, "", 0,
			   "input longer than %d bytes: only the first %d were read", GI_PARSE_MAX_INPUT, GI_PARSE_MAX_INPUT);

	/* 1. decode */
	if (looks_html(content, len, &escaped))
	{
		d->html = true;
		if (escaped)
		{
			size_t		ulen = 0;
			char	   *u = unescape_entities(&d->arena, content, len, &ulen);

			if (u != NULL)
				decode_html(d, u, ulen);
			addlog(&x, SEV_INFO, "", "", 0, "", 0, "HTML escaped as text: unescaped and read as HTML");
		}
		else
			decode_html(d, content, len);
	}
	else
		decode_text(d, (const unsigned char *) content, len);
	for (int li = 0; li < d->nlines && !d->arena.failed; li++)
		if (!(d->lines[li].flags & LF_SPLIT))
			split_line(d, li);
	if (d->truncated)
		addlog(&x, SEV_WARNING, "", "", 0, "", 0,
			   "too many lines or cells: the text was read up to line %d", d->nlines);

	/* 2. cells (a sentence is text: it is never folded) */
	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];

		for (int k = 0; k < l->nc; k++)
		{
			Cell	   *c = &d->cells[l->c0 + k];

			if ((l->flags & LF_PROSE) || c->len > 120)
				c->cls = CELL_TEXT;
			else
			{
				classify_cell(d, c);
				ntext += c->cls == CELL_TEXT;
			}
		}
	}
	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];
		int			nonempty = 0,
					last = -1;

		if (!(l->flags & LF_HTMLROW))
			continue;
		for (int k = 0; k < l->nc; k++)
			if (d->cells[l->c0 + k].cls != CELL_EMPTY)
			{
				nonempty++;
				last = l->c0 + k;
			}
		if (nonempty == 1 && d->cells[last].cls == CELL_TEXT &&
			is_prose(d->text + d->cells[last].off, d->cells[last].len, true))
			l->flags |= LF_PROSE;
	}

	/* 3. printed rows (about one a label: room for them at once, within reason) */
	if (!GROW(&d->arena, x.rows, x.rowcap, (ntext < 1024 ? ntext : 1024) + 16))
		goto nomem;
	build_rows(&x);
	if (d->arena.failed)
		goto nomem;

	/* 4. where the table is, and which template */
	choose_window(&x, &w0, &w1);
	for (int i = w0; i < w1; i++)
		if (!norm_row(&x, &x.rows[i]))
			goto nomem;
	if (w1 > w0)
	{
		t = choose_template(&x, opt, forced, w0, w1, &al);
		if (t == NULL)
			goto nomem;
	}
	else
		t = NULL;
	if (t == NULL || al.nvalslots < 3)
	{
		res->status = GI_PARSE_NO_TABLE;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text (%d line%s read)"
			   : "no statistical table found in the text%s (%d line%s read)",
			   forced ? forced->name : "", d->nlines, d->nlines == 1 ? "" : "s");
		return res;
	}
	res->template = t;
	res->ncells = t->ncells;

	/* 5. the agency and the year, before the table's first mapped row */
	{
		int			first = -1;

		for (int j = 0; j < al.ts->n; j++)
			if (al.slot_row[j] >= 0 && (first < 0 || al.slot_row[j] < first))
				first = al.slot_row[j];
		find_agency_year(&x, first >= 0 ? x.rows[first].line : -1);
	}

	/* 6. values */
	map_values(&x, t, &al, w0);
	if (x.nolog)
		ext0 = ext1 = -1;		/* neither the log nor the table's extent is wanted */
	else
		log_unmapped(&x, t, &al, w0, w1, &ext0, &ext1);
	if (d->arena.failed)
		goto nomem;
	if (x.nread < 3)
	{
		/* rows matched, but (almost) nothing could be read from them */
		res->status = GI_PARSE_NO_TABLE;
		res->template = NULL;
		res->ncells = 0;
		res->nmapped = 0;
		for (int i = 0; i < GI_MAX_CELLS; i++)
			res->nulls[i] = true;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text: %d value%s could be read from the rows that matched"
			   : "no statistical table found in the text: %s%d value%s could be read from the rows that matched",
			   forced ? forced->name : "", x.nread, x.nread == 1 ? "" : "s");
		return res;
	}
	if (ext0 >= 0)
		for (int li = x.rows[ext0].line; li <= x.rows[ext1].lastline && li < d->nlines; li++)
			d->lines[li].flags |= LF_TABLE;
	res->status = GI_PARSE_OK;
	return res;

nomem:
	res->status = GI_PARSE_NO_MEMORY;
	res->template = NULL;
	return res;
}

GiParseResult *
gi_parse(const char *content, size_t len, const char *template_hint)
{
	GiParseOptions opt;

	memset(&opt, 0, sizeof(opt));
	opt.template_name = template_hint;
	return gi_parse_ex(content, len, &opt);
}

void
gi_parse_free(GiParseResult *res)
{
	if (res == NULL)
		return;
	if (res->doc != NULL)
	{
		arena_free(&res->doc->arena);
		free(res->doc);
	}
	free(res);
}

const char *
gi_parse_status_message(GiParseStatus status)
{
	switch (status)
	{
		case GI_PARSE_OK:
			return "ok";
		case GI_PARSE_NO_TABLE:
			return "no statistical table found";
		case GI_PARSE_BAD_TEMPLATE:
			return "unknown template";
		case GI_PARSE_NO_MEMORY:
			return "out of memory";
	}
	return "unknown status";
}

int
gi_parse_nlines(const GiParseResult *res)
{
	return res && res->doc ? res->doc->nlines : 0;
}

bool
gi_parse_line(const GiParseResult *res, int i, const char **text, int *len, bool *in_table)
{
	const Doc  *d;

	if (res == NULL || res->doc == NULL || i < 0 || i >= res->doc->nlines)
		return false;
	d = res->doc;
	*text = d->text + d->lines[i].off;
	*len = d->lines[i].len;
	*in_table = (d->lines[i].flags & LF_TABLE) != 0;
	return true;
}
