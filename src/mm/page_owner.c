// SPDX-License-Identifier: MIT
/*
 * page_owner=on: who allocated each page (mm/page_owner.c).
 *
 * Each allocation records its order, gfp mask, CPU, a timestamp and the
 * call stack; the record's handle lives in the page's page_ext.  Stacks
 * are symbolised with libunwind when recorded (the kernel stores return
 * addresses in a stack depot and symbolises when printing; our hidden
 * symbols can only be named from a live unwind).  Freed pages keep their
 * last record, marked freed, as the kernel's do.
 *
 * show "page_owner" prints every allocated page's record in the format
 * of /sys/kernel/debug/page_owner.
 */
#include "mmsim-config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if MMSIM_HAVE_LIBUNWIND
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#endif

#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

#define PAGE_EXT_OWNER_FREED	0x1
#define OWNER_STACK_DEPTH	12

struct page_owner_rec {
	unsigned int order;
	gfp_t gfp;
	int cpu;
	u64 ts_nsec;
	char *stack;		/* " fn+0x1c/0x40\n" lines */
};

struct page_owner_depot {
	pthread_mutex_t lock;
	struct page_owner_rec *recs;
	u32 nr, size;
};

static struct page_owner_depot *depot_of(struct mmsim *m)
{
	return m->page_owner_depot;
}

static char *capture_stack(void)
{
	size_t len = 0, size = 512;
	char *buf = malloc(size);

	if (!buf)
		return NULL;
	buf[0] = '\0';
#if MMSIM_HAVE_LIBUNWIND
	unw_context_t uc;
	unw_cursor_t cursor;
	int depth = 0;

	if (unw_getcontext(&uc) || unw_init_local(&cursor, &uc))
		return buf;
	while (unw_step(&cursor) > 0 && depth < OWNER_STACK_DEPTH + 2) {
		char name[96];
		unw_word_t off = 0;
		int n;

		if (depth++ < 2)	/* set_page_owner, prep_new_page */
			continue;
		if (unw_get_proc_name(&cursor, name, sizeof(name), &off))
			strcpy(name, "0x?");
		n = snprintf(NULL, 0, " %s+0x%lx\n", name, (unsigned long)off);
		if (len + (size_t)n + 1 > size) {
			char *nb = realloc(buf, size * 2 + (size_t)n);

			if (!nb)
				break;
			buf = nb;
			size = size * 2 + (size_t)n;
		}
		len += (size_t)snprintf(buf + len, size - len, " %s+0x%lx\n",
					name, (unsigned long)off);
		if (!strcmp(name, "main"))
			break;
	}
#endif
	return buf;
}

