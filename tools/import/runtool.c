/*
 * runtool.c
 *	  Running govinfo-import's converters (pandoc, pdftotext, LibreOffice,
 *	  pdftoppm, tesseract) safely: found in PATH or by an environment
 *	  variable, started without a shell (a file name is an argument, never
 *	  part of a command line), in their own process group so that a timeout
 *	  kills every process they started, with bounded output, and in a
 *	  private temporary directory that is removed afterwards.
 */
#define _GNU_SOURCE
#include "convert.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How much of a converter's stderr is kept for the message. */
#define GI_TOOL_STDERR_MAX 4096

/* What is kept of a stdout that is not wanted (read and dropped past it). */
#define GI_TOOL_DISCARD_MAX 4096

char *
gi_tool_find(const char *envvar, const char *name)
{
	const char *want = getenv(envvar);
	const char *path;
	const char *p;

	if (want == NULL || want[0] == '\0')
		want = name;
	if (strchr(want, '/') != NULL)
		return access(want, X_OK) == 0 ? gi_strdup(want) : NULL;

	path = getenv("PATH");
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	p = path;
	for (;;)
	{
		const char *end = strchr(p, ':');
		size_t		dl = end ? (size_t) (end - p) : strlen(p);
		char	   *cand;
		struct stat st;

		cand = dl == 0 ? gi_printf("./%s", want) : gi_printf("%.*s/%s", (int) dl, p, want);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (end == NULL)
			break;
		p = end + 1;
	}
	return NULL;
}

/*
 * Read what fd has into a growing NUL-terminated buffer, keeping at most limit
 * bytes: past it, *over is set and the rest is read and dropped.  False at EOF
 * or on a read error.
 */
static bool
drain(int fd, char **buf, size_t *len, size_t *cap, size_t limit, bool *over)
{
	char		chunk[65536];
	ssize_t		n = read(fd, chunk, sizeof(chunk));
	size_t		keep;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	keep = (size_t) n;
	if (*len + keep > limit)
	{
		*over = true;
		keep = limit - *len;
	}
	if (*len + keep + 1 > *cap)
	{
		while (*len + keep + 1 > *cap)
			*cap = *cap ? 2 * *cap : 65536;
		*buf = gi_realloc(*buf, *cap);
	}
	memcpy(*buf + *len, chunk, keep);
	*len += keep;
	(*buf)[*len] = '\0';
	return true;
}

/* In the child: set up descriptors, directory and environment, then exec; never returns. */
static void
child_exec(char *const argv[], int in_fd, const char *dir, int out_w, int err_w,
		   int out_r, int err_r)
{
	int			devnull = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (devnull >= 0)
	{
		dup2(devnull, 0);
		if (devnull > 2)
			close(devnull);
	}
	dup2(out_w, 1);
	dup2(err_w, 2);
	close(out_r); close(out_w); close(err_r); close(err_w);
	if (in_fd == GI_TOOL_INPUT_FD)
		fcntl(in_fd, F_SETFD, 0);	/* keep it across exec */
	else if (in_fd >= 0)
		dup2(in_fd, GI_TOOL_INPUT_FD);	/* the copy is not close-on-exec */
	if (dir != NULL)
	{
		if (chdir(dir) != 0)
		{
			fprintf(stderr, "could not enter %s: %s", dir, strerror(errno));
			_exit(127);
		}
		setenv("HOME", dir, 1);
		setenv("TMPDIR", dir, 1);
	}
	/* one thread: the machine is shared, and files are converted one at a time */
	setenv("OMP_THREAD_LIMIT", "1", 0);
	execv(argv[0], argv);
	fprintf(stderr, "could not execute %s: %s", argv[0], strerror(errno));
	_exit(127);
}

/* The tool's failure as a message: its exit status or signal, and the start of its stderr. */
static bool
fail_status(GiFile *f, const char *tool_name, int status, char *err)
{
	char	   *msg = err ? err : gi_strdup("");
	size_t		ml = strlen(msg);
	char		how[64];

	while (ml > 0 && isspace((unsigned char) msg[ml - 1]))
		msg[--ml] = '\0';
	/* keep the message printable: first 300 bytes, valid UTF-8 */
	if (ml > 300)
		msg[gi_utf8_valid_prefix((unsigned char *) msg, 300)] = '\0';
	else
		msg[gi_utf8_valid_prefix((unsigned char *) msg, ml)] = '\0';
	if (WIFEXITED(status))
		snprintf(how, sizeof(how), "exit status %d", WEXITSTATUS(status));
	else
		snprintf(how, sizeof(how), "signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	gi_fail(f, "58000", "%s could not convert the file (%s)%s%s", tool_name, how,
			msg[0] ? ": " : "", msg);
	free(msg);
	return false;
}

