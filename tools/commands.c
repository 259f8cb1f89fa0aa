/* SPDX-License-Identifier: MIT */
/*
 * tools/commands.c - the commands of the scenario language: one table
 * row per command (name, word counts, argument kinds, usage, handler),
 * and the handlers, which are the only code of the tool that calls the
 * library.
 *
 * By the time a handler runs, scenario.c has checked the word count and
 * every argument of a listed kind, so a handler checks only what needs
 * state (a handle that is unknown, or already live), then acts, in this
 * order, so that a refused command changes nothing:
 *
 *	check names and state -> scn_machine() (boots it) -> act -> print
 *
 * Commands not written yet run not_implemented(): adding one is adding
 * its handler to its row.
 */
#include "scenario.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/mmsim.h>

/* The library's error text, or the errno's when it has none. */
static const char *lib_error(int err)
{
	const char *msg = mmsim_strerror();

	return msg && *msg ? msg : strerror(err < 0 ? -err : err);
}

static int not_implemented(struct scn_ctx *ctx, const struct scn_cmd *cmd,
			   const struct scn_line *line,
			   const struct scn_arg *arg)
{
	return scn_error(ctx, "'%s' is not implemented yet", cmd->name);
}

/* ---- boot, cpu, show ---------------------------------------------------- */

/*
 * boot PARAM...: boot the machine.  At most once, and before any command
 * that needed the machine (which booted it with the defaults).
 */
static int do_boot(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		   const struct scn_line *line, const struct scn_arg *arg)
{
	char params[1024];
	size_t len = 0;
	int i, n;

	if (ctx->boot_line)
		return scn_error(ctx, "'boot' given twice (first at line %lu)",
				 ctx->boot_line);
	if (ctx->m)
		return scn_error(ctx,
				 "'boot' must come before every other command");
	for (i = 1; i < line->nr_words; i++) {
		n = snprintf(params + len, sizeof(params) - len, "%s%s",
			     i > 1 ? " " : "", line->word[i]);
		if (n < 0 || (size_t)n >= sizeof(params) - len)
			return scn_error(ctx,
					 "boot parameters longer than %zu bytes",
					 sizeof(params) - 1);
		len += n;
	}
	errno = 0;
	ctx->m = mmsim_boot(params);
	if (!ctx->m)
		return scn_error(ctx, "boot failed: %s", lib_error(errno));
	ctx->boot_line = ctx->lineno;
	return 0;
}

/* cpu N: run the following commands on simulated CPU N. */
static int do_cpu(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		  const struct scn_line *line, const struct scn_arg *arg)
{
	struct mmsim *m = scn_machine(ctx);
	int ret;

	if (!m)
		return -1;
	if (arg[0].val > INT_MAX)
		ret = -EINVAL;
	else
		ret = mmsim_cpu_enter(m, (int)arg[0].val);
	if (ret == -EINVAL)
		return scn_error(ctx, "no CPU %lu (the machine has %d)",
				 arg[0].val, mmsim_nr_cpus(m));
	if (ret < 0)
		return scn_error(ctx, "cpu %lu: %s", arg[0].val,
				 lib_error(ret));
	return 0;
}

/* The reports that are about one task: `show maps T`. */
static bool is_task_report(const char *what)
{
	return !strcmp(what, "maps") || !strcmp(what, "smaps") ||
	       !strcmp(what, "status");
}

/*
 * show WHAT [T]: a /proc-style report, each of its lines prefixed.  The
 * report is built in memory first, so a refused one prints nothing.
 */
static int do_show(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		   const struct scn_line *line, const struct scn_arg *arg)
{
	int nr_args = line->nr_words - 1, ret;
	char what[SCN_NAME_MAX * 2 + 8];
	struct mmsim *m;
	size_t len = 0;
	char *text = NULL;
	FILE *f;

	if (is_task_report(arg[0].word) != (nr_args == 2))
		return scn_error(ctx,
				 "wrong number of words for 'show %s' (usage: %s)",
				 arg[0].word, cmd->usage);
	snprintf(what, sizeof(what), "%.*s%s%s", SCN_NAME_MAX, arg[0].word,
		 nr_args == 2 ? " " : "", nr_args == 2 ? arg[1].word : "");
	m = scn_machine(ctx);
	if (!m)
		return -1;
	f = open_memstream(&text, &len);
	if (!f)
		return scn_error(ctx, "show %s: %s", what, strerror(errno));
	ret = mmsim_show(m, what, f);
	fclose(f);
	if (ret < 0) {
		free(text);
		return scn_error(ctx, "show %s: %s", what, lib_error(ret));
	}
	scn_print_block(ctx, text, len);
	free(text);
	return 0;
}

