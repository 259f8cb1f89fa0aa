// SPDX-License-Identifier: MIT
/*
 * Boot parameters (DESIGN.md section 4), parsed the way the kernel parses
 * its command line (kernel/params.c, lib/cmdline.c:memparse()): words
 * separated by blanks, each "name=value" or a bare "name".  Every
 * parameter is declared once in boot_params[] below; an unknown or
 * malformed word is refused with a message that names it.
 *
 * Sizes take the kernel's memparse() suffixes K, M, G, T (either case);
 * numbers are decimal or 0x hex.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mmzone.h>
#include <sim/machine.h>

#define MEM_MIN		(8ULL << 20)
#define MEM_MAX		(16ULL << 40)
#define NODE_ALIGN	(MAX_ORDER_NR_PAGES << PAGE_SHIFT)

/* Parse a whole number; no suffix allowed.  Returns false if malformed. */
static bool parse_ulong(const char *s, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && !*end;
}

/* lib/cmdline.c:memparse(), but strict: the whole string must parse. */
static bool memparse(const char *s, unsigned long long *out)
{
	unsigned long long v, mult = 1;
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return false;
	switch (*end) {
	case 'E': case 'e': mult <<= 10; fallthrough;
	case 'P': case 'p': mult <<= 10; fallthrough;
	case 'T': case 't': mult <<= 10; fallthrough;
	case 'G': case 'g': mult <<= 10; fallthrough;
	case 'M': case 'm': mult <<= 10; fallthrough;
	case 'K': case 'k': mult <<= 10; end++; break;
	default: break;
	}
	if (*end || (v && mult > ~0ULL / v))
		return false;
	*out = v * mult;
	return true;
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "y", "Y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "N", "no", "off", "false" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

#define BAD(fmt, ...) mmsim_set_error(EINVAL, "boot parameter '%s': " fmt, \
				      word, ##__VA_ARGS__)

static int p_mem(struct mmsim_config *c, const char *v, const char *word)
{
	unsigned long long x;

	if (!memparse(v, &x))
		return BAD("not a size (use e.g. 256M, 4G)");
	if (x < MEM_MIN || x > MEM_MAX)
		return BAD("must be between 8M and 16T");
	if (x % PAGE_SIZE)
		return BAD("must be a multiple of 4K");
	c->mem = x;
	return 0;
}

static int p_numa(struct mmsim_config *c, const char *v, const char *word)
{
	unsigned long long x;
	char buf[512], *tok, *save;
	int n = 0;

	if (!strcmp(v, "off")) {
		c->nr_nodes = 1;
		return 0;
	}
	if (!strchr(v, ',') && parse_ulong(v, &x)) {
		if (x < 1 || x > MAX_NUMNODES)
			return BAD("the number of nodes must be 1..%d",
				   MAX_NUMNODES);
		c->nr_nodes = (int)x;
		memset(c->node_mem, 0, sizeof(c->node_mem));
		return 0;
	}
	if (strlen(v) >= sizeof(buf))
		return BAD("too long");
	strcpy(buf, v);
	memset(c->node_mem, 0, sizeof(c->node_mem));
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_NUMNODES)
			return BAD("at most %d nodes", MAX_NUMNODES);
		if (!memparse(tok, &x) || !x)
			return BAD("'%s' is not a node size", tok);
		if (x % NODE_ALIGN)
			return BAD("node size '%s' is not a multiple of 4M", tok);
		c->node_mem[n++] = x;
	}
	if (!n || v[strlen(v) - 1] == ',')
		return BAD("expected N or SIZE,SIZE,...");
	c->nr_nodes = n;
	return 0;
}

static int p_nr_cpus(struct mmsim_config *c, const char *v, const char *word)
{
	unsigned long long x;

	if (!parse_ulong(v, &x) || x < 1 || x > MMSIM_MAX_CPUS)
		return BAD("must be a number of CPUs, 1..%d", MMSIM_MAX_CPUS);
	c->nr_cpus = (int)x;
	return 0;
}

