// SPDX-License-Identifier: MIT
/*
 * Virtually contiguous memory (mm/vmalloc.c, Linux 6.18): vmalloc(),
 * vzalloc(), vmap(), vfree(), vunmap(), /proc/vmallocinfo.
 *
 * vmalloc(size) = alloc_vmap_area(size + guard page, lowest fit) +
 * order-0 pages from the buddy allocator + PTEs in swapper_pg_dir
 * (vmap_pages_range(), allocating page tables as needed).  vfree()
 * clears the PTEs at once but leaves the TLBs alone: the area goes to
 * the lazy list, and only when more than lazy_max_pages() pages are
 * lazy does __purge_vmap_area_lazy() issue one flush_tlb_kernel_range()
 * over the whole purged span and return the areas to the free tree.
 *
 * The kernel's file is in two parts here: mm/vmap_area.c holds what lies
 * below struct vm_struct (the vmap area trees and their allocator, the
 * lazy purge, the page-table range code), this file the vm_struct layer,
 * the API, the reports and boot; mm/vmalloc.h is what they share.
 *
 * The simulator's part (DESIGN.md 3.3): the pointer vmalloc() returns
 * must be usable by the host program.  A host window, reserved PROT_NONE
 * at boot, mirrors the low end of the vmalloc range,
 *
 *	host = window + (kernel VA - VMALLOC_START)
 *
 * and each page vmalloc maps in swapper_pg_dir is also mapped there
 * (the same memfd page as the arena's).  Allocations are confined to the
 * window: vend is VMALLOC_START + window size (4 times the RAM, 1 GiB
 * to 64 GiB; less under Valgrind, see window_init()).  The API takes and
 * returns host pointers, as kmalloc() does; vmallocinfo shows kernel
 * VAs, mmsim_kernel_va()/_ptr() convert.
 *
 * Simplifications: one vmap node (6.9 spreads busy areas over per-CPU
 * vmap_nodes and keeps pools of small freed areas; the free tree and
 * the lazy purge are the same), order-0 pages only (no huge vmalloc,
 * VM_ALLOW_HUGE_VMAP is accepted and ignored), no vm_map_ram() blocks,
 * the purge runs synchronously where the kernel queues drain_vmap_work,
 * struct vmap_area lives in host memory (the kernel: vmap_area_cachep).
 * vm_struct and the pages array are kmalloc()/vmalloc() memory, as in
 * the kernel.
 *
 * Lock order: vmap_purge_lock -> free_vmap_area_lock / busy_lock /
 * lazy_lock (never two of these at once); page_table_lock (init_mm's)
 * only around populating a table entry.
 */
#include "mmsim-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if MMSIM_HAVE_LIBUNWIND
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#endif

#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <mm/vmalloc.h>
#include <sim/debug.h>
#include <sim/machine.h>
#include <sim/track.h>

#ifndef GFP_RECLAIM_MASK
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | \
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#endif

BUILD_BUG_ON(MMSIM_PAGE_KERNEL != _PAGE_KERNEL);
BUILD_BUG_ON(MMSIM_PAGE_KERNEL_RO != _PAGE_KERNEL_RO);
BUILD_BUG_ON(MMSIM_PAGE_KERNEL_EXEC != _PAGE_KERNEL_EXEC);
BUILD_BUG_ON(MMSIM_PAGE_KERNEL_ROX != _PAGE_KERNEL_ROX);
BUILD_BUG_ON(MMSIM_VM_MAP != VM_MAP || MMSIM_VM_ALLOC != VM_ALLOC ||
	     MMSIM_VM_NO_GUARD != VM_NO_GUARD ||
	     MMSIM_VM_MAP_PUT_PAGES != VM_MAP_PUT_PAGES);

/* ------------------------------------------------------------------ */
/* Reports                                                              */