/* ---- Handles ------------------------------------------------------------ */

/* A new handle name must not be live (it may be reused once freed). */
static int check_new_handle(struct scn_ctx *ctx, const char *name)
{
	struct scn_obj *obj = scn_names_find(&ctx->handles, name);

	if (!obj)
		return 0;
	return scn_error(ctx, "handle '%s' is live (%s at line %lu)", name,
			 scn_obj_kind_name(obj->kind), obj->lineno);
}

/* The live handle @name, made by the command that makes @kind. */
static struct scn_obj *get_handle(struct scn_ctx *ctx, const char *name,
				  enum scn_obj_kind kind)
{
	struct scn_obj *obj = scn_names_find(&ctx->handles, name);

	if (!obj) {
		scn_error(ctx, "unknown handle '%s'", name);
		return NULL;
	}
	if (obj->kind != kind) {
		scn_error(ctx, "handle '%s' is from %s at line %lu, not %s",
			  name, scn_obj_kind_name(obj->kind), obj->lineno,
			  scn_obj_kind_name(kind));
		return NULL;
	}
	return obj;
}

/* alloc H ORDER [GFP]: alloc_pages(GFP, ORDER), GFP_KERNEL by default. */
static int do_alloc(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		    const struct scn_line *line, const struct scn_arg *arg)
{
	mmsim_gfp_t gfp = line->nr_words > 3 ? arg[2].bits : MMSIM_GFP_KERNEL;
	unsigned int order = arg[1].val;
	struct scn_obj *obj;
	struct page *page;

	if (check_new_handle(ctx, arg[0].word) || !scn_machine(ctx))
		return -1;
	page = mmsim_alloc_pages(gfp, order);
	if (!page) {
		scn_print(ctx, "%s failed", arg[0].word);
		return 0;
	}
	obj = scn_names_add(&ctx->handles, arg[0].word, SCN_OBJ_PAGES,
			    ctx->lineno);
	if (!obj) {
		mmsim___free_pages(page, order);
		return scn_error(ctx, "out of host memory");
	}
	obj->ptr = page;
	obj->val = order;
	scn_print(ctx, "%s pfn 0x%lx order %u", arg[0].word,
		  mmsim_page_to_pfn(page), order);
	return 0;
}

/* free H: __free_pages() of what `alloc H` returned. */
static int do_free(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		   const struct scn_line *line, const struct scn_arg *arg)
{
	struct scn_obj *obj = get_handle(ctx, arg[0].word, SCN_OBJ_PAGES);

	if (!obj)
		return -1;
	mmsim___free_pages(obj->ptr, obj->val);
	scn_names_del(&ctx->handles, obj);
	return 0;
}

/* ---- kmalloc and caches ------------------------------------------------- */

/*
 * The address of an object, as the object lines print it: its physical
 * address (virt_to_phys()).  The pointer itself is a host address that
 * changes from run to run (the arena is mapped wherever the host puts
 * it); the physical address depends only on the boot parameters and the
 * commands before, and reads beside `alloc`'s pfn (pfn = address >> 12).
 * kmalloc(0) returns ZERO_SIZE_PTR, which is no memory at all.
 */
static void print_object(struct scn_ctx *ctx, const char *name, const void *p,
			 bool with_size)
{
	char addr[32];

	if (p == MMSIM_ZERO_SIZE_PTR)
		snprintf(addr, sizeof(addr), "ZERO_SIZE_PTR");
	else
		snprintf(addr, sizeof(addr), "0x%llx",
			 (unsigned long long)mmsim_virt_to_phys(p));
	if (with_size)
		scn_print(ctx, "%s ptr %s size %zu", name, addr,
			  mmsim_ksize(p));
	else
		scn_print(ctx, "%s ptr %s", name, addr);
}

/*
 * kmalloc H SIZE [GFP]: kmalloc(SIZE, GFP), GFP_KERNEL by default.
 * Prints the object and ksize(): the size of the kmalloc cache it came
 * from (kmalloc-96 for 65..96 bytes ...), or of the pages behind a large
 * kmalloc (above 8 KiB: straight from the page allocator).
 */
