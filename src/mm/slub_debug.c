// SPDX-License-Identifier: MIT
/*
 * slub_debug: SLUB's debugging aids (the CONFIG_SLUB_DEBUG half of
 * mm/slub.c, Linux 6.18): sanity checks (F), red zones (Z), poisoning
 * (P), owner tracking (U) and tracing (T), switched on per cache by the
 * boot parameter slub_debug= / slab_debug= or by the cache's own flags.
 *
 * Object layout of a debug cache (calculate_sizes() in slub.c):
 *
 *   s->size
 *   |<------------------------------------------------------------->|
 *   +--------+-----------------+-----+----+------+------+----+------+
 *   |left RZ | object          |right| fp |alloc | free |orig| pad  |
 *   |0xbb/cc | 0x6b .. 0x6b a5 | RZ  |    |track |track |size|0x5a  |
 *   +--------+-----------------+-----+----+------+------+----+------+
 *   ^        ^ object          ^     ^ s->inuse (= s->offset when the
 *   |          (returned)      |       free pointer is outside)
 *   slab_address + i * s->size object + s->object_size
 *
 *   red zones	SLUB_RED_INACTIVE (0xbb) while free, SLUB_RED_ACTIVE
 *		(0xcc) while allocated; a kmalloc cache with U also red-zones
 *		[orig_size, object_size): the "kmalloc Redzone"
 *   poison	POISON_FREE (0x6b) with a last byte of POISON_END (0xa5)
 *		while free; POISON_INUSE (0x5a) in the padding and in the
 *		slab's tail
 *   tracks	the last allocation and free: caller, libunwind stack,
 *		cpu, pid, jiffies
 *
 * A debug cache never uses the per-CPU freelists (kmem_cache_debug()):
 * each allocation takes one object from a node partial slab or a new
 * slab under n->list_lock and checks it (alloc_debug_processing); each
 * free checks the object and pushes it on its slab's freelist under the
 * same lock (free_to_partial_list).  A check that fails is reported in
 * the kernel's words, the damaged bytes are restored ("FIX ...") and the
 * object or slab is taken out of use, so the cache stays usable.
 *
 * Valgrind: free objects, red zones and metadata are no-access memory
 * for Memcheck, the allocated object a chunk of its mempool.  The checks
 * here read and write those bytes behind Memcheck's back (error
 * reporting off for the access, as the kernel's metadata_access_enable()
 * silences KASAN), which leaves every byte's Memcheck state as it was.
 *
 * Locking: n->list_lock protects every slab of a debug cache (its
 * freelist, inuse, frozen and partial-list membership).  Reports are
 * emitted after the lock is dropped.
 */
#include "mmsim-config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if MMSIM_HAVE_LIBUNWIND
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#endif
#if MMSIM_HAVE_VALGRIND
#include <valgrind/valgrind.h>
#endif

#include <linux/mm.h>
#include <mm/internal.h>
#include <mm/slab.h>
#include <mm/slub.h>
#include <sim/debug.h>
#include <sim/machine.h>
#include <sim/track.h>

/* include/linux/poison.h */
#define POISON_INUSE		0x5a	/* for use-uninitialised poisoning */
#define POISON_FREE		0x6b	/* for use-after-free poisoning */
#define POISON_END		0xa5	/* end-byte of poisoning */
#define SLUB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE		0xcc	/* red zone of an allocated object */

/* bare slub_debug: everything but tracing */
#define DEBUG_DEFAULT_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
				 SLAB_POISON | SLAB_STORE_USER)

#define TRACK_ADDRS_COUNT	16
#define HZ			250

/*
 * The owner of an object's last allocation or free.  The kernel keeps a
 * stack depot handle (32 bytes on arm64); the simulator keeps the stack
 * itself, as CONFIG_STACKTRACE did before the stack depot.
 */
struct track {
	unsigned long addr;			/* called from */
	unsigned long addrs[TRACK_ADDRS_COUNT];	/* stack, from the API entry */
	int cpu;				/* was running on cpu */
	int pid;				/* pid context */
	unsigned long when;			/* jiffies */
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

unsigned int slub_debug_track_size(void)
{
	return sizeof(struct track);
}

/* ------------------------------------------------------------------ */
/* Reading and writing behind Memcheck's back                           */

#if MMSIM_HAVE_VALGRIND
#define quiet_memcheck(s)						\
	do {								\
		if (unlikely((s)->machine->track))			\
			VALGRIND_DISABLE_ERROR_REPORTING;		\
	} while (0)
#define loud_memcheck(s)						\
	do {								\
		if (unlikely((s)->machine->track))			\
			VALGRIND_ENABLE_ERROR_REPORTING;		\
	} while (0)
#else
#define quiet_memcheck(s)	((void)(s))
#define loud_memcheck(s)	((void)(s))
#endif

/* Copy simulated memory into @dst, whatever Memcheck thinks of it. */
static void debug_read(const struct kmem_cache *s, void *dst, const void *src,
		       size_t n)
{
	quiet_memcheck(s);
	memcpy(dst, src, n);
	loud_memcheck(s);
	if (unlikely(s->track))
		track_mem_defined(dst, n);
}

static void debug_fill(const struct kmem_cache *s, void *dst, int c, size_t n)
{
	quiet_memcheck(s);
	memset(dst, c, n);
	loud_memcheck(s);
}

static void debug_write(const struct kmem_cache *s, void *dst, const void *src,
			size_t n)
{
	quiet_memcheck(s);
	memcpy(dst, src, n);
	loud_memcheck(s);
}

/* The first byte of [start, start + bytes) that is not @value, or NULL. */
static u8 *debug_memchr_inv(const struct kmem_cache *s, u8 *start, int value,
			    size_t bytes)
{
	u8 buf[256];
	size_t done, n, i;

	for (done = 0; done < bytes; done += n) {
		n = min(bytes - done, sizeof(buf));
		debug_read(s, buf, start + done, n);
		for (i = 0; i < n; i++)
			if (buf[i] != (u8)value)
				return start + done + i;
	}
	return NULL;
}

static u8 debug_byte(const struct kmem_cache *s, const u8 *p)
{
	u8 c;

	debug_read(s, &c, p, 1);
	return c;
}

/* The free pointer of @object, allocated or not (Memcheck state kept). */
static void *debug_get_freepointer(const struct kmem_cache *s, void *object)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;
	unsigned long v;

