// SPDX-License-Identifier: MIT
/*
 * Simulated RAM (DESIGN.md section 3.3).
 *
 * RAM is one memfd, sized to cover PHYS_OFFSET up to the end of DRAM and
 * mapped once, MAP_SHARED | MAP_NORESERVE: physical address pa is the
 * host byte arena[pa - PHYS_OFFSET], and that host address is also the
 * kernel's linear-map address of pa.  Pages the simulation never touches
 * cost the host nothing, so a machine may have far more RAM than the
 * host (mem=1T on a 24 GiB host) as long as the work touches little.
 *
 * Being a file, the same RAM can be mapped a second time elsewhere:
 * the vmemmap window and, later, vmalloc's host window alias it.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hw/ram.h>
#include <sim/machine.h>

/*
 * The linear map keeps physical alignment: the kernel's linear map base
 * is aligned far beyond any block, so a naturally aligned order-N block
 * has a naturally aligned virtual address.  Map the arena at a 1 GiB
 * aligned host address (reserve a larger window, map into it, trim).
 */
#define ARENA_ALIGN (1UL << 30)

static void *map_aligned(int fd, u64 size)
{
	char *win, *aligned;
	size_t span = size + ARENA_ALIGN;

	win = mmap(NULL, span, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (win == MAP_FAILED)
		return MAP_FAILED;
	aligned = (char *)ALIGN((uintptr_t)win, ARENA_ALIGN);
	if (mmap(aligned, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED | MAP_NORESERVE, fd, 0) == MAP_FAILED) {
		munmap(win, span);
		return MAP_FAILED;
	}
	if (aligned > win)
		munmap(win, (size_t)(aligned - win));
	if (aligned + size < win + span)
		munmap(aligned + size, (size_t)(win + span - (aligned + size)));
	return aligned;
}

int ram_init(struct mmsim *m, phys_addr_t phys_offset, u64 size)
{
	void *arena;
	int fd;

	fd = memfd_create("mmsim-ram", MFD_CLOEXEC);
	if (fd < 0)
		return mmsim_set_error(errno, "RAM: memfd_create: %s",
				       strerror(errno));
	if (ftruncate(fd, (off_t)size) < 0) {
		int err = errno;

		close(fd);
		return mmsim_set_error(err == EFBIG ? ENOMEM : err,
				       "RAM: cannot size the arena to %llu bytes: %s",
				       (unsigned long long)size, strerror(err));
	}
	arena = map_aligned(fd, size);
	if (arena == MAP_FAILED) {
		int err = errno;

		close(fd);
		return mmsim_set_error(ENOMEM,
				       "RAM: cannot map %llu bytes of arena: %s",
				       (unsigned long long)size, strerror(err));
	}
	m->memfd = fd;
	m->arena = arena;
	m->arena_size = size;
	m->phys_offset = phys_offset;
	return 0;
}

void ram_exit(struct mmsim *m)
{
	if (m->arena)
		munmap(m->arena, m->arena_size);
	if (m->memfd >= 0)
		close(m->memfd);
	m->arena = NULL;
	m->memfd = -1;
}

int ram_map_at(struct mmsim *m, void *where, phys_addr_t pa, size_t size)
{
	void *p = mmap(where, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_FIXED | MAP_NORESERVE, m->memfd,
		       (off_t)(pa - m->phys_offset));

	if (p == MAP_FAILED)
		return mmsim_set_error(ENOMEM, "RAM: cannot alias %zu bytes: %s",
				       size, strerror(errno));
	return 0;
}

void ram_discard(struct mmsim *m, phys_addr_t pa, size_t size)
{
	fallocate(m->memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  (off_t)(pa - m->phys_offset), (off_t)size);
}
