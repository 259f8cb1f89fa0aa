/* SPDX-License-Identifier: MIT */
/*
 * tools/test-scenario.c - unit tests of the scenario language (lexer,
 * argument parsers, name tables, command table, driver).  No machine is
 * booted: every line tested here fails, or succeeds, before a command
 * would need one.  The golden tests in tests/scenarios/ run whole scripts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- Lexer -------------------------------------------------------------- */

static int split(const char *text, struct scn_line *line, char *buf,
		 size_t size)
{
	snprintf(buf, size, "%s", text);
	return scn_split(buf, 7, line);
}

static void test_split_words(void **state)
{
	struct scn_line line;
	char buf[256];

	assert_int_equal(split("alloc\tA  3 GFP_KERNEL\n", &line, buf,
			       sizeof(buf)), 4);
	assert_int_equal(line.lineno, 7);
	assert_string_equal(line.word[0], "alloc");
	assert_string_equal(line.word[1], "A");
	assert_string_equal(line.word[2], "3");
	assert_string_equal(line.word[3], "GFP_KERNEL");
}

static void test_split_comments_and_blanks(void **state)
{
	struct scn_line line;
	char buf[256];

	assert_int_equal(split("", &line, buf, sizeof(buf)), 0);
	assert_int_equal(split(" \t \r\n", &line, buf, sizeof(buf)), 0);
	assert_int_equal(split("# a comment", &line, buf, sizeof(buf)), 0);
	assert_int_equal(split("   # indented", &line, buf, sizeof(buf)), 0);
	assert_int_equal(split("free A # why", &line, buf, sizeof(buf)), 2);
	assert_string_equal(line.word[1], "A");
	/* a # glued to a word ends the word and the line */
	assert_int_equal(split("free A#B C", &line, buf, sizeof(buf)), 2);
	assert_string_equal(line.word[1], "A");
	/* CRLF line ends */
	assert_int_equal(split("free A\r\n", &line, buf, sizeof(buf)), 2);
	assert_string_equal(line.word[1], "A");
}

static void test_split_too_many_words(void **state)
{
	struct scn_line line;
	char buf[1024];
	size_t len = 0;
	int i;

	for (i = 0; i < SCN_MAX_WORDS + 10; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "w%d ", i);
	assert_int_equal(scn_split(buf, 1, &line), SCN_MAX_WORDS + 10);
	assert_string_equal(line.word[SCN_MAX_WORDS - 1], "w31");
}

/* ---- Numbers ------------------------------------------------------------ */

struct number_case {
	const char *s;
	unsigned int flags;
	unsigned long max;
	int ret;
	unsigned long val;
};

/* clang-format off */
#define S	SCN_NUM_SUFFIX
#define MAX	ULONG_MAX

static const struct number_case number_cases[] = {
	{ "0",			0, MAX, 0,	0 },
	{ "42",			0, MAX, 0,	42 },
	{ "007",		0, MAX, 0,	7 },	/* decimal, not octal */
	{ "0x10",		0, MAX, 0,	16 },
	{ "0xdeadBEEF",		0, MAX, 0,	0xdeadbeef },
	{ "0xffffffffffffffff",	0, MAX, 0,	ULONG_MAX },
	{ "18446744073709551615", 0, MAX, 0,	ULONG_MAX },
	{ "18446744073709551616", 0, MAX, -ERANGE, 0 },
	{ "0x10000000000000000", 0, MAX, -ERANGE, 0 },
	{ "4K",			S, MAX, 0,	4096 },
	{ "16M",		S, MAX, 0,	16ul << 20 },
	{ "2G",			S, MAX, 0,	2ul << 30 },
	{ "0x10K",		S, MAX, 0,	16ul << 10 },
	{ "0K",			S, MAX, 0,	0 },
	{ "4K",			0, MAX, -EINVAL, 0 },	/* addresses, BYTE */
	{ "4k",			S, MAX, -EINVAL, 0 },	/* upper case only */
	{ "4KB",		S, MAX, -EINVAL, 0 },
	{ "4T",			S, MAX, -EINVAL, 0 },
	{ "17179869184G",	S, MAX, -ERANGE, 0 },
	{ "255",		0, 255,	0,	255 },
	{ "256",		0, 255,	-ERANGE, 0 },
	{ "0xff",		0, 255,	0,	255 },
	{ "",			0, MAX, -EINVAL, 0 },
	{ "x",			0, MAX, -EINVAL, 0 },
	{ "0x",			0, MAX, -EINVAL, 0 },
	{ "0X10",		0, MAX, -EINVAL, 0 },
	{ "-1",			0, MAX, -EINVAL, 0 },
	{ "+1",			0, MAX, -EINVAL, 0 },
	{ "1 ",			0, MAX, -EINVAL, 0 },
	{ "12a",		0, MAX, -EINVAL, 0 },
	{ "0xfg",		0, MAX, -EINVAL, 0 },
	{ "K",			S, MAX, -EINVAL, 0 },
};
/* clang-format on */

