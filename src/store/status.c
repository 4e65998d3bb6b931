/*
 * status.c - the status of findings (status.h) above the backends: a change
 * checked against the package's revision, recorded in the history and
 * committed with it; the rows themselves are the backend's (status_put and
 * status_list of struct store_be).
 */
#include "status.h"

#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"

const char status_resource[] = "finding_status";

static const struct store_be *be_of(struct store *s)
{
	const struct store_be *be = ((struct store_head *)s)->be;
	assert(be && be->version == STORE_BE_VERSION && be->status_put && be->status_list);
	return be;
}

int status_put(struct store *s, const struct finding_status *st, struct jy_err *err)
{
	return be_of(s)->status_put(s, st, err);
}

int status_list(struct store *s, status_fn fn, void *ctx, struct jy_err *err)
{
	return be_of(s)->status_list(s, fn, ctx, err);
}

/* The row as a history entry's JSON object, or "" when there is none. */
static char *row_json(const struct finding_status *v)
{
	if (!v)
		return strdup("");
	json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "rule", v->rule, "target", v->target, "status",
			      v->status, "reason", v->reason ? v->reason : "");
	char *text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	return text;
}

struct one {
	const char *rule, *target;
	char *json; /* the row found, as JSON */
};

static int find_one(void *ctx, const struct finding_status *v)
{
	struct one *o = ctx;
	if (!o->json && strcmp(v->rule, o->rule) == 0 && strcmp(v->target, o->target) == 0)
		o->json = row_json(v);
	return 0;
}

int status_set(struct store *s, const struct finding_status *v, long expect, long *revision,
	       int *stale, struct jy_err *err)
{
	struct one before = {v->rule, v->target, NULL};
	long now;
	char *after = row_json(v), *key = NULL;
	json_t *k = json_pack("[s,s]", v->rule, v->target);
	int rc = store_begin(s, err);

	*stale = 0;
	key = json_dumps(k, JSON_COMPACT);
	json_decref(k);
	if (!rc && !(rc = store_revision(s, &now, err)) && now != expect) {
		*stale = 1;
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_STATUS_STALE, now, expect);
	}
	/* a status is not in the model: the image stays what it is */
	struct store_image_hold hold = {0};
	if (!rc)
		rc = store_image_hold(s, now, &hold, err);
	if (!rc)
		rc = status_list(s, find_one, &before, err);
	if (!rc) {
		struct finding_status row = *v;
		row.revision = now + 1;
		rc = status_put(s, &row, err);
	}
	if (!rc)
		rc = store_record(s,
				  &(struct history_entry){.at = v->at,
							  .by = v->by,
							  .resource = status_resource,
							  .key = key,
							  .before = before.json ? before.json : "",
							  .after = after,
							  .reason = v->reason ? v->reason : ""},
				  revision, err);
	if (!rc)
		rc = store_image_keep(s, &hold, err);
	if (!rc)
		rc = store_commit(s, err);
	if (rc)
		store_rollback(s);
	free(before.json);
	free(after);
	free(key);
	return rc;
}
