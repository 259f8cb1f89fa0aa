// SPDX-License-Identifier: MIT
/*
 * mmsim_dump(): the machine as another ARM64 model needs it to replay a
 * translation (SCENARIO.md `dump`, DESIGN.md 3.5: "a page table dumped
 * from the arena must translate identically on a real ARM64
 * implementation").
 *
 *	DIR/ram.bin	simulated RAM, PHYS_OFFSET at file offset 0, one
 *			byte per physical byte up to the end of DRAM;
 *			holes (hole=) read as zero bytes
 *	DIR/regs	NAME=0xVALUE lines: PHYS_OFFSET, RAM_SIZE and the
 *			calling thread's CPU's translation registers
 *
 * QEMU loads ram.bin where its virt board has RAM
 * (-device loader,file=ram.bin,addr=0x40000000) and the registers go to
 * MSR instructions; tests/qemu/ does exactly that.
 *
 * ram.bin is written sparsely: a machine may have far more RAM than the
 * host (DESIGN.md 3.3), so only the arena's data extents are read
 * (SEEK_DATA on the memfd, which never touches a hole), and within them
 * all-zero chunks become file holes too (skipped, ftruncate to the full
 * size at the end).  A 1 TiB machine that touched 10 MiB dumps 10 MiB.
 *
 * RAM is read as the hardware would, whatever the kernel thinks of it:
 * through the memfd (pread), not the arena mapping, so that free pages,
 * which sim/track.h makes no-access for Memcheck, are dumped too.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/*
 * <sys/stat.h> includes the host's <linux/stat.h>, whose <linux/types.h>
 * would be ours (src/include/linux/types.h): let glibc use its own
 * statx definitions instead.
 */
#define _LINUX_STAT_H
#include <sys/stat.h>
#include <unistd.h>

#include <hw/mmu.h>
#include <sim/machine.h>

/* Bytes compared (and written) at a time; all-zero chunks are skipped. */
#define DUMP_CHUNK	(64 * 1024)

static bool chunk_is_zero(const u64 *w, size_t len)
{
	size_t i;

	/* chunks are whole pages */
	for (i = 0; i < len / 8; i++)
		if (w[i])
			return false;
	return true;
}