/* kernelcore= / movablecore=: a size or a percentage (mm/mm_init.c). */
static int parse_core(const char *v, u64 *bytes, int *percent)
{
	unsigned long long x;
	size_t len = strlen(v);

	if (len > 1 && v[len - 1] == '%') {
		char num[32];

		if (len > sizeof(num))
			return -1;
		memcpy(num, v, len - 1);
		num[len - 1] = '\0';
		if (!parse_ulong(num, &x) || x > 100)
			return -1;
		*percent = (int)x;
		*bytes = 0;
		return 0;
	}
	if (!memparse(v, &x))
		return -1;
	*bytes = x;
	*percent = -1;
	return 0;
}

static int p_movablecore(struct mmsim_config *c, const char *v,
			 const char *word)
{
	if (parse_core(v, &c->movablecore, &c->movablecore_percent))
		return BAD("expected a size or a percentage (e.g. 1G, 25%%)");
	return 0;
}

static int p_kernelcore(struct mmsim_config *c, const char *v,
			const char *word)
{
	if (!strcmp(v, "mirror"))
		return BAD("mirrored memory is not simulated");
	if (parse_core(v, &c->kernelcore, &c->kernelcore_percent))
		return BAD("expected a size or a percentage (e.g. 1G, 75%%)");
	return 0;
}

static int p_min_free_kbytes(struct mmsim_config *c, const char *v,
			     const char *word)
{
	unsigned long long x;

	/* The sysctl's range (mm/page_alloc.c: min_free_kbytes, min 0). */
	if (!parse_ulong(v, &x) || x > 1 << 30)
		return BAD("expected a number of kilobytes");
	c->min_free_kbytes = (long)x;
	return 0;
}

static int p_watermark_scale_factor(struct mmsim_config *c, const char *v,
				    const char *word)
{
	unsigned long long x;

	/* sysctl range: 1..3000 (mm/page_alloc.c: page_alloc_sysctl_table) */
	if (!parse_ulong(v, &x) || x < 1 || x > 3000)
		return BAD("must be 1..3000");
	c->watermark_scale_factor = (int)x;
	return 0;
}

static int p_high_fraction(struct mmsim_config *c, const char *v,
			   const char *word)
{
	unsigned long long x;

	/* 0, or at least MIN_PERCPU_PAGELIST_HIGH_FRACTION (8) */
	if (!parse_ulong(v, &x) || (x && x < 8) || x > 1 << 20)
		return BAD("must be 0 or at least 8");
	c->percpu_pagelist_high_fraction = (int)x;
	return 0;
}

static int p_panic(struct mmsim_config *c, const char *v, const char *word)
{
	if (!strcmp(v, "report"))
		c->panic = PANIC_REPORT;
	else if (!strcmp(v, "abort"))
		c->panic = PANIC_ABORT;
	else
		return BAD("expected 'report' or 'abort'");
	return 0;
}

static int p_panic_on_warn(struct mmsim_config *c, const char *v,
			   const char *word)
{
	if (!v) {
		c->panic_on_warn = true;
		return 0;
	}
	if (!parse_bool(v, &c->panic_on_warn))
		return BAD("expected 0 or 1");
	return 0;
}

static int p_seed(struct mmsim_config *c, const char *v, const char *word)
{
	unsigned long long x;

	if (!parse_ulong(v, &x))
		return BAD("expected a number");
	c->seed = x;
	return 0;
}

