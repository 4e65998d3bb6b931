/*
 * auth.c - passwords, sessions, throttling, ownership (see auth.h).
 *
 * The session and throttle tables are small fixed arrays, each behind one
 * mutex: bounded memory whatever clients do. A request finds its session
 * through a keyed hash of its token (below); the throttle table is read
 * only by logins and is scanned.
 */
#include "auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "route.h"

static void sessions_rekey(void);

int auth_init(struct jy_err *err)
{
	if (sodium_init() < 0)
		return jy_err_set(err, JY_EINTERNAL, "libsodium could not initialise");
	sessions_rekey();
	return 0;
}

static const struct {
	const char *name;
	unsigned bit;
} role_names[] = {{"admin", ROLE_ADMIN},
		  {"planner", ROLE_PLANNER},
		  {"editor", ROLE_EDITOR},
		  {"viewer", ROLE_VIEWER}};

unsigned auth_role(const char *name)
{
	for (size_t i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(name, role_names[i].name) == 0)
			return role_names[i].bit;
	return 0;
}

const char *auth_role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (role == role_names[i].bit)
			return role_names[i].name;
	return role == ROLE_PUBLIC ? "public" : "";
}

/* ---- passwords ----------------------------------------------------------- */

static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;

int auth_hash_password(const char *password, char *out, size_t cap, struct jy_err *err)
{
	size_t n = strlen(password);
	int rc;

	if (cap < crypto_pwhash_STRBYTES)
		return jy_err_set(err, JY_EINTERNAL, "password hash buffer too small");
	if (n < JY_PASSWORD_BYTES_MIN || n > JY_PASSWORD_BYTES_MAX)
		return jy_err_at(
			err, JY_EINPUT, NULL, 0, 0, "password",
			"비밀번호는 %d~%d바이트여야 합니다 (a password has %d to %d bytes)",
			JY_PASSWORD_BYTES_MIN, JY_PASSWORD_BYTES_MAX, JY_PASSWORD_BYTES_MIN,
			JY_PASSWORD_BYTES_MAX);
	pthread_mutex_lock(&hash_lock);
	rc = crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pthread_mutex_unlock(&hash_lock);
	if (rc != 0)
		return jy_err_set(err, JY_EINTERNAL, "out of memory hashing a password");
	return 0;
}

int auth_verify_password(const char *stored, const char *password)
{
	size_t n = strlen(password);
	int rc;

	if (n > JY_PASSWORD_BYTES_MAX || !*stored)
		return 0;
	pthread_mutex_lock(&hash_lock);
	rc = crypto_pwhash_str_verify(stored, password, n);
	pthread_mutex_unlock(&hash_lock);
	return rc == 0;
}

void auth_random_password(char *out, size_t cap)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t n = cap - 1 < 20 ? cap - 1 : 20;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = 0;
}

/* ---- sessions ------------------------------------------------------------ */

/* The table is indexed by a keyed hash of the token (SipHash, libsodium's
 * crypto_shorthash, with a key drawn at start), so that a request finds its
 * session in a bucket of one or two instead of comparing the whole table
 * under the lock (a scan of JY_SESSIONS_MAX entries was most of a cached
 * read's time in the server, bench/RESULTS.md); the key keeps a client from
 * choosing tokens that share a bucket. Links are index + 1, 0 for none, so
 * that the zeroed table is an empty one. */
struct session {
	char token[AUTH_TOKEN_HEX + 1]; /* "" free */
	char csrf[AUTH_TOKEN_HEX + 1];
	struct web_user user;
	time_t last_used;
	unsigned next; /* the next session of its bucket, index + 1 */
};

enum { SESSION_BUCKETS = 2 * JY_SESSIONS_MAX };

static struct session sessions[JY_SESSIONS_MAX];
static unsigned buckets[SESSION_BUCKETS]; /* first session of each, index + 1 */
static unsigned char bucket_key[crypto_shorthash_KEYBYTES];
static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned *bucket_of(const char *token)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v = 0;
	crypto_shorthash(h, (const unsigned char *)token, AUTH_TOKEN_HEX, bucket_key);
	for (size_t i = 0; i < sizeof(h); i++)
		v = v << 8 | h[i];
	return &buckets[v % SESSION_BUCKETS];
}

/* Takes session i out of its bucket and frees it. */
static void session_unlink(size_t i)
{
	struct session *s = &sessions[i];
	if (!s->token[0])
		return;
	for (unsigned *link = bucket_of(s->token); *link; link = &sessions[*link - 1].next)
		if (*link - 1 == i) {
			*link = s->next;
			break;
		}
	memset(s, 0, sizeof(*s));
}