static void test_parse_number(void **state)
{
	const char *why;
	unsigned long v;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(number_cases); i++) {
		const struct number_case *c = &number_cases[i];

		v = 12345;
		why = NULL;
		ret = scn_parse_number(c->s, c->flags, c->max, &v, &why);
		if (ret != c->ret)
			fail_msg("'%s': returned %d, expected %d", c->s, ret,
				 c->ret);
		if (!ret)
			assert_int_equal(v, c->val);
		else
			assert_non_null(why);
	}
}

/* ---- PROT, FLAGS, ADVICE and the other spelled words -------------------- */

struct bits_case {
	const char *s;
	int ret;
	unsigned int bits;
};

/* clang-format off */
static const struct bits_case prot_cases[] = {
	{ "none",	0,	SCN_PROT_NONE },
	{ "r",		0,	SCN_PROT_READ },
	{ "w",		0,	SCN_PROT_WRITE },
	{ "x",		0,	SCN_PROT_EXEC },
	{ "rw",		0,	SCN_PROT_READ | SCN_PROT_WRITE },
	{ "rx",		0,	SCN_PROT_READ | SCN_PROT_EXEC },
	{ "wx",		0,	SCN_PROT_WRITE | SCN_PROT_EXEC },
	{ "rwx",	0,	SCN_PROT_READ | SCN_PROT_WRITE |
				SCN_PROT_EXEC },
	{ "wr",		-EINVAL, 0 },
	{ "rr",		-EINVAL, 0 },
	{ "rwxx",	-EINVAL, 0 },
	{ "R",		-EINVAL, 0 },
	{ "rw-",	-EINVAL, 0 },
	{ "",		-EINVAL, 0 },
	{ "nonee",	-EINVAL, 0 },
};

static const struct bits_case flags_cases[] = {
	{ "private",		0, SCN_MAP_PRIVATE },
	{ "shared",		0, SCN_MAP_SHARED },
	{ "private,anon,fixed",	0, SCN_MAP_PRIVATE | SCN_MAP_ANONYMOUS |
				   SCN_MAP_FIXED },
	{ "anon,shared",	0, SCN_MAP_SHARED | SCN_MAP_ANONYMOUS },
	{ "private,noreplace,populate,noreserve,growsdown", 0,
	  SCN_MAP_PRIVATE | SCN_MAP_FIXED_NOREPLACE | SCN_MAP_POPULATE |
	  SCN_MAP_NORESERVE | SCN_MAP_GROWSDOWN },
	{ "anon",		-EINVAL, 0 },	/* neither private nor shared */
	{ "private,shared",	-EINVAL, 0 },	/* both */
	{ "private,private",	-EINVAL, 0 },	/* duplicated */
	{ "private,anon,anon",	-EINVAL, 0 },
	{ "private,",		-EINVAL, 0 },	/* empty */
	{ ",private",		-EINVAL, 0 },
	{ "private,,anon",	-EINVAL, 0 },
	{ "",			-EINVAL, 0 },
	{ "private,huge",	-EINVAL, 0 },	/* unknown */
	{ "Private",		-EINVAL, 0 },
	{ "private anon",	-EINVAL, 0 },
};

static const struct bits_case advice_cases[] = {
	{ "dontneed",	0, SCN_MADV_DONTNEED },
	{ "free",	0, SCN_MADV_FREE },
	{ "willneed",	0, SCN_MADV_WILLNEED },
	{ "cold",	0, SCN_MADV_COLD },
	{ "pageout",	0, SCN_MADV_PAGEOUT },
	{ "normal",	-EINVAL, 0 },
	{ "DONTNEED",	-EINVAL, 0 },
	{ "dontneedx",	-EINVAL, 0 },
	{ "",		-EINVAL, 0 },
};

