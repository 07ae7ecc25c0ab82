/* view_audit.h: what an auditor sees first: the whole organisation's due
 * list (its figures) and the services they may open, down to each team,
 * person, record and case. Only for a viewer who sees every service
 * (access_all_services); anyone else is refused. See view.h. */
#ifndef OV_SVC_VIEW_AUDIT_H
#define OV_SVC_VIEW_AUDIT_H

#include "svc/view.h"

/* The filter of the whole organisation's due list on the actor's today, to
 * compute with view_due (the pages keep it as rendered, web/page_cache.h).
 * SVC_OK or SVC_REFUSED. */
SvcResult view_audit(const SvcActor *a, DueFilter *out);

#endif
