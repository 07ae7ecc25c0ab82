/* Taking up a policy applied elsewhere (web_policy_take_up_version, on
 * both databases): a newer version is taken up, and a request that read an
 * older one, from a snapshot begun before (a read span), leaves the newer
 * policy in force. */
#include <string.h>

#include "svc/policy_change.h"
#include "svc/setting.h"
#include "web/frame.h"
#include "test.h"

extern const char policy_national_text[];

/* Applies text from the command line, over whatever is in force. */
static void apply(Store *st, const char *text)
{
    AdminActor cli = {.operator= "command line (unix user tester)", .now = 1795000000};
    SvcError e = {0};
    CHECK_INT(policy_apply(st, &cli, date_from_ymd(2026, 11, 23), text, strlen(text), "test.policy", NULL, &e), SVC_OK);
}

static void test_older_version(Store *st)
{
    char err[512] = "";
    Policy *start = policy_parse(policy_default_text, strlen(policy_default_text), "start", err, sizeof err);
    CHECK(start != NULL);
    WebApp *app = web_new(test_db.where, start, 1, err, sizeof err);
    CHECK(app != NULL);
    if (!app || !start) return;
    apply(st, policy_national_text);
    web_policy_take_up(app, st);
    CHECK_INT(app->policy_version, 1);
    const Policy *first = app->pol;
    CHECK(first != start);

    /* A request reads version 1 in its snapshot; then another policy is
     * applied and another request takes it up. */
    Store *old = test_store_open();
    CHECK_INT(store_read_span_begin(old), STORE_OK);
    int64_t seen = setting_policy_version(old);
    CHECK_INT(seen, 1);
    apply(st, policy_default_text);
    web_policy_take_up(app, st);
    CHECK_INT(app->policy_version, 2);
    const Policy *second = app->pol;
    CHECK(second != first);

    /* The first request, late: the newer policy stays. */
    web_policy_take_up_version(app, old, seen);
    CHECK_INT(app->policy_version, 2);
    CHECK(app->pol == second);
    store_read_span_end(old);
    store_close(old);
    web_free(app);
    policy_free(start);
}

int main(void)
{
    RUN_STORES(test_older_version);
    TEST_DONE();
}
