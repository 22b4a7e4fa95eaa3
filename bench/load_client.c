/*
 * load_client.c
 *	  bench_parse.sh's client: loads reports one statement at a time, as a
 *	  loading program does (govinfo-import sends one file's text and inserts
 *	  its report in turn), and times two ways of doing it, interleaved:
 *
 *	  (P) INSERT INTO bench_load_t (report) VALUES (govinfo.parse_report($1))
 *	      the report's text is sent and parsed by the server;
 *	  (I) INSERT INTO bench_load_t (report) VALUES ($1::govinfo.disclosure_report)
 *	      the same report, already parsed, is sent as a value.
 *
 *	  Both are prepared once and executed once a report, in one transaction a
 *	  round (no commit in the timed loop), with the parameters in text format
 *	  as govinfo-import sends them.  The inputs come from bench_parse.sh's
 *	  table bench_parsed (content, and report::text), read into memory before
 *	  any timing.  Prints, per variant, the median and minimum wall time and
 *	  the backend's CPU time of a round (read from /proc/PID/stat of the
 *	  backend, which needs the client on the server's machine), and the
 *	  ratio (P)/(I).
 *
 *	  load_client ROUNDS        connection from the environment (PGHOST ...)
 *
 *	  A benchmark tool, not a test: it asserts nothing about the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libpq-fe.h"

#define MAX_ROUNDS 50

static PGconn *conn;

static void
die(const char *what, PGresult *res)
{
	fprintf(stderr, "load_client: %s: %s", what,
			res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
	exit(1);
}

/* Run a command that returns no rows; exit on error. */
static void
exec_ok(const char *sql)
{
	PGresult   *res = PQexec(conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		die(sql, res);
	PQclear(res);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The backend's CPU time (user + system) in ms, or -1 when unreadable. */
static double
backend_cpu_ms(int pid)
{
	char		path[64];
	FILE	   *f;
	char		buf[1024];
	char	   *p;
	unsigned long utime,
				stime;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(buf, sizeof(buf), f) == NULL)
	{
		fclose(f);
		return -1;
	}
	fclose(f);
	/* fields after the command name, which is in parentheses */
	p = strrchr(buf, ')');
	if (p == NULL ||
		sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
		return -1;
	return (double) (utime + stime) * 1000.0 / (double) sysconf(_SC_CLK_TCK);
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	double		s[MAX_ROUNDS];

	memcpy(s, v, sizeof(double) * n);
	qsort(s, n, sizeof(double), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double
minimum(const double *v, int n)
{
	double		m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

int
main(int argc, char **argv)
{
	int			rounds = argc > 1 ? atoi(argv[1]) : 5;
	PGresult   *res;
	int			n,
				pid;
	char	  **content,
			  **report;
	const char *stmt[2] = {"p", "i"};
	const char *label[2] = {
		"(P) INSERT … VALUES (govinfo.parse_report($1))",
		"(I) INSERT … VALUES ($1::govinfo.disclosure_report)"
	};
	double		wall[2][MAX_ROUNDS],
				cpu[2][MAX_ROUNDS];
	int			cpu_ok = 1;

	if (rounds < 1 || rounds > MAX_ROUNDS)
	{
		fprintf(stderr, "load_client: ROUNDS must be 1 to %d\n", MAX_ROUNDS);
		return 2;
	}
	conn = PQconnectdb("");
	if (PQstatus(conn) != CONNECTION_OK)
		die("connection", NULL);

	res = PQexec(conn, "SELECT content, report::text FROM bench_parsed ORDER BY id");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("reading bench_parsed", res);
	n = PQntuples(res);
	content = malloc(sizeof(char *) * n);
	report = malloc(sizeof(char *) * n);
	if (content == NULL || report == NULL)
		die("out of memory", NULL);
	for (int i = 0; i < n; i++)
	{
		content[i] = PQgetvalue(res, i, 0);
		report[i] = PQgetvalue(res, i, 1);
	}
	/* res stays: content and report point into it */

	exec_ok("SET client_min_messages = warning");
	exec_ok("DROP TABLE IF EXISTS bench_load_t");
	exec_ok("CREATE TABLE bench_load_t (report govinfo.disclosure_report)");
	{
		PGresult   *r = PQexec(conn, "SELECT pg_catalog.pg_backend_pid()");

		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			die("pg_backend_pid", r);
		pid = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	PQclear(PQprepare(conn, "p", "INSERT INTO bench_load_t (report) VALUES (govinfo.parse_report($1))", 1, NULL));
	PQclear(PQprepare(conn, "i", "INSERT INTO bench_load_t (report) VALUES ($1::govinfo.disclosure_report)", 1, NULL));

	/* one untimed round of each, then the timed rounds, the order alternating */
	for (int r = -1; r < rounds; r++)
		for (int k = 0; k < 2; k++)
		{
			int			v = (r < 0 ? k : (k + r) % 2);
			char	  **in = v == 0 ? content : report;
			double		t0,
						c0,
						c1;

			exec_ok("TRUNCATE bench_load_t");
			exec_ok("CHECKPOINT");
			exec_ok("BEGIN");
			c0 = backend_cpu_ms(pid);
			t0 = now_ms();
			for (int i = 0; i < n; i++)
			{
				const char *param = in[i];
				PGresult   *x = PQexecPrepared(conn, stmt[v], 1, &param, NULL, NULL, 0);

				if (PQresultStatus(x) != PGRES_COMMAND_OK)
					die(label[v], x);
				PQclear(x);
			}
			if (r >= 0)
				wall[v][r] = now_ms() - t0;
			c1 = backend_cpu_ms(pid);
			exec_ok("COMMIT");
			if (r >= 0)
			{
				cpu[v][r] = c1 - c0;
				if (c0 < 0 || c1 < 0)
					cpu_ok = 0;
			}
		}

	printf("%d reports a round, one statement each, %d interleaved rounds (ms a round):\n", n, rounds);
	printf("     %-52s %9s %9s %9s\n", "statement", "wall med", "wall min", "cpu med");
	for (int v = 0; v < 2; v++)
	{
		printf("     %-52s %9.1f %9.1f", label[v], median(wall[v], rounds), minimum(wall[v], rounds));
		if (cpu_ok)
			printf(" %9.0f", median(cpu[v], rounds));
		printf("\n");
	}
	printf("per report (wall medians): (P) %.1f us, (I) %.1f us\n",
		   median(wall[0], rounds) * 1000 / n, median(wall[1], rounds) * 1000 / n);
	printf("RATIO one statement a report, wall medians: (P)/(I) = %.3f (target <= 2.0)",
		   median(wall[0], rounds) / median(wall[1], rounds));
	if (cpu_ok)
		printf("   backend cpu medians: %.3f", median(cpu[0], rounds) / median(cpu[1], rounds));
	printf("\n");

	exec_ok("DROP TABLE bench_load_t");
	PQclear(res);
	PQfinish(conn);
	return 0;
}