/* @func: the kernel function whose WARN() this is */
#define VM_WARN_MSG(m, func, fmt, ...) \
	__warn_printf(m, "mm/vmalloc.c", __LINE__, func, 0, NULL, NULL, fmt, \
		      ##__VA_ARGS__)

/* Mirrors: mm/page_alloc.c:warn_alloc() with vmalloc's messages */
static void __printf(3, 4) vmalloc_warn_alloc(struct mmsim *m, gfp_t gfp,
					      const char *fmt, ...)
{
	char msg[160], flags[160];
	struct report r;
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mmsim_gfp_format(gfp, flags, sizeof(flags));
	report_begin(&r, m);
	report_printf(&r, "%s: %s, mode:%#x(%s), nodemask=(null)\n",
		      current_comm(), msg, gfp, flags);
	report_backtrace(&r, 2);
	report_free_areas(&r, m);
	report_end(&r, REPORT_NOTICE);
}

/* %pS: "function+0xoffset/0xsize" of a code address (libunwind) */
static void print_symbol(FILE *out, const void *ip)
{
#if MMSIM_HAVE_LIBUNWIND
	unw_context_t uc;
	unw_cursor_t c;
	unw_proc_info_t pi;
	unw_word_t off = 0;
	char name[128];

	if (!unw_getcontext(&uc) && !unw_init_local(&c, &uc) &&
	    !unw_set_reg(&c, UNW_REG_IP, (unw_word_t)ip) &&
	    !unw_get_proc_name(&c, name, sizeof(name), &off)) {
		if (!unw_get_proc_info(&c, &pi) && pi.end_ip > pi.start_ip)
			fprintf(out, " %s+0x%lx/0x%lx", name,
				(unsigned long)off,
				(unsigned long)(pi.end_ip - pi.start_ip));
		else
			fprintf(out, " %s+0x%lx", name, (unsigned long)off);
		return;
	}
#endif
	fprintf(out, " %p", ip);
}

/* Mirrors: mm/vmalloc.c:show_numa_info() */
static void show_numa_info(struct mmsim *m, FILE *out,
			   const struct vm_struct *v, unsigned int *counters)
{
	unsigned int nr;
	int nid;

	memset(counters, 0, sizeof(*counters) * (size_t)m->nr_node_ids);
	for (nr = 0; nr < v->nr_pages; nr++)
		counters[page_to_nid(v->pages[nr])]++;
	for (nid = 0; nid < m->nr_node_ids; nid++)
		if (counters[nid])
			fprintf(out, " N%d=%u", nid, counters[nid]);
}

/*
 * /proc/vmallocinfo: every busy area in address order, then the lazily
 * freed ones not purged yet.  Mirrors: mm/vmalloc.c:vmalloc_info_show(),
 * show_purge_info() (%pK as root: the real address)
 */
int show_vmallocinfo(struct mmsim *m, FILE *out)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	unsigned int counters[MAX_NUMNODES];
	struct vmap_area *va;

	if (!vs)
		return 0;
	spin_lock(&vs->busy_lock);
	list_for_each_entry(va, &vs->busy.head, list) {
		const struct vm_struct *v = va->vm;

		if (!v || (READ_ONCE(v->flags) & VM_UNINITIALIZED))
			continue;
		fprintf(out, "0x%016llx-0x%016llx %7ld",
			(unsigned long long)v->addr,
			(unsigned long long)(v->addr + v->size), (long)v->size);
		if (v->caller)
			print_symbol(out, v->caller);
		if (v->nr_pages)
			fprintf(out, " pages=%d", (int)v->nr_pages);
		if (v->phys_addr)
			fprintf(out, " phys=0x%016llx",
				(unsigned long long)v->phys_addr);
		if (v->flags & VM_IOREMAP)
			fputs(" ioremap", out);
		if (v->flags & VM_SPARSE)
			fputs(" sparse", out);
		if (v->flags & VM_ALLOC)
			fputs(" vmalloc", out);
		if (v->flags & VM_MAP)
			fputs(" vmap", out);
		if (v->flags & VM_USERMAP)
			fputs(" user", out);
		if (v->flags & VM_DMA_COHERENT)
			fputs(" dma-coherent", out);
		if (vmalloc_host_to_va(m, v->pages))
			fputs(" vpages", out);
		show_numa_info(m, out, v, counters);
		fputc('\n', out);
	}
	spin_unlock(&vs->busy_lock);

	spin_lock(&vs->lazy_lock);
	list_for_each_entry(va, &vs->lazy.head, list)
		fprintf(out, "0x%016llx-0x%016llx %7ld unpurged vm_area\n",
			(unsigned long long)va->va_start,
			(unsigned long long)va->va_end, (long)va_size(va));
	spin_unlock(&vs->lazy_lock);
	return 0;
}