	debug_read(s, &v, (void *)ptr_addr, sizeof(v));
	return freelist_ptr_decode(s, v, ptr_addr);
}

/* ------------------------------------------------------------------ */
/* Layout helpers                                                       */

static inline bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* Where the tracks start: after the free pointer if it is outside. */
static inline unsigned int get_info_end(const struct kmem_cache *s)
{
	if (freeptr_outside_object(s))
		return s->inuse + sizeof(void *);
	return s->inuse;
}

static inline bool slub_debug_orig_size(const struct kmem_cache *s)
{
	return (s->flags & SLAB_STORE_USER) && (s->flags & SLAB_KMALLOC);
}

static inline unsigned int size_from_object(const struct kmem_cache *s)
{
	if (s->flags & SLAB_RED_ZONE)
		return s->size - s->red_left_pad;
	return s->size;
}

static inline void *restore_red_left(const struct kmem_cache *s, void *p)
{
	if (s->flags & SLAB_RED_ZONE)
		p = (char *)p - s->red_left_pad;
	return p;
}

static inline unsigned int slab_size(const struct slab *slab)
{
	return (unsigned int)PAGE_SIZE << slab_order(slab);
}

/* Mirrors: mm/slub.c:check_valid_pointer() (NULL is valid: list end) */
static int check_valid_pointer(const struct kmem_cache *s,
			       const struct slab *slab, void *object)
{
	char *base, *p;

	if (!object)
		return 1;
	base = slab_address(slab);
	p = restore_red_left(s, object);
	if (p < base || p >= base + (size_t)slab->objects * s->size ||
	    (size_t)(p - base) % s->size)
		return 0;
	return 1;
}

static struct track *get_track(const struct kmem_cache *s, void *object,
			       enum track_item alloc)
{
	return (struct track *)((char *)object + get_info_end(s)) + alloc;
}

static unsigned int *orig_size_ptr(const struct kmem_cache *s, void *object)
{
	return (unsigned int *)((char *)object + get_info_end(s) +
				2 * sizeof(struct track));
}

/* Mirrors: mm/slub.c:set_orig_size() */
void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size)
{
	if (!slub_debug_orig_size(s))
		return;
	debug_write(s, orig_size_ptr(s, object), &orig_size, sizeof(orig_size));
}

static unsigned int get_orig_size(const struct kmem_cache *s, void *object)
{
	unsigned int v;

	if (!slub_debug_orig_size(s))
		return s->object_size;
	debug_read(s, &v, orig_size_ptr(s, object), sizeof(v));
	return v;
}

/* Mirrors: mm/slub.c:skip_orig_size_check() (ksize() users own it all) */
void skip_orig_size_check(struct kmem_cache *s, const void *object)
{
	set_orig_size(s, (void *)object, s->object_size);
}

/*
 * The bytes __GFP_ZERO clears: a kmalloc object's red-zoned tail stays.
 * Mirrors: the zero_size choice of mm/slub.c:slab_post_alloc_hook()
 */
size_t slab_debug_zero_size(const struct kmem_cache *s, size_t orig_size)
{
	if ((s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE)) &&
	    (s->flags & SLAB_KMALLOC))
		return orig_size;
	return s->object_size;
}

/* ------------------------------------------------------------------ */
/* Owner tracking                                                       */

static unsigned long jiffies(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * HZ +
	       (unsigned long)ts.tv_nsec / (1000000000UL / HZ);
}

/* "function+0xoff/0xsize" of code address @ip, as %pS prints it. */
static void sprint_symbol(char *buf, size_t len, unsigned long ip)
{
#if MMSIM_HAVE_LIBUNWIND
	unw_context_t uc;
	unw_cursor_t cursor;
	unw_proc_info_t pi;
	unw_word_t off = 0;
	char name[128];

	if (!unw_getcontext(&uc) && !unw_init_local(&cursor, &uc) &&
	    !unw_set_reg(&cursor, UNW_REG_IP, ip) &&
	    !unw_get_proc_name(&cursor, name, sizeof(name), &off)) {
		if (!unw_get_proc_info(&cursor, &pi) && pi.end_ip > pi.start_ip)
			snprintf(buf, len, "%s+0x%lx/0x%lx", name,
				 (unsigned long)off,
				 (unsigned long)(pi.end_ip - pi.start_ip));
		else
			snprintf(buf, len, "%s+0x%lx", name, (unsigned long)off);
		return;
	}
#endif
	snprintf(buf, len, "0x%lx", ip);
}

/*
 * Is @ip in the slab allocator itself (its API entry points, or the
 * functions between them and here)?  Tail calls may hide any of them,
 * so each is recognised by name.
 */
