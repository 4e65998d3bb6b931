/*
 * serve.c - `jipyo serve --db FILE|URI [--package ID] [--listen ADDR:PORT]
 * [--public]`.
 *
 * Loads the package (its image when there is one, as check does), checks
 * it once (the check kept for writes, web/server.h) and serves it from
 * memory until SIGINT or SIGTERM. When the package has no user yet (users
 * are a package's: store/users.h), an admin is made: its password is taken
 * from JIPYO_ADMIN_PASSWORD, or made up and printed once. The first line on
 * stdout is the address, so a script can start the server on port 0 and
 * read the port the system chose.
 */
#include <stdlib.h>
#include <string.h>

#include "base/par.h"
#include "cmd.h"
#include "load.h"
#include "store/store.h"
#include "store/users.h"
#include "web/auth.h"
#include "web/server.h"

static void ready(void *ctx, int port)
{
	const char *addr = ctx;
	printf("listening on http://%s:%d/\n", addr, port);
	fflush(stdout);
}

/* The first admin, when there is nobody: 0, or an exit code. */
static int first_admin(const char *db)
{
	struct jy_err err;
	long n;
	char password[JY_PASSWORD_BYTES_MAX + 1], hash[160];
	const char *given = getenv("JIPYO_ADMIN_PASSWORD");

	if (users_count(db, &n, &err))
		return cmd_fail(&err);
	if (n)
		return 0;
	if (given && *given)
		snprintf(password, sizeof(password), "%s", given);
	else
		auth_random_password(password, sizeof(password));
	if (auth_hash_password(password, hash, sizeof(hash), &err) ||
	    users_add(db, "admin", "admin", "", hash, &err))
		return cmd_fail(&err);
	if (given && *given)
		msg_print(stdout, M_SERVE_ADMIN_GIVEN);
	else {
		/* the command to change it names the package it belongs to */
		char pkg[JY_ID_BYTES_MAX + 16] = "";
		if (store_package())
			snprintf(pkg, sizeof(pkg), " --package %s", store_package());
		msg_print(stdout, M_SERVE_ADMIN_MADE, password, db, pkg);
	}
	explicit_bzero(password, sizeof(password));
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	const struct command *self = cmd_find("serve");
	struct args a;
	struct factset fs;
	struct site *site;
	struct store *st = NULL;
	struct web_server srv = {0};
	struct jy_err err;
	char addr[16];
	int rc, validated, port;

	if ((rc = args_parse(argc, argv, "db,listen,public", self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (!a.db || a.n_positional) {
		cmd_usage(self, stderr);
		return 2;
	}
	if (!a.listen)
		a.listen = "127.0.0.1:8080";
	if (web_parse_listen(a.listen, addr, &port, &err) || auth_init(&err))
		return cmd_fail(&err);
	/* the package writes will edit, its revision before its rows (a write
	 * in between is then stale), checked once; the first site a copy */
	srv.db = a.db;
	model_init(&srv.pkg.m);
	rc = store_open_existing(a.db, &st, &err);
	if (!rc)
		rc = store_revision(st, &srv.pkg.revision, &err);
	if (!rc)
		rc = load_model(NULL, a.db, &srv.pkg.m, &fs, &validated, &err);
	if (!rc)
		rc = edit_pkg_open(&srv.pkg, validated ? &fs : NULL, stderr, &err);
	site = rc ? NULL : web_site_from_pkg(&srv, st, &err);
	store_close(st);
	if (!site) {
		edit_pkg_close(&srv.pkg);
		return cmd_fail(&err);
	}
	web_server_init(&srv, site);
	srv.public_mode = a.public_mode;
	srv.log = stderr;
	rc = first_admin(a.db);
	if (!rc && web_serve(&srv, a.listen, ready, addr, &err))
		rc = cmd_fail(&err);
	web_server_release(&srv);
	return rc;
}