/* ------------------------------------------------------------------ */
/* vm areas                                                             */

/*
 * An area of @size (rounded up to pages, plus a guard page unless
 * VM_NO_GUARD) in [start, end), within the host window.
 * Mirrors: mm/vmalloc.c:__get_vm_area_node()
 */
static struct vm_struct *__get_vm_area_node(struct mmsim *m, unsigned long size,
					    unsigned long align,
					    unsigned long flags, u64 start,
					    u64 end, int node, gfp_t gfp_mask,
					    const void *caller)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	unsigned long requested_size = size;
	struct vm_struct *area;

	size = ALIGN(size, PAGE_SIZE);
	if (unlikely(!size))
		return NULL;
	area = mmsim_kmalloc_node(sizeof(*area),
				  (gfp_mask & GFP_RECLAIM_MASK) | __GFP_ZERO,
				  node);
	if (unlikely(!area))
		return NULL;
	if (!(flags & VM_NO_GUARD))
		size += PAGE_SIZE;
	area->flags = flags;
	area->caller = caller;
	area->requested_size = requested_size;
	/* the simulator: only the part of the range the host window shows */
	end = min(end, vs->window_va + vs->window_size);
	if (!alloc_vmap_area(m, size, align, start, end, gfp_mask, area)) {
		mmsim_kfree(area);
		return NULL;
	}
	return area;
}

/*
 * Take the area of kernel VA @addr out of the busy tree and unmap it
 * (PTEs now, TLBs lazily).  Returns its vm_struct, NULL if none (the
 * kernel image's areas are never removed here).
 * Mirrors: mm/vmalloc.c:remove_vm_area() + find_unlink_vmap_area() +
 * free_unmap_vmap_area()
 */
static struct vm_struct *remove_vm_area(struct mmsim *m, u64 addr)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	struct vmap_area *va;
	struct vm_struct *vm;

	spin_lock(&vs->busy_lock);
	va = __find_vmap_area(addr, &vs->busy);
	if (va && va->vm >= vs->vmlinux_seg &&
	    va->vm < vs->vmlinux_seg + KERNEL_SEGMENT_COUNT)
		va = NULL;
	if (va)
		unlink_va(va, &vs->busy);
	spin_unlock(&vs->busy_lock);
	if (!va || !va->vm)
		return NULL;
	vm = va->vm;
	vunmap_range_noflush(m, va->va_start, va->va_end);
	free_vmap_area_noflush(m, va);
	return vm;
}

static void __vfree(struct mmsim *m, const void *addr);

/* kvfree() of an array the kernel kmalloc()ed or vmalloc()ed */
static void kvfree_array(struct mmsim *m, void *p)
{
	if (vmalloc_host_to_va(m, p))
		__vfree(m, p);
	else
		mmsim_kfree(p);
}

/* Mirrors: mm/vmalloc.c:vfree() */
static void __vfree(struct mmsim *m, const void *addr)
{
	struct vm_struct *vm;
	u64 va;
	unsigned int i;

	if (!addr)
		return;
	if ((uintptr_t)addr & ~PAGE_MASK) {
		VM_WARN_MSG(m, "remove_vm_area", "Trying to vfree() bad address (%p)", addr);
		return;
	}
	va = vmalloc_host_to_va(m, addr);
	vm = va ? remove_vm_area(m, va) : NULL;
	if (unlikely(!vm)) {
		VM_WARN_MSG(m, "vfree", "Trying to vfree() nonexistent vm area (%p)",
			    addr);
		return;
	}
	for (i = 0; i < vm->nr_pages; i++)
		mmsim___free_pages(vm->pages[i], 0);
	if (!(vm->flags & VM_MAP_PUT_PAGES))
		atomic_long_add(-(long)vm->nr_pages,
				&vmalloc_state(m)->nr_vmalloc_pages);
	if (vm->pages)
		kvfree_array(m, vm->pages);
	mmsim_kfree(vm);
}

/*
 * Mirrors: mm/vmalloc.c:vm_area_alloc_pages() for order 0 (the bulk
 * allocator's pages, one at a time)
 */
static unsigned int vm_area_alloc_pages(gfp_t gfp, int nid,
					unsigned int nr_pages,
					struct page **pages)
{
	unsigned int nr_allocated = 0;