static const struct bits_case access_cases[] = {
	{ "r", 0, SCN_ACCESS_R }, { "w", 0, SCN_ACCESS_W },
	{ "x", 0, SCN_ACCESS_X }, { "rw", -EINVAL, 0 }, { "", -EINVAL, 0 },
};

static const struct bits_case el_cases[] = {
	{ "el0", 0, 0 }, { "el1", 0, 1 }, { "el2", -EINVAL, 0 },
	{ "EL0", -EINVAL, 0 }, { "el", -EINVAL, 0 },
};
/* clang-format on */

typedef int (*bits_parser_t)(const char *s, unsigned int *bits,
			     const char **why);

static void check_bits_cases(const struct bits_case *cases, size_t n,
			     bits_parser_t parse)
{
	unsigned int bits;
	const char *why;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		bits = 0xdead;
		why = NULL;
		ret = parse(cases[i].s, &bits, &why);
		if (ret != cases[i].ret)
			fail_msg("'%s': returned %d, expected %d", cases[i].s,
				 ret, cases[i].ret);
		if (!ret)
			assert_int_equal(bits, cases[i].bits);
		else
			assert_non_null(why);
	}
}

static void test_parse_prot(void **state)
{
	check_bits_cases(prot_cases, ARRAY_SIZE(prot_cases), scn_parse_prot);
}

static void test_parse_map_flags(void **state)
{
	check_bits_cases(flags_cases, ARRAY_SIZE(flags_cases),
			 scn_parse_map_flags);
}

static void test_parse_map_flags_reasons(void **state)
{
	unsigned int bits;
	const char *why;

	assert_int_equal(scn_parse_map_flags("private,huge", &bits, &why),
			 -EINVAL);
	assert_string_equal(why, "unknown flag 'huge'");
	assert_int_equal(scn_parse_map_flags("shared,anon,anon", &bits, &why),
			 -EINVAL);
	assert_string_equal(why, "flag 'anon' given twice");
	assert_int_equal(scn_parse_map_flags("private,,anon", &bits, &why),
			 -EINVAL);
	assert_string_equal(why, "empty flag");
}

static void test_parse_advice(void **state)
{
	check_bits_cases(advice_cases, ARRAY_SIZE(advice_cases),
			 scn_parse_advice);
}

static void test_parse_access_and_el(void **state)
{
	check_bits_cases(access_cases, ARRAY_SIZE(access_cases),
			 scn_parse_access);
	check_bits_cases(el_cases, ARRAY_SIZE(el_cases), scn_parse_el);
}

static void test_parse_mremap_opt(void **state)
{
	unsigned long addr;
	unsigned int opt;
	const char *why;

	assert_int_equal(scn_parse_mremap_opt("maymove", &opt, &addr, &why), 0);
	assert_int_equal(opt, SCN_MREMAP_MAYMOVE);
	assert_int_equal(scn_parse_mremap_opt("fixed=0x20000000", &opt, &addr,
					      &why), 0);
	assert_int_equal(opt, SCN_MREMAP_FIXED);
	assert_int_equal(addr, 0x20000000);
	assert_int_equal(scn_parse_mremap_opt("fixed=", &opt, &addr, &why),
			 -EINVAL);
	assert_int_equal(scn_parse_mremap_opt("fixed=4K", &opt, &addr, &why),
			 -EINVAL);
	assert_int_equal(scn_parse_mremap_opt("fixed", &opt, &addr, &why),
			 -EINVAL);
	assert_int_equal(scn_parse_mremap_opt("dontunmap", &opt, &addr, &why),
			 -EINVAL);
}

static void test_parse_gfp(void **state)
{
	unsigned int gfp;
	const char *why;

	assert_int_equal(scn_parse_gfp("GFP_KERNEL", &gfp, &why), 0);
	assert_int_equal(gfp, 0xcc0);
	assert_int_equal(scn_parse_gfp("GFP_ATOMIC|__GFP_ZERO", &gfp, &why),
			 0);
	assert_int_equal(gfp, 0x820 | 0x100);
	why = NULL;
	assert_int_equal(scn_parse_gfp("GFP_BOGUS", &gfp, &why), -EINVAL);
	assert_non_null(why);
}