bool
gi_tool_run(const char *tool_name, char *const argv[], int in_fd, const char *dir,
			char **out, size_t *outlen, GiFile *f)
{
	int			po[2],
				pe[2];
	pid_t		pid;
	char	   *obuf = NULL,
			   *err = NULL;
	size_t		olen = 0,
				errlen = 0,
				errcap = 0,
				ocap = 0;
	size_t		omax = out ? GI_TOOL_OUTPUT_MAX : GI_TOOL_DISCARD_MAX;
	bool		out_open = true,
				err_open = true,
				over = false,
				err_over = false,
				timed_out = false;
	time_t		deadline = time(NULL) + GI_TOOL_TIMEOUT;
	int			status;

	if (out)
	{
		*out = NULL;
		*outlen = 0;
	}
	if (pipe(po) != 0)
		return gi_fail(f, "58000", "could not run %s: %s", tool_name, strerror(errno));
	if (pipe(pe) != 0)
	{
		int			e = errno;

		close(po[0]);
		close(po[1]);
		return gi_fail(f, "58000", "could not run %s: %s", tool_name, strerror(e));
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
	{
		int			e = errno;

		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		return gi_fail(f, "58000", "could not run %s: %s", tool_name, strerror(e));
	}
	if (pid == 0)
		child_exec(argv, in_fd, dir, po[1], pe[1], po[0], pe[0]);
	setpgid(pid, pid);			/* as the child does: whichever runs first */
	close(po[1]);
	close(pe[1]);

	while (out_open || err_open)
	{
		struct pollfd pfd[2];
		int			nfd = 0;
		int			io = -1,
					ie = -1;
		int			left = (int) (deadline - time(NULL));
		int			r;

		if (left <= 0)
		{
			timed_out = true;
			break;
		}
		if (out_open)
		{
			pfd[nfd].fd = po[0];
			pfd[nfd].events = POLLIN;
			io = nfd++;
		}
		if (err_open)
		{
			pfd[nfd].fd = pe[0];
			pfd[nfd].events = POLLIN;
			ie = nfd++;
		}
		r = poll(pfd, (nfds_t) nfd, left * 1000);
		if (r < 0)
		{
			if (errno == EINTR)
				continue;
			break;
		}
		if (r == 0)
			continue;
		if (io >= 0 && (pfd[io].revents & (POLLIN | POLLHUP | POLLERR)))
		{
			bool		o = false;

			out_open = drain(po[0], &obuf, &olen, &ocap, omax, &o);
			if (o && out)
			{
				over = true;
				break;
			}
		}
		/* stderr past its limit is read and dropped, so the tool never blocks */
		if (ie >= 0 && (pfd[ie].revents & (POLLIN | POLLHUP | POLLERR)))
			err_open = drain(pe[0], &err, &errlen, &errcap, GI_TOOL_STDERR_MAX, &err_over);
	}
	/* the tool, and whatever it started, in its process group */
	if (over || timed_out || out_open || err_open)
		kill(-pid, SIGKILL);
	close(po[0]);
	close(pe[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;

	if (over || timed_out)
	{
		free(err);
		free(obuf);
		if (over)
			return gi_fail(f, "54000", "%s wrote more than %d MiB of text, the most govinfo.parse_report reads",
						   tool_name, GI_PARSE_MAX_MIB);
		return gi_fail(f, "57014", "%s did not finish within %d seconds", tool_name, GI_TOOL_TIMEOUT);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	{
		free(obuf);
		return fail_status(f, tool_name, status, err);
	}
	free(err);
	if (out == NULL)
	{
		free(obuf);
		return true;
	}
	*out = obuf ? obuf : gi_strdup("");
	*outlen = olen;
	return true;
}

/* ----------------------------------------------------------------------------
 * The private directory
 * ----------------------------------------------------------------------------
 */

char *
gi_tmpdir_make(GiFile *f)
{
	const char *base = getenv("TMPDIR");
	char	   *dir;

	if (base == NULL || base[0] != '/')
		base = "/tmp";
	dir = gi_printf("%s/govinfo-import.XXXXXX", base);
	if (mkdtemp(dir) == NULL)
	{
		int			e = errno;

		gi_fail(f, "58000", "could not create a temporary directory in %s: %s", base, strerror(e));
		free(dir);
		return NULL;
	}
	return dir;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void) st;
	(void) ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void
gi_tmpdir_remove(char *dir)
{
	if (dir == NULL)
		return;
	/* a converter may have left a directory unreadable: make it ours again first */
	chmod(dir, 0700);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

bool
gi_write_new(const char *path, const void *bytes, size_t len, GiFile *f)
{
	int			fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	const char *p = bytes;

	if (fd < 0)
		return gi_fail(f, "58000", "could not create a temporary file: %s", strerror(errno));
	while (len > 0)
	{
		ssize_t		n = write(fd, p, len);

		if (n < 0)
		{
			int			e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			return gi_fail(f, "58000", "could not write a temporary file: %s", strerror(e));
		}
		p += n;
		len -= (size_t) n;
	}
	if (close(fd) != 0)
		return gi_fail(f, "58000", "could not write a temporary file: %s", strerror(errno));
	return true;
}

int
gi_read_output(const char *path, const char *tool_name, char **out, size_t *len, GiFile *f)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	char	   *buf;
	size_t		got = 0;

	*out = NULL;
	*len = 0;
	if (fd < 0)
	{
		if (errno == ENOENT)
			return 0;
		gi_fail(f, "58000", "could not read what %s wrote: %s", tool_name, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
	{
		close(fd);
		gi_fail(f, "58000", "%s did not write a regular file", tool_name);
		return -1;
	}
	if ((uintmax_t) st.st_size > (uintmax_t) GI_TOOL_OUTPUT_MAX)
	{
		close(fd);
		gi_fail(f, "54000", "%s wrote more than %d MiB of text, the most govinfo.parse_report reads",
				tool_name, GI_PARSE_MAX_MIB);
		return -1;
	}
	buf = gi_malloc((size_t) st.st_size + 1);
	while (got < (size_t) st.st_size)
	{
		ssize_t		n = read(fd, buf + got, (size_t) st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t) n;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 1;
}