static void random_hex(char *out)
{
	unsigned char raw[AUTH_TOKEN_HEX / 2];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, AUTH_TOKEN_HEX + 1, raw, sizeof(raw));
}

void auth_session_new(const struct web_user *u, time_t now, struct session_view *out)
{
	size_t slot = 0;

	pthread_mutex_lock(&sessions_lock);
	/* a free or expired slot, else the least recently used (a login is
	 * rare and costs an argon2id hash: the scan does not matter here) */
	for (size_t i = 0; i < JY_SESSIONS_MAX; i++) {
		if (!sessions[i].token[0] || now - sessions[i].last_used > JY_SESSION_IDLE_S) {
			slot = i;
			break;
		}
		if (sessions[i].last_used < sessions[slot].last_used)
			slot = i;
	}
	session_unlink(slot);
	struct session *s = &sessions[slot];
	random_hex(s->token);
	random_hex(s->csrf);
	s->user = *u;
	s->last_used = now;
	unsigned *head = bucket_of(s->token);
	s->next = *head;
	*head = (unsigned)slot + 1;
	out->valid = 1;
	memcpy(out->token, s->token, sizeof(out->token));
	memcpy(out->csrf, s->csrf, sizeof(out->csrf));
	pthread_mutex_unlock(&sessions_lock);
}

static int token_ok(const char *token)
{
	if (strlen(token) != AUTH_TOKEN_HEX)
		return 0;
	for (const char *p = token; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/* The session of token, or -1 (with the lock held). */
static long session_find(const char *token)
{
	for (unsigned i = *bucket_of(token); i; i = sessions[i - 1].next)
		if (sodium_memcmp(sessions[i - 1].token, token, AUTH_TOKEN_HEX) == 0)
			return (long)i - 1;
	return -1;
}

int auth_session_find(const char *token, time_t now, struct web_user *u, struct session_view *out)
{
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (!token_ok(token))
		return 0;
	pthread_mutex_lock(&sessions_lock);
	long i = session_find(token);
	if (i >= 0 && now - sessions[i].last_used > JY_SESSION_IDLE_S) {
		session_unlink((size_t)i);
	} else if (i >= 0) {
		struct session *s = &sessions[i];
		s->last_used = now;
		*u = s->user;
		out->valid = 1;
		memcpy(out->token, s->token, sizeof(out->token));
		memcpy(out->csrf, s->csrf, sizeof(out->csrf));
		found = 1;
	}
	pthread_mutex_unlock(&sessions_lock);
	return found;
}

void auth_session_drop(const char *token)
{
	if (!token_ok(token))
		return;
	pthread_mutex_lock(&sessions_lock);
	long i = session_find(token);
	if (i >= 0)
		session_unlink((size_t)i);
	pthread_mutex_unlock(&sessions_lock);
}

void auth_sessions_clear(void)
{
	pthread_mutex_lock(&sessions_lock);
	memset(sessions, 0, sizeof(sessions));
	memset(buckets, 0, sizeof(buckets));
	pthread_mutex_unlock(&sessions_lock);
}

/* A new key for the index; the sessions indexed with the old one go. */
static void sessions_rekey(void)
{
	pthread_mutex_lock(&sessions_lock);
	memset(sessions, 0, sizeof(sessions));
	memset(buckets, 0, sizeof(buckets));
	crypto_shorthash_keygen(bucket_key);
	pthread_mutex_unlock(&sessions_lock);
}

int auth_csrf_ok(const struct session_view *s, const char *given)
{
	return s->valid && given && strlen(given) == AUTH_TOKEN_HEX &&
	       sodium_memcmp(s->csrf, given, AUTH_TOKEN_HEX) == 0;
}

/* ---- throttling ---------------------------------------------------------- */

struct attempts {
	unsigned char key[16]; /* hash of "n:" name or "a:" address; all 0 free */
	int failures;
	time_t first;
};

static struct attempts attempts[JY_LOGIN_SLOTS];
static pthread_mutex_t attempts_lock = PTHREAD_MUTEX_INITIALIZER;

static void attempt_key(char kind, const char *s, unsigned char key[16])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 16);
	crypto_generichash_update(&st, (const unsigned char *)&kind, 1);
	crypto_generichash_update(&st, (const unsigned char *)s, strlen(s));
	crypto_generichash_final(&st, key, 16);
}

