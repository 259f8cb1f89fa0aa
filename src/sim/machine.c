// SPDX-License-Identifier: MIT
/*
 * The machine: boot, CPUs, shutdown and the report dispatcher
 * (DESIGN.md sections 3.1 and 6).
 *
 * mmsim_boot() plays the part of the firmware and of start_kernel():
 *
 *	parse the command line          (params.c)
 *	create RAM                      (hw/ram.c)
 *	arm64_memblock_init()           memory per node, holes, reserve the
 *	                                DTB and the kernel image
 *	mm_core_init()                  zones, mem_map, zonelists, per-CPU
 *	                                lists, memblock_free_all(), watermarks
 *	                                (mm/mm_init.c)
 *
 * and binds the calling thread to CPU 0.  Host threads are CPUs: a
 * thread binds itself with mmsim_cpu_enter(); the binding is a
 * thread-local pointer to its struct mmsim_cpu, which is all that
 * kernel-style code needs to find "this CPU" and "this machine".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hw/ram.h>
#include <linux/memblock.h>
#include <linux/vmstat.h>
#include <mm/internal.h>
#include <mm/slab.h>
#include <sim/debug.h>
#include <asm/mmu.h>
#include <sim/machine.h>
#include <sim/track.h>

__thread struct mmsim_cpu *mmsim_this_cpu
	__attribute__((tls_model("initial-exec")));

/*
 * A per-thread address: the owner token of the CPU this thread holds.
 * A CPU borrowed for a moment (a drain, a report) carries the token with
 * BORROWED set, so that a thread binding to it waits instead of failing.
 */
static __thread long thread_token;
#define BORROWED 1UL
static __thread char last_error[512];

int mmsim_set_error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	errno = err;
	return -err;
}

MMSIM_EXPORT const char *mmsim_strerror(void)
{
	return last_error;
}

/* The simulated firmware hands over a DTB at the start of RAM and loads
 * the kernel image 2 MiB in, as QEMU's virt board does. */
#define DTB_SIZE	(64 * SZ_1K)
#define KIMAGE_OFFSET	SZ_2M

static void arm64_memblock_init(struct mmsim *m)
{
	struct mmsim_config *c = &m->cfg;
	phys_addr_t base = c->phys_offset;
	int nid, i;

	memblock_init(&m->memblock);
	m->memblock.debug = c->memblock_debug;
	for (nid = 0; nid < c->nr_nodes; nid++) {
		phys_addr_t size = c->node_mem[nid];

		if (!size) {	/* numa=N: equal shares, the last one takes the rest */
			size = ALIGN_DOWN(c->mem / c->nr_nodes,
					  (phys_addr_t)MAX_ORDER_NR_PAGES << PAGE_SHIFT);
			if (nid == c->nr_nodes - 1)
				size = c->phys_offset + c->mem - base;
		}
		memblock_add_node(m, base, size, nid, MEMBLOCK_NONE);
		base += size;
	}
	for (i = 0; i < c->nr_holes; i++)
		memblock_remove(m, c->holes[i].base, c->holes[i].size);

	/* The kernel image: a small kernel, sections as System.map gives. */
	m->kimage_text = 2048 * SZ_1K;
	m->kimage_rodata = 1024 * SZ_1K;
	m->kimage_data = 512 * SZ_1K;
	m->kimage_init = 512 * SZ_1K;
	m->kimage_bss = 512 * SZ_1K;
	m->kimage_start = c->phys_offset + KIMAGE_OFFSET;
	m->kimage_end = m->kimage_start + m->kimage_text + m->kimage_rodata +
			m->kimage_data + m->kimage_init + m->kimage_bss;
	memblock_reserve(m, c->phys_offset, DTB_SIZE, "fdt");
	memblock_reserve(m, m->kimage_start, m->kimage_end - m->kimage_start,
			 "kernel image");
}