	while (nr_allocated < nr_pages) {
		struct page *page = nid == NUMA_NO_NODE ?
			mmsim_alloc_pages(gfp, 0) :
			mmsim_alloc_pages_node(nid, gfp, 0);

		if (!page)
			break;
		pages[nr_allocated++] = page;
	}
	return nr_allocated;
}

/*
 * The pages array, the pages, the mapping.  Returns the host pointer or
 * NULL (the area freed).  Mirrors: mm/vmalloc.c:__vmalloc_area_node()
 */
static void *__vmalloc_area_node(struct mmsim *m, struct vm_struct *area,
				 gfp_t gfp_mask, pgprot_t prot, int node)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	const gfp_t nested_gfp = (gfp_mask & GFP_RECLAIM_MASK) | __GFP_ZERO;
	unsigned long size = area->size -
			     (area->flags & VM_NO_GUARD ? 0 : PAGE_SIZE);
	unsigned int nr_small_pages = (unsigned int)(size >> PAGE_SHIFT), i;
	unsigned long array_size = (unsigned long)nr_small_pages *
				   sizeof(struct page *);
	char *host = window_ptr(vs, area->addr);

	if (!(gfp_mask & (__GFP_DMA | __GFP_DMA32)))
		gfp_mask |= __GFP_HIGHMEM;
	/* the recursion is strictly bounded */
	if (array_size > PAGE_SIZE)
		area->pages = __vmalloc_node_noprof(array_size, 1, nested_gfp,
						    node, area->caller);
	else
		area->pages = mmsim_kmalloc_node(array_size, nested_gfp, node);
	if (!area->pages) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, failed to allocated page array size %lu",
				   (unsigned long)nr_small_pages * PAGE_SIZE,
				   array_size);
		goto fail;
	}
	area->page_order = 0;
	area->nr_pages = vm_area_alloc_pages(gfp_mask | __GFP_NOWARN, node,
					     nr_small_pages, area->pages);
	atomic_long_add(area->nr_pages, &vs->nr_vmalloc_pages);
	if (area->nr_pages != nr_small_pages) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, failed to allocate pages",
				   (unsigned long)area->nr_pages * PAGE_SIZE);
		goto fail;
	}
	if (vmap_pages_range(m, area->addr, area->addr + size, prot,
			     area->pages) < 0) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, failed to map pages",
				   (unsigned long)area->nr_pages * PAGE_SIZE);
		goto fail;
	}
	/* Memcheck: vmalloc() memory is undefined, vzalloc()'s zero; the
	 * linear alias is left readable (Memcheck cannot see aliasing) */
	if (m->track) {
		if (!(gfp_mask & __GFP_ZERO))
			track_mem_undefined(host, size);
		for (i = 0; i < area->nr_pages; i++)
			track_mem_defined(page_address(area->pages[i]),
					  PAGE_SIZE);
	}
	return host;
fail:
	__vfree(m, host);
	return NULL;
}

static bool node_valid(struct mmsim *m, int node)
{
	if (node == NUMA_NO_NODE || (node >= 0 && node < m->nr_node_ids))
		return true;
	mmsim_set_error(EINVAL, "vmalloc_node: no node %d", node);
	return false;
}

/*
 * Allocate @size bytes of virtually contiguous memory in [start, end).
 * Returns a host pointer, page aligned, or NULL.
 * Mirrors: mm/vmalloc.c:__vmalloc_node_range_noprof() (no huge mappings;
 * a failing __GFP_NOFAIL allocation fails instead of retrying forever)
 */
void *__vmalloc_node_range_noprof(unsigned long size, unsigned long align,
				  u64 start, u64 end, gfp_t gfp_mask, u64 prot,
				  unsigned long vm_flags, int node,
				  const void *caller)
{
	struct mmsim_cpu *cpu = api_cpu("vmalloc");
	struct vm_struct *area;
	struct mmsim *m;
	void *ret;

	if (!cpu)
		return NULL;
	m = cpu->machine;
	if (!vmalloc_state(m) || !node_valid(m, node))
		return NULL;
	if (WARN_ON_ONCE(!size))
		return NULL;
	if ((size >> PAGE_SHIFT) >
	    (unsigned long)atomic_long_read(&m->totalram_pages)) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, exceeds total pages",
				   size);
		return NULL;
	}
	area = __get_vm_area_node(m, size, align,
				  VM_ALLOC | VM_UNINITIALIZED | vm_flags, start,
				  end, node, gfp_mask, caller);
	if (!area) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, vm_struct allocation failed",
				   size);
		return NULL;
	}
	ret = __vmalloc_area_node(m, area, gfp_mask, __pgprot(prot), node);
	if (!ret)
		return NULL;
	/* clear_vm_uninitialized_flag(): now vmallocinfo may show it */
	__atomic_fetch_and(&area->flags, ~(unsigned long)VM_UNINITIALIZED,
			   __ATOMIC_RELEASE);
	return ret;
}