/* The slot of key, or (create) a free or the oldest one; NULL when absent. */
static struct attempts *attempt_slot(const unsigned char key[16], time_t now, int create)
{
	struct attempts *victim = NULL; /* a free slot, else the oldest */
	for (size_t i = 0; i < JY_LOGIN_SLOTS; i++) {
		struct attempts *a = &attempts[i];
		if (a->failures && now - a->first > JY_LOGIN_WINDOW_S)
			memset(a, 0, sizeof(*a)); /* the window passed */
		if (a->failures && memcmp(a->key, key, 16) == 0)
			return a;
		if (!victim || (victim->failures && (!a->failures || a->first < victim->first)))
			victim = a;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	memcpy(victim->key, key, 16);
	victim->first = now;
	return victim;
}

long auth_throttle_wait(const char *name, const char *addr, time_t now)
{
	unsigned char k[2][16];
	long wait = 0;

	attempt_key('n', name, k[0]);
	attempt_key('a', addr, k[1]);
	pthread_mutex_lock(&attempts_lock);
	for (int i = 0; i < 2; i++) {
		struct attempts *a = attempt_slot(k[i], now, 0);
		if (a && a->failures >= JY_LOGIN_FAILURES_MAX) {
			long w = (long)(a->first + JY_LOGIN_WINDOW_S - now);
			wait = w > wait ? w : wait;
		}
	}
	pthread_mutex_unlock(&attempts_lock);
	return wait;
}

void auth_throttle_fail(const char *name, const char *addr, time_t now)
{
	unsigned char k[2][16];

	attempt_key('n', name, k[0]);
	attempt_key('a', addr, k[1]);
	pthread_mutex_lock(&attempts_lock);
	for (int i = 0; i < 2; i++)
		attempt_slot(k[i], now, 1)->failures++;
	pthread_mutex_unlock(&attempts_lock);
}

void auth_throttle_clear(const char *name, const char *addr)
{
	unsigned char k[2][16];

	attempt_key('n', name, k[0]);
	attempt_key('a', addr, k[1]);
	pthread_mutex_lock(&attempts_lock);
	for (int i = 0; i < 2; i++)
		for (size_t j = 0; j < JY_LOGIN_SLOTS; j++)
			if (attempts[j].failures && memcmp(attempts[j].key, k[i], 16) == 0)
				memset(&attempts[j], 0, sizeof(attempts[j]));
	pthread_mutex_unlock(&attempts_lock);
}

/* ---- ownership ----------------------------------------------------------- */

/* The row of id in a table whose first column is `id`, or -1. */
static long find_row(const struct table *t, const char *id)
{
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_cell(t, r, 0), id) == 0)
			return (long)r;
	return -1;
}

/* Is unit `unit` the unit `top` or below it? The walk is bounded by the
 * number of units, so a cycle in bad data cannot hang it. */
static int unit_within(const struct model *m, const char *unit, const char *top)
{
	const struct table *t = &m->tables[RES_UNITS];
	const char *u = unit;

	for (size_t steps = 0; u && *u && steps <= t->n_rows; steps++) {
		if (strcmp(u, top) == 0)
			return 1;
		long r = find_row(t, u);
		u = r < 0 ? NULL : table_get(t, (size_t)r, "parent");
	}
	return 0;
}

/* Does the editor's unit own node (the node's owner, or the nearest
 * ancestor's that names one)? */
static int node_owned(const struct model *m, const char *node, const char *unit)
{
	const struct table *t = &m->tables[RES_NODES];
	const char *n = node;

	for (size_t steps = 0; n && *n && steps <= t->n_rows; steps++) {
		long r = find_row(t, n);
		if (r < 0)
			return 0;
		const char *owner = table_get(t, (size_t)r, "owner");
		if (*owner)
			return unit_within(m, owner, unit);
		n = table_get(t, (size_t)r, "parent");
	}
	return 0;
}

int auth_may_write(const struct model *m, const struct web_user *u, const struct owned_row *r)
{
	if (u->role & (ROLE_ADMIN | ROLE_PLANNER))
		return 1;
	if (!(u->role & ROLE_EDITOR) || !*u->unit)
		return 0;
	if (r->kind == OWNED_NODE)
		return r->node && node_owned(m, r->node, u->unit);
	if (r->unit && *r->unit && unit_within(m, r->unit, u->unit))
		return 1;
	return r->node && *r->node && node_owned(m, r->node, u->unit);
}
