// SPDX-License-Identifier: MIT
/*
 * mm debugging output (mm/debug.c): dump_page() into a report, the page
 * and GFP flag names, and the exported GFP parse/format helpers.
 *
 * The names and their print order are those of
 * include/trace/events/mmflags.h in Linux 6.18; the text of a flags
 * word is what lib/vsprintf.c prints for %pGp (page flags) and %pGg (GFP
 * flags): the names of the set flags joined by '|', composite GFP masks
 * before single bits, leftover bits as a hex number.
 *
 * dump_page() reads a struct page that may be corrupt: it never trusts
 * the node and zone bits or compound_head enough to follow them outside
 * the machine's vmemmap.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/gfp.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

/* Indexed by PG_ bit: the names %pGp prints. */
const char *const pageflag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked",
	[PG_writeback] = "writeback",
	[PG_referenced] = "referenced",
	[PG_uptodate] = "uptodate",
	[PG_dirty] = "dirty",
	[PG_lru] = "lru",
	[PG_head] = "head",
	[PG_waiters] = "waiters",
	[PG_active] = "active",
	[PG_workingset] = "workingset",
	[PG_owner_priv_1] = "owner_priv_1",
	[PG_owner_2] = "owner_2",
	[PG_arch_1] = "arch_1",
	[PG_reserved] = "reserved",
	[PG_private] = "private",
	[PG_private_2] = "private_2",
	[PG_reclaim] = "reclaim",
	[PG_swapbacked] = "swapbacked",
	[PG_unevictable] = "unevictable",
	[PG_dropbehind] = "dropbehind",
	[PG_mlocked] = "mlocked",
};

/* The order in which __def_pageflag_names lists them (not bit order). */
static const u8 pageflag_print_order[] = {
	PG_locked,	PG_waiters,	PG_referenced,	PG_uptodate,
	PG_dirty,	PG_lru,		PG_active,	PG_workingset,
	PG_owner_priv_1, PG_owner_2,	PG_arch_1,	PG_reserved,
	PG_private,	PG_private_2,	PG_writeback,	PG_head,
	PG_reclaim,	PG_swapbacked,	PG_unevictable,	PG_dropbehind,
	PG_mlocked,
};
BUILD_BUG_ON(ARRAY_SIZE(pageflag_print_order) != __NR_PAGEFLAGS);

struct gfp_name {
	mmsim_gfp_t mask;
	const char *name;
};

#define GFP_NAME(flag) { MMSIM_##flag, #flag }

/* __def_gfpflag_names: composite masks first, most bits first. */
static const struct gfp_name gfpflag_names[] = {
	GFP_NAME(GFP_TRANSHUGE),
	GFP_NAME(GFP_TRANSHUGE_LIGHT),
	GFP_NAME(GFP_HIGHUSER_MOVABLE),
	GFP_NAME(GFP_HIGHUSER),
	GFP_NAME(GFP_USER),
	GFP_NAME(GFP_KERNEL_ACCOUNT),
	GFP_NAME(GFP_KERNEL),
	GFP_NAME(GFP_NOFS),
	GFP_NAME(GFP_ATOMIC),
	GFP_NAME(GFP_NOIO),
	GFP_NAME(GFP_NOWAIT),
	GFP_NAME(GFP_DMA),
	GFP_NAME(GFP_DMA32),
	GFP_NAME(__GFP_RECLAIM),
	GFP_NAME(__GFP_DMA),
	GFP_NAME(__GFP_HIGHMEM),
	GFP_NAME(__GFP_DMA32),
	GFP_NAME(__GFP_MOVABLE),
	GFP_NAME(__GFP_RECLAIMABLE),
	GFP_NAME(__GFP_HIGH),
	GFP_NAME(__GFP_IO),
	GFP_NAME(__GFP_FS),
	GFP_NAME(__GFP_ZERO),
	GFP_NAME(__GFP_DIRECT_RECLAIM),
	GFP_NAME(__GFP_KSWAPD_RECLAIM),
	GFP_NAME(__GFP_WRITE),
	GFP_NAME(__GFP_NOWARN),
	GFP_NAME(__GFP_RETRY_MAYFAIL),
	GFP_NAME(__GFP_NOFAIL),
	GFP_NAME(__GFP_NORETRY),
	GFP_NAME(__GFP_MEMALLOC),
	GFP_NAME(__GFP_COMP),
	GFP_NAME(__GFP_NOMEMALLOC),
	GFP_NAME(__GFP_HARDWALL),
	GFP_NAME(__GFP_THISNODE),
	GFP_NAME(__GFP_ACCOUNT),
	GFP_NAME(__GFP_ZEROTAGS),
};