static void test_names(void **state)
{
	char longname[SCN_NAME_MAX + 2];
	const char *why;

	assert_true(scn_valid_task_name("A", &why));
	assert_true(scn_valid_task_name("_parent2", &why));
	assert_false(scn_valid_task_name("2A", &why));
	assert_false(scn_valid_task_name("a-b", &why));
	assert_false(scn_valid_task_name("", &why));
	assert_false(scn_valid_task_name("kernel", &why));
	assert_true(scn_valid_handle_name("kernel", &why));
	assert_false(scn_valid_handle_name("h.1", &why));
	assert_true(scn_valid_name("data.bin", &why));
	assert_true(scn_valid_name("kmalloc-64", &why));
	assert_false(scn_valid_name("a/b", &why));
	assert_false(scn_valid_name("", &why));

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_false(scn_valid_task_name(longname, &why));
	assert_false(scn_valid_name(longname, &why));
	longname[SCN_NAME_MAX] = '\0';
	assert_true(scn_valid_task_name(longname, &why));
}

/* ---- Name tables -------------------------------------------------------- */

static void test_names_table(void **state)
{
	struct scn_names names = { 0 };
	struct scn_obj *obj;
	char name[32];
	int i;

	assert_null(scn_names_find(&names, "A"));
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "h%d", i);
		obj = scn_names_add(&names, name, SCN_OBJ_PAGES, i + 1);
		assert_non_null(obj);
		obj->val = i;
	}
	assert_int_equal(names.nr_objs, 5000);
	for (i = 0; i < 5000; i += 7) {
		snprintf(name, sizeof(name), "h%d", i);
		obj = scn_names_find(&names, name);
		assert_non_null(obj);
		assert_int_equal(obj->val, i);
		assert_int_equal(obj->lineno, i + 1);
		scn_names_del(&names, obj);
		assert_null(scn_names_find(&names, name));
	}
	assert_non_null(scn_names_find(&names, "h4999"));
	assert_null(scn_names_find(&names, "h5000"));
	scn_names_destroy(&names);
	assert_int_equal(names.nr_objs, 0);
	assert_null(scn_names_find(&names, "h1"));
}

/* ---- The command table -------------------------------------------------- */

/* Every command SCENARIO.md names, user-visible and simulator-only. */
/* clang-format off */
static const char *const scenario_md_commands[] = {
	"boot", "task", "fork", "exit", "file", "mmap", "munmap", "mprotect",
	"mremap", "madvise", "write", "read", "maps", "resident", "show",
	"alloc", "free", "kmalloc", "kfree", "cache", "cache_alloc",
	"cache_free", "vmalloc", "vfree", "walk", "tlb", "cpu", "at", "dump",
	"reclaim", "compact",
};
/* clang-format on */

static void test_command_table(void **state)
{
	const struct scn_cmd *cmd;
	size_t i, j, len;
	int k;

	for (i = 0; i < ARRAY_SIZE(scenario_md_commands); i++) {
		cmd = scn_find_command(scenario_md_commands[i]);
		if (!cmd)
			fail_msg("'%s' missing", scenario_md_commands[i]);
	}
	assert_int_equal(scn_nr_commands, ARRAY_SIZE(scenario_md_commands));
	assert_null(scn_find_command("Alloc"));
	assert_null(scn_find_command(""));

	for (i = 0; i < scn_nr_commands; i++) {
		cmd = &scn_commands[i];
		len = strlen(cmd->name);
		assert_true(cmd->min_args <= cmd->max_args);
		assert_true(cmd->max_args <= SCN_MAX_ARGS);
		assert_non_null(cmd->handler);
		/* the usage starts with the name */
		assert_int_equal(strncmp(cmd->usage, cmd->name, len), 0);
		assert_true(cmd->usage[len] == ' ' || cmd->usage[len] == '\0');
		/* no kind listed past the last argument */
		for (k = cmd->max_args; k < SCN_MAX_ARGS; k++)
			assert_int_equal(cmd->arg[k], SCN_ARG_WORD);
		for (j = 0; j < i; j++)
			assert_string_not_equal(scn_commands[j].name,
						cmd->name);
	}
}

/* ---- The driver --------------------------------------------------------- */

struct run {
	struct scn_ctx ctx;
	char *out, *err;
	size_t out_len, err_len;
	FILE *fout, *ferr;
};

static void run_open(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->fout = open_memstream(&r->out, &r->out_len);
	r->ferr = open_memstream(&r->err, &r->err_len);
	assert_non_null(r->fout);
	assert_non_null(r->ferr);
	scn_ctx_init(&r->ctx, r->fout, r->ferr);
}