/* lib/fault-inject.c:setup_fault_attr(): "interval,probability,space,times" */
static int parse_fault_attr(char *dst, size_t dstsize, const char *v,
			    const char *word)
{
	unsigned long long f[4];
	char buf[96], *tok, *save;
	int n = 0;

	if (strlen(v) >= sizeof(buf))
		return BAD("too long");
	strcpy(buf, v);
	for (tok = strtok_r(buf, ",", &save); tok && n < 4;
	     tok = strtok_r(NULL, ",", &save)) {
		/* times may be -1: no limit */
		if (n == 3 && !strcmp(tok, "-1")) {
			f[n++] = ~0ULL;
			continue;
		}
		if (!parse_ulong(tok, &f[n++]))
			return BAD("'%s' is not a number", tok);
	}
	if (n != 4 || tok)
		return BAD("expected <interval>,<probability>,<space>,<times>");
	if (f[1] > 100)
		return BAD("probability is a percentage, 0..100");
	if (f[0] < 1)
		return BAD("interval must be at least 1");
	snprintf(dst, dstsize, "%s", v);
	return 0;
}

static int p_fail_page_alloc(struct mmsim_config *c, const char *v,
			     const char *word)
{
	return parse_fault_attr(c->fail_page_alloc, sizeof(c->fail_page_alloc),
				v, word);
}

static int p_failslab(struct mmsim_config *c, const char *v, const char *word)
{
	return parse_fault_attr(c->failslab, sizeof(c->failslab), v, word);
}

static int p_failslab_ignore_wait(struct mmsim_config *c, const char *v,
				  const char *word)
{
	bool b;

	if (!parse_bool(v, &b))
		return BAD("expected Y or N");
	c->failslab_ignore_gfp_wait = b;
	return 0;
}

/* The debugfs knobs of /sys/kernel/debug/fail_page_alloc/, at boot. */
static int p_fpa_ignore_wait(struct mmsim_config *c, const char *v,
			     const char *word)
{
	bool b;

	if (!parse_bool(v, &b))
		return BAD("expected Y or N");
	c->fail_page_alloc_ignore_gfp_wait = b;
	return 0;
}

static int p_fpa_min_order(struct mmsim_config *c, const char *v,
			   const char *word)
{
	unsigned long long x;

	if (!parse_ulong(v, &x) || x > MAX_PAGE_ORDER)
		return BAD("must be 0..%d", MAX_PAGE_ORDER);
	c->fail_page_alloc_min_order = (int)x;
	return 0;
}

/* slab_nomerge / slab_merge (mm/slab_common.c) */
static int p_slab_nomerge(struct mmsim_config *c, const char *v,
			  const char *word)
{
	if (v)
		return BAD("takes no value");
	c->slab_nomerge = true;
	return 0;
}

static int p_slab_merge(struct mmsim_config *c, const char *v,
			const char *word)
{
	if (v)
		return BAD("takes no value");
	c->slab_nomerge = false;
	return 0;
}

static int p_slub_hardened(struct mmsim_config *c, const char *v,
			   const char *word)
{
	if (!parse_bool(v, &c->slub_freelist_hardened))
		return BAD("expected 'on' or 'off'");
	return 0;
}

/* slab_min_order= / slab_max_order= / slab_min_objects= (mm/slub.c) */
static int p_slub_order(struct mmsim_config *c, const char *v,
			const char *word, int *out)
{
	unsigned long long x;

	if (!parse_ulong(v, &x) || x > MAX_PAGE_ORDER)
		return BAD("must be 0..%d", MAX_PAGE_ORDER);
	*out = (int)x;
	return 0;
}

static int p_slub_min_order(struct mmsim_config *c, const char *v,
			    const char *word)
{
	return p_slub_order(c, v, word, &c->slub_min_order);
}

static int p_slub_max_order(struct mmsim_config *c, const char *v,
			    const char *word)
{
	return p_slub_order(c, v, word, &c->slub_max_order);
}

static int p_slub_min_objects(struct mmsim_config *c, const char *v,
			      const char *word)
{
	unsigned long long x;

	if (!parse_ulong(v, &x) || x > 32767)
		return BAD("must be 0..32767");
	c->slub_min_objects = (int)x;
	return 0;
}

/*
 * slub_debug[=<flags>[,<cache>[,<cache>...]][;<flags>,<cache>...]]
 * (mm/slub.c:setup_slub_debug()): flags F Z P U T (either case), '-'
 * for none; a block without a cache list sets the flags of every cache.
 * Bare "slub_debug" is full debugging, FZPU.  The kernel skips unknown
 * letters with a message; here they refuse the word.  slub.c applies it.
 */
