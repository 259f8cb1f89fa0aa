/* SPDX-License-Identifier: MIT */
/*
 * The simulated machine: struct mmsim, its CPUs, and the boot
 * configuration (src/sim/machine.c, src/sim/params.c).
 *
 * Everything a machine owns hangs off struct mmsim; there is no other
 * process-wide state except the thread-local binding of a host thread
 * to one simulated CPU (mmsim_this_cpu), through which kernel-style code
 * finds "the current CPU" and its machine.
 */
#ifndef _SIM_MACHINE_H
#define _SIM_MACHINE_H

#include <hw/mmu.h>
#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <linux/types.h>
#include <mmsim/mmsim.h>
#include <pthread.h>
#include <stdio.h>

#define MMSIM_MAX_CPUS	256
#define MMSIM_MAX_HOLES	8

enum panic_mode {
	PANIC_REPORT,	/* report and keep the machine consistent */
	PANIC_ABORT,	/* report, then abort() the host process */
};

/* fault injection attributes (lib/fault-inject.c: struct fault_attr) */
struct fault_attr {
	unsigned long probability;	/* percent */
	unsigned long interval;
	atomic_long_t times;		/* -1: no limit */
	atomic_long_t count;		/* calls seen */
	atomic_long_t space;		/* bytes to let through first */
	bool enabled;
	/* fail_page_alloc knobs */
	bool ignore_gfp_reclaim;
	bool ignore_gfp_highmem;
	unsigned int min_order;
	u64 rnd_state;
};

/* Boot configuration: one field per boot parameter (see params.c). */
struct mmsim_config {
	u64 mem;			/* mem= */
	int nr_nodes;			/* numa= */
	u64 node_mem[MAX_NUMNODES];	/* numa=SIZE,SIZE... (0: share) */
	int nr_cpus;			/* nr_cpus= */
	u64 movablecore;		/* movablecore= bytes */
	int movablecore_percent;	/* movablecore=N% (-1: unset) */
	u64 kernelcore;			/* kernelcore= bytes */
	int kernelcore_percent;
	long min_free_kbytes;		/* -1: computed */
	int watermark_scale_factor;
	int percpu_pagelist_high_fraction;
	enum panic_mode panic;		/* panic= */
	bool panic_on_warn;
	u64 seed;
	bool page_owner;
	bool printk_time;
	bool memblock_debug;
	bool pcp_disabled;		/* pcp=off */
	int zone_dma_bits;
	phys_addr_t phys_offset;
	int nr_holes;
	struct {
		phys_addr_t base, size;
	} holes[MMSIM_MAX_HOLES];
	bool deferred_struct_pages;	/* deferred_init=on|off */
	bool slab_nomerge;		/* slab_nomerge / slab_merge */
	bool slub_freelist_hardened;	/* slub_freelist_hardened=on */
	int slub_min_order, slub_max_order, slub_min_objects;
	char slub_debug[256];		/* slub_debug= / slab_debug= ("": off) */
	char fail_page_alloc[96];	/* fail_page_alloc=I,P,S,T */
	int fail_page_alloc_ignore_gfp_wait;	/* -1: kernel default (Y) */
	int fail_page_alloc_min_order;
	char failslab[96];		/* failslab=I,P,S,T */
	unsigned int va_bits;		/* va_bits=39|42|47|48 */
	struct mmu_config mmu;		/* asid_bits=, hafdbs=, tlb= */
	int failslab_ignore_gfp_wait;	/* -1: kernel default (Y) */
	char cmdline[1024];
};

struct page_owner_depot;
struct slab_state;
struct cpu_tlb;
struct vmalloc_state;
struct asid_state;
int mmsim_config_parse(struct mmsim_config *cfg, const char *params);

