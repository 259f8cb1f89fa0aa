/* SPDX-License-Identifier: MIT */
/*
 * tools/scenario.c - the words of the scenario language: the lexer and
 * the parser of every kind of argument (SCENARIO.md "Lexical rules").
 *
 * Nothing here knows what a command does (commands.c) or runs a line
 * (interp.c).  What lives here is every rule about words that is the
 * same for all commands, so that it is written and tested once:
 *
 *	- lexical rules: `#` comments, blank lines, words split on blanks;
 *	- numbers: decimal or 0x hex, K/M/G only where SCENARIO.md allows;
 *	- PROT, FLAGS, ADVICE, mremap options, GFP, SLAB_ flags, EL,
 *	  access;
 *	- task, handle and file names.
 *
 * The tool is single-threaded: the parsers' reasons may live in one
 * static buffer.
 */
#include "scenario.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include <mmsim/mmsim.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Reasons that must name a word are formatted here (see the banner). */
static char why_buf[160];

static const char *why_fmt(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static const char *why_fmt(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof(why_buf), fmt, ap);
	va_end(ap);
	return why_buf;
}

static int fail(const char **why, const char *reason, int err)
{
	if (why)
		*why = reason;
	return err;
}

/* The same, for the predicates that answer true or false. */
static bool refuse(const char **why, const char *reason)
{
	fail(why, reason, -EINVAL);
	return false;
}

/* ---- Lexer -------------------------------------------------------------- */

static bool is_blank(char c)
{
	/* \r and \n too, so that CRLF files and unstripped lines work. */
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Split @text in place into words: a `#` ends the line, blanks separate
 * words.  Returns the number of words (0 for a blank or comment line);
 * words past SCN_MAX_WORDS are counted but not stored.
 */
int scn_split(char *text, unsigned long lineno, struct scn_line *line)
{
	char *p = text;

	line->lineno = lineno;
	line->nr_words = 0;
	for (;;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (line->nr_words < SCN_MAX_WORDS)
			line->word[line->nr_words] = p;
		line->nr_words++;
		while (*p && !is_blank(*p) && *p != '#')
			p++;
		if (*p == '#') {
			*p = '\0';
			break;
		}
		if (*p)
			*p++ = '\0';
	}
	return line->nr_words;
}

/* ---- Numbers ------------------------------------------------------------ */

static int digit_value(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'K':
		return 10;
	case 'M':
		return 20;
	case 'G':
		return 30;
	}
	return 0;
}

/*
 * Parse a number: decimal, or hex after "0x" (digits in either case),
 * then, with SCN_NUM_SUFFIX, an optional K, M or G (powers of 1024).
 * Returns 0, -EINVAL (not a number, or a suffix where none is allowed)
 * or -ERANGE (larger than @max).
 */
int scn_parse_number(const char *s, unsigned int flags, unsigned long max,
		     unsigned long *out, const char **why)
{
	unsigned int base = 10, shift;
	unsigned long v = 0;
	const char *p = s;
	int d;

	if (p[0] == '0' && p[1] == 'x') {
		base = 16;
		p += 2;
	}
	if (digit_value(*p, base) < 0)
		return fail(why, "not a number", -EINVAL);
	for (; (d = digit_value(*p, base)) >= 0; p++) {
		if (v > (ULONG_MAX - d) / base)
			return fail(why, "too large", -ERANGE);
		v = v * base + d;
	}
	shift = suffix_shift(*p);
	if (shift) {
		if (!(flags & SCN_NUM_SUFFIX))
			return fail(why, "K/M/G suffix not allowed here",
				    -EINVAL);
		if (v > (ULONG_MAX >> shift))
			return fail(why, "too large", -ERANGE);
		v <<= shift;
		p++;
	} else if (*p == 'k' || *p == 'm' || *p == 'g') {
		return fail(why, "suffixes are upper case: K, M, G", -EINVAL);
	}
	if (*p)
		return fail(why, "not a number", -EINVAL);
	if (v > max)
		return fail(why, why_fmt("larger than %lu", max), -ERANGE);
	*out = v;
	return 0;
}

/* ---- Words with fixed spellings ----------------------------------------- */

struct word_bits {
	const char *word;
	unsigned int bits;
};

/* clang-format off */
static const struct word_bits map_flag_words[] = {
	{ "private",	SCN_MAP_PRIVATE },
	{ "shared",	SCN_MAP_SHARED },
	{ "anon",	SCN_MAP_ANONYMOUS },
	{ "fixed",	SCN_MAP_FIXED },
	{ "noreplace",	SCN_MAP_FIXED_NOREPLACE },
	{ "populate",	SCN_MAP_POPULATE },
	{ "noreserve",	SCN_MAP_NORESERVE },
	{ "growsdown",	SCN_MAP_GROWSDOWN },
};