static bool is_allocator_frame(unsigned long ip)
{
	static const char *const prefixes[] = {
		"mmsim_km", "mmsim_kz", "mmsim_kc", "mmsim_kf", "mmsim_kr",
		"mmsim_ks", "mmsim_kv", "slab_", "___slab_alloc", "__do_k",
		"kmem_cache_struct",
	};
	char name[160];
	size_t i;

	sprint_symbol(name, sizeof(name), ip);
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/*
 * The stack of the current allocation or free, from the outermost
 * allocator frame (its API entry, as the kernel's stack starts at
 * kmem_cache_alloc_noprof) outwards, and the caller's address (the
 * kernel's _RET_IP_).  Mirrors: mm/slub.c:set_track_prepare() +
 * set_track_update()
 */
static void set_track_prepare(struct track *t)
{
	memset(t, 0, sizeof(*t));
#if MMSIM_HAVE_LIBUNWIND
	void *ips[TRACK_ADDRS_COUNT + 16];
	int n = unw_backtrace(ips, (int)ARRAY_SIZE(ips));
	int i, first, j;

	/* frame 0 is our caller (slab_alloc_debug or slab_free_debug) */
	for (i = 1; i < n && is_allocator_frame((unsigned long)ips[i]); i++)
		;
	first = i - 1;
	for (j = 0; j < TRACK_ADDRS_COUNT && first + j < n; j++)
		t->addrs[j] = (unsigned long)ips[first + j];
	t->addr = i < n ? (unsigned long)ips[i] : t->addrs[0];
#endif
	if (!t->addr)
		t->addr = (unsigned long)__builtin_return_address(0);
	t->cpu = this_cpu() ? this_cpu()->id : 0;
	t->pid = 0;
	t->when = jiffies();
}

static void set_track_update(struct kmem_cache *s, void *object,
			     enum track_item alloc, const struct track *t)
{
	debug_write(s, get_track(s, object, alloc), t, sizeof(*t));
}

static void init_tracking(struct kmem_cache *s, void *object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	debug_fill(s, get_track(s, object, TRACK_ALLOC), 0,
		   2 * sizeof(struct track));
}

/* Mirrors: mm/slub.c:print_track() with stack_depot_print() */
static void print_track(struct report *r, const char *what,
			const struct track *t, unsigned long pr_time)
{
	char sym[192];
	int i;

	if (!t->addr)
		return;
	sprint_symbol(sym, sizeof(sym), t->addr);
	report_printf(r, "%s in %s age=%lu cpu=%u pid=%d\n", what, sym,
		      pr_time - t->when, t->cpu, t->pid);
	for (i = 0; i < TRACK_ADDRS_COUNT && t->addrs[i]; i++) {
		sprint_symbol(sym, sizeof(sym), t->addrs[i]);
		report_printf(r, " %s\n", sym);
		if (!strncmp(sym, "main+", 5) || !strncmp(sym, "start_thread+", 13))
			break;
	}
}

/* Mirrors: mm/slub.c:print_tracking() */
static void print_tracking(struct report *r, struct kmem_cache *s,
			   void *object)
{
	unsigned long pr_time = jiffies();
	struct track t;

	if (!(s->flags & SLAB_STORE_USER))
		return;
	debug_read(s, &t, get_track(s, object, TRACK_ALLOC), sizeof(t));
	print_track(r, "Allocated", &t, pr_time);
	debug_read(s, &t, get_track(s, object, TRACK_FREE), sizeof(t));
	print_track(r, "Freed", &t, pr_time);
}

/* ------------------------------------------------------------------ */
/* Reports                                                              */

/* kernel/panic.c:print_tainted(): "Not tainted" or "Tainted: G    B  " */
static const char *print_tainted(struct mmsim *m, char *buf, size_t len)
{
	static const char letters[] = "PFSRMBUDAWCIOELKXTNJ";
	size_t i, n;

	if (!m->taint)
		return "Not tainted";
	n = (size_t)snprintf(buf, len, "Tainted: ");
	for (i = 0; i < sizeof(letters) - 1 && n + 1 < len; i++)
		buf[n++] = (m->taint & BIT(i)) ? letters[i] : (i ? ' ' : 'G');
	buf[n] = '\0';
	return buf;
}

/* Mirrors: mm/slub.c:__slab_bug() */
static void __printf(3, 4) slab_bug(struct report *r, struct kmem_cache *s,
				    const char *fmt, ...)
{
	char msg[256], taint[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report_printf(r, "=============================================================================\n");
	report_printf(r, "BUG %s (%s): %s\n", s ? s->name : "<unknown>",
		      print_tainted(r->m, taint, sizeof(taint)), msg);
	report_printf(r, "-----------------------------------------------------------------------------\n\n");
}

/* Mirrors: mm/slub.c:slab_fix() */
static void __printf(3, 4) slab_fix(struct report *r, struct kmem_cache *s,
				    const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report_printf(r, "FIX %s: %s\n", s->name, msg);
}

/* WARN_ON(1) of object_err()/__slab_err(): the taint, the trace */
static void slab_warn(struct report *r, const char *func)
{
	struct mmsim *m = r->m;

	m->taint |= BIT(TAINT_BAD_PAGE);
	report_printf(r, "------------[ cut here ]------------\n");
	report_printf(r, "WARNING: CPU: %d PID: 0 at mm/slub.c %s\n",
		      this_cpu() ? this_cpu()->id : 0, func);
	report_backtrace(r, 3);
	report_printf(r, "---[ end trace 0000000000000000 ]---\n");
}

/* print_hex_dump(KERN_ERR, text, DUMP_PREFIX_ADDRESS, 16, 1, addr, len, 1) */
static void print_section(struct report *r, struct kmem_cache *s,
			  const char *text, u8 *addr, unsigned int length)
{
	unsigned int i, j, n;
	u8 buf[16];
	char hex[16 * 3 + 1], ascii[17];

	for (i = 0; i < length; i += 16) {
		n = min(16U, length - i);
		debug_read(s, buf, addr + i, n);
		for (j = 0; j < n; j++) {
			snprintf(hex + j * 3, 4, "%02x ", buf[j]);
			ascii[j] = isascii(buf[j]) && isprint(buf[j]) ? (char)buf[j] : '.';
		}
		hex[n * 3 - 1] = '\0';
		ascii[n] = '\0';
		report_printf(r, "%s%016lx: %-49s%s\n", text,
			      (unsigned long)(addr + i), hex, ascii);
	}
}

/* Mirrors: mm/slub.c:print_slab_info() (flags without their names) */
static void print_slab_info(struct report *r, const struct slab *slab)
{
	report_printf(r, "Slab 0x%016lx objects=%u used=%u fp=0x%016lx flags=0x%lx\n",
		      (unsigned long)slab, slab->objects, slab->inuse,
		      (unsigned long)slab->freelist, slab->flags);
}

/* Mirrors: mm/slub.c:print_trailer() */
static void print_trailer(struct report *r, struct kmem_cache *s,
			  struct slab *slab, u8 *p)
{
	u8 *addr = slab_address(slab);
	unsigned int off;

	print_tracking(r, s, p);
	print_slab_info(r, slab);
	report_printf(r, "Object 0x%016lx @offset=%lu fp=0x%016lx\n\n",
		      (unsigned long)p, (unsigned long)(p - addr),
		      (unsigned long)debug_get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section(r, s, "Redzone  ", p - s->red_left_pad,
			      s->red_left_pad);
	else if (p > addr + 16)
		print_section(r, s, "Bytes b4 ", p - 16, 16);
	print_section(r, s, "Object   ", p,
		      min_t(unsigned int, s->object_size, PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section(r, s, "Redzone  ", p + s->object_size,
			      s->inuse - s->object_size);
	off = get_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		off += sizeof(unsigned int);
	if (off != size_from_object(s))
		/* Beginning of the filler is the free pointer */
		print_section(r, s, "Padding  ", p + off,
			      size_from_object(s) - off);
}

/* Mirrors: mm/slub.c:object_err() */
static void object_err(struct report *r, struct kmem_cache *s,
		       struct slab *slab, u8 *object, const char *reason)
{
	slab_bug(r, s, "%s", reason);
	if (!object || !check_valid_pointer(s, slab, object)) {
		print_slab_info(r, slab);
		report_printf(r, "Invalid pointer 0x%016lx\n",
			      (unsigned long)object);
	} else {
		print_trailer(r, s, slab, object);
	}
	slab_warn(r, "object_err");
}

/* Mirrors: mm/slub.c:slab_err() + __slab_err() */
static void __printf(4, 5) slab_err(struct report *r, struct kmem_cache *s,
				    struct slab *slab, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	slab_bug(r, s, "%s", msg);
	print_slab_info(r, slab);
	slab_warn(r, "slab_err");
}

/* ------------------------------------------------------------------ */
/* Poisoning and checking                                               */

/* Mirrors: mm/slub.c:init_object() */
static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;
	unsigned int poison_size = s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		debug_fill(s, p - s->red_left_pad, val, s->red_left_pad);
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE)
			/* red-zone the kmalloc slack past the request too */
			poison_size = get_orig_size(s, object);
	}
	if ((s->flags & __OBJECT_POISON) && poison_size) {
		debug_fill(s, p, POISON_FREE, poison_size - 1);
		debug_fill(s, p + poison_size - 1, POISON_END, 1);
	}
	if (s->flags & SLAB_RED_ZONE)
		debug_fill(s, p + poison_size, val, s->inuse - poison_size);
}

/* Mirrors: mm/slub.c:restore_bytes() */
static void restore_bytes(struct report *r, struct kmem_cache *s,
			  const char *message, u8 data, u8 *from, u8 *to)
{
	slab_fix(r, s, "Restoring %s 0x%016lx-0x%016lx=0x%x", message,
		 (unsigned long)from, (unsigned long)(to - 1), data);
	debug_fill(s, from, data, (size_t)(to - from));
}

/*
 * Are the @bytes at @start all @value?  If not: the damaged range, the
 * object's trailer the first time (@slab_obj_print), and a FIX.
 * Mirrors: mm/slub.c:check_bytes_and_report() (6.15+ wording)
 */
static int check_bytes_and_report(struct report *r, struct kmem_cache *s,
				  struct slab *slab, u8 *object,
				  const char *what, u8 *start, u8 value,
				  unsigned int bytes, bool slab_obj_print)
{
	u8 *addr = slab_address(slab);
	u8 *fault, *end;

	fault = debug_memchr_inv(s, start, value, bytes);
	if (!fault)
		return 1;
	end = start + bytes;
	while (end > fault && debug_byte(s, end - 1) == value)
		end--;
	report_printf(r, "[%s overwritten] 0x%016lx-0x%016lx @offset=%lu. First byte 0x%x instead of 0x%x\n",
		      what, (unsigned long)fault, (unsigned long)(end - 1),
		      (unsigned long)(fault - addr), debug_byte(s, fault),
		      value);
	if (slab_obj_print)
		object_err(r, s, slab, object, "Object corrupt");
	restore_bytes(r, s, what, value, fault, end);
	return 0;
}

/* Mirrors: mm/slub.c:check_pad_bytes() */
static int check_pad_bytes(struct report *r, struct kmem_cache *s,
			   struct slab *slab, u8 *p)
{
	unsigned long off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER) {
		off += 2 * sizeof(struct track);
		if (s->flags & SLAB_KMALLOC)
			off += sizeof(unsigned int);
	}
	if (size_from_object(s) == off)
		return 1;
	return check_bytes_and_report(r, s, slab, p, "Object padding", p + off,
				      POISON_INUSE,
				      size_from_object(s) - (unsigned int)off,
				      true);
}

/* Mirrors: mm/slub.c:slab_pad_check(): the slab's tail after the objects */
static void slab_pad_check(struct report *r, struct kmem_cache *s,
			   struct slab *slab)
{
	u8 *start, *fault, *end, *pad;
	unsigned int length, remainder;

	if (!(s->flags & SLAB_POISON))
		return;
	start = slab_address(slab);
	length = slab_size(slab);
	end = start + length;
	remainder = length % s->size;
	if (!remainder)
		return;
	pad = end - remainder;
	fault = debug_memchr_inv(s, pad, POISON_INUSE, remainder);
	if (!fault)
		return;
	while (end > fault && debug_byte(s, end - 1) == POISON_INUSE)
		end--;
	slab_bug(r, s, "Padding overwritten. 0x%016lx-0x%016lx @offset=%lu",
		 (unsigned long)fault, (unsigned long)(end - 1),
		 (unsigned long)(fault - start));
	print_section(r, s, "Padding ", pad, remainder);
	print_slab_info(r, slab);
	slab_warn(r, "slab_pad_check");
	restore_bytes(r, s, "slab padding", POISON_INUSE, fault, end);
}

/*
 * Check an object's red zones, poison, padding and free pointer against
 * what they must be in state @val (SLUB_RED_ACTIVE: allocated).
 * Mirrors: mm/slub.c:check_object()
 */
static int check_object(struct report *r, struct kmem_cache *s,
			struct slab *slab, void *object, u8 val)
{
	u8 *p = object;
	u8 *endobject = p + s->object_size;
	unsigned int orig_size;
	int ret = 1;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(r, s, slab, object, "Left Redzone",
					    p - s->red_left_pad, val,
					    s->red_left_pad, ret))
			ret = 0;
		if (!check_bytes_and_report(r, s, slab, object, "Right Redzone",
					    endobject, val,
					    s->inuse - s->object_size, ret))
			ret = 0;
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE) {
			orig_size = get_orig_size(s, object);
			if (s->object_size > orig_size &&
			    !check_bytes_and_report(r, s, slab, object,
						    "kmalloc Redzone",
						    p + orig_size, val,
						    s->object_size - orig_size,
						    ret))
				ret = 0;
		}
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		if (!check_bytes_and_report(r, s, slab, p, "Alignment padding",
					    endobject, POISON_INUSE,
					    s->inuse - s->object_size, ret))
			ret = 0;
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON)) {
			if (s->object_size > 1 &&
			    !check_bytes_and_report(r, s, slab, p, "Poison", p,
						    POISON_FREE,
						    s->object_size - 1, ret))
				ret = 0;
			if (!check_bytes_and_report(r, s, slab, p, "End Poison",
						    p + s->object_size - 1,
						    POISON_END, 1, ret))
				ret = 0;
		}
		/* check_pad_bytes cleans up on its own */
		if (!check_pad_bytes(r, s, slab, p))
			ret = 0;
	}
	/* an allocated object's free pointer is its data, unless outside */
	if ((freeptr_outside_object(s) || val != SLUB_RED_ACTIVE) &&
	    !check_valid_pointer(s, slab, debug_get_freepointer(s, p))) {
		object_err(r, s, slab, p, "Freepointer corrupt");
		/* lose the rest of this slab's free objects, not the machine */
		set_freepointer(s, p, NULL);
		ret = 0;
	}
	return ret;
}