static int do_kmalloc(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		      const struct scn_line *line, const struct scn_arg *arg)
{
	mmsim_gfp_t gfp = line->nr_words > 3 ? arg[2].bits : MMSIM_GFP_KERNEL;
	struct scn_obj *obj;
	void *p;

	if (check_new_handle(ctx, arg[0].word) || !scn_machine(ctx))
		return -1;
	p = mmsim_kmalloc(arg[1].val, gfp);
	if (!p) {
		scn_print(ctx, "%s failed", arg[0].word);
		return 0;
	}
	obj = scn_names_add(&ctx->handles, arg[0].word, SCN_OBJ_KMALLOC,
			    ctx->lineno);
	if (!obj) {
		mmsim_kfree(p);
		return scn_error(ctx, "out of host memory");
	}
	obj->ptr = p;
	obj->val = arg[1].val;
	print_object(ctx, arg[0].word, p, true);
	return 0;
}

/*
 * kfree H: kfree() of what `kmalloc H` returned, or of an object of a
 * cache (`cache_alloc H`): since Linux 6.4 kfree() takes any slab
 * object and finds its cache in the slab.
 */
static int do_kfree(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		    const struct scn_line *line, const struct scn_arg *arg)
{
	struct scn_obj *obj = scn_names_find(&ctx->handles, arg[0].word);

	if (!obj)
		return scn_error(ctx, "unknown handle '%s'", arg[0].word);
	if (obj->kind != SCN_OBJ_KMALLOC && obj->kind != SCN_OBJ_CACHE_OBJ)
		return scn_error(ctx,
				 "handle '%s' is from %s at line %lu, not kmalloc or cache_alloc",
				 arg[0].word, scn_obj_kind_name(obj->kind),
				 obj->lineno);
	mmsim_kfree(obj->ptr);
	scn_names_del(&ctx->handles, obj);
	return 0;
}

/*
 * The optional words of `cache NAME SIZE [ALIGN] [FLAGS]`: with both,
 * ALIGN comes first; alone, a word that starts with a digit is ALIGN
 * (flag names start with SLAB_).  ALIGN is 0 or a power of two.
 */
static int cache_options(struct scn_ctx *ctx, const struct scn_cmd *cmd,
			 const struct scn_line *line,
			 const struct scn_arg *arg, unsigned long *align,
			 unsigned int *flags)
{
	int nr_args = line->nr_words - 1;
	const char *align_word = NULL, *flags_word = NULL, *why;

	if (nr_args == 4) {
		align_word = arg[2].word;
		flags_word = arg[3].word;
	} else if (nr_args == 3) {
		if (arg[2].word[0] >= '0' && arg[2].word[0] <= '9')
			align_word = arg[2].word;
		else
			flags_word = arg[2].word;
	}
	*align = 0;
	*flags = 0;
	if (align_word) {
		if (scn_parse_number(align_word, 0, UINT_MAX, align, &why))
			return scn_error(ctx, "bad number '%s' for ALIGN: %s",
					 align_word, why);
		if (*align & (*align - 1))
			return scn_error(ctx,
					 "bad ALIGN '%s': not 0 or a power of two",
					 align_word);
	}
	if (flags_word && scn_parse_slab_flags(flags_word, flags, &why))
		return scn_error(ctx, "bad FLAGS '%s': %s", flags_word, why);
	return 0;
}

/*
 * cache NAME SIZE [ALIGN] [FLAGS]: kmem_cache_create(NAME, SIZE, ALIGN,
 * FLAGS, NULL).  Prints nothing, or `NAME failed` if the library refuses.
 * A cache the kernel merges into an existing one (same size class and
 * flags, no constructor: find_mergeable()) is that cache under a second
 * name, and /proc/slabinfo shows only the first.
 */