static int read_all(int fd, void *buf, size_t len, off_t off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

static int write_all(int fd, const char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, buf, len, off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* The end of the hole= range that contains arena offset @off, or 0. */
static u64 hole_end(const struct mmsim *m, u64 off)
{
	phys_addr_t pa = m->phys_offset + off;
	int i;

	for (i = 0; i < m->cfg.nr_holes; i++)
		if (pa >= m->cfg.holes[i].base &&
		    pa - m->cfg.holes[i].base < m->cfg.holes[i].size)
			return m->cfg.holes[i].base + m->cfg.holes[i].size -
			       m->phys_offset;
	return 0;
}

/* Copy RAM's non-zero chunks in [start, end) to @fd at the same
 * offsets, through @buf (DUMP_CHUNK bytes). */
static int dump_extent(const struct mmsim *m, int fd, u64 start, u64 end,
		       u64 *buf)
{
	u64 off = start;
	int ret;

	while (off < end) {
		u64 skip = hole_end(m, off);
		size_t len;

		if (skip) {
			off = skip;
			continue;
		}
		len = (size_t)min_t(u64, DUMP_CHUNK - off % DUMP_CHUNK,
				    end - off);
		ret = read_all(m->memfd, buf, len, (off_t)off);
		if (ret)
			return ret;
		if (!chunk_is_zero(buf, len)) {
			ret = write_all(fd, (const char *)buf, len, (off_t)off);
			if (ret)
				return ret;
		}
		off += len;
	}
	return 0;
}

/*
 * Walk the memfd's data extents.  SEEK_DATA/SEEK_HOLE find them without
 * faulting anything in; where the file system cannot tell (EINVAL), the
 * whole arena is one extent.
 */
static int dump_ram(const struct mmsim *m, int fd)
{
	off_t size = (off_t)m->arena_size, data = 0, hole;
	u64 *buf = malloc(DUMP_CHUNK);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (data < size) {
		data = lseek(m->memfd, data, SEEK_DATA);
		if (data < 0) {
			if (errno != ENXIO)	/* ENXIO: no data beyond here */
				ret = dump_extent(m, fd, 0, (u64)size, buf);
			break;
		}
		hole = lseek(m->memfd, data, SEEK_HOLE);
		if (hole < 0 || hole > size)
			hole = size;
		ret = dump_extent(m, fd, (u64)data, (u64)hole, buf);
		if (ret)
			break;
		data = hole;
	}
	free(buf);
	/* the file is RAM_SIZE bytes long however much was written */
	if (!ret && ftruncate(fd, size) < 0)
		ret = -errno;
	return ret;
}

/* clang-format off */
static const struct {
	const char *name;
	size_t offset;		/* in struct cpu_sysregs */
} dump_regs[] = {
	{ "TTBR0_EL1",	offsetof(struct cpu_sysregs, ttbr0_el1) },
	{ "TTBR1_EL1",	offsetof(struct cpu_sysregs, ttbr1_el1) },
	{ "TCR_EL1",	offsetof(struct cpu_sysregs, tcr_el1) },
	{ "MAIR_EL1",	offsetof(struct cpu_sysregs, mair_el1) },
	{ "SCTLR_EL1",	offsetof(struct cpu_sysregs, sctlr_el1) },
};
/* clang-format on */

static int dump_sysregs(const struct mmsim *m, const struct cpu_sysregs *regs,
			FILE *out)
{
	size_t i;

	fprintf(out, "PHYS_OFFSET=0x%llx\n", (unsigned long long)m->phys_offset);
	fprintf(out, "RAM_SIZE=0x%llx\n", (unsigned long long)m->arena_size);
	for (i = 0; i < ARRAY_SIZE(dump_regs); i++)
		fprintf(out, "%s=0x%llx\n", dump_regs[i].name,
			(unsigned long long)*(const u64 *)((const char *)regs +
							   dump_regs[i].offset));
	return ferror(out) ? -EIO : 0;
}

/* DIR exists and is a directory, or is created (one level). */
static int prepare_dir(const char *dir)
{
	struct stat st;

	if (!dir[0])
		return mmsim_set_error(EINVAL, "dump: empty directory name");
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return mmsim_set_error(errno, "dump: cannot create '%s': %s",
				       dir, strerror(errno));
	if (stat(dir, &st) < 0)
		return mmsim_set_error(errno, "dump: '%s': %s", dir,
				       strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return mmsim_set_error(ENOTDIR, "dump: '%s' is not a directory",
				       dir);
	return 0;
}

/*
 * Write DIR/ram.bin and DIR/regs from the calling thread's CPU, which
 * must be a CPU of @m: the registers are that CPU's, as `dump` loads a
 * task's address space on the current CPU first.  Returns 0 or -errno
 * (mmsim_strerror() names the file).
 */
MMSIM_EXPORT int mmsim_dump(struct mmsim *m, const char *dir)
{
	struct mmsim_cpu *cpu = this_cpu();
	struct cpu_sysregs regs;
	char path[PATH_MAX];
	FILE *out;
	int fd, ret;

	if (!m || !dir)
		return mmsim_set_error(EINVAL, "dump: NULL argument");
	if (!cpu || cpu->machine != m)
		return mmsim_set_error(EPERM,
				       "dump: this thread holds no CPU of the machine");
	ret = prepare_dir(dir);
	if (ret)
		return ret;
	regs = cpu->regs;

	if (snprintf(path, sizeof(path), "%s/ram.bin", dir) >= (int)sizeof(path))
		return mmsim_set_error(ENAMETOOLONG, "dump: '%s': name too long",
				       dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return mmsim_set_error(errno, "dump: cannot create '%s': %s",
				       path, strerror(errno));
	ret = dump_ram(m, fd);
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret)
		return mmsim_set_error(-ret, "dump: writing '%s': %s", path,
				       strerror(-ret));

	snprintf(path, sizeof(path), "%s/regs", dir);
	out = fopen(path, "w");
	if (!out)
		return mmsim_set_error(errno, "dump: cannot create '%s': %s",
				       path, strerror(errno));
	ret = dump_sysregs(m, &regs, out);
	if (fclose(out) && !ret)
		ret = -EIO;
	if (ret)
		return mmsim_set_error(-ret, "dump: writing '%s': %s", path,
				       strerror(-ret));
	return 0;
}