/* Mirrors: mm/slub.c:check_slab() */
static int check_slab(struct report *r, struct kmem_cache *s,
		      struct slab *slab)
{
	unsigned int maxobj = min_t(unsigned int, slab_size(slab) / s->size,
				    MAX_OBJS_PER_PAGE);

	if (slab->objects > maxobj) {
		slab_err(r, s, slab, "objects %u > max %u", slab->objects,
			 maxobj);
		return 0;
	}
	if (slab->inuse > slab->objects) {
		slab_err(r, s, slab, "inuse %u > max %u", slab->inuse,
			 slab->objects);
		return 0;
	}
	if (slab->frozen) {
		slab_err(r, s, slab, "Slab disabled since SLUB metadata consistency check failed");
		return 0;
	}
	slab_pad_check(r, s, slab);
	return 1;
}

/*
 * Is @search on @slab's freelist?  Repairs a corrupt chain or count on
 * the way.  Caller holds n->list_lock.
 * Mirrors: mm/slub.c:on_freelist()
 */
static bool on_freelist(struct report *r, struct kmem_cache *s,
			struct slab *slab, void *search)
{
	unsigned int max_objects, nr = 0;
	void *fp, *object = NULL;

	fp = slab->freelist;
	while (fp && nr <= slab->objects) {
		if (fp == search)
			return true;
		if (!check_valid_pointer(s, slab, fp)) {
			if (object) {
				object_err(r, s, slab, object,
					   "Freechain corrupt");
				set_freepointer(s, object, NULL);
				break;
			}
			slab_err(r, s, slab, "Freepointer corrupt");
			slab->freelist = NULL;
			slab->inuse = slab->objects;
			slab_fix(r, s, "Freelist cleared");
			return false;
		}
		object = fp;
		fp = get_freepointer(s, object);
		nr++;
	}
	if (nr > slab->objects) {
		slab_err(r, s, slab, "Freelist cycle detected");
		slab->freelist = NULL;
		slab->inuse = slab->objects;
		slab_fix(r, s, "Freelist cleared");
		return false;
	}
	max_objects = min_t(unsigned int, slab_size(slab) / s->size,
			    MAX_OBJS_PER_PAGE);
	if (slab->objects != max_objects) {
		slab_err(r, s, slab, "Wrong number of objects. Found %u but should be %u",
			 slab->objects, max_objects);
		slab->objects = max_objects;
		slab_fix(r, s, "Number of objects adjusted");
	}
	if (slab->inuse != slab->objects - nr) {
		slab_err(r, s, slab, "Wrong object count. Counter is %u but counted were %u",
			 slab->inuse, slab->objects - nr);
		slab->inuse = slab->objects - nr;
		slab_fix(r, s, "Object count adjusted");
	}
	return search == NULL;
}

