/* SPDX-License-Identifier: MIT */
/*
 * tools/scenario.h - the scenario language of the mmsim tool (.mms files,
 * /work/shared/SCENARIO.md, format v1).
 *
 * A scenario is read one line at a time.  Each line goes through three
 * stages, each owned by one part of the tool:
 *
 *	text --scn_split()--> words --scn_parse_args()--> typed arguments
 *	     --handler--> the machine, and "N ..." lines on the output
 *
 * scenario.c owns the words: the lexer and the parsers of every kind of
 * argument (numbers with their suffix rules, PROT, FLAGS, ADVICE, names).
 * interp.c owns the rest of the language: the name tables (handles,
 * tasks, files), the check of each line against its row of the command
 * table, the driver, and the output and error formats.  commands.c owns
 * the command table and the handlers, the only code that acts on the
 * machine.  mmsim.c is main(): `run`, `shell`, `--help`.
 *
 * Errors: every parser returns 0 or a negative errno and, through @why,
 * a short reason ("K/M/G suffix not allowed here").  Handlers return 0,
 * or -1 after scn_error() has recorded the script error's message; the
 * driver prints it as "script error: line N: MESSAGE".
 */
#ifndef MMSIM_TOOLS_SCENARIO_H
#define MMSIM_TOOLS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct mmsim;
struct kmem_cache;

/* A line with more words than this is a wrong word count, never a crash. */
#define SCN_MAX_WORDS	32
#define SCN_MAX_ARGS	(SCN_MAX_WORDS - 1)
/* Longest name (task, handle, file, cache) a script may use. */
#define SCN_NAME_MAX	64

/* One line of a scenario, split into words (they point into the text). */
struct scn_line {
	unsigned long lineno;
	int nr_words;			/* all, even past SCN_MAX_WORDS */
	char *word[SCN_MAX_WORDS];	/* word[0] is the command */
};

int scn_split(char *text, unsigned long lineno, struct scn_line *line);

/* ---- Arguments -------------------------------------------------------- */

/*
 * The kinds of argument, as SCENARIO.md names them.  A kind says how the
 * word is checked before any handler runs; SCN_ARG_WORD is checked by the
 * handler itself (words whose meaning depends on another word).
 */
enum scn_arg_kind {
	SCN_ARG_WORD,		/* any word (0: unlisted positions) */
	SCN_ARG_TASK,		/* T, P, C: [A-Za-z_][A-Za-z0-9_]* */
	SCN_ARG_TASK_OR_KERNEL,	/* T or the word `kernel` */
	SCN_ARG_HANDLE,		/* H: same syntax as a task name */
	SCN_ARG_NAME,		/* a file or cache name: [A-Za-z0-9_.-]+ */
	SCN_ARG_ADDR,		/* address: number, no suffix */
	SCN_ARG_LEN,		/* LEN, SIZE, OFFSET: number, K/M/G allowed */
	SCN_ARG_BYTE,		/* BYTE: 0..255, no suffix */
	SCN_ARG_UINT,		/* ORDER, N: number that fits unsigned int */
	SCN_ARG_ULONG,		/* PAGES: number, no suffix */
	SCN_ARG_GFP,		/* GFP_KERNEL|__GFP_ZERO, or a number */
	SCN_ARG_PROT,		/* none, or r, w, x in that order */
	SCN_ARG_MAP_FLAGS,	/* private,anon,fixed ... */
	SCN_ARG_ADVICE,		/* dontneed, free, willneed, cold, pageout */
	SCN_ARG_MREMAP_OPT,	/* maymove, or fixed=NEW */
	SCN_ARG_ACCESS,		/* r, w or x */
	SCN_ARG_EL,		/* el0 or el1 */
	NR_SCN_ARG_KINDS
};

/*
 * A checked argument.  @val is the number (LEN, ADDR, fixed=NEW ...) and
 * @bits the encoded word (PROT_*, MAP_*, MADV_*, MREMAP_*, access, EL,
 * 1 for `kernel`), with the values of the Linux UAPI below.
 */
struct scn_arg {
	const char *word;
	unsigned long val;
	unsigned int bits;
};

/*
 * Linux UAPI values (include/uapi/asm-generic/mman*.h, the ones arm64
 * uses), spelled here so that the tool never depends on the host's.
 */
/* clang-format off */
#define SCN_PROT_NONE		0x0
#define SCN_PROT_READ		0x1
#define SCN_PROT_WRITE		0x2
#define SCN_PROT_EXEC		0x4

#define SCN_MAP_SHARED		0x01
#define SCN_MAP_PRIVATE		0x02
#define SCN_MAP_FIXED		0x10
#define SCN_MAP_ANONYMOUS	0x20
#define SCN_MAP_GROWSDOWN	0x0100
#define SCN_MAP_NORESERVE	0x4000
#define SCN_MAP_POPULATE	0x8000
#define SCN_MAP_FIXED_NOREPLACE	0x100000

#define SCN_MADV_WILLNEED	3
#define SCN_MADV_DONTNEED	4
#define SCN_MADV_FREE		8
#define SCN_MADV_COLD		20
#define SCN_MADV_PAGEOUT	21

#define SCN_MREMAP_MAYMOVE	1
#define SCN_MREMAP_FIXED	2

