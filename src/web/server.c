/*
 * server.c - libmicrohttpd glue (see server.h).
 *
 * Each request gets its state on the URI-log callback (the first MHD gives
 * us): an arena, the raw URI and the body buffer; it is freed in the
 * completed callback, which also adds the access-log line (accesslog.h:
 * written in blocks, at least once a second). The response is
 * queued on the second access-handler call, never the first: MHD 0.9.75
 * answers "Connection: close" to a response queued on the first call
 * (docs/DESIGN.md "The web application").
 */
#include "server.h"

#include <assert.h>

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/msg.h"
#include "web.h"

struct req_state {
	struct arena a;
	const char *uri;
	struct buf body;
	int started, queued;
	int refused;	/* 413 or 431: answered on the first call, the connection closed */
	size_t dropped; /* body bytes read past the limit */
	unsigned method;
	struct timespec t0;
	int status;
	size_t bytes;
	char user[JY_USER_NAME_BYTES_MAX + 1];
	char remote[48];
	char method_name[8];
	struct site *site; /* held from the answer to the end (static bodies point in) */
};

static atomic_int active_requests;

void web_server_init(struct web_server *srv, struct site *site)
{
	pthread_mutex_init(&srv->site_lock, NULL);
	pthread_mutex_init(&srv->write_lock, NULL);
	site->refs = 1; /* the server's own */
	srv->site = site;
}

static void site_free(struct site *s)
{
	for (size_t i = 0; i < s->n_cache; i++) /* response_kept's */
		if (s->cache[i].resp)
			MHD_destroy_response(s->cache[i].resp);
	site_release(s);
	free(s);
}

void web_server_release(struct web_server *srv)
{
	if (srv->site)
		web_site_put(srv, srv->site);
	srv->site = NULL;
	edit_pkg_close(&srv->pkg);
	pthread_mutex_destroy(&srv->site_lock);
	pthread_mutex_destroy(&srv->write_lock);
}

struct site *web_site_get(struct web_server *srv)
{
	pthread_mutex_lock(&srv->site_lock);
	struct site *s = srv->site;
	s->refs++;
	pthread_mutex_unlock(&srv->site_lock);
	return s;
}

void web_site_put(struct web_server *srv, struct site *s)
{
	pthread_mutex_lock(&srv->site_lock);
	assert(s->refs > 0);
	int last = --s->refs == 0;
	pthread_mutex_unlock(&srv->site_lock);
	if (last)
		site_free(s);
}

void web_site_publish(struct web_server *srv, struct site *s)
{
	pthread_mutex_lock(&srv->site_lock);
	struct site *old = srv->site;
	s->refs = 1;
	srv->site = s;
	int last = --old->refs == 0;
	pthread_mutex_unlock(&srv->site_lock);
	if (last)
		site_free(old);
	/* A site is a few MiB of blocks made on the writing thread; freed, they
	 * stay with the allocator, in pieces between newer ones, and the
	 * process grew by a few MiB over a soak of writes. Given back here, on
	 * the writer (0.3 ms a write at the seed's size), not on a reader that
	 * drops the last reference: what an earlier site left, and this one's
	 * predecessor when nobody reads it any more. */
	malloc_trim(0);
}

int web_parse_listen(const char *listen, char addr[16], int *port, struct jy_err *err)
{
	const char *colon = strrchr(listen, ':');
	struct in_addr in;
	char *end;
	long p;

	if (!colon || colon == listen || (size_t)(colon - listen) >= 16)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, "listen", M_LISTEN_FORM, listen);
	memcpy(addr, listen, (size_t)(colon - listen));
	addr[colon - listen] = 0;
	p = strtol(colon + 1, &end, 10);
	if (inet_pton(AF_INET, addr, &in) != 1 || *end || end == colon + 1 || p < 0 || p > 65535)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, "listen", M_LISTEN_IPV4, listen);
	*port = (int)p;
	return 0;
}

/* A request's state, with its arena's block, is kept for the next request
 * of the same thread (MHD serves a connection on one thread): a malloc of
 * the state and of a 16 KiB block, and their frees, were a part of every
 * request. One is kept per thread, freed when the thread ends. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void state_free(void *p)
{
	struct req_state *st = p;
	arena_release(&st->a);
	buf_release(&st->body);
	free(st);
}

static void spare_key_make(void)
{
	if (pthread_key_create(&spare_key, state_free))
		abort(); /* only when the process is out of keys, at start */
}

static struct req_state *state_take(void)
{
	struct req_state *st = pthread_getspecific(spare_key);
	if (st) {
		pthread_setspecific(spare_key, NULL);
		return st;
	}
	st = xcalloc(1, sizeof(*st));
	arena_init(&st->a);
	buf_init(&st->body);
	return st;
}

/* A request's arena is kept when it stayed in its first block. */
enum { STATE_ARENA_KEEP_BYTES = 16 * 1024 };