/* Mirrors: mm/slub.c:trace() (SLAB_TRACE): a notice with the stack */
static void trace(struct kmem_cache *s, struct slab *slab, void *object,
		  int alloc)
{
	struct report r;

	if (!(s->flags & SLAB_TRACE))
		return;
	report_begin(&r, s->machine);
	report_printf(&r, "TRACE %s %s 0x%016lx inuse=%u fp=0x%016lx\n",
		      s->name, alloc ? "alloc" : "free", (unsigned long)object,
		      slab->inuse, (unsigned long)slab->freelist);
	if (!alloc)
		print_section(&r, s, "Object ", object, s->object_size);
	report_backtrace(&r, 2);
	report_end(&r, REPORT_NOTICE);
}

/* ------------------------------------------------------------------ */
/* New slabs                                                            */

/* Mirrors: mm/slub.c:setup_slab_debug(): the whole slab POISON_INUSE */
void setup_slab_debug(struct kmem_cache *s, struct slab *slab, void *addr)
{
	if (!(s->flags & SLAB_POISON))
		return;
	debug_fill(s, addr, POISON_INUSE, slab_size(slab));
}

/* Mirrors: mm/slub.c:setup_object_debug() */
void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (!(s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)))
		return;
	init_object(s, object, SLUB_RED_INACTIVE);
	init_tracking(s, object);
}