static int p_slub_debug(struct mmsim_config *c, const char *v,
			const char *word)
{
	const char *p;

	if (!v)
		v = "FZPU";
	if (strlen(v) >= sizeof(c->slub_debug))
		return BAD("too long (at most %zu characters)",
			   sizeof(c->slub_debug) - 1);
	for (p = v; *p;) {
		/* the flags of one block */
		for (; *p && *p != ',' && *p != ';'; p++)
			if (!strchr("FfZzPpUuTt-", *p))
				return BAD("unknown slub_debug option '%c' (expected F, Z, P, U, T or -)",
					   *p);
		/* its cache names: non-empty, no blanks */
		while (*p == ',') {
			const char *name = ++p;

			while (*p && *p != ',' && *p != ';') {
				if (isspace((unsigned char)*p))
					return BAD("blank in a cache name");
				p++;
			}
			if (p == name)
				return BAD("empty cache name");
		}
		while (*p == ';')
			p++;
	}
	snprintf(c->slub_debug, sizeof(c->slub_debug), "%s", v);
	return 0;
}

static int p_page_owner(struct mmsim_config *c, const char *v,
			const char *word)
{
	if (!parse_bool(v, &c->page_owner))
		return BAD("expected 'on' or 'off'");
	return 0;
}

static int p_printk_time(struct mmsim_config *c, const char *v,
			 const char *word)
{
	if (!parse_bool(v, &c->printk_time))
		return BAD("expected 0 or 1");
	return 0;
}

static int p_memblock(struct mmsim_config *c, const char *v,
		      const char *word)
{
	if (strcmp(v, "debug"))
		return BAD("the only value is 'debug'");
	c->memblock_debug = true;
	return 0;
}

static int p_pcp(struct mmsim_config *c, const char *v, const char *word)
{
	bool on;

	if (!parse_bool(v, &on))
		return BAD("expected 'on' or 'off'");
	c->pcp_disabled = !on;
	return 0;
}

static int p_deferred_init(struct mmsim_config *c, const char *v,
			   const char *word)
{
	if (!parse_bool(v, &c->deferred_struct_pages))
		return BAD("expected 'on' or 'off'");
	return 0;
}

static int p_zone_dma_bits(struct mmsim_config *c, const char *v,
			   const char *word)
{
	unsigned long long x;

	if (!parse_ulong(v, &x) || x < 24 || x > 64)
		return BAD("must be 24..64");
	c->zone_dma_bits = (int)x;
	return 0;
}

static int p_phys_offset(struct mmsim_config *c, const char *v,
			 const char *word)
{
	unsigned long long x;

	if (!memparse(v, &x) || x % NODE_ALIGN || x > (1ULL << 47))
		return BAD("must be a multiple of 4M below 2^47");
	c->phys_offset = x;
	return 0;
}

static int p_hole(struct mmsim_config *c, const char *v, const char *word)
{
	unsigned long long size, base;
	char buf[64], *at;

	if (strlen(v) >= sizeof(buf))
		return BAD("too long");
	strcpy(buf, v);
	at = strchr(buf, '@');
	if (!at)
		return BAD("expected SIZE@ADDRESS");
	*at = '\0';
	if (!memparse(buf, &size) || !memparse(at + 1, &base) || !size)
		return BAD("expected SIZE@ADDRESS");
	if (size % PAGE_SIZE || base % PAGE_SIZE)
		return BAD("size and address must be multiples of 4K");
	if (c->nr_holes == MMSIM_MAX_HOLES)
		return BAD("at most %d holes", MMSIM_MAX_HOLES);
	c->holes[c->nr_holes].base = base;
	c->holes[c->nr_holes].size = size;
	c->nr_holes++;
	return 0;
}