static void state_give(struct req_state *st)
{
	struct arena a = st->a;
	if (arena_held(&a) <= STATE_ARENA_KEEP_BYTES)
		arena_reset(&a);
	else
		arena_release(&a);
	buf_release(&st->body);
	memset(st, 0, sizeof(*st));
	st->a = a;
	buf_init(&st->body);
	if (pthread_getspecific(spare_key) || pthread_setspecific(spare_key, st))
		state_free(st);
}

static void *uri_cb(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req_state *st = state_take();
	const union MHD_ConnectionInfo *ci;

	(void)cls;
	st->uri = arena_strndup(&st->a, uri, strnlen(uri, JY_HTTP_URI_BYTES_MAX + 1));
	clock_gettime(CLOCK_MONOTONIC, &st->t0);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr,
			  st->remote, sizeof(st->remote));
	atomic_fetch_add(&active_requests, 1);
	return st;
}

/* A response with the headers every answer has, and rs's. */
static struct MHD_Response *response_make(struct web_resp *rs, size_t len, const void *body,
					  enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, mode);
	if (!r)
		return NULL;
	MHD_add_response_header(r, "Content-Type", rs->ctype ? rs->ctype : "text/plain");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; img-src 'self' data:; "
				"form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	MHD_add_response_header(r, "Vary", "Cookie");
	for (int i = 0; i < rs->n_headers; i++)
		MHD_add_response_header(r, rs->hname[i], rs->hvalue[i]);
	return r;
}

/* The response of a kept answer, made once and queued again for every
 * request that gets the same bytes with the same headers (MHD counts the
 * connections that hold it): a response made for each request, eight
 * headers copied into it and freed after, was most of the allocations of a
 * cached read. It goes with its site (site_free), after the last request
 * reading the site: MHD has sent it by then. Only answers whose one header
 * of their own is the site's ETag are served this way. */
static struct MHD_Response *response_kept(struct req_state *st, struct web_resp *rs)
{
	struct site_cache_entry *e = rs->kept;
	if (!e || rs->status != 200 || rs->static_body != e->body || rs->n_headers != 1 ||
	    strcmp(rs->hname[0], "ETag") != 0 || strcmp(rs->hvalue[0], st->site->etag) != 0)
		return NULL;
	struct MHD_Response *r = atomic_load(&e->resp);
	if (r)
		return r;
	r = response_make(rs, e->len, e->body, MHD_RESPMEM_PERSISTENT);
	void *none = NULL;
	if (r && !atomic_compare_exchange_strong(&e->resp, &none, (void *)r)) {
		MHD_destroy_response(r); /* another thread made it first */
		r = none;
	}
	return r;
}

static enum MHD_Result queue(struct MHD_Connection *c, struct req_state *st, struct web_resp *rs)
{
	struct MHD_Response *r = response_kept(st, rs);
	size_t len;
	enum MHD_Result ret;

	if (r) {
		len = rs->static_len;
		buf_release(&rs->body);
		ret = MHD_queue_response(c, (unsigned)rs->status, r);
	} else {
		if (rs->static_body) {
			len = rs->static_len;
			r = response_make(rs, len, rs->static_body, MHD_RESPMEM_PERSISTENT);
			buf_release(&rs->body);
		} else {
			len = rs->body.len;
			r = response_make(rs, len, buf_detach(&rs->body), MHD_RESPMEM_MUST_FREE);
		}
		if (!r)
			return MHD_NO;
		ret = MHD_queue_response(c, (unsigned)rs->status, r);
		MHD_destroy_response(r);
	}
	st->status = rs->status;
	st->bytes = len;
	st->queued = 1;
	return ret;
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static enum MHD_Result answer(struct web_server *srv, struct MHD_Connection *c,
			      struct req_state *st)
{
	struct web_req rq = {0};
	struct web_resp rs = {0};
	const char *proto = header(c, "X-Forwarded-Proto");

