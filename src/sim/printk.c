// SPDX-License-Identifier: MIT
/*
 * The kernel log (kernel/printk/printk.c, much reduced).
 *
 * Every machine has one log buffer that grows as needed; mm_printk()
 * appends lines to it and mmsim_show(m, "dmesg") prints it back as
 * dmesg(1) does: "[    0.000123] text", the timestamp being host time
 * since mmsim_boot(), or no timestamp with printk.time=0 (so that the
 * output of a run can be compared with a golden file).
 *
 * The log level prefix ("<6>") is kept off the text, as dmesg shows it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sim/debug.h>
#include <sim/machine.h>

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

static void log_append(struct printk_log *log, const char *s, size_t n)
{
	if (log->len + n + 1 > log->size) {
		size_t size = log->size ? log->size : 16384;
		char *buf;

		while (size < log->len + n + 1)
			size *= 2;
		buf = realloc(log->buf, size);
		if (!buf)
			return;	/* the log loses the line, never the machine */
		log->buf = buf;
		log->size = size;
	}
	memcpy(log->buf + log->len, s, n);
	log->len += n;
	log->buf[log->len] = '\0';
}

void mm_vprintk(struct mmsim *m, const char *fmt, va_list ap)
{
	char stack[512], *text = stack, *line, *end;
	char stamp[32];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(stack, sizeof(stack), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(stack)) {
		text = malloc((size_t)n + 1);
		if (!text)
			return;
		vsnprintf(text, (size_t)n + 1, fmt, ap);
	}
	line = text;
	if (line[0] == '<' && line[1] >= '0' && line[1] <= '7' && line[2] == '>')
		line += 3;

	pthread_mutex_lock(&m->log.lock);
	while (*line) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (m->cfg.printk_time) {
			u64 t = now_ns() - m->boot_ns;

			snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
				 (unsigned long)(t / 1000000000ull),
				 (unsigned long)(t % 1000000000ull / 1000));
			log_append(&m->log, stamp, strlen(stamp));
		}
		log_append(&m->log, line, (size_t)(end - line));
		log_append(&m->log, "\n", 1);
		line = *end ? end + 1 : end;
	}
	pthread_mutex_unlock(&m->log.lock);

	if (text != stack)
		free(text);
}

void mm_printk(struct mmsim *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mm_vprintk(m, fmt, ap);
	va_end(ap);
}

void printk_init(struct mmsim *m)
{
	pthread_mutex_init(&m->log.lock, NULL);
	m->boot_ns = now_ns();
}

void printk_exit(struct mmsim *m)
{
	free(m->log.buf);
	m->log.buf = NULL;
	pthread_mutex_destroy(&m->log.lock);
}

int show_dmesg(struct mmsim *m, FILE *out)
{
	pthread_mutex_lock(&m->log.lock);
	if (m->log.len)
		fwrite(m->log.buf, 1, m->log.len, out);
	pthread_mutex_unlock(&m->log.lock);
	return 0;
}