/* Mirrors: mm/vmalloc.c:__vmalloc_node_noprof() */
void *__vmalloc_node_noprof(unsigned long size, unsigned long align,
			    gfp_t gfp_mask, int node, const void *caller)
{
	struct mmsim *m = this_machine();

	if (!m) {
		api_cpu("vmalloc");
		return NULL;
	}
	return __vmalloc_node_range_noprof(size, align, VMALLOC_START,
					   VMALLOC_END, gfp_mask, _PAGE_KERNEL,
					   0, node, caller);
}

/* Mirrors: mm/vmalloc.c:vmap() */
static void *__vmap(struct mmsim *m, struct page **pages, unsigned int count,
		    unsigned long flags, pgprot_t prot, const void *caller)
{
	struct vm_struct *area;
	unsigned long size;
	char *host;

	if (WARN_ON_ONCE(flags & VM_FLUSH_RESET_PERMS))
		return NULL;
	/* your top guard is someone else's bottom guard */
	if (WARN_ON_ONCE(flags & VM_NO_GUARD))
		flags &= ~VM_NO_GUARD;
	if (count > (unsigned long)atomic_long_read(&m->totalram_pages))
		return NULL;
	size = (unsigned long)count << PAGE_SHIFT;
	area = __get_vm_area_node(m, size, 1, flags, VMALLOC_START, VMALLOC_END,
				  NUMA_NO_NODE, GFP_KERNEL, caller);
	if (!area)
		return NULL;
	host = window_ptr(vmalloc_state(m), area->addr);
	if (vmap_pages_range(m, area->addr, area->addr + size, pgprot_nx(prot),
			     pages) < 0) {
		remove_vm_area(m, area->addr);
		mmsim_kfree(area);
		return NULL;
	}
	if (flags & VM_MAP_PUT_PAGES) {
		area->pages = pages;
		area->nr_pages = count;
	}
	return host;
}

/* ------------------------------------------------------------------ */
/* Boot and teardown                                                    */

/*
 * The host window: 4 times the RAM (a one-page vmalloc() takes two pages
 * of VA with its guard, and lazily freed areas hold theirs until the
 * purge), at least 1 GiB, at most 64 GiB, never more than the vmalloc
 * range.  Under Valgrind twice the RAM, 256 MiB to 1 GiB: Memcheck pays
 * for every byte of a reservation when it tracks origins.  2 MiB
 * aligned on the host, so that a block-aligned kernel VA has a
 * block-aligned host address.
 */
#define WINDOW_ALIGN	(2ULL << 20)

static int window_init(struct mmsim *m, struct vmalloc_state *vs)
{
	u64 range = m->layout.vmalloc_end - m->layout.vmalloc_start;
	u64 size = m->track ?
		clamp(m->cfg.mem * 2, (u64)256 << 20, (u64)SZ_1G) :
		clamp(m->cfg.mem * 4, (u64)SZ_1G, (u64)64 << 30);

	size = min(ALIGN(size, WINDOW_ALIGN), ALIGN_DOWN(range, WINDOW_ALIGN));
	vs->reservation_size = size + WINDOW_ALIGN;
	vs->reservation = mmap(NULL, vs->reservation_size, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			       0);
	if (vs->reservation == MAP_FAILED) {
		vs->reservation = NULL;
		return mmsim_set_error(ENOMEM, "vmalloc: cannot reserve a %llu MiB host window",
				       (unsigned long long)(size >> 20));
	}
	vs->window = (char *)ALIGN((uintptr_t)vs->reservation, WINDOW_ALIGN);
	vs->window_va = m->layout.vmalloc_start;
	vs->window_size = size;
	return 0;
}