static int p_granule(struct mmsim_config *c, const char *v, const char *word)
{
	(void)c;
	if (!strcmp(v, "4k") || !strcmp(v, "4K"))
		return 0;
	if (!strcmp(v, "16k") || !strcmp(v, "16K") || !strcmp(v, "64k") ||
	    !strcmp(v, "64K"))
		return BAD("the kernel's page size is 4K in this version; 16K and 64K granules are walked by the MMU (TCR_EL1.TG0/TG1) but not used by the kernel");
	return BAD("expected 4k, 16k or 64k");
}

static int p_va_bits(struct mmsim_config *c, const char *v, const char *word)
{
	unsigned long long x;

	if (!parse_ulong(v, &x) || (x != 39 && x != 42 && x != 47 && x != 48))
		return BAD("expected 39, 42, 47 or 48");
	c->va_bits = (unsigned int)x;
	return 0;
}

static int p_asid_bits(struct mmsim_config *c, const char *v,
		       const char *word)
{
	unsigned long long x;

	if (!parse_ulong(v, &x) || (x != 8 && x != 16))
		return BAD("expected 8 or 16");
	c->mmu.asid_bits = (unsigned int)x;
	return 0;
}

static int p_hafdbs(struct mmsim_config *c, const char *v, const char *word)
{
	if (!parse_bool(v, &c->mmu.hafdbs))
		return BAD("expected 'on' or 'off'");
	return 0;
}

/*
 * tlb=l1i:N,l1d:N,l2:N/WAYS,walk:N,repl:lru|random - any subset, in any
 * order.  Fully associative L1s up to 256 entries; the L2's sets must be
 * a power of two.
 */
static int p_tlb(struct mmsim_config *c, const char *v, const char *word)
{
	char buf[128], *item, *save;
	struct mmu_config t = c->mmu;

	if (strlen(v) >= sizeof(buf))
		return BAD("too long");
	strcpy(buf, v);
	for (item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		unsigned long long n, ways = 0;

		if (!colon)
			return BAD("'%s': expected NAME:VALUE", item);
		*colon++ = '\0';
		if (!strcmp(item, "repl")) {
			if (!strcmp(colon, "lru"))
				t.random_replacement = false;
			else if (!strcmp(colon, "random"))
				t.random_replacement = true;
			else
				return BAD("repl: expected lru or random");
			continue;
		}
		if (!strcmp(item, "l2")) {
			char *slash = strchr(colon, '/');

			if (!slash)
				return BAD("l2: expected ENTRIES/WAYS");
			*slash = '\0';
			if (!parse_ulong(slash + 1, &ways) || ways < 1 ||
			    ways > 16)
				return BAD("l2: ways must be 1..16");
		}
		if (!parse_ulong(colon, &n))
			return BAD("%s: '%s' is not a number", item, colon);
		if (!strcmp(item, "l1i") || !strcmp(item, "l1d")) {
			if (n < 1 || n > 256)
				return BAD("%s: entries must be 1..256", item);
			*(!strcmp(item, "l1i") ? &t.l1i_entries :
						 &t.l1d_entries) = (unsigned)n;
		} else if (!strcmp(item, "l2")) {
			unsigned long long sets = ways ? n / ways : 0;

			if (n % ways || !sets || sets > 65536 ||
			    (sets & (sets - 1)))
				return BAD("l2: ENTRIES/WAYS must be a power of two sets (up to 65536)");
			t.l2_entries = (unsigned)n;
			t.l2_ways = (unsigned)ways;
		} else if (!strcmp(item, "walk")) {
			if (n > 256)
				return BAD("walk: entries must be 0..256");
			t.walk_entries = (unsigned)n;
		} else {
			return BAD("unknown TLB '%s' (expected l1i, l1d, l2, walk or repl)",
				   item);
		}
	}
	c->mmu = t;
	return 0;
}