#define SCN_ACCESS_R		0x1	/* a read */
#define SCN_ACCESS_W		0x2	/* a write */
#define SCN_ACCESS_X		0x4	/* an instruction fetch */
/* clang-format on */

/* Flags of scn_parse_number(). */
#define SCN_NUM_SUFFIX	0x1	/* K, M or G may follow (powers of 1024) */

int scn_parse_number(const char *s, unsigned int flags, unsigned long max,
		     unsigned long *out, const char **why);
int scn_parse_prot(const char *s, unsigned int *prot, const char **why);
int scn_parse_map_flags(const char *s, unsigned int *flags,
			const char **why);
int scn_parse_advice(const char *s, unsigned int *advice, const char **why);
int scn_parse_mremap_opt(const char *s, unsigned int *opt,
			 unsigned long *new_addr, const char **why);
int scn_parse_access(const char *s, unsigned int *access, const char **why);
int scn_parse_el(const char *s, unsigned int *el, const char **why);
int scn_parse_gfp(const char *s, unsigned int *gfp, const char **why);
int scn_parse_slab_flags(const char *s, unsigned int *flags,
			 const char **why);
bool scn_valid_handle_name(const char *s, const char **why);
bool scn_valid_task_name(const char *s, const char **why);
bool scn_valid_name(const char *s, const char **why);

/* ---- Name tables ------------------------------------------------------ */

/* What a name stands for. */
enum scn_obj_kind {
	SCN_OBJ_PAGES,		/* alloc: struct page *, @order */
	SCN_OBJ_KMALLOC,	/* kmalloc: void *, @size */
	SCN_OBJ_CACHE_OBJ,	/* cache_alloc: void *, @cache */
	SCN_OBJ_VMALLOC,	/* vmalloc: void *, @size */
	SCN_OBJ_TASK,
	SCN_OBJ_FILE,
	SCN_OBJ_CACHE,
	NR_SCN_OBJ_KINDS
};

/* One live name: a handle, task, file or cache. */
struct scn_obj {
	struct scn_obj *next;		/* hash chain */
	enum scn_obj_kind kind;
	unsigned long lineno;		/* where it was defined */
	void *ptr;			/* the library's object */
	unsigned long val;		/* order, size ... */
	struct kmem_cache *cache;	/* cache_alloc: the object's cache */
	char name[];
};

/* A set of live names: chained hash, grows as names are added. */
struct scn_names {
	struct scn_obj **bucket;
	size_t nr_buckets;
	size_t nr_objs;
};

struct scn_obj *scn_names_find(const struct scn_names *names,
			       const char *name);
struct scn_obj *scn_names_add(struct scn_names *names, const char *name,
			      enum scn_obj_kind kind, unsigned long lineno);
void scn_names_del(struct scn_names *names, struct scn_obj *obj);
void scn_names_destroy(struct scn_names *names);
const char *scn_obj_kind_name(enum scn_obj_kind kind);

/* ---- The interpreter -------------------------------------------------- */

/* The state of one run: the machine and every name the script defined. */
struct scn_ctx {
	struct mmsim *m;		/* NULL until boot */
	const char *boot_defaults;	/* params of an implicit boot */
	unsigned long lineno;		/* of the line being run */
	unsigned long boot_line;	/* line of `boot`, 0 if none ran */
	FILE *out;			/* results: "N ..." lines */
	FILE *err;			/* script errors */
	struct scn_names handles;	/* alloc, kmalloc, cache_alloc ... */
	struct scn_names tasks;
	struct scn_names files;
	struct scn_names caches;
	char errmsg[512];
};

struct scn_cmd;
typedef int (*scn_handler_t)(struct scn_ctx *ctx, const struct scn_cmd *cmd,
			     const struct scn_line *line,
			     const struct scn_arg *arg);

/*
 * One command of the language.  @min_args and @max_args count the words
 * after the command; @arg gives the kind of each position (unlisted ones
 * are SCN_ARG_WORD).  Adding a command means adding a row and a handler.
 */
struct scn_cmd {
	const char *name;
	unsigned char min_args;
	unsigned char max_args;
	unsigned char arg[SCN_MAX_ARGS];	/* enum scn_arg_kind */
	const char *usage;
	scn_handler_t handler;
};

extern const struct scn_cmd scn_commands[];
extern const size_t scn_nr_commands;

const struct scn_cmd *scn_find_command(const char *name);
int scn_parse_args(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		   const struct scn_line *line, struct scn_arg *arg);

void scn_ctx_init(struct scn_ctx *ctx, FILE *out, FILE *err);
void scn_ctx_destroy(struct scn_ctx *ctx);
int scn_run_line(struct scn_ctx *ctx, char *text, unsigned long lineno);
void scn_report_error(struct scn_ctx *ctx);
int scn_run_stream(struct scn_ctx *ctx, FILE *in, const char *prompt,
		   bool keep_going);

/* For handlers: the machine (booting it with defaults if need be),
 * script errors, and output lines with their line-number prefix. */
struct mmsim *scn_machine(struct scn_ctx *ctx);
int scn_error(struct scn_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void scn_print(struct scn_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void scn_print_block(struct scn_ctx *ctx, const char *text, size_t len);

#endif /* MMSIM_TOOLS_SCENARIO_H */
