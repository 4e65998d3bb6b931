/*
 * auth.h - who is asking: passwords (argon2id through libsodium), sessions
 * held in memory with their CSRF tokens, login throttling, and the
 * ownership predicate that says whether a user may write a row.
 *
 * Sessions are lost when the server stops: people log in again. A session's
 * token is 32 random bytes, sent only in an HttpOnly, SameSite=Strict
 * cookie; its CSRF token is another 32, put in every form and required as
 * X-CSRF-Token on cookie-authenticated API writes.
 */
#ifndef JY_WEB_AUTH_H
#define JY_WEB_AUTH_H

#include <stddef.h>
#include <time.h>

#include "base/err.h"
#include "base/limits.h"
#include "model/model.h"

struct web_user {
	long id;
	char name[JY_USER_NAME_BYTES_MAX + 1];
	unsigned role;			/* one enum web_role bit; 0 nobody */
	char unit[JY_ID_BYTES_MAX + 1]; /* editors: the unit whose rows they write */
};

enum { AUTH_TOKEN_HEX = 64 };

/* What a request learns of its session (a copy: the table may change). */
struct session_view {
	int valid;
	char token[AUTH_TOKEN_HEX + 1];
	char csrf[AUTH_TOKEN_HEX + 1];
};

/* Once, before anything else here: libsodium's initialisation. */
int auth_init(struct jy_err *err);

/* "admin", "planner", "editor", "viewer" <-> ROLE_* bits; 0 when unknown. */
unsigned auth_role(const char *name);
const char *auth_role_name(unsigned role);

/* An argon2id string for password (JY_PASSWORD_BYTES_MIN..MAX bytes, else
 * JY_EINPUT with field "password"). out has room for 160 bytes. */
int auth_hash_password(const char *password, char *out, size_t cap, struct jy_err *err);
/* 1 when password matches the stored string. Hashing is serialised: at most
 * one argon2id computation (64 MiB) runs at a time. */
int auth_verify_password(const char *stored, const char *password);
/* A random password of 20 letters and digits, for the first admin. */
void auth_random_password(char *out, size_t cap);

/* Sessions. */
void auth_session_new(const struct web_user *u, time_t now, struct session_view *out);
/* Fills u and out from the session with this token; 0 when there is none
 * (or it expired), 1 otherwise. Touches it (idle timeout). */
int auth_session_find(const char *token, time_t now, struct web_user *u, struct session_view *out);
void auth_session_drop(const char *token);
/* Drops every session (server stop, tests). */
void auth_sessions_clear(void);
/* Does given equal the session's CSRF token (constant time)? */
int auth_csrf_ok(const struct session_view *s, const char *given);

/* Throttling: 0 when a login for name from addr may be tried now, else the
 * seconds to wait. Failures count per name and per address. */
long auth_throttle_wait(const char *name, const char *addr, time_t now);
void auth_throttle_fail(const char *name, const char *addr, time_t now);
void auth_throttle_clear(const char *name, const char *addr);

/* A row a write would change, as ownership sees it. */
enum owned_kind { OWNED_FACT, OWNED_NODE };
struct owned_row {
	enum owned_kind kind;
	/* facts: the unit coordinate (or NULL) and the node coordinate (or
	 * NULL); nodes (their fields, texts, milestones too): the node */
	const char *unit;
	const char *node;
};

/* May u write r? Admins and planners write everything; editors the facts
 * whose unit coordinate is their unit or below it, or whose node their
 * unit (or one below it) owns, and those nodes with their fields, texts
 * and milestones; a fact with neither belongs to the planning team; viewers
 * and the public nothing. m gives the unit tree and the nodes' owners. */
int auth_may_write(const struct model *m, const struct web_user *u, const struct owned_row *r);

#endif
