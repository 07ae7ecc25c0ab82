/* test_policy_words.c: a policy's frequencies in words (core/policy_words.h),
 * as the policy pages show them, from the shipped policies. */
#include <string.h>

#include "core/policy_words.h"
#include "test.h"

extern const char policy_national_text[];
extern const size_t policy_national_text_len;

static Policy *def, *nat;

static const char *role(const Policy *p, const char *id)
{
    static char out[400];
    const Role *r = policy_role(p, id, strlen(id));
    CHECK(r != NULL);
    return r ? policy_role_words(r, out, sizeof out) : "";
}

static const char *category(const Policy *p, const char *id)
{
    static char out[400];
    const Category *c = policy_category(p, id, strlen(id));
    CHECK(c != NULL);
    return c ? policy_category_words(p, c, out, sizeof out) : "";
}

static void test_every(void)
{
    char w[32];
    CHECK_STR(policy_every_words((Interval){1, UNIT_WEEK}, w), "every week");
    CHECK_STR(policy_every_words((Interval){4, UNIT_WEEK}, w), "every 4 weeks");
    CHECK_STR(policy_every_words((Interval){1, UNIT_MONTH}, w), "every month");
    CHECK_STR(policy_every_words((Interval){10, UNIT_DAY}, w), "every 10 days");
}

static void test_roles(void)
{
    CHECK_STR(role(def, "nqsw"), "every week for the first 6 weeks, then every 2 weeks until 52 weeks from start,"
                                 " then every 4 weeks");
    CHECK_STR(role(def, "social-worker"), "every 4 weeks, aiming for every 3 weeks");
    CHECK_STR(role(def, "residential"), "every month");
    CHECK_STR(role(nat, "nqsw"), "every week for the first 6 weeks, then every 2 weeks until 6 months from start,"
                                 " then every month");
}

static void test_categories(void)
{
    CHECK_STR(category(def, "child-protection"), "every 2 months");
    CHECK_STR(category(def, "looked-after"), "no rule of its own: every 6 months, as every open case");
    CHECK_STR(category(def, "residential"), "at each of the worker's sessions");
}

static void test_retention(void)
{
    char out[200];
    CHECK_STR(policy_retain_words(def, RETAIN_RECORDS, out, sizeof out),
              "kept for 6 years after the supervisee leaves");
    CHECK_STR(policy_retain_words(def, RETAIN_CASE_DISCUSSIONS, out, sizeof out),
              "kept for 75 years after the case closes");
    char err[256];
    const char *text = "retain records 18m after signing\nretain case-discussions never\nrole r\n every 1w\n";
    Policy *p = policy_parse(text, strlen(text), "t.policy", err, sizeof err);
    CHECK(p != NULL);
    if (!p) return;
    CHECK_STR(policy_retain_words(p, RETAIN_RECORDS, out, sizeof out),
              "kept for 18 months after the record was last signed");
    CHECK_STR(policy_retain_words(p, RETAIN_CASE_DISCUSSIONS, out, sizeof out), "kept for ever");
    policy_free(p);
    text = "retain records 12m after leaving\nrole r\n every 1w\n";
    p = policy_parse(text, strlen(text), "t.policy", err, sizeof err);
    CHECK(p != NULL);
    if (p)
        CHECK_STR(policy_retain_words(p, RETAIN_RECORDS, out, sizeof out),
                  "kept for 1 year after the supervisee leaves");
    policy_free(p);
}

int main(void)
{
    char err[256];
    def = policy_parse(policy_default_text, policy_default_text_len, "default.policy", err, sizeof err);
    nat = policy_parse(policy_national_text, policy_national_text_len, "national.policy", err, sizeof err);
    if (!def || !nat) {
        printf("Bail out! %s\n", err);
        return 1;
    }
    RUN(test_every);
    RUN(test_roles);
    RUN(test_categories);
    RUN(test_retention);
    policy_free(def);
    policy_free(nat);
    TEST_DONE();
}