	buf_init(&rs.body);
	rq.a = &st->a;
	if (!st->site)
		st->site = web_site_get(srv);
	rq.site = st->site;
	rq.srv = srv;
	rq.method = st->method;
	rq.body = st->body.len ? st->body.data : NULL;
	rq.body_len = st->body.len;
	rq.content_type = header(c, "Content-Type");
	rq.if_none_match = header(c, "If-None-Match");
	rq.if_match = header(c, "If-Match");
	rq.csrf_header = header(c, "X-CSRF-Token");
	rq.cookie = header(c, "Cookie");
	rq.remote = st->remote;
	rq.https = proto && strcmp(proto, "https") == 0;
	if (st->refused) {
		rq.route = &web_routes[web_n_routes - 1];
		rq.path = "";
		for (size_t i = 0; i < web_n_routes; i++) /* answer in the shape the client reads */
			if (web_routes[i].pattern && strncmp(st->uri, "/api/", 5) == 0 &&
			    (web_routes[i].flags & ROUTE_API)) {
				rq.route = &web_routes[i];
				break;
			}
		if (st->refused == 431)
			web_error(&rq, &rs, 431, "header_too_large", "header",
				  "요청 헤더가 %d바이트를 넘습니다 (the request's line and "
				  "headers are over %d bytes)",
				  JY_HTTP_HEADER_BYTES_MAX, JY_HTTP_HEADER_BYTES_MAX);
		else
			web_error(&rq, &rs, 413, "too_large", "body",
				  "요청 본문이 %d바이트를 넘습니다 (the request body is over %d "
				  "bytes)",
				  JY_HTTP_BODY_BYTES_MAX, JY_HTTP_BODY_BYTES_MAX);
	} else {
		web_dispatch(&rq, st->uri, &rs);
	}
	st->site = rq.site; /* a write may have moved it to the site after it */
	if (rq.user.role)
		snprintf(st->user, sizeof(st->user), "%s", rq.user.name);
	return queue(c, st, &rs);
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *c, const char *url,
				 const char *method, const char *version, const char *upload,
				 size_t *upload_size, void **con_cls)
{
	struct web_server *srv = cls;
	struct req_state *st = *con_cls;

	(void)url, (void)version;
	if (!st->started) { /* first call: headers only; answer on the next */
		const char *cl = header(c, "Content-Length");
		const union MHD_ConnectionInfo *hs =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
		st->started = 1;
		st->method = route_method(method);
		snprintf(st->method_name, sizeof(st->method_name), "%s", method);
		/* refused before the body is read: the answers queued on the
		 * first call, and the connection closed after them */
		if (hs && hs->header_size > JY_HTTP_HEADER_BYTES_MAX)
			st->refused = 431;
		else if (cl && strtoull(cl, NULL, 10) > JY_HTTP_BODY_BYTES_MAX)
			st->refused = 413;
		if (st->refused)
			return answer(srv, c, st);
		return MHD_YES;
	}
	if (*upload_size) {
		/* a body without a length that grows past the limit: read and
		 * dropped (MHD cannot answer in the middle of a body), up to a
		 * bound past which the connection is dropped */
		if (st->refused || st->body.len + *upload_size > JY_HTTP_BODY_BYTES_MAX) {
			st->dropped += *upload_size;
			st->refused = 413;
			*upload_size = 0;
			return st->dropped > 16 * (size_t)JY_HTTP_BODY_BYTES_MAX ? MHD_NO : MHD_YES;
		}
		buf_add(&st->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (st->queued)
		return MHD_YES;
	return answer(srv, c, st);
}

static void done_cb(void *cls, struct MHD_Connection *c, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	struct web_server *srv = cls;
	struct req_state *st = *con_cls;
	struct timespec t1;

	(void)c, (void)toe;
	if (!st)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (srv->log)
		alog_request(&srv->alog, st->remote[0] ? st->remote : "-",
			     st->user[0] ? st->user : "-", st->method_name, st->uri ? st->uri : "",
			     st->status, st->bytes,
			     (long long)(t1.tv_sec - st->t0.tv_sec) * 1000000000LL +
				     (t1.tv_nsec - st->t0.tv_nsec));
	if (st->site)
		web_site_put(srv, st->site);
	state_give(st);
	*con_cls = NULL;
	atomic_fetch_sub(&active_requests, 1);
}

int web_serve(struct web_server *srv, const char *listen, void (*ready)(void *ctx, int port),
	      void *ctx, struct jy_err *err)
{
	char addr[16];
	int port, sig;
	struct sockaddr_in sa = {0};
	sigset_t set;
	int rc = web_parse_listen(listen, addr, &port, err);

	if (rc)
		return rc;
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, addr, &sa.sin_addr);
	/* the signals wait for sigwait below, on this thread; MHD's threads
	 * inherit the mask */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (srv->log)
		alog_start(&srv->alog, srv->log);
	pthread_once(&spare_once, spare_key_make);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC, 0, NULL, NULL,
		access_cb, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_URI_LOG_CALLBACK, uri_cb, srv, MHD_OPTION_NOTIFY_COMPLETED, done_cb, srv,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)JY_HTTP_CONNECTIONS_MAX,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)JY_HTTP_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)JY_HTTP_CONNECTION_BYTES,
		MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_END);
	if (!d) {
		if (srv->log)
			alog_stop(&srv->alog);
		return jy_err_set(err, JY_EIO,
				  "cannot listen on %s (in use, or not an address of "
				  "this machine)",
				  listen);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	ready(ctx, info ? info->port : port);
	sigwait(&set, &sig);
	fprintf(stderr, "serve: %s: stopping (requests under way finish)\n",
		sig == SIGINT ? "SIGINT" : "SIGTERM");
	MHD_quiesce_daemon(d);
	for (int i = 0; i < JY_HTTP_DRAIN_S * 100 && atomic_load(&active_requests) > 0; i++)
		usleep(10000);
	MHD_stop_daemon(d);
	if (srv->log)
		alog_stop(&srv->alog);
	auth_sessions_clear();
	return 0;
}
