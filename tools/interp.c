/* SPDX-License-Identifier: MIT */
/*
 * tools/interp.c - the interpreter of the scenario language: name tables
 * (handles, tasks, files, caches), command lookup, the check of every
 * argument against its command's row, and the driver that runs a stream
 * of lines and prints results and script errors (SCENARIO.md "Results
 * and errors").
 *
 * One line goes through:
 *
 *	scn_split() -> scn_find_command() -> word count -> scn_parse_args()
 *	  -> cmd->handler()
 *
 * and any stage may stop it with a script error, recorded by scn_error()
 * and printed by scn_report_error() after the output of earlier lines.
 */
#include "scenario.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/mmsim.h>

/* ---- Name tables -------------------------------------------------------- */

/* clang-format off */
static const char *const obj_kind_names[NR_SCN_OBJ_KINDS] = {
	[SCN_OBJ_PAGES]		= "alloc",
	[SCN_OBJ_KMALLOC]	= "kmalloc",
	[SCN_OBJ_CACHE_OBJ]	= "cache_alloc",
	[SCN_OBJ_VMALLOC]	= "vmalloc",
	[SCN_OBJ_TASK]		= "task",
	[SCN_OBJ_FILE]		= "file",
	[SCN_OBJ_CACHE]		= "cache",
};
/* clang-format on */

/* The command that makes an object of @kind ("alloc", "kmalloc" ...). */
const char *scn_obj_kind_name(enum scn_obj_kind kind)
{
	return kind < NR_SCN_OBJ_KINDS ? obj_kind_names[kind] : "?";
}

/* FNV-1a, 64 bits: the hash the `read` command prints, reused here. */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ull;
	}
	return h;
}

struct scn_obj *scn_names_find(const struct scn_names *names,
			       const char *name)
{
	struct scn_obj *obj;

	if (!names->nr_buckets)
		return NULL;
	obj = names->bucket[name_hash(name) % names->nr_buckets];
	for (; obj; obj = obj->next)
		if (!strcmp(obj->name, name))
			return obj;
	return NULL;
}

/* Double the buckets once chains average two objects.  0 or -ENOMEM. */
static int names_grow(struct scn_names *names)
{
	size_t n = names->nr_buckets ? names->nr_buckets * 2 : 64, i;
	struct scn_obj **bucket, *obj, *next;

	bucket = calloc(n, sizeof(*bucket));
	if (!bucket)
		return -ENOMEM;
	for (i = 0; i < names->nr_buckets; i++) {
		for (obj = names->bucket[i]; obj; obj = next) {
			next = obj->next;
			obj->next = bucket[name_hash(obj->name) % n];
			bucket[name_hash(obj->name) % n] = obj;
		}
	}
	free(names->bucket);
	names->bucket = bucket;
	names->nr_buckets = n;
	return 0;
}

/*
 * Add @name, which must not be in @names.  Returns the new object (its
 * ptr and val zero), or NULL when the host is out of memory.
 */
struct scn_obj *scn_names_add(struct scn_names *names, const char *name,
			      enum scn_obj_kind kind, unsigned long lineno)
{
	size_t len = strlen(name), b;
	struct scn_obj *obj;

	if (names->nr_objs >= 2 * names->nr_buckets && names_grow(names))
		return NULL;
	obj = calloc(1, sizeof(*obj) + len + 1);
	if (!obj)
		return NULL;
	memcpy(obj->name, name, len + 1);
	obj->kind = kind;
	obj->lineno = lineno;
	b = name_hash(name) % names->nr_buckets;
	obj->next = names->bucket[b];
	names->bucket[b] = obj;
	names->nr_objs++;
	return obj;
}

void scn_names_del(struct scn_names *names, struct scn_obj *obj)
{
	struct scn_obj **pp;

	pp = &names->bucket[name_hash(obj->name) % names->nr_buckets];
	for (; *pp; pp = &(*pp)->next) {
		if (*pp == obj) {
			*pp = obj->next;
			names->nr_objs--;
			free(obj);
			return;
		}
	}
}

/* Forget every name (the objects they stand for belong to the machine). */
void scn_names_destroy(struct scn_names *names)
{
	struct scn_obj *obj, *next;
	size_t i;

	for (i = 0; i < names->nr_buckets; i++) {
		for (obj = names->bucket[i]; obj; obj = next) {
			next = obj->next;
			free(obj);
		}
	}
	free(names->bucket);
	memset(names, 0, sizeof(*names));
}

/* ---- Command lookup and arguments --------------------------------------- */

const struct scn_cmd *scn_find_command(const char *name)
{
	size_t i;

	for (i = 0; i < scn_nr_commands; i++)
		if (!strcmp(scn_commands[i].name, name))
			return &scn_commands[i];
	return NULL;
}