/* clang-format off */
static const struct boot_param {
	const char *name;
	bool flag_ok;		/* may appear without "=value" */
	int (*set)(struct mmsim_config *c, const char *v, const char *word);
} boot_params[] = {
	{ "mem",			false,	p_mem },
	{ "numa",			false,	p_numa },
	{ "nr_cpus",			false,	p_nr_cpus },
	{ "cpus",			false,	p_nr_cpus },	/* SCENARIO.md's spelling */
	{ "movablecore",		false,	p_movablecore },
	{ "kernelcore",			false,	p_kernelcore },
	{ "min_free_kbytes",		false,	p_min_free_kbytes },
	{ "watermark_scale_factor",	false,	p_watermark_scale_factor },
	{ "percpu_pagelist_high_fraction", false, p_high_fraction },
	{ "panic",			false,	p_panic },
	{ "panic_on_warn",		true,	p_panic_on_warn },
	{ "seed",			false,	p_seed },
	{ "fail_page_alloc",		false,	p_fail_page_alloc },
	{ "fail_page_alloc.ignore-gfp-wait", false, p_fpa_ignore_wait },
	{ "fail_page_alloc.min-order",	false,	p_fpa_min_order },
	{ "failslab",			false,	p_failslab },
	{ "failslab.ignore-gfp-wait",	false,	p_failslab_ignore_wait },
	{ "page_owner",			false,	p_page_owner },
	{ "slab_nomerge",		true,	p_slab_nomerge },
	{ "slub_nomerge",		true,	p_slab_nomerge },
	{ "slab_merge",			true,	p_slab_merge },
	{ "slub_merge",			true,	p_slab_merge },
	{ "slab_min_order",		false,	p_slub_min_order },
	{ "slub_min_order",		false,	p_slub_min_order },
	{ "slab_max_order",		false,	p_slub_max_order },
	{ "slub_max_order",		false,	p_slub_max_order },
	{ "slab_min_objects",		false,	p_slub_min_objects },
	{ "slub_min_objects",		false,	p_slub_min_objects },
	{ "slub_freelist_hardened",	false,	p_slub_hardened },
	{ "slab_debug",			true,	p_slub_debug },
	{ "slub_debug",			true,	p_slub_debug },
	{ "printk.time",		false,	p_printk_time },
	{ "memblock",			false,	p_memblock },
	{ "pcp",			false,	p_pcp },
	{ "deferred_init",		false,	p_deferred_init },
	{ "zone_dma_bits",		false,	p_zone_dma_bits },
	{ "phys_offset",		false,	p_phys_offset },
	{ "hole",			false,	p_hole },
	{ "granule",			false,	p_granule },
	{ "va_bits",			false,	p_va_bits },
	{ "asid_bits",			false,	p_asid_bits },
	{ "hafdbs",			false,	p_hafdbs },
	{ "tlb",			false,	p_tlb },
};
/* clang-format on */

static void config_defaults(struct mmsim_config *c)
{
	memset(c, 0, sizeof(*c));
	c->mem = 256ULL << 20;
	c->nr_nodes = 1;
	c->nr_cpus = 1;
	c->movablecore_percent = -1;
	c->kernelcore_percent = -1;
	c->min_free_kbytes = -1;
	c->watermark_scale_factor = 10;
	c->panic = PANIC_REPORT;
	c->seed = 1;
	c->printk_time = true;
	c->deferred_struct_pages = true;
	c->zone_dma_bits = 32;
	c->phys_offset = 0x40000000;
	c->fail_page_alloc_ignore_gfp_wait = -1;
	c->fail_page_alloc_min_order = 1;	/* mm/fail_page_alloc.c default */
	c->slub_max_order = 3;			/* PAGE_ALLOC_COSTLY_ORDER */
	c->failslab_ignore_gfp_wait = -1;
	c->va_bits = 48;			/* CONFIG_ARM64_VA_BITS_48 */
	/* a Cortex-A76-like CPU: 16-bit ASIDs, FEAT_HAFDBS, 48-entry L1
	 * micro-TLBs, a 1280-entry 5-way L2 TLB, a walk cache */
	c->mmu.asid_bits = 16;
	c->mmu.hafdbs = true;
	c->mmu.l1i_entries = 48;
	c->mmu.l1d_entries = 48;
	c->mmu.l2_entries = 1280;
	c->mmu.l2_ways = 5;
	c->mmu.walk_entries = 32;
}