static int do_cache(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		    const struct scn_line *line, const struct scn_arg *arg)
{
	struct scn_obj *obj = scn_names_find(&ctx->caches, arg[0].word);
	struct kmem_cache *s;
	unsigned long align;
	unsigned int flags;

	if (obj)
		return scn_error(ctx, "cache '%s' is live (created at line %lu)",
				 arg[0].word, obj->lineno);
	if (arg[1].val > UINT_MAX)
		return scn_error(ctx, "bad number '%s' for SIZE: larger than %u",
				 arg[1].word, UINT_MAX);
	if (cache_options(ctx, cmd, line, arg, &align, &flags) ||
	    !scn_machine(ctx))
		return -1;
	obj = scn_names_add(&ctx->caches, arg[0].word, SCN_OBJ_CACHE,
			    ctx->lineno);
	if (!obj)
		return scn_error(ctx, "out of host memory");
	/* obj->name outlives the machine (scn_ctx_destroy()) */
	s = mmsim_kmem_cache_create(obj->name, (unsigned int)arg[1].val,
				    (unsigned int)align, flags, NULL);
	if (!s) {
		scn_names_del(&ctx->caches, obj);
		scn_print(ctx, "%s failed", arg[0].word);
		return 0;
	}
	obj->ptr = s;
	obj->val = arg[1].val;
	return 0;
}

/* cache_alloc H NAME: kmem_cache_alloc(NAME, GFP_KERNEL). */
static int do_cache_alloc(struct scn_ctx *ctx, const struct scn_cmd *cmd,
			  const struct scn_line *line,
			  const struct scn_arg *arg)
{
	struct scn_obj *cache = scn_names_find(&ctx->caches, arg[1].word);
	struct scn_obj *obj;
	void *p;

	if (check_new_handle(ctx, arg[0].word))
		return -1;
	if (!cache)
		return scn_error(ctx, "unknown cache '%s'", arg[1].word);
	p = mmsim_kmem_cache_alloc(cache->ptr, MMSIM_GFP_KERNEL);
	if (!p) {
		scn_print(ctx, "%s failed", arg[0].word);
		return 0;
	}
	obj = scn_names_add(&ctx->handles, arg[0].word, SCN_OBJ_CACHE_OBJ,
			    ctx->lineno);
	if (!obj) {
		mmsim_kmem_cache_free(cache->ptr, p);
		return scn_error(ctx, "out of host memory");
	}
	obj->ptr = p;
	obj->cache = cache->ptr;
	print_object(ctx, arg[0].word, p, false);
	return 0;
}

/*
 * cache_free H: kmem_cache_free() of what `cache_alloc H` returned, to
 * its cache.  A kmalloc handle is refused: kmem_cache_free() needs the
 * object's own cache, and a script names only the caches it created
 * (use kfree).
 */
static int do_cache_free(struct scn_ctx *ctx, const struct scn_cmd *cmd,
			 const struct scn_line *line,
			 const struct scn_arg *arg)
{
	struct scn_obj *obj = get_handle(ctx, arg[0].word, SCN_OBJ_CACHE_OBJ);

	if (!obj)
		return -1;
	mmsim_kmem_cache_free(obj->cache, obj->ptr);
	scn_names_del(&ctx->handles, obj);
	return 0;
}

/* ---- vmalloc ------------------------------------------------------------ */

/*
 * vmalloc H SIZE: vmalloc(SIZE).  Prints the area's kernel virtual
 * address (VMALLOC_START and up: the same in every run, unlike the host
 * pointer) and the pages behind it, or `H failed`.
 */
static int do_vmalloc(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		      const struct scn_line *line, const struct scn_arg *arg)
{
	struct scn_obj *obj;
	struct mmsim *m;
	void *p;

	if (check_new_handle(ctx, arg[0].word) || !(m = scn_machine(ctx)))
		return -1;
	p = mmsim_vmalloc(arg[1].val);
	if (!p) {
		scn_print(ctx, "%s failed", arg[0].word);
		return 0;
	}
	obj = scn_names_add(&ctx->handles, arg[0].word, SCN_OBJ_VMALLOC,
			    ctx->lineno);
	if (!obj) {
		mmsim_vfree(p);
		return scn_error(ctx, "out of host memory");
	}
	obj->ptr = p;
	obj->val = arg[1].val;
	scn_print(ctx, "%s va 0x%llx pages %lu", arg[0].word,
		  (unsigned long long)mmsim_kernel_va(m, p),
		  (arg[1].val + MMSIM_PAGE_SIZE - 1) / MMSIM_PAGE_SIZE);
	return 0;
}

