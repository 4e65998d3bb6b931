/*
 * user.c - `jipyo user add|passwd|disable|enable|list --db FILE|URI
 * [--package ID]`: the users of the package the store names (store/users.h).
 *
 *   jipyo user add NAME --role ROLE [--unit UNIT] --db FILE
 *   jipyo user passwd NAME --db FILE
 *   jipyo user disable NAME --db FILE
 *   jipyo user list --db FILE
 *
 * A password is read from JIPYO_PASSWORD when set, else made up and
 * printed once. An editor needs --unit, a unit of the package.
 */
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "cmd.h"
#include "model/model.h"
#include "store/users.h"
#include "web/auth.h"
#include "web/route.h"

/* The password to set: JIPYO_PASSWORD, or a new one printed once. */
static int new_password(char *hash, size_t cap, int *printed, char shown[32], struct jy_err *err)
{
	const char *given = getenv("JIPYO_PASSWORD");
	*printed = !(given && *given);
	if (*printed)
		auth_random_password(shown, 32);
	return auth_hash_password(*printed ? shown : given, hash, cap, err);
}

static void print_user(void *ctx, const struct user_row *u)
{
	(void)ctx;
	struct buf state, created;
	buf_init(&state);
	buf_init(&created);
	/* padded by its width on a terminal: a Korean word takes two columns */
	buf_add_padded(&state, msg(u->disabled ? M_USER_INACTIVE : M_USER_ACTIVE), 8, 0);
	kdate_label_moment(u->created, &created);
	printf("%-20s %-8s %-24s %s %s\n", u->name, u->role, *u->unit ? u->unit : "-", state.data,
	       created.data);
	buf_release(&state);
	buf_release(&created);
}

static int user_add(const struct args *a, const char *name)
{
	struct jy_err err;
	char hash[160], shown[32];
	int printed;
	unsigned role = a->role ? auth_role(a->role) : 0;
	size_t n = strlen(name);

	if (!n || n > JY_USER_NAME_BYTES_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n) {
		return msg_error(M_USER_NAME_BAD, JY_USER_NAME_BYTES_MAX);
	}
	if (!role) {
		return msg_error(M_USER_ROLE_BAD);
	}
	if ((role == ROLE_EDITOR) != (a->unit != NULL)) {
		return msg_error(M_USER_UNIT_BAD);
	}
	if (new_password(hash, sizeof(hash), &printed, shown, &err) ||
	    users_add(a->db, name, a->role, a->unit, hash, &err))
		return cmd_fail(&err);
	if (printed)
		msg_print(stdout, M_USER_ADDED_PASSWORD, name, shown);
	else
		msg_print(stdout, M_USER_ADDED, name);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	const struct command *self = cmd_find("user");
	struct args a;
	struct jy_err err;
	int rc;

	if ((rc = args_parse(argc, argv, "db,role,unit", self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (!a.db || a.n_positional < 1) {
		cmd_usage(self, stderr);
		return 2;
	}
	const char *verb = a.positional[0], *name = a.n_positional > 1 ? a.positional[1] : NULL;
	int want = strcmp(verb, "list") == 0 ? 1 : 2;
	if (a.n_positional != want || (want == 1 && (a.role || a.unit)) ||
	    (strcmp(verb, "add") != 0 && (a.role || a.unit))) {
		cmd_usage(self, stderr);
		return 2;
	}
	if (strcmp(verb, "add") == 0)
		return user_add(&a, name);
	if (strcmp(verb, "list") == 0)
		return users_list(a.db, print_user, NULL, &err) ? cmd_fail(&err) : 0;
	if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0) {
		if (users_set_disabled(a.db, name, verb[0] == 'd', &err))
			return cmd_fail(&err);
		msg_print(stdout, verb[0] == 'd' ? M_USER_DISABLED : M_USER_ENABLED, name);
		return 0;
	}
	if (strcmp(verb, "passwd") == 0) {
		char hash[160], shown[32];
		int printed;
		if (new_password(hash, sizeof(hash), &printed, shown, &err) ||
		    users_set_password(a.db, name, hash, &err))
			return cmd_fail(&err);
		if (printed)
			msg_print(stdout, M_USER_NEW_PASSWORD, name, shown);
		else
			msg_print(stdout, M_USER_PASSWORD_CHANGED, name);
		return 0;
	}
	msg_error(M_USER_UNKNOWN_VERB, verb);
	cmd_usage(self, stderr);
	return 2;
}