/*
 * The placeholder of argument @i in @cmd's usage ("LEN" in "munmap T
 * ADDR LEN"), brackets and "..." stripped; the last one repeats.
 */
static void usage_placeholder(const struct scn_cmd *cmd, int i, char *buf,
			      size_t size)
{
	const char *p = cmd->usage, *start = NULL, *end = NULL;
	int k;

	/* Word 0 is the command; argument i is word i + 1, or the last. */
	for (k = 0; k <= i + 1; k++) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ')
			p++;
		end = p;
	}
	if (k < 2) {
		snprintf(buf, size, "argument %d", i + 1);
		return;
	}
	while (start < end && *start == '[')
		start++;
	while (end > start && (end[-1] == ']' || end[-1] == '.'))
		end--;
	snprintf(buf, size, "%.*s", (int)(end - start), start);
}

static int arg_number(struct scn_ctx *ctx, const struct scn_cmd *cmd, int i,
		      struct scn_arg *arg, unsigned int flags,
		      unsigned long max)
{
	const char *why;
	char ph[32];

	if (!scn_parse_number(arg->word, flags, max, &arg->val, &why))
		return 0;
	usage_placeholder(cmd, i, ph, sizeof(ph));
	return scn_error(ctx, "bad number '%s' for %s: %s", arg->word, ph, why);
}

static int arg_error(struct scn_ctx *ctx, const char *what,
		     const struct scn_arg *arg, const char *why)
{
	return scn_error(ctx, "bad %s '%s': %s", what, arg->word, why);
}

/* Check one argument of kind @kind; fills arg->val and arg->bits. */
static int parse_arg(struct scn_ctx *ctx, const struct scn_cmd *cmd, int i,
		     enum scn_arg_kind kind, struct scn_arg *arg)
{
	const char *s = arg->word, *why = NULL;

	switch (kind) {
	case SCN_ARG_WORD:
	case NR_SCN_ARG_KINDS:
		return 0;
	case SCN_ARG_TASK_OR_KERNEL:
		if (!strcmp(s, "kernel")) {
			arg->bits = 1;
			return 0;
		}
		/* fall through */
	case SCN_ARG_TASK:
		if (scn_valid_task_name(s, &why))
			return 0;
		return arg_error(ctx, "task name", arg, why);
	case SCN_ARG_HANDLE:
		if (scn_valid_handle_name(s, &why))
			return 0;
		return arg_error(ctx, "handle name", arg, why);
	case SCN_ARG_NAME:
		if (scn_valid_name(s, &why))
			return 0;
		return arg_error(ctx, "name", arg, why);
	case SCN_ARG_ADDR:
		return arg_number(ctx, cmd, i, arg, 0, ULONG_MAX);
	case SCN_ARG_LEN:
		return arg_number(ctx, cmd, i, arg, SCN_NUM_SUFFIX, ULONG_MAX);
	case SCN_ARG_BYTE:
		return arg_number(ctx, cmd, i, arg, 0, 255);
	case SCN_ARG_UINT:
		return arg_number(ctx, cmd, i, arg, 0, UINT_MAX);
	case SCN_ARG_ULONG:
		return arg_number(ctx, cmd, i, arg, 0, ULONG_MAX);
	case SCN_ARG_GFP:
		if (!scn_parse_gfp(s, &arg->bits, &why))
			return 0;
		return arg_error(ctx, "GFP", arg, why);
	case SCN_ARG_PROT:
		if (!scn_parse_prot(s, &arg->bits, &why))
			return 0;
		return arg_error(ctx, "PROT", arg, why);
	case SCN_ARG_MAP_FLAGS:
		if (!scn_parse_map_flags(s, &arg->bits, &why))
			return 0;
		return arg_error(ctx, "FLAGS", arg, why);
	case SCN_ARG_ADVICE:
		if (!scn_parse_advice(s, &arg->bits, &why))
			return 0;
		return arg_error(ctx, "ADVICE", arg, why);
	case SCN_ARG_MREMAP_OPT:
		if (!scn_parse_mremap_opt(s, &arg->bits, &arg->val, &why))
			return 0;
		return arg_error(ctx, "mremap option", arg, why);
	case SCN_ARG_ACCESS:
		if (!scn_parse_access(s, &arg->bits, &why))
			return 0;
		return arg_error(ctx, "access", arg, why);
	case SCN_ARG_EL:
		if (!scn_parse_el(s, &arg->bits, &why))
			return 0;
		return arg_error(ctx, "exception level", arg, why);
	}
	return 0;
}

/*
 * Check every argument of @line against @cmd's kinds into @arg[]; the
 * word count has been checked.  A word that may appear once (an mremap
 * option) is refused the second time.  0, or -1 with the script error.
 */
