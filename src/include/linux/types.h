/* SPDX-License-Identifier: MIT */
/* Kernel scalar types and atomics (include/linux/types.h, atomic.h). */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <linux/compiler.h>
#include <mmsim/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef mmsim_gfp_t gfp_t;
typedef mmsim_phys_addr_t phys_addr_t;
typedef unsigned long pgoff_t;

/*
 * atomic_t, atomic_long_t and atomic64_t are plain integers used through
 * the GCC __atomic builtins, so that atomic_set()/atomic_read() are plain
 * stores and loads as on arm64, and only the read-modify-write operations
 * pay for an atomic instruction.
 */
typedef struct {
	int counter;
} atomic_t;
typedef struct {
	long counter;
} atomic_long_t;
typedef struct {
	s64 counter;
} atomic64_t;

#define ATOMIC_INIT(i) { (i) }
#define ATOMIC64_INIT(i) { (i) }

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}
static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}
static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}
static inline int atomic_fetch_add(int i, atomic_t *v)
{
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
}
static inline void atomic_add(int i, atomic_t *v)
{
	__atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}
static inline void atomic_inc(atomic_t *v)
{
	atomic_add(1, v);
}
static inline int atomic_dec_return(atomic_t *v)
{
	return atomic_add_return(-1, v);
}
static inline bool atomic_dec_and_test(atomic_t *v)
{
	return atomic_dec_return(v) == 0;
}
static inline bool atomic_try_cmpxchg(atomic_t *v, int *old, int new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

static inline long atomic_long_read(const atomic_long_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}
static inline void atomic_long_set(atomic_long_t *v, long i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}
static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}
static inline long atomic_long_add_return(long i, atomic_long_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

/* The _relaxed forms are what arch/arm64/mm/context.c uses; its comments
 * say why relaxed is enough. */
static inline s64 atomic64_read(const atomic64_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}
static inline void atomic64_set(atomic64_t *v, s64 i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}
static inline s64 atomic64_xchg_relaxed(atomic64_t *v, s64 i)
{
	return __atomic_exchange_n(&v->counter, i, __ATOMIC_RELAXED);
}
/* Returns the value found, as the kernel's cmpxchg does. */
static inline s64 atomic64_cmpxchg_relaxed(atomic64_t *v, s64 old, s64 new)
{
	__atomic_compare_exchange_n(&v->counter, &old, new, false,
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	return old;
}
static inline s64 atomic64_add_return_relaxed(s64 i, atomic64_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

/* refcount_t (include/linux/refcount.h) without the saturation checks of
 * lib/refcount.c. */
typedef struct {
	atomic_t refs;
} refcount_t;

static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)atomic_read(&r->refs);
}
static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}
static inline bool refcount_inc_not_zero(refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (!old)
			return false;
	} while (!atomic_try_cmpxchg(&r->refs, &old, old + 1));
	return true;
}
static inline bool refcount_dec_and_test(refcount_t *r)
{
	return atomic_dec_and_test(&r->refs);
}

/* Bit operations on unsigned long words (include/linux/bitops.h). */
#define BITS_PER_LONG 64
#define BIT(nr) (1UL << (nr))
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define GENMASK(h, l) (((~0UL) << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))

static inline void set_bit(int nr, unsigned long *addr)
{
	__atomic_fetch_or(addr + nr / 64, 1UL << (nr % 64), __ATOMIC_RELAXED);
}
static inline void clear_bit(int nr, unsigned long *addr)
{
	__atomic_fetch_and(addr + nr / 64, ~(1UL << (nr % 64)),
			   __ATOMIC_RELAXED);
}
static inline bool test_bit(int nr, const unsigned long *addr)
{
	return (__atomic_load_n(addr + nr / 64, __ATOMIC_RELAXED) >>
		(nr % 64)) & 1;
}
static inline bool test_and_set_bit(int nr, unsigned long *addr)
{
	unsigned long mask = 1UL << (nr % 64);

	return __atomic_fetch_or(addr + nr / 64, mask, __ATOMIC_SEQ_CST) &
	       mask;
}

#endif /* _LINUX_TYPES_H */