/*
 * A slab going back to the page allocator: its padding and every
 * object must look free.  Mirrors: the SLAB_CONSISTENCY_CHECKS part of
 * mm/slub.c:free_slab()
 */
void free_slab_debug(struct kmem_cache *s, struct slab *slab)
{
	struct report r;
	char *p = fixup_red_left(s, slab_address(slab));
	unsigned int i;

	report_begin(&r, s->machine);
	slab_pad_check(&r, s, slab);
	for (i = 0; i < slab->objects; i++, p += s->size)
		check_object(&r, s, slab, p, SLUB_RED_INACTIVE);
	report_end(&r, REPORT_BUG);
}

/* ------------------------------------------------------------------ */
/* Allocation                                                           */

/* Mirrors: mm/slub.c:alloc_consistency_checks() */
static int alloc_consistency_checks(struct report *r, struct kmem_cache *s,
				    struct slab *slab, void *object)
{
	if (!check_slab(r, s, slab))
		return 0;
	if (!check_valid_pointer(s, slab, object)) {
		object_err(r, s, slab, object, "Freelist Pointer check fails");
		return 0;
	}
	if (!check_object(r, s, slab, object, SLUB_RED_INACTIVE))
		return 0;
	return 1;
}

/*
 * Check a free object about to be handed out, then make it allocated:
 * the kmalloc size, red zones SLUB_RED_ACTIVE.  A slab that fails is
 * taken out of use (all objects marked used, frozen).  Caller holds
 * n->list_lock.  Mirrors: mm/slub.c:alloc_debug_processing()
 */
static bool alloc_debug_processing(struct report *r, struct kmem_cache *s,
				   struct slab *slab, void *object,
				   unsigned int orig_size)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!alloc_consistency_checks(r, s, slab, object))
			goto bad;
	}
	set_orig_size(s, object, orig_size);
	init_object(s, object, SLUB_RED_ACTIVE);
	return true;

bad:
	/* avoid touching the remaining objects: mark them all used */
	slab_fix(r, s, "Marking all objects used");
	slab->inuse = slab->objects;
	slab->freelist = NULL;
	slab->frozen = 1;	/* mark consistency-failed slab as frozen */
	return false;
}

/*
 * One object from partial slab @slab of node @n.  Caller holds
 * n->list_lock.  Mirrors: mm/slub.c:alloc_single_from_partial()
 */