static const struct word_bits advice_words[] = {
	{ "dontneed",	SCN_MADV_DONTNEED },
	{ "free",	SCN_MADV_FREE },
	{ "willneed",	SCN_MADV_WILLNEED },
	{ "cold",	SCN_MADV_COLD },
	{ "pageout",	SCN_MADV_PAGEOUT },
};

static const struct word_bits access_words[] = {
	{ "r",		SCN_ACCESS_R },
	{ "w",		SCN_ACCESS_W },
	{ "x",		SCN_ACCESS_X },
};

static const struct word_bits el_words[] = {
	{ "el0",	0 },
	{ "el1",	1 },
};
/* clang-format on */

static const struct word_bits *lookup_word(const struct word_bits *tab,
					   size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(tab[i].word) == len && !strncmp(tab[i].word, s, len))
			return &tab[i];
	return NULL;
}

/* PROT: `none`, or a non-empty subsequence of "rwx" ("r", "rw", "wx"). */
int scn_parse_prot(const char *s, unsigned int *prot, const char **why)
{
	static const char order[] = "rwx";
	static const char *const reason =
		"PROT is none or r, w, x in that order";
	unsigned int bits = 0, next = 0;
	const char *p, *pos;

	if (!strcmp(s, "none")) {
		*prot = SCN_PROT_NONE;
		return 0;
	}
	for (p = s; *p; p++) {
		pos = strchr(order, *p);
		if (!pos || (unsigned int)(pos - order) < next)
			return fail(why, reason, -EINVAL);
		next = pos - order + 1;
		bits |= 1u << (pos - order);	/* PROT_READ, _WRITE, _EXEC */
	}
	if (!bits)
		return fail(why, reason, -EINVAL);
	*prot = bits;
	return 0;
}

/*
 * A list of words of @tab joined by @sep into *@bits: none empty, none
 * unknown ("unknown <what> 'X'"), none twice.
 */