static void numa_init(struct mmsim *m)
{
	int i, j;

	m->nr_node_ids = m->cfg.nr_nodes;
	/* SLIT defaults: LOCAL_DISTANCE 10, REMOTE_DISTANCE 20 */
	for (i = 0; i < MAX_NUMNODES; i++)
		for (j = 0; j < MAX_NUMNODES; j++)
			m->numa_distance[i][j] = i == j ? 10 : 20;
	if (m->nr_node_ids == 1) {
		pr_info(m, "NUMA: No NUMA configuration found");
		pr_info(m, "NUMA: Faking a node at [mem 0x%016llx-0x%016llx]",
			(unsigned long long)memblock_start_of_DRAM(&m->memblock),
			(unsigned long long)memblock_end_of_DRAM(&m->memblock) - 1);
	} else {
		const struct memblock_region *r;

		for_each_mem_region(&m->memblock, r)
			pr_info(m, "ACPI: SRAT: Node %d PXM %d [mem 0x%llx-0x%llx]",
				r->nid, r->nid, (unsigned long long)r->base,
				(unsigned long long)(r->base + r->size - 1));
		pr_info(m, "NUMA: Initialized distance table, cnt=%d",
			m->nr_node_ids);
	}
}

static int cpus_init(struct mmsim *m)
{
	int cpu;

	m->nr_cpu_ids = m->cfg.nr_cpus;
	m->cpus = aligned_alloc(64, sizeof(*m->cpus) * (size_t)m->nr_cpu_ids);
	if (!m->cpus)
		return mmsim_set_error(ENOMEM, "out of host memory");
	memset(m->cpus, 0, sizeof(*m->cpus) * (size_t)m->nr_cpu_ids);
	for_each_possible_cpu(m, cpu) {
		m->cpus[cpu].id = cpu;
		m->cpus[cpu].node = cpu % m->cfg.nr_nodes;
		m->cpus[cpu].machine = m;
		m->cpus[cpu].ac_cache.nid = -1;
	}
	return 0;
}

static void machine_free(struct mmsim *m)
{
	int nid;

	asids_exit(m);
	vmalloc_exit(m);
	kmem_cache_exit(m);
	page_owner_exit(m);
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		pg_data_t *pgdat = m->node_data[nid];
		int z;

		if (!pgdat)
			continue;
		for (z = 0; z < MAX_NR_ZONES; z++) {
			free(pgdat->node_zones[z].per_cpu_pageset);
			free(pgdat->node_zones[z].per_cpu_zonestats);
			free(pgdat->node_zones[z].deferred);
		}
		free(pgdat);
	}
	if (m->vmemmap_window)
		munmap(m->vmemmap_window, m->vmemmap_window_size);
	if (m->page_ext)
		munmap(m->page_ext, m->page_ext_size);
	ram_exit(m);
	tlb_exit(m);
	free(m->cpus);
	printk_exit(m);
	pthread_mutex_destroy(&m->report_lock);
	free(m);
}

MMSIM_EXPORT struct mmsim *mmsim_boot(const char *params)
{
	struct mmsim *m;
	struct mmsim_config cfg;

	if (mmsim_config_parse(&cfg, params))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		mmsim_set_error(ENOMEM, "out of host memory");
		return NULL;
	}
	m->cfg = cfg;
	m->memfd = -1;
	m->track = track_running();
	m->report_stream = stderr;
	m->rnd_state = cfg.seed;
	pthread_mutex_init(&m->report_lock, NULL);
	printk_init(m);
	if (cpus_init(m) || ram_init(m, cfg.phys_offset, cfg.mem))
		goto fail;

	/* The boot CPU is this thread. */
	if (mmsim_cpu_enter(m, 0))
		goto fail;

	pr_info(m, "Booting Linux on physical CPU 0x0000000000 [0x414fd0b1]");
	pr_info(m, "Linux version 6.18.0-mmsim (libmmsim %d.%d) #1 SMP PREEMPT",
		MMSIM_VERSION_MAJOR, MMSIM_VERSION_MINOR);
	pr_info(m, "Machine model: linux,dummy-virt");
	arm64_memblock_init(m);
	numa_init(m);
	if (tlb_init(m) || paging_init(m))
		goto fail_unbind;
	if (mm_core_init(m))
		goto fail_unbind;
	if (asids_init(m))
		goto fail_unbind;
	return m;