/* One simulated CPU.  Owned by at most one host thread. */
struct mmsim_cpu {
	int id;
	int node;
	struct mmsim *machine;
	uintptr_t owner;		/* the owning thread's token, 0 if none */
	int drain_pending;		/* drain_all_pages() asked for a drain */
	/*
	 * prepare_alloc_pages() depends only on the gfp mask and the node:
	 * the last answer is kept (page_alloc.c:prepare_alloc_pages()).
	 */
	struct {
		gfp_t gfp;
		int nid;		/* -1: empty */
		unsigned int alloc_flags;
		struct alloc_context ac;
	} ac_cache;
	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	/* the hardware: system registers and TLBs (hw/mmu.h) */
	struct cpu_sysregs regs;
	struct cpu_tlb *tlb;
} __cacheline_aligned;

/* Per-pfn simulator bookkeeping beside struct page (mm/page_ext.c). */
struct page_ext {
	u8 alloc_order;		/* order + 1 at the head of a live allocation */
	u8 flags;
	u16 alloc_cpu;
	u32 owner_handle;	/* page_owner: index into the stack depot */
};

struct printk_log {
	pthread_mutex_t lock;
	char *buf;
	size_t len, size;
};

struct mmsim {
	struct mmsim_config cfg;

	/* Hardware: RAM is one memfd, mapped once (the linear map). */
	int memfd;
	char *arena;			/* PHYS_OFFSET is at arena[0] */
	phys_addr_t phys_offset;
	u64 arena_size;			/* PHYS_OFFSET .. end of DRAM */

	/*
	 * vmemmap: vmemmap[pfn] is the struct page of pfn, for pfn in
	 * [vmemmap_start_pfn, vmemmap_end_pfn).  The backing pages of each
	 * node's part are simulated RAM allocated by memblock (as
	 * vmemmap_populate() does), mapped into one host window.
	 */
	struct page *vmemmap;
	void *vmemmap_window;
	size_t vmemmap_window_size;
	unsigned long vmemmap_start_pfn, vmemmap_end_pfn;
	struct page_ext *page_ext;	/* indexed like vmemmap */
	size_t page_ext_size;

	unsigned long min_low_pfn, max_pfn;
	struct memblock memblock;

	pg_data_t *node_data[MAX_NUMNODES];
	int nr_node_ids;
	u8 numa_distance[MAX_NUMNODES][MAX_NUMNODES];
	unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
	unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];
	unsigned long zone_movable_pfn[MAX_NUMNODES];
	int movable_zone;

	int nr_cpu_ids;
	struct mmsim_cpu *cpus;

	/* sysctls (vm.*) */
	int min_free_kbytes;
	int user_min_free_kbytes;
	int watermark_scale_factor;
	int percpu_pagelist_high_fraction;
	int lowmem_reserve_ratio[MAX_NR_ZONES];
	unsigned long totalreserve_pages;
	atomic_long_t totalram_pages;
	unsigned long physpages;		/* get_num_physpages() */
	bool page_group_by_mobility_disabled;
	bool deferred_pages;			/* some zone still defers */
	/* alloc_pages_pcp_fast() may run: per-CPU lists on, no page_owner,
	 * no fault injection (each needs the full path) */
	bool pcp_fast_path;
	bool track;		/* running under Valgrind: sim/track.h hooks on */

	/* kernel image layout, for the Memory: line */
	phys_addr_t kimage_start, kimage_end;
	unsigned long kimage_text, kimage_rodata, kimage_data, kimage_init,
		kimage_bss;

	struct printk_log log;
	u64 boot_ns;

	pthread_mutex_t report_lock;
	mmsim_report_fn report_hook;
	void *report_hook_arg;
	FILE *report_stream;
	unsigned long nr_reports;
	unsigned long taint;		/* BIT(TAINT_*) */
	atomic_long_t leaked_pages;	/* bad pages kept out of the allocator */
	struct {
		const char *file;
		int line;
	} warned_once[64];		/* WARN_ON_ONCE() sites that fired */
	int nr_warned_once;

	struct fault_attr fail_page_alloc;
	struct fault_attr failslab;
	struct page_owner_depot *page_owner_depot;
	struct slab_state *slab;		/* mm/slab.h */

	/* arch/arm64/mm/mmu.c: the kernel's address space */
	struct kernel_layout {
		unsigned int va_bits;
		u64 page_offset, page_end;	/* the linear map */
		u64 modules_vaddr, modules_end;
		u64 kimage_vaddr;
		u64 vmalloc_start, vmalloc_end;
		u64 vmemmap_start, vmemmap_end;
		u64 pci_io_start, pci_io_end;
		u64 fixaddr_start, fixaddr_top;
	} layout;
	phys_addr_t swapper_pg_dir;	/* TTBR1_EL1's table */
	phys_addr_t reserved_pg_dir;	/* TTBR0_EL1 of kernel threads */
	struct vmalloc_state *vmalloc;	/* mm/vmalloc.c */
	struct asid_state *asid;	/* arch/arm64/mm/context.c */
	bool tlb_fast_ok;		/* membarrier() available (hw/tlb.c) */
	u64 rnd_state;
};