/* vfree H: vfree() of what `vmalloc H` returned. */
static int do_vfree(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		    const struct scn_line *line, const struct scn_arg *arg)
{
	struct scn_obj *obj = get_handle(ctx, arg[0].word, SCN_OBJ_VMALLOC);

	if (!obj)
		return -1;
	mmsim_vfree(obj->ptr);
	scn_names_del(&ctx->handles, obj);
	return 0;
}

/* ---- The MMU: walk, at, tlb --------------------------------------------- */

/*
 * The address space a `walk`/`at`/`tlb` command names: `kernel` is the
 * current CPU's registers as they are (TTBR1_EL1 holds the kernel's
 * tables); a task's address space arrives with processes.
 */
static int select_space(struct scn_ctx *ctx, const struct scn_arg *who)
{
	if (who->bits == 1)	/* `kernel` */
		return 0;
	return scn_error(ctx, "unknown task '%s'", who->word);
}

static enum mmsim_access scn_to_access(unsigned int bits)
{
	return bits == SCN_ACCESS_W ? MMSIM_ACCESS_WRITE :
	       bits == SCN_ACCESS_X ? MMSIM_ACCESS_EXEC : MMSIM_ACCESS_READ;
}

/* Print a memstream's text as output lines; 0, or a script error. */
static int print_stream(struct scn_ctx *ctx, FILE *f, char **text,
			size_t *len, int ret, const char *what)
{
	fclose(f);	/* sets *text and *len */
	if (ret < 0 && ret != -EFAULT) {
		free(*text);
		return scn_error(ctx, "%s: %s", what, lib_error(ret));
	}
	scn_print_block(ctx, *text, *len);
	free(*text);
	return 0;
}

/*
 * walk T|kernel VA r|w|x [el0|el1]: the table walk an access would do on
 * the current CPU, level by level (pure: like AT, it changes nothing),
 * then what the current CPU's TLB holds for VA, which differs from the
 * tables when a descriptor changed without the TLBI that would drop it.
 */
static int do_walk(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		   const struct scn_line *line, const struct scn_arg *arg)
{
	int el = line->nr_words > 4 ? (int)arg[3].bits : arg[0].bits == 1;
	struct mmsim_walk w;
	char *text = NULL;
	size_t len = 0;
	struct mmsim *m;
	FILE *f;
	int ret;

	if (select_space(ctx, &arg[0]) || !(m = scn_machine(ctx)))
		return -1;
	f = open_memstream(&text, &len);
	if (!f)
		return scn_error(ctx, "walk: %s", strerror(errno));
	ret = mmsim_walk(arg[1].val, scn_to_access(arg[2].bits), el, &w);
	if (ret == 0 || ret == -EFAULT) {
		uint64_t tpa;
		int where;

		mmsim_walk_print(&w, f);
		where = mmsim_tlb_lookup(arg[1].val, &tpa);
		if (where > 0)
			fprintf(f, "  tlb: L%d entry -> PA 0x%016llx%s\n", where,
				(unsigned long long)tpa,
				ret == 0 && tpa == w.pa ? "" :
				" (stale: the tables say otherwise)");
		else if (where == 0)
			fprintf(f, "  tlb: no entry\n");
	}
	return print_stream(ctx, f, &text, &len, ret, "walk");
}

/*
 * at T|kernel VA r|w|x el0|el1: AT S1E{0,1}{R,W} on the current CPU:
 * `-> 0xPA` or `fault TYPE level N`.  `x` asks what an instruction fetch
 * would get (AT has no fetch form; the same pure walk answers).
 */
static int do_at(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		 const struct scn_line *line, const struct scn_arg *arg)
{
	enum mmsim_access acc = scn_to_access(arg[2].bits);
	int el = (int)arg[3].bits, ret;
	struct mmsim_walk w;
	uint64_t par;

	if (select_space(ctx, &arg[0]) || !scn_machine(ctx))
		return -1;
	if (acc == MMSIM_ACCESS_EXEC) {
		ret = mmsim_walk(arg[1].val, acc, el, &w);
		par = w.pa;
	} else {
		ret = mmsim_at(arg[1].val, acc, el, &par);
		if (ret == -EIO)	/* AT took an external abort */
			ret = -EFAULT;
		if (ret == -EFAULT)	/* the fault's details: same walk */
			mmsim_walk(arg[1].val, acc, el, &w);
		par = (par & 0x0000fffffffff000ULL) | (arg[1].val & 0xfff);
	}
	if (ret == 0)
		scn_print(ctx, "-> 0x%llx", (unsigned long long)par);
	else if (ret == -EFAULT && w.fault.level >= 0)
		scn_print(ctx, "fault %s level %d",
			  mmsim_fault_name(w.fault.type), w.fault.level);
	else if (ret == -EFAULT)
		scn_print(ctx, "fault %s", mmsim_fault_name(w.fault.type));
	else
		return scn_error(ctx, "at: %s", lib_error(ret));
	return 0;
}