/*
 * Mirrors: mm/vmalloc.c:vmalloc_init(): the kernel image's areas (vmlist)
 * become busy areas, everything else free.  Also prints the layout, as
 * mem_init() did just before.
 */
int vmalloc_init(struct mmsim *m)
{
	struct vmalloc_state *vs;
	int i;

	print_kernel_layout(m);
	vs = calloc(1, sizeof(*vs));
	if (!vs)
		return mmsim_set_error(ENOMEM, "out of host memory");
	INIT_LIST_HEAD(&vs->free.head);
	INIT_LIST_HEAD(&vs->busy.head);
	INIT_LIST_HEAD(&vs->lazy.head);
	vs->free.augment = true;
	pthread_mutex_init(&vs->vmap_purge_lock, NULL);
	m->vmalloc = vs;
	if (window_init(m, vs))
		goto fail;

	declare_kernel_vmas(m, vs->vmlinux_seg);
	for (i = 0; i < KERNEL_SEGMENT_COUNT; i++) {
		struct vm_struct *vm = &vs->vmlinux_seg[i];
		struct vmap_area *va = alloc_va(vs);

		vm->next = i + 1 < KERNEL_SEGMENT_COUNT ? vm + 1 : NULL;
		if (!va)
			goto nomem;
		va->va_start = vm->addr;
		va->va_end = vm->addr + vm->size;
		va->vm = vm;
		insert_vmap_area(va, &vs->busy);
	}
	if (vmap_init_free_space(vs))
		goto nomem;
	return 0;
nomem:
	mmsim_set_error(ENOMEM, "out of host memory");
fail:
	vmalloc_exit(m);
	return -ENOMEM;
}

/* The machine goes away: its RAM (vm_structs, pages) with it. */
void vmalloc_exit(struct mmsim *m)
{
	struct vmalloc_state *vs = vmalloc_state(m);

	if (!vs)
		return;
	free_va_list(&vs->free.head);
	free_va_list(&vs->busy.head);
	free_va_list(&vs->lazy.head);
	if (vs->reservation)
		munmap(vs->reservation, vs->reservation_size);
	pthread_mutex_destroy(&vs->vmap_purge_lock);
	free(vs);
	m->vmalloc = NULL;
}

/* ------------------------------------------------------------------ */
/* Queries                                                              */

u64 vmalloc_host_to_va(const struct mmsim *m, const void *ptr)
{
	const struct vmalloc_state *vs = m ? vmalloc_state(m) : NULL;
	uintptr_t off;

	if (!vs || !ptr)
		return 0;
	off = (uintptr_t)ptr - (uintptr_t)vs->window;
	return off < vs->window_size ? vs->window_va + off : 0;
}

void *vmalloc_va_to_host(const struct mmsim *m, u64 va)
{
	const struct vmalloc_state *vs = m ? vmalloc_state(m) : NULL;

	if (!vs || va - vs->window_va >= vs->window_size)
		return NULL;
	return window_ptr(vs, va);
}

/* Mirrors: mm/vmalloc.c:is_vmalloc_addr(), for host pointers */
bool is_vmalloc_addr(const void *x)
{
	return vmalloc_host_to_va(this_machine(), x) != 0;
}

/* Mirrors: mm/vmalloc.c:find_vm_area() */
struct vm_struct *find_vm_area(const void *addr)
{
	struct mmsim *m = this_machine();
	u64 va = vmalloc_host_to_va(m, addr);
	struct vmalloc_state *vs;
	struct vmap_area *area;

	if (!va)
		return NULL;
	vs = vmalloc_state(m);
	spin_lock(&vs->busy_lock);
	area = __find_vmap_area(va, &vs->busy);
	spin_unlock(&vs->busy_lock);
	return area ? area->vm : NULL;
}

/* Mirrors: mm/vmalloc.c:vmalloc_nr_pages(): /proc/meminfo's VmallocUsed */
unsigned long vmalloc_nr_pages(const struct mmsim *m)
{
	const struct vmalloc_state *vs = vmalloc_state(m);

	return vs ? (unsigned long)atomic_long_read(&vs->nr_vmalloc_pages) : 0;
}