/* The calling thread's CPU, or NULL. */
extern __thread struct mmsim_cpu *mmsim_this_cpu
	__attribute__((tls_model("initial-exec")));

static inline struct mmsim_cpu *this_cpu(void)
{
	return mmsim_this_cpu;
}

static inline struct mmsim *this_machine(void)
{
	struct mmsim_cpu *cpu = mmsim_this_cpu;

	return cpu ? cpu->machine : NULL;
}

static inline int smp_processor_id(void)
{
	return mmsim_this_cpu->id;
}

static inline pg_data_t *NODE_DATA(const struct mmsim *m, int nid)
{
	return m->node_data[nid];
}

#define for_each_online_node(m, nid) \
	for (nid = 0; nid < (m)->nr_node_ids; nid++)
#define for_each_online_pgdat(m, pgdat, nid)                                \
	for (nid = 0; nid < (m)->nr_node_ids && ((pgdat) = (m)->node_data[nid]); \
	     nid++)
#define for_each_possible_cpu(m, cpu) for (cpu = 0; cpu < (m)->nr_cpu_ids; cpu++)

/*
 * Take CPU @cpu for a moment from another thread when no thread holds it
 * (to drain its lists, or to read reports); false if it is held.
 */
bool cpu_borrow(struct mmsim_cpu *cpu);
void cpu_return(struct mmsim_cpu *cpu);

/* Set this thread's error text (mmsim_strerror()) and errno; returns -err. */
int mmsim_set_error(int err, const char *fmt, ...) __printf(2, 3);

/* vm events: per CPU, summed by the reports */
static inline void __count_vm_events(enum vm_event_item item, long delta)
{
#if MMSIM_STATS
	mmsim_this_cpu->vm_events[item] += delta;
#endif
}
#define __count_vm_event(item) __count_vm_events(item, 1)
/* The same, when the caller already has its CPU at hand. */
static inline void cpu_count_vm_events(struct mmsim_cpu *cpu,
				       enum vm_event_item item, long delta)
{
#if MMSIM_STATS
	cpu->vm_events[item] += (unsigned long)delta;
#endif
}
#define count_vm_events __count_vm_events
#define count_vm_event __count_vm_event

unsigned long sum_vm_event(const struct mmsim *m, enum vm_event_item item);
unsigned long global_zone_page_state(const struct mmsim *m,
				     enum zone_stat_item item);
unsigned long global_node_page_state(const struct mmsim *m,
				     enum node_stat_item item);
unsigned long zone_numa_event_state(const struct mmsim *m,
				    const struct zone *zone,
				    enum numa_stat_item item);

#define for_each_zone(m, zone, nid, zid)                                       \
	for (nid = 0; nid < (m)->nr_node_ids; nid++)                           \
		for (zid = 0; zid < MAX_NR_ZONES &&                            \
			      ((zone) = &(m)->node_data[nid]->node_zones[zid]); \
		     zid++)

#endif /* _SIM_MACHINE_H */
