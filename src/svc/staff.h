/* svc/staff.h: what the supervision services need to know about a person:
 * who supervises and line-manages them, their role and service, and how long
 * their sessions last by default. */
#ifndef OV_SVC_STAFF_H
#define OV_SVC_STAFF_H

#include "svc/svc.h"

typedef struct {
    int64_t ref;
    char id[65], name[256], role[65];
    int64_t supervisor_ref, line_manager_ref, service_ref; /* 0 when none */
    bool has_left;
    char left_date[11];
    Date start;
    Fte fte;
} Staff;

/* Reads the person with this ref: 1 found, 0 none, <0 store failure. */
int staff_load(Store *st, int64_t ref, Staff *out);
/* The same by staff id. */
int staff_load_id(Store *st, const char *id, Staff *out);

/* The length of the person's sessions by default: their agreement's, else
 * their role's in the policy. SVC_OK or SVC_FAILED. */
SvcResult svc_session_minutes(Store *st, const Policy *pol, const Staff *s, int *minutes);

#endif