/*
 * tlb: the current CPU's TLB contents and statistics.
 * tlb flush all: TLBI VMALLE1IS.  tlb asid T: TLBI ASIDE1IS of T's ASID.
 * tlb va T|kernel VA: TLBI VAE1IS (T's ASID) or, for the kernel's
 * global mappings, TLBI VAAE1IS.
 */
static int do_tlb(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		  const struct scn_line *line, const struct scn_arg *arg)
{
	int nr_args = line->nr_words - 1;
	unsigned long va;
	const char *why;
	struct mmsim *m;

	if (nr_args == 0) {
		char *text = NULL;
		size_t len = 0;
		FILE *f;

		if (!(m = scn_machine(ctx)))
			return -1;
		f = open_memstream(&text, &len);
		if (!f)
			return scn_error(ctx, "tlb: %s", strerror(errno));
		return print_stream(ctx, f, &text, &len,
				    mmsim_tlb_print(m, mmsim_smp_processor_id(),
						    f),
				    "tlb");
	}
	if (nr_args == 2 && !strcmp(arg[0].word, "flush") &&
	    !strcmp(arg[1].word, "all")) {
		if (!scn_machine(ctx))
			return -1;
		mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, true);
		return 0;
	}
	if (nr_args == 2 && !strcmp(arg[0].word, "asid")) {
		struct scn_arg who = { .word = arg[1].word };

		return select_space(ctx, &who);
	}
	if (nr_args == 3 && !strcmp(arg[0].word, "va")) {
		if (scn_parse_number(arg[2].word, 0, ULONG_MAX, &va, &why))
			return scn_error(ctx, "bad number '%s' for VA: %s",
					 arg[2].word, why);
		if (strcmp(arg[1].word, "kernel")) {
			struct scn_arg who = { .word = arg[1].word };

			return select_space(ctx, &who);
		}
		if (!scn_machine(ctx))
			return -1;
		mmsim_tlbi(MMSIM_TLBI_VAAE1, (va >> 12) & ((1ULL << 44) - 1),
			   true);
		return 0;
	}
	return scn_error(ctx, "bad 'tlb' command (usage: %s)", cmd->usage);
}

/*
 * dump T|kernel DIR: DIR/ram.bin (all of RAM, PHYS_OFFSET at offset 0)
 * and DIR/regs (the current CPU's translation registers), for replaying
 * its translations on another ARM64 model.  Prints nothing.
 */
static int do_dump(struct scn_ctx *ctx, const struct scn_cmd *cmd,
		   const struct scn_line *line, const struct scn_arg *arg)
{
	struct mmsim *m;
	int ret;

	if (select_space(ctx, &arg[0]) || !(m = scn_machine(ctx)))
		return -1;
	ret = mmsim_dump(m, arg[1].word);
	if (ret < 0)
		return scn_error(ctx, "dump %s: %s", arg[1].word, lib_error(ret));
	return 0;
}

/* ---- The table ---------------------------------------------------------- */

/* clang-format off */
#define T	SCN_ARG_TASK
#define TK	SCN_ARG_TASK_OR_KERNEL
#define H	SCN_ARG_HANDLE
#define NAME	SCN_ARG_NAME
#define ADDR	SCN_ARG_ADDR
#define LEN	SCN_ARG_LEN
#define BYTE	SCN_ARG_BYTE
#define UINT	SCN_ARG_UINT
#define ULONG	SCN_ARG_ULONG
#define GFP	SCN_ARG_GFP
#define PROT	SCN_ARG_PROT
#define FLAGS	SCN_ARG_MAP_FLAGS
#define ADVICE	SCN_ARG_ADVICE
#define MROPT	SCN_ARG_MREMAP_OPT
#define ACCESS	SCN_ARG_ACCESS
#define EL	SCN_ARG_EL
#define WORD	SCN_ARG_WORD