/* A bounded string builder, as vsprintf's buf/end pair. */
struct flagbuf {
	char *buf;
	size_t size, len;
};

static void __printf(2, 3) fb_printf(struct flagbuf *fb, const char *fmt, ...)
{
	size_t room = fb->len < fb->size ? fb->size - fb->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? fb->buf + fb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		fb->len += n;
}

/* vsprintf's number() with SPECIAL|SMALL, base 16: "0x0" for zero too. */
static void fb_hex(struct flagbuf *fb, unsigned long v)
{
	fb_printf(fb, "0x%lx", v);
}

/*
 * Mirrors: lib/vsprintf.c:format_flags() for GFP names: every name whose
 * whole mask is set, in table order, each clearing its bits; what is
 * left prints as a number.
 */
static void format_gfp_flags(struct flagbuf *fb, unsigned long flags)
{
	size_t i;

	for (i = 0; flags && i < ARRAY_SIZE(gfpflag_names); i++) {
		unsigned long mask = gfpflag_names[i].mask;

		if ((flags & mask) != mask)
			continue;
		fb_printf(fb, "%s", gfpflag_names[i].name);
		flags &= ~mask;
		if (flags)
			fb_printf(fb, "|");
	}
	if (flags)
		fb_hex(fb, flags);
}

/*
 * Mirrors: lib/vsprintf.c:format_page_flags(): the word in hex, then in
 * parentheses the PG_ names and the node and zone fields.  arm64 with
 * NUMA balancing would also show lastcpupid=; the simulator keeps no
 * cpupid in page->flags, so the field is left out.
 */
