/*
 * server.h - `jipyo serve`'s HTTP server on libmicrohttpd.
 */
#ifndef JY_WEB_SERVER_H
#define JY_WEB_SERVER_H

#include <pthread.h>
#include <stdio.h>

#include "accesslog.h"
#include "base/err.h"
#include "check/edit.h"
#include "site.h"

struct web_req;
struct web_resp;

struct web_server {
	/* the site requests read: replaced after each write (web_site_publish);
	 * a replaced one is freed when the last request reading it is done */
	struct site *site;
	const char *db; /* the store, for writes and the history */
	int public_mode;
	FILE *log;		    /* the access log, a line per request */
	struct alog alog;	    /* its buffer (web_serve) */
	pthread_mutex_t site_lock;  /* site and every site's refs */
	pthread_mutex_t write_lock; /* one write at a time */
	/* the package writes edit (check/edit.h), under the write lock: its
	 * check is kept, so a figure is checked incrementally; each site is a
	 * copy of it (site_build_from), which requests read while it changes */
	struct edit_pkg pkg;
};

/* Initialises the locks and takes site (malloc'd, built) as the first;
 * srv->pkg is the caller's, open or not. */
void web_server_init(struct web_server *srv, struct site *site);
/* Releases the current site and the package (after web_serve). */
void web_server_release(struct web_server *srv);
/* The current site, held until web_site_put. */
struct site *web_site_get(struct web_server *srv);
void web_site_put(struct web_server *srv, struct site *s);
/* Makes s (malloc'd, built) the current site; the one before is freed once
 * no request reads it. Called with the write lock held. */
void web_site_publish(struct web_server *srv, struct site *s);

/* A new site (malloc'd, built) from srv->pkg with the store's revision and
 * the findings' statuses, read first: the package is loaded again when it is
 * not at that revision. NULL with err set. Called with the write lock held,
 * or before serving. */
struct site *web_site_from_pkg(struct web_server *srv, struct store *st, struct jy_err *err);

/* Parses "ADDR:PORT" (IPv4; PORT 0 lets the system choose). */
int web_parse_listen(const char *listen, char addr[16], int *port, struct jy_err *err);

/* Serves site on listen until SIGINT or SIGTERM, then stops taking
 * connections, lets requests under way finish (JY_HTTP_DRAIN_S at most) and
 * returns 0. `ready` is called with the port once it listens. */
int web_serve(struct web_server *srv, const char *listen, void (*ready)(void *ctx, int port),
	      void *ctx, struct jy_err *err);

/* Handles one request fully (route, session, roles, parameters, CSRF,
 * handler): the server's core without the network, for tests. */
void web_dispatch(struct web_req *rq, const char *uri, struct web_resp *rs);

#endif