static int parse_word_list(const char *s, char sep,
			   const struct word_bits *tab, size_t n,
			   const char *what, unsigned int *bits,
			   const char **why)
{
	const struct word_bits *w;
	const char *p = s, *end;

	*bits = 0;
	for (;;) {
		end = strchr(p, sep);
		if (!end)
			end = p + strlen(p);
		if (end == p)
			return fail(why, "empty flag", -EINVAL);
		w = lookup_word(tab, n, p, end - p);
		if (!w)
			return fail(why, why_fmt("unknown %s '%.*s'", what,
						 (int)(end - p), p), -EINVAL);
		if (*bits & w->bits)
			return fail(why, why_fmt("flag '%s' given twice",
						 w->word), -EINVAL);
		*bits |= w->bits;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/*
 * FLAGS: a comma-separated list of map_flag_words[], none empty, none
 * twice, exactly one of private and shared.
 */
int scn_parse_map_flags(const char *s, unsigned int *flags, const char **why)
{
	unsigned int bits, type;
	int err;

	err = parse_word_list(s, ',', map_flag_words,
			      ARRAY_SIZE(map_flag_words), "flag", &bits, why);
	if (err)
		return err;
	type = bits & (SCN_MAP_PRIVATE | SCN_MAP_SHARED);
	if (type != SCN_MAP_PRIVATE && type != SCN_MAP_SHARED)
		return fail(why, "needs exactly one of private and shared",
			    -EINVAL);
	*flags = bits;
	return 0;
}

static int parse_one_of(const struct word_bits *tab, size_t n, const char *s,
			unsigned int *bits, const char **why,
			const char *reason)
{
	const struct word_bits *w = lookup_word(tab, n, s, strlen(s));

	if (!w)
		return fail(why, reason, -EINVAL);
	*bits = w->bits;
	return 0;
}

int scn_parse_advice(const char *s, unsigned int *advice, const char **why)
{
	static const char *const reason =
		"expected dontneed, free, willneed, cold or pageout";

	return parse_one_of(advice_words, ARRAY_SIZE(advice_words), s, advice,
			    why, reason);
}

int scn_parse_access(const char *s, unsigned int *access, const char **why)
{
	return parse_one_of(access_words, ARRAY_SIZE(access_words), s, access,
			    why, "expected r, w or x");
}

int scn_parse_el(const char *s, unsigned int *el, const char **why)
{
	return parse_one_of(el_words, ARRAY_SIZE(el_words), s, el, why,
			    "expected el0 or el1");
}

/* mremap options: `maymove`, or `fixed=NEW` with NEW an address. */
int scn_parse_mremap_opt(const char *s, unsigned int *opt,
			 unsigned long *new_addr, const char **why)
{
	if (!strcmp(s, "maymove")) {
		*opt = SCN_MREMAP_MAYMOVE;
		*new_addr = 0;
		return 0;
	}
	if (!strncmp(s, "fixed=", 6)) {
		if (scn_parse_number(s + 6, 0, ULONG_MAX, new_addr, why))
			return -EINVAL;
		*opt = SCN_MREMAP_FIXED;
		return 0;
	}
	return fail(why, "expected maymove or fixed=NEW", -EINVAL);
}

/* GFP: whatever the library's parser accepts (names joined by '|'). */
int scn_parse_gfp(const char *s, unsigned int *gfp, const char **why)
{
	mmsim_gfp_t v;

	if (mmsim_gfp_parse(s, &v) < 0) {
		const char *msg = mmsim_strerror();

		return fail(why, why_fmt("%s", msg && *msg ? msg :
					 "unknown GFP flag"), -EINVAL);
	}
	*gfp = v;
	return 0;
}

/*
 * The flags a caller may pass to kmem_cache_create(), spelled as
 * include/linux/slab.h spells them.  SLAB_KMALLOC is left out: it is the
 * kernel's own mark on the kmalloc caches, not a request.
 */
/* clang-format off */
static const struct word_bits slab_flag_words[] = {
	{ "SLAB_CONSISTENCY_CHECKS",	MMSIM_SLAB_CONSISTENCY_CHECKS },
	{ "SLAB_RED_ZONE",		MMSIM_SLAB_RED_ZONE },
	{ "SLAB_POISON",		MMSIM_SLAB_POISON },
	{ "SLAB_HWCACHE_ALIGN",		MMSIM_SLAB_HWCACHE_ALIGN },
	{ "SLAB_CACHE_DMA",		MMSIM_SLAB_CACHE_DMA },
	{ "SLAB_CACHE_DMA32",		MMSIM_SLAB_CACHE_DMA32 },
	{ "SLAB_STORE_USER",		MMSIM_SLAB_STORE_USER },
	{ "SLAB_RECLAIM_ACCOUNT",	MMSIM_SLAB_RECLAIM_ACCOUNT },
	{ "SLAB_PANIC",			MMSIM_SLAB_PANIC },
	{ "SLAB_TYPESAFE_BY_RCU",	MMSIM_SLAB_TYPESAFE_BY_RCU },
	{ "SLAB_TRACE",			MMSIM_SLAB_TRACE },
	{ "SLAB_NO_MERGE",		MMSIM_SLAB_NO_MERGE },
	{ "SLAB_ACCOUNT",		MMSIM_SLAB_ACCOUNT },
};
/* clang-format on */

/*
 * SLAB flags (the FLAGS of `cache`): slab_flag_words[] joined by '|',
 * none empty, none twice.
 */
int scn_parse_slab_flags(const char *s, unsigned int *flags, const char **why)
{
	unsigned int bits;
	int err;

	err = parse_word_list(s, '|', slab_flag_words,
			      ARRAY_SIZE(slab_flag_words), "SLAB flag", &bits,
			      why);
	if (err)
		return err;
	*flags = bits;
	return 0;
}

/* ---- Names -------------------------------------------------------------- */

static bool is_ident_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Handle names: [A-Za-z_][A-Za-z0-9_]*, at most SCN_NAME_MAX characters. */
bool scn_valid_handle_name(const char *s, const char **why)
{
	const char *p;

	if (!is_ident_start(*s))
		return refuse(why, "names are [A-Za-z_][A-Za-z0-9_]*");
	for (p = s; *p; p++)
		if (!is_ident(*p))
			return refuse(why, "names are [A-Za-z_][A-Za-z0-9_]*");
	if (p - s > SCN_NAME_MAX)
		return refuse(why, why_fmt("longer than %d characters",
					   SCN_NAME_MAX));
	return true;
}

/*
 * Task names: as handle names, but not `kernel`: walk, at and dump use
 * that word for the kernel's address space, so a task of that name could
 * not be named there.
 */
bool scn_valid_task_name(const char *s, const char **why)
{
	if (!scn_valid_handle_name(s, why))
		return false;
	if (!strcmp(s, "kernel"))
		return refuse(why, "'kernel' names the kernel's address space");
	return true;
}

/* File and cache names: [A-Za-z0-9_.-]+, at most SCN_NAME_MAX long. */
bool scn_valid_name(const char *s, const char **why)
{
	const char *p;

	for (p = s; *p; p++)
		if (!is_ident(*p) && *p != '.' && *p != '-')
			return refuse(why, "names are [A-Za-z0-9_.-]+");
	if (p == s)
		return refuse(why, "empty name");
	if (p - s > SCN_NAME_MAX)
		return refuse(why, why_fmt("longer than %d characters",
					   SCN_NAME_MAX));
	return true;
}
