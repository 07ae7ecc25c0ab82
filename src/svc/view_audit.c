/* view_audit.c: the view of view_audit.h. */
#include "svc/view_audit.h"

#include <string.h>

#include "svc/access.h"

SvcResult view_audit(const SvcActor *a, DueFilter *out)
{
    memset(out, 0, sizeof *out);
    if (!access_all_services(a->viewer)) return SVC_REFUSED;
    out->asof = a->today;
    return SVC_OK;
}