static void run_close(struct run *r)
{
	scn_ctx_destroy(&r->ctx);
	fclose(r->fout);
	fclose(r->ferr);
	free(r->out);
	free(r->err);
}

/* Run one line; its script error, or "" if it succeeded. */
static const char *run_line(struct run *r, const char *text)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", text);
	if (scn_run_line(&r->ctx, buf, 3))
		return r->ctx.errmsg;
	return "";
}

struct error_case {
	const char *line;
	const char *error;
};

/* clang-format off */
static const struct error_case error_cases[] = {
	{ "# only a comment", "" },
	{ "frobnicate 1", "unknown command 'frobnicate'" },
	{ "ALLOC A 0", "unknown command 'ALLOC'" },
	{ "alloc A", "wrong number of words for 'alloc' (usage: alloc H ORDER [GFP])" },
	{ "alloc A 0 GFP_KERNEL extra", "wrong number of words for 'alloc' (usage: alloc H ORDER [GFP])" },
	{ "free", "wrong number of words for 'free' (usage: free H)" },
	{ "boot", "wrong number of words for 'boot' (usage: boot PARAM...)" },
	{ "compact now", "wrong number of words for 'compact' (usage: compact)" },
	{ "alloc A x1", "bad number 'x1' for ORDER: not a number" },
	{ "alloc A 4K", "bad number '4K' for ORDER: K/M/G suffix not allowed here" },
	{ "alloc A 4294967296", "bad number '4294967296' for ORDER: larger than 4294967295" },
	{ "alloc 1A 0", "bad handle name '1A': names are [A-Za-z_][A-Za-z0-9_]*" },
	{ "free A", "unknown handle 'A'" },
	{ "cpu -1", "bad number '-1' for N: not a number" },
	{ "file f 4K 256", "bad number '256' for BYTE: larger than 255" },
	{ "file f/g 4K 1", "bad name 'f/g': names are [A-Za-z0-9_.-]+" },
	{ "mmap A 0 4K rw private f/x 0", "bad name 'f/x': names are [A-Za-z0-9_.-]+" },
	{ "mmap A 4K 4K rw private", "bad number '4K' for ADDR: K/M/G suffix not allowed here" },
	{ "mmap A 0 1x rw private", "bad number '1x' for LEN: not a number" },
	{ "mmap A 0 4K rwz private", "bad PROT 'rwz': PROT is none or r, w, x in that order" },
	{ "mmap A 0 4K rw anon", "bad FLAGS 'anon': needs exactly one of private and shared" },
	{ "mmap A 0 4K rw private,,anon", "bad FLAGS 'private,,anon': empty flag" },
	{ "mmap A 0 4K rw shared f 1G2", "bad number '1G2' for OFFSET: not a number" },
	{ "madvise A 0 4K normal", "bad ADVICE 'normal': expected dontneed, free, willneed, cold or pageout" },
	{ "mremap A 0 4K 8K maymove maymove", "mremap option 'maymove' given twice" },
	{ "mremap A 0 4K 8K fixed=1 fixed=2", "mremap option 'fixed=2' given twice" },
	{ "mremap A 0 4K 8K moveit", "bad mremap option 'moveit': expected maymove or fixed=NEW" },
	{ "write A 0x1000 4K 0x100", "bad number '0x100' for BYTE: larger than 255" },
	{ "task kernel", "bad task name 'kernel': 'kernel' names the kernel's address space" },
	{ "walk kernel 0x1000 q", "bad access 'q': expected r, w or x" },
	{ "at A 0x1000 r el2", "bad exception level 'el2': expected el0 or el1" },
	{ "alloc A 0 GFP_BOGUS", "bad GFP 'GFP_BOGUS'" /* prefix */ },
	{ "show maps", "wrong number of words for 'show maps' (usage: show WHAT [T])" },
	{ "reclaim 1K", "bad number '1K' for PAGES: K/M/G suffix not allowed here" },
	{ "task A", "'task' is not implemented yet" },
	{ "mmap A 0x10000000 16K rw private,anon,fixed", "'mmap' is not implemented yet" },
	{ "tlb flush everything", "bad 'tlb' command (usage: tlb [flush all|asid T|va T|kernel VA])" },
	{ "tlb va kernel 4K", "bad number '4K' for VA: K/M/G suffix not allowed here" },
	{ "walk A 0x1000 r", "unknown task 'A'" },
	{ "compact", "'compact' is not implemented yet" },
};
/* clang-format on */

