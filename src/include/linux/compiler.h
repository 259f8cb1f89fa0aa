/* SPDX-License-Identifier: MIT */
/*
 * Compiler helpers with the kernel's names (include/linux/compiler.h,
 * include/linux/minmax.h, include/linux/align.h).
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include "mmsim-config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#undef __always_inline
#define __always_inline	inline __attribute__((always_inline))
#define noinline	__attribute__((noinline))
#define __cold		__attribute__((cold))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __maybe_unused	__attribute__((unused))
#define __aligned(x)	__attribute__((aligned(x)))
#define __cacheline_aligned __aligned(64)
#define fallthrough	__attribute__((fallthrough))

/* The one way a function leaves the library: mmsim_ names only. */
#define MMSIM_EXPORT	__attribute__((visibility("default")))

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier()	__asm__ __volatile__("" ::: "memory")

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(prefix, __COUNTER__)
#define __cmp_once(op, x, y, ux, uy)                                         \
	({                                                                   \
		__typeof__(x) ux = (x);                                      \
		__typeof__(y) uy = (y);                                      \
		ux op uy ? ux : uy;                                          \
	})
#define min(a, b) __cmp_once(<, a, b, __UNIQUE_ID(__x), __UNIQUE_ID(__y))
#define max(a, b) __cmp_once(>, a, b, __UNIQUE_ID(__x), __UNIQUE_ID(__y))
#define min_t(t, a, b)	min((t)(a), (t)(b))
#define max_t(t, a, b)	max((t)(a), (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define clamp_t(t, v, lo, hi) clamp((t)(v), (t)(lo), (t)(hi))

#define ALIGN(x, a)	(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define SZ_1K	0x400UL
#define SZ_4K	0x1000UL
#define SZ_64K	0x10000UL
#define SZ_1M	0x100000UL
#define SZ_2M	0x200000UL
#define SZ_1G	0x40000000UL
#define SMP_CACHE_BYTES	64

static inline unsigned long rounddown_pow_of_two(unsigned long n)
{
	return n ? 1UL << (63 - __builtin_clzl(n)) : 0;
}

static inline unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, b = 1UL << 62;

	while (b > x)
		b >>= 2;
	while (b) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return r;
}

#endif /* _LINUX_COMPILER_H */