static void *alloc_single_from_partial(struct report *r, struct kmem_cache *s,
				       struct kmem_cache_node *n,
				       struct slab *slab,
				       unsigned int orig_size)
{
	void *object;

	if ((s->flags & SLAB_CONSISTENCY_CHECKS) &&
	    !PageSlab(slab_page(slab))) {
		slab_err(r, s, slab, "Not a valid slab page");
		return NULL;
	}
	object = slab->freelist;
	if (unlikely(!object || !check_valid_pointer(s, slab, object))) {
		/*
		 * A corrupt slab->freelist: the kernel would follow it and
		 * oops; report it and take the slab out of use instead.
		 */
		object_err(r, s, slab, object, "Freelist Pointer check fails");
		slab_fix(r, s, "Marking all objects used");
		slab->inuse = slab->objects;
		slab->freelist = NULL;
		slab->frozen = 1;
		remove_partial(n, slab);
		return NULL;
	}
	slab->freelist = get_freepointer(s, object);
	slab->inuse++;
	if (!alloc_debug_processing(r, s, slab, object, orig_size)) {
		remove_partial(n, slab);
		return NULL;
	}
	if (slab->inuse == slab->objects)
		remove_partial(n, slab);	/* full: on no list (no add_full) */
	return object;
}

/* Mirrors: mm/slub.c:alloc_single_from_new_slab() */
static void *alloc_single_from_new_slab(struct report *r, struct kmem_cache *s,
					struct slab *slab,
					unsigned int orig_size)
{
	int nid = slab_nid(slab);
	struct kmem_cache_node *n = get_node(s, nid);
	void *object;

	spin_lock(&n->list_lock);
	object = slab->freelist;
	slab->freelist = get_freepointer(s, object);
	slab->inuse = 1;
	if (!alloc_debug_processing(r, s, slab, object, orig_size)) {
		/* not expected on a fresh slab: leak it, as the kernel does */
		spin_unlock(&n->list_lock);
		return NULL;
	}
	if (slab->inuse != slab->objects)
		add_partial(n, slab, DEACTIVATE_TO_HEAD);
	inc_slabs_node(s, nid, slab->objects);
	spin_unlock(&n->list_lock);
	return object;
}

/* Mirrors: mm/slub.c:get_partial_node() for a debug cache */
static void *get_partial_node_debug(struct report *r, struct kmem_cache *s,
				    struct kmem_cache_node *n,
				    unsigned int orig_size)
{
	struct slab *slab, *slab2;
	void *object = NULL;

	if (!n || !READ_ONCE(n->nr_partial))
		return NULL;
	spin_lock(&n->list_lock);
	list_for_each_entry_safe(slab, slab2, &n->partial, slab_list) {
		object = alloc_single_from_partial(r, s, n, slab, orig_size);
		if (object)
			break;
	}
	spin_unlock(&n->list_lock);
	return object;
}

/*
 * Allocate one object of debug cache @s: a node partial slab (this
 * node first, then the others unless __GFP_THISNODE), else a new slab;
 * then record the owner.  Objects that fail their checks are reported
 * and skipped.  Mirrors: the kmem_cache_debug() paths of
 * mm/slub.c:___slab_alloc() and get_partial()
 */
void *slab_alloc_debug(struct kmem_cache *s, gfp_t gfpflags, int node,
		       size_t orig_size)
{
	struct mmsim *m = s->machine;
	int searchnode = node == NUMA_NO_NODE ? this_cpu()->node : node;
	unsigned int osize = (unsigned int)orig_size;
	struct report r;
	struct slab *slab;
	void *object;
	int nid;

	report_begin(&r, m);
	object = get_partial_node_debug(&r, s, get_node(s, searchnode), osize);
	if (!object && !(node != NUMA_NO_NODE && (gfpflags & __GFP_THISNODE))) {
		for_each_online_node(m, nid) {
			if (nid == searchnode)
				continue;
			object = get_partial_node_debug(&r, s, get_node(s, nid),
							osize);
			if (object)
				break;
		}
	}
	while (!object) {
		slab = new_slab(s, gfpflags, node);
		if (unlikely(!slab)) {
			report_end(&r, REPORT_BUG);
			slab_out_of_memory(s, gfpflags, node);
			return NULL;
		}
		object = alloc_single_from_new_slab(&r, s, slab, osize);
	}
	report_end(&r, REPORT_BUG);

	if (s->flags & SLAB_STORE_USER) {
		struct track t;

		set_track_prepare(&t);
		set_track_update(s, object, TRACK_ALLOC, &t);
	}
	if (unlikely(s->flags & SLAB_TRACE))
		trace(s, virt_to_slab(object), object, 1);
	return object;
}

/* ------------------------------------------------------------------ */
/* Free                                                                 */

/* Mirrors: mm/slub.c:free_consistency_checks() */
static int free_consistency_checks(struct report *r, struct kmem_cache *s,
				   struct slab *slab, void *object)
{
	if (!check_valid_pointer(s, slab, object)) {
		slab_err(r, s, slab, "Invalid object pointer 0x%016lx",
			 (unsigned long)object);
		return 0;
	}
	if (on_freelist(r, s, slab, object)) {
		object_err(r, s, slab, object, "Object already free");
		return 0;
	}
	if (!check_object(r, s, slab, object, SLUB_RED_ACTIVE))
		return 0;
	if (unlikely(s != slab->slab_cache)) {
		if (!slab->slab_cache)
			slab_err(r, NULL, slab, "No slab cache for object 0x%016lx",
				 (unsigned long)object);
		else
			object_err(r, s, slab, object,
				   "page slab pointer corrupt.");
		return 0;
	}
	return 1;
}

/*
 * Check one object being freed and make it free: owner, poison, red
 * zones SLUB_RED_INACTIVE.  Caller holds n->list_lock.
 * Mirrors: mm/slub.c:free_debug_processing() for one object
 */