fail_unbind:
	mmsim_cpu_exit();
fail:
	{
		int err = errno;
		char msg[sizeof(last_error)];

		memcpy(msg, last_error, sizeof(msg));
		machine_free(m);
		memcpy(last_error, msg, sizeof(msg));
		errno = err;
	}
	return NULL;
}

MMSIM_EXPORT void mmsim_shutdown(struct mmsim *m)
{
	int cpu;

	if (!m)
		return;
	if (this_machine() == m)
		mmsim_cpu_exit();
	for_each_possible_cpu(m, cpu)
		if (__atomic_load_n(&m->cpus[cpu].owner, __ATOMIC_ACQUIRE))
			fprintf(stderr,
				"mmsim: shutdown while a thread still holds CPU %d\n",
				cpu);
	machine_free(m);
}

MMSIM_EXPORT int mmsim_cpu_enter(struct mmsim *m, int cpu)
{
	struct mmsim_cpu *old = mmsim_this_cpu, *new;
	uintptr_t expected = 0, token = (uintptr_t)&thread_token;

	if (!m || cpu < 0 || cpu >= m->nr_cpu_ids)
		return mmsim_set_error(EINVAL, "no CPU %d on this machine (nr_cpus=%d)",
				       cpu, m ? m->nr_cpu_ids : 0);
	new = &m->cpus[cpu];
	if (new == old)
		return 0;
	while (!__atomic_compare_exchange_n(&new->owner, &expected, token,
					    false, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		if (!(expected & BORROWED))
			return mmsim_set_error(EBUSY,
					       "CPU %d is held by another thread",
					       cpu);
		expected = 0;	/* lent out for a moment: wait */
		sched_yield();
	}
	if (old)
		__atomic_store_n(&old->owner, 0, __ATOMIC_RELEASE);
	mmsim_this_cpu = new;
	return 0;
}

bool cpu_borrow(struct mmsim_cpu *cpu)
{
	uintptr_t expected = 0;

	return __atomic_compare_exchange_n(&cpu->owner, &expected,
					   (uintptr_t)&thread_token | BORROWED,
					   false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

void cpu_return(struct mmsim_cpu *cpu)
{
	__atomic_store_n(&cpu->owner, 0, __ATOMIC_RELEASE);
}

MMSIM_EXPORT int mmsim_cpu_exit(void)
{
	struct mmsim_cpu *cpu = mmsim_this_cpu;

	if (!cpu)
		return mmsim_set_error(EINVAL, "this thread holds no CPU");
	if (__atomic_load_n(&cpu->drain_pending, __ATOMIC_ACQUIRE))
		drain_local_pages(NULL);
	mmsim_this_cpu = NULL;
	__atomic_store_n(&cpu->owner, 0, __ATOMIC_RELEASE);
	return 0;
}

MMSIM_EXPORT struct mmsim *mmsim_current(void)
{
	return this_machine();
}

MMSIM_EXPORT int mmsim_smp_processor_id(void)
{
	return mmsim_this_cpu ? mmsim_this_cpu->id : -1;
}

MMSIM_EXPORT int mmsim_nr_cpus(const struct mmsim *m)
{
	return m->nr_cpu_ids;
}

MMSIM_EXPORT int mmsim_nr_nodes(const struct mmsim *m)
{
	return m->nr_node_ids;
}

MMSIM_EXPORT int mmsim_cpu_to_node(const struct mmsim *m, int cpu)
{
	if (cpu < 0 || cpu >= m->nr_cpu_ids)
		return mmsim_set_error(EINVAL, "no CPU %d", cpu);
	return m->cpus[cpu].node;
}

static int show_cmdline(struct mmsim *m, FILE *out)
{
	fprintf(out, "%s\n", m->cfg.cmdline);
	return 0;
}

/* clang-format off */
static const struct {
	const char *name;
	int (*show)(struct mmsim *m, FILE *out);
} reports[] = {
	{ "dmesg",		show_dmesg },
	{ "meminfo",		show_meminfo },
	{ "buddyinfo",		show_buddyinfo },
	{ "pagetypeinfo",	show_pagetypeinfo },
	{ "zoneinfo",		show_zoneinfo },
	{ "vmstat",		show_vmstat },
	{ "cmdline",		show_cmdline },
	{ "page_owner",		show_page_owner },
	{ "slabinfo",		show_slabinfo },
	{ "vmallocinfo",	show_vmallocinfo },
	{ "layout",		show_kernel_layout },
	{ "tlb",		show_tlb },
};
/* clang-format on */

/*
 * Reports read the machine through kernel-style helpers that use "the
 * current machine", so a thread bound elsewhere (or nowhere) borrows a
 * free CPU of @m for the duration, as a /proc reader runs on some CPU.
 */
MMSIM_EXPORT int mmsim_show(struct mmsim *m, const char *what, FILE *out)
{
	struct mmsim_cpu *saved = mmsim_this_cpu;
	int ret = -1, cpu;
	size_t i;

	if (!m || !what || !out)
		return mmsim_set_error(EINVAL, "mmsim_show: NULL argument");
	for (i = 0; i < ARRAY_SIZE(reports); i++)
		if (!strcmp(reports[i].name, what))
			break;
	if (i == ARRAY_SIZE(reports))
		return mmsim_set_error(EINVAL, "unknown report '%s'", what);
	if (saved && saved->machine == m)
		return reports[i].show(m, out);

	/* Borrow: any CPU of @m that no thread holds. */
	for_each_possible_cpu(m, cpu) {
		if (cpu_borrow(&m->cpus[cpu])) {
			mmsim_this_cpu = &m->cpus[cpu];
			ret = reports[i].show(m, out);
			mmsim_this_cpu = saved;
			cpu_return(&m->cpus[cpu]);
			return ret;
		}
	}
	return mmsim_set_error(EBUSY, "every CPU of the machine is held by a thread");
}

MMSIM_EXPORT void mmsim_set_report_hook(struct mmsim *m, mmsim_report_fn fn,
					void *arg)
{
	pthread_mutex_lock(&m->report_lock);
	m->report_hook = fn;
	m->report_hook_arg = arg;
	pthread_mutex_unlock(&m->report_lock);
}

MMSIM_EXPORT void mmsim_set_report_stream(struct mmsim *m, FILE *out)
{
	pthread_mutex_lock(&m->report_lock);
	m->report_stream = out;
	pthread_mutex_unlock(&m->report_lock);
}

MMSIM_EXPORT unsigned long mmsim_nr_reports(const struct mmsim *m)
{
	return __atomic_load_n(&m->nr_reports, __ATOMIC_RELAXED);
}

MMSIM_EXPORT int mmsim_validate(struct mmsim *m)
{
	struct mmsim_cpu *saved = mmsim_this_cpu;
	struct zone *zone;
	int nid, zid, bad = 0;

	if (!saved || saved->machine != m)
		return mmsim_set_error(EINVAL,
				       "mmsim_validate: bind this thread to a CPU of the machine first");
	for_each_zone(m, zone, nid, zid)
		bad += check_zone_invariants(m, zone);
	return bad;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/* The contended case of spin_lock(): spin a little, then yield. */
void __spin_lock_slowpath(spinlock_t *lock)
{
	unsigned int spins = 0;

	for (;;) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED)) {
			if (++spins < 128)
				cpu_relax();
			else
				sched_yield();
		}
		if (!__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
			return;
	}
}