#define CMD(_name, _min, _max, _handler, _usage, ...)			\
	{ .name = _name, .min_args = _min, .max_args = _max,		\
	  .arg = { __VA_ARGS__ }, .usage = _usage, .handler = _handler }

/*
 * Word counts are of the arguments, the command word excluded.  Rows
 * whose arguments depend on each other (mmap's NAME OFFSET pair, cache's
 * optional ALIGN and FLAGS, tlb's forms) list plain WORDs or the loosest
 * kind, and their handlers check the rest.
 */
const struct scn_cmd scn_commands[] = {
	CMD("boot",	1, SCN_MAX_ARGS, do_boot, "boot PARAM...", WORD),
	/* processes and their memory, as on Linux */
	CMD("task",	1, 1, not_implemented, "task T", T),
	CMD("fork",	2, 2, not_implemented, "fork P C", T, T),
	CMD("exit",	1, 1, not_implemented, "exit T", T),
	CMD("file",	3, 3, not_implemented, "file NAME SIZE BYTE",
	    NAME, LEN, BYTE),
	CMD("mmap",	5, 7, not_implemented,
	    "mmap T ADDR LEN PROT FLAGS [NAME OFFSET]",
	    T, ADDR, LEN, PROT, FLAGS, NAME, LEN),
	CMD("munmap",	3, 3, not_implemented, "munmap T ADDR LEN",
	    T, ADDR, LEN),
	CMD("mprotect",	4, 4, not_implemented, "mprotect T ADDR LEN PROT",
	    T, ADDR, LEN, PROT),
	CMD("mremap",	4, 6, not_implemented,
	    "mremap T OLD OLDLEN NEWLEN [maymove] [fixed=NEW]",
	    T, ADDR, LEN, LEN, MROPT, MROPT),
	CMD("madvise",	4, 4, not_implemented, "madvise T ADDR LEN ADVICE",
	    T, ADDR, LEN, ADVICE),
	CMD("write",	4, 4, not_implemented, "write T ADDR LEN BYTE",
	    T, ADDR, LEN, BYTE),
	CMD("read",	3, 3, not_implemented, "read T ADDR LEN", T, ADDR, LEN),
	CMD("maps",	1, 1, not_implemented, "maps T", T),
	CMD("resident",	3, 3, not_implemented, "resident T ADDR LEN",
	    T, ADDR, LEN),
	/* simulator-only */
	CMD("show",	1, 2, do_show, "show WHAT [T]", WORD, T),
	CMD("alloc",	2, 3, do_alloc, "alloc H ORDER [GFP]", H, UINT, GFP),
	CMD("free",	1, 1, do_free, "free H", H),
	CMD("kmalloc",	2, 3, do_kmalloc, "kmalloc H SIZE [GFP]",
	    H, LEN, GFP),
	CMD("kfree",	1, 1, do_kfree, "kfree H", H),
	CMD("cache",	2, 4, do_cache,
	    "cache NAME SIZE [ALIGN] [FLAGS]", NAME, LEN, WORD, WORD),
	CMD("cache_alloc", 2, 2, do_cache_alloc, "cache_alloc H NAME",
	    H, NAME),
	CMD("cache_free", 1, 1, do_cache_free, "cache_free H", H),
	CMD("vmalloc",	2, 2, do_vmalloc, "vmalloc H SIZE", H, LEN),
	CMD("vfree",	1, 1, do_vfree, "vfree H", H),
	CMD("walk",	3, 4, do_walk,
	    "walk T|kernel VA r|w|x [el0|el1]", TK, ADDR, ACCESS, EL),
	CMD("tlb",	0, 3, do_tlb, "tlb [flush all|asid T|va T|kernel VA]",
	    WORD, WORD, WORD),
	CMD("cpu",	1, 1, do_cpu, "cpu N", UINT),
	CMD("at",	4, 4, do_at, "at T|kernel VA r|w|x el0|el1",
	    TK, ADDR, ACCESS, EL),
	CMD("dump",	2, 2, do_dump, "dump T|kernel DIR", TK, WORD),
	CMD("reclaim",	0, 1, not_implemented, "reclaim [PAGES]", ULONG),
	CMD("compact",	0, 0, not_implemented, "compact"),
};
/* clang-format on */

const size_t scn_nr_commands = sizeof(scn_commands) / sizeof(scn_commands[0]);
