/* SPDX-License-Identifier: MIT */
/*
 * spinlock_t for host threads (include/linux/spinlock.h).
 *
 * A test-and-test-and-set lock that yields the host CPU after a short
 * spin: simulated CPUs are host threads and may outnumber the host's
 * cores, where a pure spin would burn the lock holder's time slice.
 * There are no interrupts in the simulator, so the _irqsave forms are
 * the plain ones.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/compiler.h>
#include <sched.h>

typedef struct {
	int locked;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED { 0 }

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
}

static inline bool spin_trylock(spinlock_t *lock)
{
	return !__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) &&
	       !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

void __spin_lock_slowpath(spinlock_t *lock);

static inline void spin_lock(spinlock_t *lock)
{
	if (likely(!__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)))
		return;
	__spin_lock_slowpath(lock);
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(lock, flags)                                  \
	do {                                                            \
		(void)(flags);                                          \
		spin_lock(lock);                                        \
	} while (0)
#define spin_unlock_irqrestore(lock, flags)                             \
	do {                                                            \
		(void)(flags);                                          \
		spin_unlock(lock);                                      \
	} while (0)

#endif /* _LINUX_SPINLOCK_H */
