/* SPDX-License-Identifier: MIT */
/*
 * tools/mmsim.c - the mmsim command: run a scenario script, or read the
 * same commands interactively.  The language is in scenario.c, the
 * commands in commands.c; this file is only the command line.
 *
 * Exit status: 0 success, 2 script error (`run`), 1 anything else (bad
 * command line, unreadable input, output that could not be written).
 */
#include "scenario.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mmsim/mmsim.h>

#ifndef MMSIM_TOOL_VERSION
#define MMSIM_TOOL_VERSION "unknown"
#endif

/* clang-format off */
static const char usage_text[] =
"Usage: mmsim run FILE     run a scenario script (FILE - reads stdin)\n"
"       mmsim shell        read the same commands from standard input\n"
"       mmsim --help       show this text\n"
"       mmsim --version    show the version\n"
"\n"
"A scenario (.mms) drives one simulated machine: one command per line,\n"
"'#' starts a comment, blank lines are ignored.  Numbers are decimal or\n"
"0x hex; LEN, SIZE, OLDLEN, NEWLEN and OFFSET may end in K, M or G.\n"
"Every output line starts with the number of the line that produced it.\n"
"\n"
"Machine:\n"
"  boot PARAM...             boot with these parameters (mem=64M nr_cpus=2\n"
"                            printk.time=0 ...); optional, at most once,\n"
"                            before every other command; without it the\n"
"                            machine boots with the defaults when first\n"
"                            needed\n"
"  cpu N                     run the following commands on CPU N\n"
"  show WHAT                 a /proc report: meminfo, buddyinfo,\n"
"                            pagetypeinfo, zoneinfo, slabinfo, vmstat ...\n"
"\n"
"Page allocator (H names a handle: [A-Za-z_][A-Za-z0-9_]*):\n"
"  alloc H ORDER [GFP]       alloc_pages(GFP, ORDER), GFP_KERNEL by default;\n"
"                            GFP as the kernel spells it, e.g.\n"
"                            GFP_ATOMIC|__GFP_ZERO; prints\n"
"                            'H pfn 0xPFN order ORDER' or 'H failed'\n"
"  free H                    __free_pages() of that handle\n"
"\n"
"Objects (SLUB); ADDR is the object's physical address, which does not\n"
"change from run to run:\n"
"  kmalloc H SIZE [GFP]      kmalloc(SIZE, GFP), GFP_KERNEL by default;\n"
"                            prints 'H ptr 0xADDR size KSIZE' (KSIZE =\n"
"                            ksize(): the kmalloc size class, or the pages\n"
"                            of a kmalloc above 8K), 'H ptr ZERO_SIZE_PTR\n"
"                            size 0' for SIZE 0, or 'H failed'\n"
"  kfree H                   kfree() of a kmalloc or cache_alloc handle\n"
"  cache NAME SIZE [ALIGN] [FLAGS]\n"
"                            kmem_cache_create(NAME, SIZE, ALIGN, FLAGS,\n"
"                            NULL); ALIGN 0 or a power of two, FLAGS as\n"
"                            the kernel spells them, joined by '|'\n"
"                            (SLAB_HWCACHE_ALIGN|SLAB_RECLAIM_ACCOUNT);\n"
"                            prints nothing, or 'NAME failed'\n"
"  cache_alloc H NAME        kmem_cache_alloc(NAME, GFP_KERNEL); prints\n"
"                            'H ptr 0xADDR' or 'H failed'\n"
"  cache_free H              kmem_cache_free() of a cache_alloc handle\n"
"  show slabinfo             /proc/slabinfo (format 2.1)\n"
"\n"
"Known but not implemented yet: task, fork, exit, file, mmap, munmap,\n"
"mprotect, mremap, madvise, write, read, maps, resident, vmalloc, vfree,\n"
"walk, tlb, at, dump, reclaim, compact (see SCENARIO.md).\n"
"\n"
"Errors: a malformed command (unknown command, wrong number of words, bad\n"
"number, PROT, FLAGS, ADVICE, GFP or SLAB flag, unknown or live handle or\n"
"cache, a handle of the wrong kind, boot not first or repeated, boot\n"
"failure) is a script error: 'script error: line N:\n"
"MESSAGE' on standard error.  'run' stops there with exit status 2, after\n"
"the output of the earlier lines.  'shell' prints the error, ignores that\n"
"line and reads on (exit status 0 at end of input), so a typo does not\n"
"lose the machine.  The shell prompts 'mmsim> ' when its input is a\n"
"terminal.  Other failures (bad command line, unreadable file) exit 1.\n";
/* clang-format on */

static int usage_error(const char *fmt, const char *arg)
{
	fputs("mmsim: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'mmsim --help'.\n", stderr);
	return 1;
}

/* Run @in to its end; the exit status of the whole tool. */
static int run_stream(FILE *in, const char *prompt, bool keep_going)
{
	struct scn_ctx ctx;
	int ret;

	scn_ctx_init(&ctx, stdout, stderr);
	ret = scn_run_stream(&ctx, in, prompt, keep_going);
	if (ret == 1)
		fprintf(stderr, "mmsim: read error: %s\n", strerror(errno));
	scn_ctx_destroy(&ctx);
	return ret;
}

static int cmd_run(const char *path)
{
	FILE *in = stdin;
	int ret;

	if (strcmp(path, "-")) {
		in = fopen(path, "r");
		if (!in) {
			fprintf(stderr, "mmsim: %s: %s\n", path,
				strerror(errno));
			return 1;
		}
	}
	ret = run_stream(in, NULL, false);
	if (in != stdin)
		fclose(in);
	return ret;
}

static int cmd_shell(void)
{
	return run_stream(stdin, isatty(STDIN_FILENO) ? "mmsim> " : NULL,
			  true);
}

/* A full disk or a closed pipe must not look like success. */
static int finish(int ret)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "mmsim: write error: %s\n", strerror(errno));
		return ret ? ret : 1;
	}
	return ret;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		return usage_error("%s", "missing command");
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage_text, stdout);
		return finish(0);
	}
	if (!strcmp(cmd, "--version")) {
		printf("mmsim %s (libmmsim API %d.%d)\n", MMSIM_TOOL_VERSION,
		       MMSIM_VERSION_MAJOR, MMSIM_VERSION_MINOR);
		return finish(0);
	}
	if (!strcmp(cmd, "run")) {
		if (argc != 3)
			return usage_error("%s", "'run' takes one FILE");
		return finish(cmd_run(argv[2]));
	}
	if (!strcmp(cmd, "shell")) {
		if (argc != 2)
			return usage_error("%s", "'shell' takes no arguments");
		return finish(cmd_shell());
	}
	return usage_error("unknown command '%s'", cmd);
}