static void test_run_line_errors(void **state)
{
	struct run r;
	const char *err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(error_cases); i++) {
		run_open(&r);
		err = run_line(&r, error_cases[i].line);
		if (strncmp(err, error_cases[i].error,
			    strlen(error_cases[i].error)) ||
		    (!*error_cases[i].error && *err))
			fail_msg("'%s':\n  got      '%s'\n  expected '%s'",
				 error_cases[i].line, err,
				 error_cases[i].error);
		/* nothing failed here has booted a machine */
		assert_null(r.ctx.m);
		run_close(&r);
	}
}

static void test_print_block(void **state)
{
	static const char text[] = "a\n\nb c\nlast";
	struct run r;

	run_open(&r);
	r.ctx.lineno = 12;
	scn_print_block(&r.ctx, text, strlen(text));
	scn_print(&r.ctx, "%s pfn 0x%lx", "H", 0x40000ul);
	fflush(r.fout);
	assert_string_equal(r.out, "12 a\n12 \n12 b c\n12 last\n"
				   "12 H pfn 0x40000\n");
	run_close(&r);
}

static int run_text(struct run *r, const char *text, bool keep_going)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(in);
	ret = scn_run_stream(&r->ctx, in, NULL, keep_going);
	fclose(in);
	fflush(r->fout);
	fflush(r->ferr);
	return ret;
}

static const char two_errors[] = "# header\n"
				 "\n"
				 "free A\n"
				 "bogus\n";

static void test_run_stream_stops(void **state)
{
	struct run r;

	run_open(&r);
	assert_int_equal(run_text(&r, two_errors, false), 2);
	assert_string_equal(r.err,
			    "script error: line 3: unknown handle 'A'\n");
	run_close(&r);
}

static void test_run_stream_keeps_going(void **state)
{
	struct run r;

	run_open(&r);
	assert_int_equal(run_text(&r, two_errors, true), 0);
	assert_string_equal(r.err,
			    "script error: line 3: unknown handle 'A'\n"
			    "script error: line 4: unknown command 'bogus'\n");
	run_close(&r);
}

/* A random letter of @alphabet, or with @any a random byte but NUL. */
static char random_char(const char *alphabet, size_t n, bool any)
{
	if (any)
		return (char)(1 + rand() % 255);
	return alphabet[rand() % n];
}

/* Random bytes must give script errors or nothing, never a crash. */
static void test_run_line_garbage(void **state)
{
	static const char alphabet[] =
		"abcdefgiklmnoprstuvwxyz_AGKM0159x=,|#. \t";
	unsigned int seed = 20241122;
	char line[80];
	struct run r;
	int i, j, len;

	print_message("seed %u\n", seed);
	srand(seed);
	run_open(&r);
	for (i = 0; i < 20000; i++) {
		len = rand() % (int)sizeof(line);
		for (j = 0; j < len; j++)
			line[j] = random_char(alphabet, sizeof(alphabet) - 1,
					      i & 1);
		line[len] = '\0';
		/* no line that gets past parsing may boot: keep only those */
		if (!strncmp(line, "boot", 4) || !strncmp(line, "show", 4) ||
		    !strncmp(line, "alloc", 5) || !strncmp(line, "cpu", 3))
			continue;
		scn_run_line(&r.ctx, line, i + 1);
	}
	run_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_split_comments_and_blanks),
		cmocka_unit_test(test_split_too_many_words),
		cmocka_unit_test(test_parse_number),
		cmocka_unit_test(test_parse_prot),
		cmocka_unit_test(test_parse_map_flags),
		cmocka_unit_test(test_parse_map_flags_reasons),
		cmocka_unit_test(test_parse_advice),
		cmocka_unit_test(test_parse_access_and_el),
		cmocka_unit_test(test_parse_mremap_opt),
		cmocka_unit_test(test_parse_gfp),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_names_table),
		cmocka_unit_test(test_command_table),
		cmocka_unit_test(test_run_line_errors),
		cmocka_unit_test(test_print_block),
		cmocka_unit_test(test_run_stream_stops),
		cmocka_unit_test(test_run_stream_keeps_going),
		cmocka_unit_test(test_run_line_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
