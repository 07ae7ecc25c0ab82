/* play.h: the demo council's supervision played (demo_supervision.h).
 *
 * Takes each step of the plan (plan.h) in time order through the service a
 * person would use, acting as that person on that day (SvcActor.today is
 * the step's day, SvcActor.now its time), and draws what they write from
 * text.h with the generator where the plan left it. A step the services
 * refuse stops the demo with the service's message: the plan is meant to be
 * always within the rules. */
#ifndef OV_DEMO_PLAY_H
#define OV_DEMO_PLAY_H

#include <stddef.h>

#include "demo/demo_supervision.h"
#include "demo/plan.h"
#include "store/store.h"

/* Plays the plan d into st (filling in what it made) and counts it into
 * out. Returns 0; 1 when a service refused a step (the message in err names
 * it); 3 when the store failed. */
int demo_play(Store *st, DemoPlan *d, DemoSupervisionSummary *out, char *err, size_t errlen);

#endif