static bool free_debug_processing(struct report *r, struct kmem_cache *s,
				  struct slab *slab, void *object,
				  const struct track *t)
{
	bool checks_ok = false;

	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(r, s, slab))
			goto out;
	}
	if (slab->inuse < 1) {
		slab_err(r, s, slab, "Slab has %d allocated objects but %d are to be freed",
			 slab->inuse, 1);
		goto out;
	}
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!free_consistency_checks(r, s, slab, object))
			goto out;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track_update(s, object, TRACK_FREE, t);
	/* the free pointer is outside: POISON moved it there */
	init_object(s, object, SLUB_RED_INACTIVE);
	checks_ok = true;
out:
	if (!checks_ok)
		slab_fix(r, s, "Object at 0x%016lx not freed",
			 (unsigned long)object);
	return checks_ok;
}

/*
 * Free @object of debug cache @s into its slab, moving the slab between
 * no list (full) and the node partial list, and giving an empty slab
 * back when the node has min_partial others.  An object that fails its
 * checks stays allocated (leaked), as in the kernel.
 * Mirrors: mm/slub.c:free_to_partial_list()
 */
void slab_free_debug(struct kmem_cache *s, struct slab *slab, void *object)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	struct slab *slab_free = NULL;
	struct track t;
	struct report r;

	if (s->flags & SLAB_STORE_USER)
		set_track_prepare(&t);
	report_begin(&r, s->machine);
	spin_lock(&n->list_lock);
	if (free_debug_processing(&r, s, slab, object, &t)) {
		void *prior = slab->freelist;

		if (unlikely(s->track))
			track_pool_free(s, object);
		slab->inuse--;
		set_freepointer(s, object, prior);
		slab->freelist = object;
		if (slab->inuse == 0 && n->nr_partial >= s->min_partial)
			slab_free = slab;
		if (!prior) {
			/* was full (on no list) */
			if (!slab_free)
				add_partial(n, slab, DEACTIVATE_TO_TAIL);
		} else if (slab_free) {
			remove_partial(n, slab);
		}
	}
	spin_unlock(&n->list_lock);
	report_end(&r, REPORT_BUG);
	if (unlikely(s->flags & SLAB_TRACE))
		trace(s, slab, object, 0);
	if (slab_free)
		discard_slab(s, slab_free);
}

/* ------------------------------------------------------------------ */
/* slub_debug= / slab_debug=                                            */

/*
 * Parse one ';'-separated block of slub_debug options: its flags and
 * where its cache list starts (NULL when it has none).  Returns the
 * next block or NULL.  The syntax was checked at boot (params.c).
 * Mirrors: mm/slub.c:parse_slub_debug_flags()
 */
static const char *parse_slub_debug_flags(const char *str, slab_flags_t *flags,
					  const char **slabs)
{
	while (*str && *str == ';')
		str++;
	if (*str == ',') {
		/* no options, a list of caches: full debugging for them */
		*flags = DEBUG_DEFAULT_FLAGS;
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (tolower((unsigned char)*str)) {
		case '-':
			*flags = 0;
			break;
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		default:
			break;
		}
	}
check_slabs:
	if (*str == ',')
		*slabs = ++str;
	else
		*slabs = NULL;
	while (*str && *str != ';')
		str++;
	while (*str && *str == ';')
		str++;
	return *str ? str : NULL;
}

/*
 * The machine's slub_debug= setting: global flags, and the string of
 * per-cache blocks kmem_cache_flags() reads at each cache creation.
 * Mirrors: mm/slub.c:setup_slub_debug()
 */
void setup_slub_debug(struct mmsim *m)
{
	struct slab_state *st = slab_state(m);
	const char *str = m->cfg.slub_debug;
	slab_flags_t flags, global_flags = 0;
	const char *slab_list;
	bool global_changed = false, list_specified = false;

	st->slub_debug = 0;
	st->slub_debug_string = NULL;
	if (!*str)
		return;		/* not given (bare slub_debug is "FZPU") */
	while (str) {
		str = parse_slub_debug_flags(str, &flags, &slab_list);
		if (!slab_list) {
			global_flags = flags;
			global_changed = true;
		} else {
			list_specified = true;
		}
	}
	/*
	 * A list of flags with a list of caches changes only those caches;
	 * the global flags stay off unless a block without a list says.
	 */
	if (list_specified) {
		if (!global_changed)
			global_flags = 0;
		st->slub_debug_string = m->cfg.slub_debug;
	}
	st->slub_debug = global_flags;
}

/*
 * The flags of a cache named @name: @flags plus what slub_debug= asks
 * for it (a block whose list matches the name, a trailing '*' a prefix
 * match), else the global slub_debug flags.
 * Mirrors: mm/slub.c:kmem_cache_flags()
 */
slab_flags_t kmem_cache_flags(const struct slab_state *st, slab_flags_t flags,
			      const char *name)
{
	const char *iter, *next_block;
	slab_flags_t block_flags;
	size_t len;

	if (!st)
		return flags;
	len = strlen(name);
	next_block = st->slub_debug_string;
	while (next_block) {
		next_block = parse_slub_debug_flags(next_block, &block_flags,
						    &iter);
		if (!iter)
			continue;
		while (*iter) {
			const char *end, *glob;
			size_t cmplen;

			end = strchrnul(iter, ',');
			if (next_block && next_block < end)
				end = next_block - 1;
			glob = memchr(iter, '*', (size_t)(end - iter));
			if (glob)
				cmplen = (size_t)(glob - iter);
			else
				cmplen = max_t(size_t, len, (size_t)(end - iter));
			if (!strncmp(name, iter, cmplen))
				return flags | block_flags;
			if (!*end || *end == ';')
				break;
			iter = end + 1;
		}
	}
	return flags | st->slub_debug;
}
