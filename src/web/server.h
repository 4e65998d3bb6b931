/*
 * server.h - `jipyo serve`'s HTTP server on libmicrohttpd.
 */
#ifndef JY_WEB_SERVER_H
#define JY_WEB_SERVER_H

#include <stdio.h>

#include "base/err.h"
#include "site.h"

struct web_req;
struct web_resp;

struct web_server {
	struct site *site;
	int public_mode;
	FILE *log; /* the access log, a line per request */
};

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