/* What the purge did so far, and the window (tests and examples). */
void vmap_purge_stats(struct mmsim *m, struct vmap_purge_stats *st)
{
	struct vmalloc_state *vs = vmalloc_state(m);

	memset(st, 0, sizeof(*st));
	if (!vs)
		return;
	pthread_mutex_lock(&vs->vmap_purge_lock);
	*st = vs->stats;
	pthread_mutex_unlock(&vs->vmap_purge_lock);
	st->lazy_nr = (unsigned long)atomic_long_read(&vs->vmap_lazy_nr);
	st->lazy_max = lazy_max_pages(m);
	st->window_va = vs->window_va;
	st->window_size = vs->window_size;
}

/* ------------------------------------------------------------------ */
/* The API: host pointers in and out, on the calling thread's CPU     */

MMSIM_EXPORT void *mmsim_vmalloc(unsigned long size)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL, NUMA_NO_NODE,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim_vzalloc(unsigned long size)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL | __GFP_ZERO,
				     NUMA_NO_NODE, __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim_vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL, node,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim_vzalloc_node(unsigned long size, int node)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL | __GFP_ZERO, node,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim___vmalloc(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node_noprof(size, 1, gfp_mask, NUMA_NO_NODE,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void mmsim_vfree(const void *addr)
{
	struct mmsim_cpu *cpu = api_cpu("vfree");

	if (cpu && vmalloc_state(cpu->machine))
		__vfree(cpu->machine, addr);
}

MMSIM_EXPORT void *mmsim_vmap(struct page **pages, unsigned int count,
			      unsigned long flags, uint64_t prot)
{
	struct mmsim_cpu *cpu = api_cpu("vmap");

	if (!cpu || !vmalloc_state(cpu->machine))
		return NULL;
	if (!pages || !count) {
		mmsim_set_error(EINVAL, "vmap: %s",
				pages ? "no pages" : "NULL pages");
		return NULL;
	}
	/* a kernel page mapping: a page descriptor's attributes, no EL0 */
	if ((prot & (PTE_ADDR_LOW | PTE_USER)) ||
	    (prot & PTE_TYPE_MASK) != PTE_TYPE_PAGE || !(prot & PTE_AF)) {
		mmsim_set_error(EINVAL, "vmap: %#llx is not a kernel page protection",
				(unsigned long long)prot);
		return NULL;
	}
	return __vmap(cpu->machine, pages, count, flags, __pgprot(prot),
		      __builtin_return_address(0));
}

/* Mirrors: mm/vmalloc.c:vunmap() */
MMSIM_EXPORT void mmsim_vunmap(const void *addr)
{
	struct mmsim_cpu *cpu = api_cpu("vunmap");
	struct vm_struct *vm = NULL;
	struct mmsim *m;
	u64 va;

	if (!cpu || !addr || !vmalloc_state(cpu->machine))
		return;
	m = cpu->machine;
	va = vmalloc_host_to_va(m, addr);
	if (va && !((uintptr_t)addr & ~PAGE_MASK))
		vm = remove_vm_area(m, va);
	if (unlikely(!vm)) {
		VM_WARN_MSG(m, "vunmap", "Trying to vunmap() nonexistent vm area (%p)",
			    addr);
		return;
	}
	mmsim_kfree(vm);
}

/* Any kernel address the program holds: vmalloc, or the linear map. */
MMSIM_EXPORT struct page *mmsim_vmalloc_to_page(const void *addr)
{
	struct mmsim_cpu *cpu = api_cpu("vmalloc_to_page");
	u64 va;

	if (!cpu)
		return NULL;
	va = mmsim_kernel_va(cpu->machine, addr);
	return va ? vmalloc_va_to_page(cpu->machine, va) : NULL;
}

MMSIM_EXPORT unsigned long mmsim_vmalloc_to_pfn(const void *addr)
{
	struct page *page = mmsim_vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}

MMSIM_EXPORT bool mmsim_is_vmalloc_addr(const void *addr)
{
	return is_vmalloc_addr(addr);
}

/* Mirrors: mm/vmalloc.c:vm_unmap_aliases(): purge the lazy areas now */
MMSIM_EXPORT void mmsim_vm_unmap_aliases(void)
{
	struct mmsim_cpu *cpu = api_cpu("vm_unmap_aliases");

	if (cpu && vmalloc_state(cpu->machine))
		purge_vmap_area_lazy(cpu->machine);
}
