// SPDX-License-Identifier: MIT
/*
 * Misuse reports: BUG:/WARNING: text with a backtrace, in the kernel's
 * format (lib/dump_stack.c, kernel/panic.c, include/asm-generic/bug.h).
 *
 * A report is assembled in memory (report_begin/report_printf), then
 * report_end() emits it in one piece: to the machine's log (dmesg), to
 * the report stream (stderr unless changed) and to the report hook.
 * What happens next is the boot parameter panic=: "report" (default)
 * returns to the caller, which leaves the machine consistent; "abort"
 * aborts the host process as a panicking kernel would stop.
 *
 * Backtraces come from libunwind, printed as arm64's dump_backtrace()
 * does: " function+0xoffset/0xsize".
 */
#include "mmsim-config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#if MMSIM_HAVE_LIBUNWIND
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#endif

#include <linux/mm.h>
#include <sim/debug.h>
#include <sim/machine.h>

#define REPORT_MAX_FRAMES 24

const char *current_comm(void)
{
	return "mmsim";
}

void report_begin(struct report *r, struct mmsim *m)
{
	r->m = m;
	r->buf = NULL;
	r->len = 0;
	r->size = 0;
}

static void report_vprintf(struct report *r, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if (r->len + (size_t)n + 1 > r->size) {
		size_t size = r->size ? r->size : 1024;
		char *buf;

		while (size < r->len + (size_t)n + 1)
			size *= 2;
		buf = realloc(r->buf, size);
		if (!buf)
			return;
		r->buf = buf;
		r->size = size;
	}
	vsnprintf(r->buf + r->len, (size_t)n + 1, fmt, ap);
	r->len += (size_t)n;
}

void report_printf(struct report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_vprintf(r, fmt, ap);
	va_end(ap);
}

/*
 * The taint letters, by bit (kernel/panic.c: taint_flags[]): bit 0 reads
 * 'G' when clear (no proprietary module), the others ' '.
 */
static const struct {
	char c_true, c_false;
	const char *desc;
} taint_flags[] = {
	{ 'P', 'G', "PROPRIETARY_MODULE" }, { 'F', ' ', "FORCED_MODULE" },
	{ 'S', ' ', "CPU_OUT_OF_SPEC" },    { 'R', ' ', "FORCED_RMMOD" },
	{ 'M', ' ', "MACHINE_CHECK" },      { 'B', ' ', "BAD_PAGE" },
	{ 'U', ' ', "USER" },               { 'D', ' ', "DIE" },
	{ 'A', ' ', "OVERRIDDEN_ACPI_TABLE" }, { 'W', ' ', "WARN" },
	{ 'C', ' ', "CRAP" },               { 'I', ' ', "FIRMWARE_WORKAROUND" },
	{ 'O', ' ', "OOT_MODULE" },         { 'E', ' ', "UNSIGNED_MODULE" },
	{ 'L', ' ', "SOFTLOCKUP" },         { 'K', ' ', "LIVEPATCH" },
	{ 'X', ' ', "AUX" },                { 'T', ' ', "RANDSTRUCT" },
	{ 'N', ' ', "TEST" },               { 'J', ' ', "FWCTL" },
};

/* Mirrors: lib/dump_stack.c:dump_stack_print_info() + print_tainted() */
static void report_cpu_line(struct report *r)
{
	struct mmsim_cpu *cpu = this_cpu();
	unsigned long taint = r->m ? r->m->taint : 0;
	char flags[ARRAY_SIZE(taint_flags) + 1];
	size_t i;

	if (!taint) {
		report_printf(r, "CPU: %d UID: 0 PID: 0 Comm: %s Not tainted 6.18.0-mmsim #1\n",
			      cpu ? cpu->id : 0, current_comm());
	} else {
		const char *sep = "";

		for (i = 0; i < ARRAY_SIZE(taint_flags); i++)
			flags[i] = (taint & BIT(i)) ? taint_flags[i].c_true
						    : taint_flags[i].c_false;
		flags[i] = '\0';
		report_printf(r, "CPU: %d UID: 0 PID: 0 Comm: %s Tainted: %s 6.18.0-mmsim #1\n",
			      cpu ? cpu->id : 0, current_comm(), flags);
		report_printf(r, "Tainted: ");
		for (i = 0; i < ARRAY_SIZE(taint_flags); i++) {
			if (!(taint & BIT(i)))
				continue;
			report_printf(r, "%s[%c]=%s", sep, taint_flags[i].c_true,
				      taint_flags[i].desc);
			sep = ", ";
		}
		report_printf(r, "\n");
	}
	report_printf(r, "Hardware name: linux,dummy-virt (DT)\n");
}

void report_backtrace(struct report *r, int skip)
{
	report_cpu_line(r);
	report_printf(r, "Call trace:\n");
#if MMSIM_HAVE_LIBUNWIND
	unw_context_t uc;
	unw_cursor_t cursor;
	int depth = 0;

	if (unw_getcontext(&uc) || unw_init_local(&cursor, &uc))
		return;
	while (unw_step(&cursor) > 0 && depth < REPORT_MAX_FRAMES + skip) {
		char name[128];
		unw_word_t off = 0;
		unw_proc_info_t pi;

		if (depth++ < skip)
			continue;
		if (unw_get_proc_name(&cursor, name, sizeof(name), &off))
			strcpy(name, "0x?");
		if (unw_get_proc_info(&cursor, &pi) == 0 && pi.end_ip > pi.start_ip)
			report_printf(r, " %s+0x%lx/0x%lx\n", name,
				      (unsigned long)off,
				      (unsigned long)(pi.end_ip - pi.start_ip));
		else
			report_printf(r, " %s+0x%lx\n", name,
				      (unsigned long)off);
		if (!strcmp(name, "main") || !strcmp(name, "start_thread"))
			break;
	}
#else
	report_printf(r, " (no backtrace: built without libunwind)\n");
#endif
}

