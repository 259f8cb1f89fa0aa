/* SPDX-License-Identifier: MIT */
/*
 * The kernel log and misuse reports (src/sim/printk.c, src/sim/debug.c).
 *
 * printk() appends to the machine's log ring, read back by
 * mmsim_show(m, "dmesg").  Reports (BUG:, WARNING:) go to the log, to
 * the report stream (stderr by default) and to the report hook, with a
 * libunwind backtrace, and then panic= decides: keep going, or abort.
 * VM_BUG_ON and friends are routed through one function, so a test can
 * prove that an invariant fires.
 */
#ifndef _SIM_DEBUG_H
#define _SIM_DEBUG_H

#include <linux/compiler.h>
#include <stdarg.h>
#include <stdio.h>

struct mmsim;
struct page;

#define KERN_EMERG	"<0>"
#define KERN_ALERT	"<1>"
#define KERN_CRIT	"<2>"
#define KERN_ERR	"<3>"
#define KERN_WARNING	"<4>"
#define KERN_NOTICE	"<5>"
#define KERN_INFO	"<6>"
#define KERN_DEBUG	"<7>"

void mm_printk(struct mmsim *m, const char *fmt, ...) __printf(2, 3);
void mm_vprintk(struct mmsim *m, const char *fmt, va_list ap);
#define pr_info(m, fmt, ...)	mm_printk(m, KERN_INFO fmt, ##__VA_ARGS__)
#define pr_notice(m, fmt, ...)	mm_printk(m, KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_warn(m, fmt, ...)	mm_printk(m, KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_err(m, fmt, ...)	mm_printk(m, KERN_ERR fmt, ##__VA_ARGS__)
#define pr_debug(m, fmt, ...)	mm_printk(m, KERN_DEBUG fmt, ##__VA_ARGS__)

/* A report under construction: text accumulates, then report_end(). */
struct report {
	struct mmsim *m;
	char *buf;
	size_t len, size;
};

void report_begin(struct report *r, struct mmsim *m);
void report_printf(struct report *r, const char *fmt, ...) __printf(2, 3);
/* Append "CPU: ..." and "Call trace:" (libunwind), skipping @skip frames. */
void report_backtrace(struct report *r, int skip);
/*
 * WARN(1, fmt, ...) (kernel/panic.c:__warn()): the message, the WARNING
 * line naming @file:@line and @func (an "mmsim_" prefix dropped: the
 * kernel's name), a backtrace skipping @skip frames, the end marker,
 * then @page's dump if given; taints the machine.
 */
void __warn_printf(struct mmsim *m, const char *file, int line,
		   const char *func, int skip, const struct page *page,
		   const char *reason, const char *fmt, ...) __printf(8, 9);
/*
 * What a report is, for panic=: a BUG (misuse, a broken invariant) aborts
 * with panic=abort; a WARNING only with panic=abort and panic_on_warn; a
 * notice (allocation failure, fault injection) never.
 */
enum report_kind {
	REPORT_NOTICE,
	REPORT_WARN,
	REPORT_BUG,
};

/* Emit the report: dmesg, the report stream, the hook; then panic=. */
void report_end(struct report *r, enum report_kind kind);

/* mm/debug.c: dump_page() into a report */
void report_dump_page(struct report *r, const struct page *page,
		      const char *reason);
/* mm/page_alloc.c: bad_page(): "BUG: Bad page state in process ..." */
void bad_page(const struct page *page, const char *reason);

/* VM_BUG_ON family: report with the failed condition, never crash. */
void __vm_bug(const char *kind, const char *cond, const char *file, int line,
	      const struct page *page);
#define __VM_CHECK(kind, cond, page)                                         \
	({                                                                   \
		bool __c = !!(cond);                                         \
		if (unlikely(__c))                                           \
			__vm_bug(kind, #cond, __FILE__, __LINE__, page);     \
		unlikely(__c);                                               \
	})
#if MMSIM_DEBUG_VM
#define VM_BUG_ON(cond) __VM_CHECK("VM_BUG_ON", cond, NULL)
#define VM_BUG_ON_PAGE(cond, page) __VM_CHECK("VM_BUG_ON_PAGE", cond, page)
#define VM_WARN_ON(cond) __VM_CHECK("WARNING", cond, NULL)
#else
#define VM_BUG_ON(cond) ((void)sizeof(!!(cond)), false)
#define VM_BUG_ON_PAGE(cond, page) ((void)sizeof(!!(cond)), (void)(page), false)
#define VM_WARN_ON(cond) ((void)sizeof(!!(cond)), false)
#endif
#define WARN_ON(cond) __VM_CHECK("WARNING", cond, NULL)
/* Once per call site per machine (the kernel: once per boot). */
bool __warn_once_first(const char *file, int line);
#define WARN_ON_ONCE(cond)                                                    \
	({                                                                   \
		bool __c = !!(cond);                                         \
		if (unlikely(__c) && __warn_once_first(__FILE__, __LINE__))  \
			__vm_bug("WARNING", #cond, __FILE__, __LINE__, NULL); \
		unlikely(__c);                                               \
	})

#endif /* _SIM_DEBUG_H */

/* printk.c */
void printk_init(struct mmsim *m);
void printk_exit(struct mmsim *m);
int show_dmesg(struct mmsim *m, FILE *out);

/* debug.c: the name of the current "process" in reports */
const char *current_comm(void);
/* taint flags (kernel/panic.c): reports after a bad page say so */
#define TAINT_BAD_PAGE	5
#define TAINT_WARN	9
void bad_pfn(struct mmsim *m, const char *what, unsigned long pfn,
	     const void *addr);