static int parse_word(struct mmsim_config *c, char *word, bool *mem_given)
{
	char *eq = strchr(word, '=');
	char name[64];
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	size_t i;

	if (len == 0 || len >= sizeof(name))
		return mmsim_set_error(EINVAL, "unknown boot parameter '%s'",
				       word);
	memcpy(name, word, len);
	name[len] = '\0';
	for (i = 0; i < ARRAY_SIZE(boot_params); i++) {
		const struct boot_param *p = &boot_params[i];

		if (strcmp(p->name, name))
			continue;
		if (!eq && !p->flag_ok)
			return mmsim_set_error(EINVAL,
					       "boot parameter '%s' needs a value (%s=...)",
					       word, name);
		if (eq && !eq[1])
			return mmsim_set_error(EINVAL,
					       "boot parameter '%s' has an empty value",
					       word);
		if (!strcmp(name, "mem"))
			*mem_given = true;
		return p->set(c, eq ? eq + 1 : NULL, word);
	}
	return mmsim_set_error(EINVAL, "unknown boot parameter '%s'", word);
}

/* Cross-checks that need all the words. */
static int config_check(struct mmsim_config *c, bool mem_given)
{
	u64 sum = 0;
	int i;

	if (c->node_mem[0]) {
		for (i = 0; i < c->nr_nodes; i++)
			sum += c->node_mem[i];
		if (!mem_given)
			c->mem = sum;
		else if (sum != c->mem)
			return mmsim_set_error(EINVAL,
					       "boot parameter 'numa=': node sizes add up to %lluM, but mem=%lluM",
					       (unsigned long long)(sum >> 20),
					       (unsigned long long)(c->mem >> 20));
		if (c->mem > MEM_MAX || c->mem < MEM_MIN)
			return mmsim_set_error(EINVAL,
					       "boot parameter 'numa=': node sizes add up to %lluK; memory must be between 8M and 16T",
					       (unsigned long long)(c->mem >> 10));
	} else if (c->mem / c->nr_nodes < NODE_ALIGN) {
		return mmsim_set_error(EINVAL,
				       "boot parameter 'numa=%d': mem=%lluK gives nodes smaller than 4M",
				       c->nr_nodes,
				       (unsigned long long)(c->mem >> 10));
	}
	for (i = 0; i < c->nr_holes; i++) {
		if (c->holes[i].base < c->phys_offset ||
		    c->holes[i].base + c->holes[i].size >
			    c->phys_offset + c->mem)
			return mmsim_set_error(EINVAL,
					       "boot parameter 'hole=%#llx@%#llx': not inside RAM [%#llx-%#llx)",
					       (unsigned long long)c->holes[i].size,
					       (unsigned long long)c->holes[i].base,
					       (unsigned long long)c->phys_offset,
					       (unsigned long long)(c->phys_offset + c->mem));
	}
	return 0;
}

int mmsim_config_parse(struct mmsim_config *c, const char *params)
{
	char *copy, *word, *save;
	bool mem_given = false;
	int ret = 0;

	config_defaults(c);
	if (!params)
		params = "";
	if (strlen(params) >= sizeof(c->cmdline))
		return mmsim_set_error(EINVAL, "boot parameters longer than %zu bytes",
				       sizeof(c->cmdline) - 1);
	snprintf(c->cmdline, sizeof(c->cmdline), "%s", params);
	copy = strdup(params);
	if (!copy)
		return mmsim_set_error(ENOMEM, "out of host memory");
	for (word = strtok_r(copy, " \t\n", &save); word && !ret;
	     word = strtok_r(NULL, " \t\n", &save))
		ret = parse_word(c, word, &mem_given);
	free(copy);
	if (ret)
		return ret;
	return config_check(c, mem_given);
}
