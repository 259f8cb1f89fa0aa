/* SPDX-License-Identifier: MIT */
/*
 * Memcheck annotations of simulated memory, in one place
 * (DESIGN.md 3.11; mimalloc's track.h is the model).
 *
 * Under Valgrind, a program's own mistakes with simulated kernel memory
 * become Memcheck errors:
 *
 *   free pages			no access (page_alloc.c, on free)
 *   allocated pages		undefined until written
 *   every slab cache		a Memcheck mempool: each allocated object is
 *				a chunk of the size asked for; free objects
 *				are no access, but for the moments the
 *				allocator itself reads or writes their free
 *				pointer (slub.c)
 *
 * so a use after free, an overflow past kmalloc's size or a read of
 * uninitialised kmalloc memory is reported with the program's stack.
 * Outside Valgrind each hook costs one well-predicted branch on a flag
 * read at boot (m->track).
 */
#ifndef _SIM_TRACK_H
#define _SIM_TRACK_H

#include "mmsim-config.h"

#include <stddef.h>

#if MMSIM_HAVE_VALGRIND
#include <valgrind/memcheck.h>

static inline int track_running(void)
{
	return RUNNING_ON_VALGRIND;
}
#define track_mem_noaccess(p, n)	VALGRIND_MAKE_MEM_NOACCESS(p, n)
#define track_mem_undefined(p, n)	VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#define track_mem_defined(p, n)		VALGRIND_MAKE_MEM_DEFINED(p, n)
#define track_pool_create(pool)		VALGRIND_CREATE_MEMPOOL(pool, 0, 0)
#define track_pool_destroy(pool)	VALGRIND_DESTROY_MEMPOOL(pool)
#define track_pool_alloc(pool, p, n)	VALGRIND_MEMPOOL_ALLOC(pool, p, n)
#define track_pool_free(pool, p)	VALGRIND_MEMPOOL_FREE(pool, p)
#define track_pool_resize(pool, p, n)	VALGRIND_MEMPOOL_CHANGE(pool, p, p, n)
#else
static inline int track_running(void)
{
	return 0;
}
#define track_mem_noaccess(p, n)	((void)(p), (void)(n))
#define track_mem_undefined(p, n)	((void)(p), (void)(n))
#define track_mem_defined(p, n)		((void)(p), (void)(n))
#define track_pool_create(pool)		((void)(pool))
#define track_pool_destroy(pool)	((void)(pool))
#define track_pool_alloc(pool, p, n)	((void)(pool), (void)(p), (void)(n))
#define track_pool_free(pool, p)	((void)(pool), (void)(p))
#define track_pool_resize(pool, p, n)	((void)(pool), (void)(p), (void)(n))
#endif

#endif /* _SIM_TRACK_H */