void set_page_owner(struct mmsim *m, struct page *page, unsigned int order,
		    gfp_t gfp)
{
	struct page_owner_depot *d = depot_of(m);
	struct page_ext *ext = page_ext_of(m, page_to_pfn(page));
	struct page_owner_rec rec;
	struct timespec ts;

	if (!d)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	rec.order = order;
	rec.gfp = gfp;
	rec.cpu = this_cpu() ? this_cpu()->id : 0;
	rec.ts_nsec = (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec - m->boot_ns;
	rec.stack = capture_stack();
	pthread_mutex_lock(&d->lock);
	if (d->nr == d->size) {
		u32 size = d->size ? d->size * 2 : 1024;
		struct page_owner_rec *recs = realloc(d->recs, sizeof(*recs) * size);

		if (!recs) {
			pthread_mutex_unlock(&d->lock);
			free(rec.stack);
			return;
		}
		d->recs = recs;
		d->size = size;
	}
	d->recs[d->nr] = rec;
	ext->owner_handle = ++d->nr;
	ext->flags &= (u8)~PAGE_EXT_OWNER_FREED;
	ext->alloc_cpu = (u16)rec.cpu;
	pthread_mutex_unlock(&d->lock);
}

void reset_page_owner(struct mmsim *m, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i;

	for (i = 0; i < (1UL << order); i++)
		page_ext_of(m, pfn + i)->flags |= PAGE_EXT_OWNER_FREED;
}

static const struct page_owner_rec *owner_of(struct mmsim *m,
					     const struct page_ext *ext)
{
	struct page_owner_depot *d = depot_of(m);

	if (!d || !ext->owner_handle || ext->owner_handle > d->nr)
		return NULL;
	return &d->recs[ext->owner_handle - 1];
}

/* Mirrors: mm/page_owner.c:__dump_page_owner() */
void report_page_owner(struct report *r, const struct page *page)
{
	struct mmsim *m = r->m;
	const struct page_ext *ext;
	const struct page_owner_rec *rec;
	char gfp[160];

	if (!m || !m->cfg.page_owner)
		return;
	ext = page_ext_of(m, page_to_pfn(page));
	pthread_mutex_lock(&depot_of(m)->lock);
	rec = owner_of(m, ext);
	if (!rec) {
		report_printf(r, "page_owner info is not present (never set?)\n");
	} else {
		mmsim_gfp_format(rec->gfp, gfp, sizeof(gfp));
		report_printf(r, "page last allocated via order %u, migratetype %s, gfp_mask %#x(%s), pid 0, tgid 0 (%s), ts %llu, free_ts 0\n",
			      rec->order,
			      migratetype_names[gfp_migratetype(rec->gfp) < MIGRATE_PCPTYPES ?
						gfp_migratetype(rec->gfp) : MIGRATE_MOVABLE],
			      rec->gfp, gfp, current_comm(),
			      (unsigned long long)rec->ts_nsec);
		report_printf(r, "%s", rec->stack ? rec->stack : "");
		if (ext->flags & PAGE_EXT_OWNER_FREED)
			report_printf(r, "page has been freed since\n");
	}
	pthread_mutex_unlock(&depot_of(m)->lock);
}

/* Mirrors: mm/page_owner.c:print_page_owner() over read_page_owner() */
int show_page_owner(struct mmsim *m, FILE *out)
{
	unsigned long pfn;
	struct page_owner_depot *d = depot_of(m);

	if (!m->cfg.page_owner || !d) {
		fprintf(out, "page_owner is disabled (boot with page_owner=on)\n");
		return 0;
	}
	pthread_mutex_lock(&d->lock);
	for (pfn = m->min_low_pfn; pfn < m->max_pfn; pfn++) {
		const struct page_ext *ext = page_ext_of(m, pfn);
		const struct page_owner_rec *rec;
		const struct page *page = &m->vmemmap[pfn];
		char gfp[160];
		int mt;

		if (!ext->owner_handle || (ext->flags & PAGE_EXT_OWNER_FREED))
			continue;
		if (!ext->alloc_order)	/* a tail: printed with its head */
			continue;
		rec = owner_of(m, ext);
		if (!rec)
			continue;
		mmsim_gfp_format(rec->gfp, gfp, sizeof(gfp));
		mt = get_pfnblock_migratetype(page, pfn);
		fprintf(out, "Page allocated via order %u, mask %#x(%s), pid 0, tgid 0 (%s), ts %llu ns\n",
			rec->order, rec->gfp, gfp, current_comm(),
			(unsigned long long)rec->ts_nsec);
		fprintf(out, "PFN 0x%lx type %s Block %lu type %s Flags %#lx\n",
			pfn,
			migratetype_names[gfp_migratetype(rec->gfp) < MIGRATE_PCPTYPES ?
					  gfp_migratetype(rec->gfp) : MIGRATE_MOVABLE],
			pfn >> pageblock_order, migratetype_names[mt],
			page->flags);
		fprintf(out, "%s\n", rec->stack ? rec->stack : "");
	}
	pthread_mutex_unlock(&d->lock);
	return 0;
}

int page_owner_init(struct mmsim *m)
{
	struct page_owner_depot *d;

	if (!m->cfg.page_owner)
		return 0;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -1;
	pthread_mutex_init(&d->lock, NULL);
	m->page_owner_depot = d;
	return 0;
}

void page_owner_exit(struct mmsim *m)
{
	struct page_owner_depot *d = depot_of(m);
	u32 i;

	if (!d)
		return;
	for (i = 0; i < d->nr; i++)
		free(d->recs[i].stack);
	free(d->recs);
	pthread_mutex_destroy(&d->lock);
	free(d);
	m->page_owner_depot = NULL;
}