void report_end(struct report *r, enum report_kind kind)
{
	struct mmsim *m = r->m;

	if (!r->buf)
		return;
	if (m) {
		pthread_mutex_lock(&m->report_lock);
		m->nr_reports++;
		mm_printk(m, KERN_ALERT "%s", r->buf);
		if (m->report_stream) {
			fputs(r->buf, m->report_stream);
			fflush(m->report_stream);
		}
		if (m->report_hook)
			m->report_hook(m, r->buf, m->report_hook_arg);
		pthread_mutex_unlock(&m->report_lock);
		if (m->cfg.panic == PANIC_ABORT &&
		    (kind == REPORT_BUG ||
		     (kind == REPORT_WARN && m->cfg.panic_on_warn))) {
			fprintf(stderr, "Kernel panic - not syncing: %s\n",
				kind == REPORT_BUG ? "Fatal exception"
						   : "panic_on_warn set ...");
			abort();
		}
	} else {
		fputs(r->buf, stderr);	/* no machine: nothing to panic */
	}
	free(r->buf);
	r->buf = NULL;
}

bool __warn_once_first(const char *file, int line)
{
	struct mmsim *m = this_machine();
	bool first = true;
	int i;

	if (!m)
		return true;
	pthread_mutex_lock(&m->report_lock);
	for (i = 0; i < m->nr_warned_once; i++)
		if (m->warned_once[i].line == line &&
		    !strcmp(m->warned_once[i].file, file))
			first = false;
	if (first && m->nr_warned_once < (int)ARRAY_SIZE(m->warned_once)) {
		m->warned_once[m->nr_warned_once].file = file;
		m->warned_once[m->nr_warned_once].line = line;
		m->nr_warned_once++;
	}
	pthread_mutex_unlock(&m->report_lock);
	return first;
}

void __vm_bug(const char *kind, const char *cond, const char *file, int line,
	      const struct page *page)
{
	struct mmsim *m = this_machine();
	struct report r;
	bool warn = !strcmp(kind, "WARNING");

	report_begin(&r, m);
	if (page)
		report_dump_page(&r, page, cond);
	if (warn) {
		report_printf(&r, "------------[ cut here ]------------\n");
		report_printf(&r, "WARNING: CPU: %d PID: 0 at %s:%d: %s\n",
			      this_cpu() ? this_cpu()->id : 0, file, line,
			      cond);
	} else {
		report_printf(&r, "kernel BUG at %s:%d!\n", file, line);
		report_printf(&r, "Internal error: Oops - BUG: %s(%s)\n", kind,
			      cond);
	}
	report_backtrace(&r, 1);
	if (warn) {
		report_printf(&r, "---[ end trace 0000000000000000 ]---\n");
		if (m)	/* add_taint() after the report, as __warn() */
			m->taint |= BIT(TAINT_WARN);
	}
	report_end(&r, warn ? REPORT_WARN : REPORT_BUG);
}

/* Mirrors: kernel/panic.c:__warn() for WARN(1, fmt, ...). */
void __warn_printf(struct mmsim *m, const char *file, int line,
		   const char *func, int skip, const struct page *page,
		   const char *reason, const char *fmt, ...)
{
	struct report r;
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report_begin(&r, m);
	report_printf(&r, "------------[ cut here ]------------\n%s\n", msg);
	if (!strncmp(func, "mmsim_", 6))
		func += 6;
	report_printf(&r, "WARNING: CPU: %d PID: 0 at %s:%d %s\n",
		      this_cpu() ? this_cpu()->id : 0, file, line, func);
	report_backtrace(&r, skip + 1);
	report_printf(&r, "---[ end trace 0000000000000000 ]---\n");
	if (page)
		report_dump_page(&r, page, reason);
	m->taint |= BIT(TAINT_WARN);
	report_end(&r, REPORT_WARN);
}

/*
 * Mirrors: mm/page_alloc.c:bad_page().  Unlike the kernel it never
 * touches the page: the caller leaves the bad page out of the free
 * lists, so the allocator's counts stay exact.
 */
void bad_page(const struct page *page, const char *reason)
{
	struct mmsim *m = this_machine();
	struct report r;

	report_begin(&r, m);
	report_printf(&r, "BUG: Bad page state in process %s  pfn:%05lx\n",
		      current_comm(), page_to_pfn(page));
	report_dump_page(&r, page, reason);
	report_printf(&r, "Modules linked in:\n");
	report_backtrace(&r, 1);
	/* the kernel carries on after a bad page; panic=abort makes it stop */
	report_end(&r, REPORT_BUG);
	if (m)	/* add_taint(TAINT_BAD_PAGE) after the report, as bad_page() */
		m->taint |= BIT(TAINT_BAD_PAGE);
}

/* Reports about addresses that have no struct page at all. */
void bad_pfn(struct mmsim *m, const char *what, unsigned long pfn,
	     const void *addr)
{
	struct report r;

	report_begin(&r, m);
	if (addr)
		report_printf(&r, "BUG: %s: bad address %p (pfn %#lx): "
				  "no struct page\n", what, addr, pfn);
	else
		report_printf(&r, "BUG: %s: pfn %#lx out of range: "
				  "no struct page\n", what, pfn);
	report_backtrace(&r, 1);
	report_end(&r, REPORT_BUG);
}