static void format_page_flags(struct flagbuf *fb, unsigned long flags)
{
	unsigned long main_flags = flags & (BIT(__NR_PAGEFLAGS) - 1);
	size_t i;

	fb_hex(fb, flags);
	fb_printf(fb, "(");
	for (i = 0; main_flags && i < ARRAY_SIZE(pageflag_print_order); i++) {
		unsigned long mask = BIT(pageflag_print_order[i]);

		if (!(main_flags & mask))
			continue;
		fb_printf(fb, "%s", pageflag_names[pageflag_print_order[i]]);
		main_flags &= ~mask;
		fb_printf(fb, "|");
	}
	if (main_flags)
		fb_printf(fb, "0x%lx|", main_flags);
	fb_printf(fb, "node=%lu|zone=%lu)",
		  (flags >> NODES_PGSHIFT) & NODES_MASK,
		  (flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

MMSIM_EXPORT int mmsim_gfp_format(mmsim_gfp_t gfp, char *buf, size_t size)
{
	struct flagbuf fb = { .buf = buf, .size = size };

	if (size)
		buf[0] = '\0';
	if (!gfp)
		fb_printf(&fb, "0");
	else
		format_gfp_flags(&fb, gfp);
	return (int)fb.len;
}

static int gfp_lookup(const char *word, size_t len, mmsim_gfp_t *out)
{
	char *end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gfpflag_names); i++) {
		if (strlen(gfpflag_names[i].name) == len &&
		    !strncmp(gfpflag_names[i].name, word, len)) {
			*out = gfpflag_names[i].mask;
			return 0;
		}
	}
	/* show_gfp_flags() prints an empty mask as "none" */
	if (len == 4 && !strncmp(word, "none", 4)) {
		*out = 0;
		return 0;
	}
	if (len && word[0] >= '0' && word[0] <= '9') {
		unsigned long v;

		errno = 0;
		v = strtoul(word, &end, 0);
		if (!errno && (size_t)(end - word) == len &&
		    v <= MMSIM___GFP_BITS_MASK) {
			*out = (mmsim_gfp_t)v;
			return 0;
		}
	}
	return -EINVAL;
}

MMSIM_EXPORT int mmsim_gfp_parse(const char *s, mmsim_gfp_t *out)
{
	mmsim_gfp_t gfp = 0, one;
	const char *p = s;

	if (!s || !out)
		return mmsim_set_error(EINVAL,
				       "mmsim_gfp_parse: NULL argument");
	for (;;) {
		const char *word, *end;
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		word = p;
		end = strchr(p, '|');
		if (!end)
			end = p + strlen(p);
		len = end - word;
		while (len && (word[len - 1] == ' ' || word[len - 1] == '\t'))
			len--;
		if (gfp_lookup(word, len, &one))
			return mmsim_set_error(EINVAL,
					       "unknown GFP flag '%.*s'",
					       (int)len, word);
		gfp |= one;
		if (!*end)
			break;
		p = end + 1;
	}
	*out = gfp;
	return 0;
}

/* include/linux/page-flags.h: the word of a page that was never set up */
#define PAGE_POISON_PATTERN	(~0UL)
/* mapping's low bits (PAGE_MAPPING_ANON, PAGE_MAPPING_KSM) */
#define PAGE_MAPPING_ANON	0x1UL
#define PAGE_MAPPING_FLAGS	0x3UL
#define PAGE_MAPPING_KSM	0x3UL
/* MAX_FOLIO_NR_PAGES: a PUD-sized folio, 1 GiB with 4 KiB pages */
#define MAX_FOLIO_NR_PAGES	(1UL << 18)

/* Mirrors: page_type_has_type(): a signed compare, below 0xff000000. */
static bool page_type_has_type(unsigned int page_type)
{
	unsigned int limit = (unsigned int)PGTY_mapcount_underflow << 24;

	return (int)page_type < (int)limit;
}

/*
 * Mirrors: mm/debug.c:page_type_names[] and page_type_name().  6.18
 * names the types it had when the table was written; zsmalloc's slot is
 * empty, so the kernel's %s prints "(null)" for it, and later types
 * (large_kmalloc) are "unknown".
 */
static const char *page_type_name(unsigned int page_type)
{
	static const char *const names[] = {
		[PGTY_slab - 0xf0] = "slab",
		[PGTY_hugetlb - 0xf0] = "hugetlb",
		[PGTY_offline - 0xf0] = "offline",
		[PGTY_guard - 0xf0] = "guard",
		[PGTY_table - 0xf0] = "table",
		[PGTY_buddy - 0xf0] = "buddy",
		[PGTY_unaccepted - 0xf0] = "unaccepted",
	};
	unsigned int i = (page_type >> 24) - 0xf0;

	if (i >= ARRAY_SIZE(names))
		return "unknown";
	return names[i] ? names[i] : "(null)";
}

/* %p of the kernel: NULL as zeroes; otherwise the (unhashed) value. */
static void report_ptr(struct report *r, const char *prefix, const void *p)
{
	report_printf(r, "%s%016lx", prefix, (unsigned long)p);
}

/*
 * Mirrors: lib/hexdump.c:print_hex_dump(prefix, DUMP_PREFIX_NONE,
 * rowsize 32, groupsize 8): four 64-bit words per line.
 */
static void report_hex_dump(struct report *r, const char *prefix,
			    const void *buf, size_t len)
{
	const unsigned long *w = buf;
	size_t i;

	for (i = 0; i < len / sizeof(*w); i++)
		report_printf(r, "%s%016lx%s", i % 4 ? " " : prefix, w[i],
			      i % 4 == 3 ? "\n" : "");
	if (i % 4)
		report_printf(r, "\n");
}

/* The zone whose span holds @pfn, found without trusting page->flags. */
static struct zone *zone_of_pfn(struct mmsim *m, unsigned long pfn)
{
	struct zone *zone;
	int nid, zid;

	for_each_zone(m, zone, nid, zid)
		if (populated_zone(zone) && zone->pageblock_flags &&
		    zone_spans_pfn(zone, pfn))
			return zone;
	return NULL;
}

/* Mirrors: is_migrate_cma_folio(): is @pfn's pageblock MIGRATE_CMA? */
static bool pfn_is_cma(struct mmsim *m, unsigned long pfn)
{
	struct zone *zone = m ? zone_of_pfn(m, pfn) : NULL;
	unsigned long idx;

	if (!zone)
		return false;
	idx = (pfn - pageblock_start_pfn(zone->zone_start_pfn)) >>
	      pageblock_order;
	return zone->pageblock_flags[idx] == MIGRATE_CMA;
}

static bool page_in_vmemmap(const struct mmsim *m, const struct page *page)
{
	return m && page >= m->vmemmap + m->vmemmap_start_pfn &&
	       page < m->vmemmap + m->vmemmap_end_pfn;
}

/*
 * Mirrors: mm/debug.c:__dump_folio().  @precise is a copy of the page,
 * @folio a copy of its head's first two struct pages.  The large-folio
 * counters (folio mapcount, entire mapcount, pages mapped, pincount)
 * print 0: the simulator does not keep them.  A file mapping is not
 * described further (the kernel's dump_mapping()).
 */
static void __dump_folio(struct report *r, const struct page *folio,
			 const struct page *precise, unsigned long pfn,
			 unsigned long idx)
{
	struct mmsim *m = r->m;
	unsigned long mapping = (unsigned long)folio->mapping;
	int mapcount = atomic_read(&precise->_mapcount);
	const char *type = "";
	char flags[512];
	struct flagbuf fb = { .buf = flags, .size = sizeof(flags) };

	mapcount = page_type_has_type(mapcount + 1) ? 0 : mapcount + 1;
	if (PageSlab(folio) || (mapping & PAGE_MAPPING_FLAGS))
		mapping = 0;
	report_printf(r, "page: refcount:%d mapcount:%d",
		      atomic_read(&folio->_refcount), mapcount);
	report_ptr(r, " mapping:", (const void *)mapping);
	report_printf(r, " index:0x%lx pfn:0x%lx\n", folio->index + idx, pfn);
	if (PageHead(folio))
		report_printf(r, "head: order:%u mapcount:%d "
				 "entire_mapcount:%d nr_pages_mapped:%d "
				 "pincount:%d\n",
			      folio[1].compound_order, 0, 0, 0, 0);

	mapping = (unsigned long)folio->mapping;
	if ((mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_KSM)
		type = "ksm ";
	else if (mapping & PAGE_MAPPING_ANON)
		type = "anon ";

	format_page_flags(&fb, folio->flags);
	report_printf(r, "%sflags: %s%s\n", type, flags,
		      pfn_is_cma(m, pfn) ? " CMA" : "");
	if (page_type_has_type(folio->page_type))
		report_printf(r, "page_type: %x(%s)\n", folio->page_type >> 24,
			      page_type_name(folio->page_type));

	report_hex_dump(r, "raw: ", precise, sizeof(*precise));
	if (PageHead(folio))
		report_hex_dump(r, "head: ", folio, 2 * sizeof(*folio));
}

/*
 * Mirrors: mm/debug.c:__dump_page(): copy the page, find its folio
 * through compound_head, and dump both; a tail whose head does not
 * claim it is dumped as a page of its own.
 */
static void __dump_page(struct report *r, const struct page *page)
{
	struct page precise, folio[2];
	const struct page *head;
	unsigned long pfn = page_to_pfn(page);
	unsigned long idx = 0, nr_pages = 1;

	memcpy(&precise, page, sizeof(precise));
	if (!(precise.compound_head & 1)) {
		if (!PageHead(&precise)) {
			__dump_folio(r, &precise, &precise, pfn, 0);
			return;
		}
		head = page;
	} else {
		head = (const struct page *)(precise.compound_head - 1);
		idx = head <= page ? (unsigned long)(page - head) : ~0UL;
	}

	if (idx < MAX_FOLIO_NR_PAGES && page_in_vmemmap(r->m, head) &&
	    page_in_vmemmap(r->m, head + 1)) {
		memcpy(folio, head, sizeof(folio));
		if (PageHead(folio))
			nr_pages = 1UL << folio[1].compound_order;
	} else {
		idx = ~0UL;
	}

	if (idx > nr_pages) {
		report_printf(r, "page does not match folio\n");
		precise.compound_head &= ~1UL;
		__dump_folio(r, &precise, &precise, pfn, 0);
		return;
	}
	__dump_folio(r, folio, &precise, pfn, idx);
}

/* Mirrors: mm/debug.c:dump_page(), page_owner's part included. */
void report_dump_page(struct report *r, const struct page *page,
		      const char *reason)
{
	if (page->flags == PAGE_POISON_PATTERN) {
		report_ptr(r, "page:", page);
		report_printf(r, " is uninitialized and poisoned\n");
	} else {
		__dump_page(r, page);
	}
	if (reason)
		report_printf(r, "page dumped because: %s\n", reason);
	report_page_owner(r, page);
}
