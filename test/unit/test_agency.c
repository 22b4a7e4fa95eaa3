/*
 * test_agency.c
 *	  The key agency names are matched on (src/core/agency_name.c).
 */
#include <string.h>

#include "agency_name.h"
#include "unit.h"

static bool
key_is(const char *name, const char *expected)
{
	char		out[GI_AGENCY_KEY_BUFLEN(256)];
	size_t		len = strlen(name);

	if (len > 256)
		return false;
	gi_agency_name_key(name, len, out);
	if (strcmp(out, expected) != 0)
	{
		fprintf(stderr, "key of \"%s\" is \"%s\", expected \"%s\"\n", name, out, expected);
		return false;
	}
	return true;
}

void
test_agency(void)
{
	char		out[GI_AGENCY_KEY_BUFLEN(4)];

	CHECK(key_is("洪泽区人民政府", "洪泽区人民政府"), "simplified name unchanged");
	CHECK(key_is(" 洪泽区 人民政府\u3000", "洪泽区人民政府"), "spaces, ideographic too, removed");
	CHECK(key_is("洪澤區人民政府", "洪泽区人民政府"), "traditional folded to simplified");
	CHECK(key_is("国家税务总局（本级）", "国家税务总局本级"), "full-width brackets removed, content kept");
	CHECK(key_is("【某局】〔2021〕《办》", "某局2021办"), "other brackets removed");
	CHECK(key_is("ＡＢＣ市２号局", "abc市2号局"), "full-width letters and digits to lower-case ASCII");
	CHECK(key_is("臺灣省廣東縣衛生健康委員會", "台湾省广东县卫生健康委员会"),
		  "place and agency characters beyond the parser's table folded");
	CHECK(key_is("", ""), "empty name, empty key");
	/* invalid UTF-8: U+FFFD, within the documented buffer */
	CHECK(gi_agency_name_key("\xff\xfe", 2, out) == 6 && strcmp(out, "\xef\xbf\xbd\xef\xbf\xbd") == 0,
		  "invalid bytes become U+FFFD");
}
