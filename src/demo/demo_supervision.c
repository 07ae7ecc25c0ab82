/* demo_supervision.c: the demo council's supervision (demo_supervision.h):
 * planned from the seed and the imported council (plan.h), then played
 * through the supervision services (play.h). */
#include "demo/demo_supervision.h"

#include "demo/plan.h"
#include "demo/play.h"

int demo_supervision(Store *st, const Policy *pol, const DemoSupervisionParams *p, DemoSupervisionSummary *out,
                     char *err, size_t errlen)
{
    DemoPlan plan;
    int rc = demo_plan(st, pol, p, &plan, err, errlen);
    if (rc == 0)
        rc = demo_play(st, &plan, out, err, errlen);
    else
        *out = (DemoSupervisionSummary){0};
    demo_plan_free(&plan);
    return rc;
}