int scn_parse_args(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		   const struct scn_line *line, struct scn_arg *arg)
{
	unsigned int once = 0;
	int i, nr_args = line->nr_words - 1;
	enum scn_arg_kind kind;

	for (i = 0; i < nr_args; i++) {
		kind = cmd->arg[i];
		arg[i].word = line->word[i + 1];
		arg[i].val = 0;
		arg[i].bits = 0;
		if (parse_arg(ctx, cmd, i, kind, &arg[i]))
			return -1;
		if (kind != SCN_ARG_MREMAP_OPT)
			continue;
		if (once & arg[i].bits)
			return scn_error(ctx, "mremap option '%s' given twice",
					 arg[i].word);
		once |= arg[i].bits;
	}
	return 0;
}

/* ---- The driver --------------------------------------------------------- */

void scn_ctx_init(struct scn_ctx *ctx, FILE *out, FILE *err)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->out = out;
	ctx->err = err;
}

/*
 * The machine goes first: a cache's name is the string in its name
 * table entry, and shutting down may still print it (objects left in a
 * cache are reported by name).
 */
void scn_ctx_destroy(struct scn_ctx *ctx)
{
	if (ctx->m)
		mmsim_shutdown(ctx->m);
	ctx->m = NULL;
	scn_names_destroy(&ctx->handles);
	scn_names_destroy(&ctx->tasks);
	scn_names_destroy(&ctx->files);
	scn_names_destroy(&ctx->caches);
}

/* Record a script error for the current line.  Returns -1 for handlers. */
int scn_error(struct scn_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Print one output line: "LINENO text\n". */
void scn_print(struct scn_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(ctx->out, "%lu ", ctx->lineno);
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->out);
}

/* Print a multi-line report, each of its lines prefixed by the line number. */
void scn_print_block(struct scn_ctx *ctx, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		fprintf(ctx->out, "%lu %.*s\n", ctx->lineno, (int)(nl - p), p);
		p = nl + 1;
	}
}

/*
 * The machine, booted with the defaults if no `boot` came first.  NULL
 * (with the script error recorded) if it cannot boot.
 */
struct mmsim *scn_machine(struct scn_ctx *ctx)
{
	if (ctx->m)
		return ctx->m;
	ctx->m = mmsim_boot(ctx->boot_defaults);
	if (!ctx->m) {
		const char *msg = mmsim_strerror();

		scn_error(ctx, "boot failed: %s",
			  msg && *msg ? msg : strerror(errno));
	}
	return ctx->m;
}

void scn_report_error(struct scn_ctx *ctx)
{
	fflush(ctx->out);
	fprintf(ctx->err, "script error: line %lu: %s\n", ctx->lineno,
		ctx->errmsg);
	fflush(ctx->err);
}

/*
 * Run one line of text (modified in place).  Returns 0, or -1 with the
 * script error in ctx->errmsg.
 */
int scn_run_line(struct scn_ctx *ctx, char *text, unsigned long lineno)
{
	struct scn_arg arg[SCN_MAX_ARGS];
	const struct scn_cmd *cmd;
	struct scn_line line;
	int nr_args;

	ctx->lineno = lineno;
	ctx->errmsg[0] = '\0';
	if (!scn_split(text, lineno, &line))
		return 0;
	cmd = scn_find_command(line.word[0]);
	if (!cmd)
		return scn_error(ctx, "unknown command '%s'", line.word[0]);
	nr_args = line.nr_words - 1;
	if (nr_args < cmd->min_args || nr_args > cmd->max_args)
		return scn_error(ctx,
				 "wrong number of words for '%s' (usage: %s)",
				 cmd->name, cmd->usage);
	if (scn_parse_args(ctx, cmd, &line, arg))
		return -1;
	return cmd->handler(ctx, cmd, &line, arg);
}

/*
 * Run every line of @in.  With @prompt, print it before each line.  A
 * script error ends the run with 2 unless @keep_going (the shell), which
 * reports it and reads on.  Returns 0 at the end of the input, 2 after a
 * script error, 1 if the input cannot be read.
 */
int scn_run_stream(struct scn_ctx *ctx, FILE *in, const char *prompt,
		   bool keep_going)
{
	unsigned long lineno = 0;
	size_t cap = 0;
	char *buf = NULL;
	int ret = 0;

	for (;;) {
		if (prompt) {
			fputs(prompt, ctx->out);
			fflush(ctx->out);
		}
		if (getline(&buf, &cap, in) < 0)
			break;
		if (!scn_run_line(ctx, buf, ++lineno))
			continue;
		scn_report_error(ctx);
		if (!keep_going) {
			ret = 2;
			break;
		}
	}
	if (ferror(in))
		ret = 1;
	if (prompt && feof(in))
		fputc('\n', ctx->out);
	free(buf);
	fflush(ctx->out);
	return ret;
}
