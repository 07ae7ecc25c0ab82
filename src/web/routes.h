/* routes.h: the handlers the route table (router.c) names, by noun. Each
 * is defined in its noun's file; the router includes this, and a noun's file
 * includes it for its own handlers and the few calls across nouns. */
#ifndef OV_WEB_ROUTES_H
#define OV_WEB_ROUTES_H

#include "svc/record.h"
#include "svc/search.h"
#include "svc/view_person.h"
#include "svc/workload.h"
#include "web/frame.h"

/* Signing in and out, and your account (page_account.c). */
void page_sign_in(Req *r);
void post_sign_in(Req *r);
/* The sign-in form for a form posted after the session ended: 403, the
 * form's fields carried (frame.h) when they fit. */
void page_sign_in_again(Req *r);
void page_sign_in_code(Req *r); /* the second factor, after the password */
void post_sign_in_code(Req *r);
void post_sign_out(Req *r);
void page_account(Req *r);
void post_account_password(Req *r);
void page_two_factor(Req *r); /* setting it up, or turning it off */
void post_two_factor(Req *r);
/* Changes made to your account (page_notices.c); the one-time link to
 * choose your password (page_password.c). */
void account_notices_section(Req *r);
void post_account_notices(Req *r);
void page_password_link(Req *r);
void post_password_link(Req *r);

/* The supervision pages, one file per view service (page_<noun>.c). */
void page_my_supervision(Req *r); /* page_mine.c */
void page_my_team(Req *r);
void page_my_records(Req *r);
void page_my_readers(Req *r); /* who has read the visitor's records (the read trail) */
/* GET /supervision-file: the visitor's own supervision file (svc/export.h), a zip archive to keep. */
void page_supervision_file(Req *r);
/* Development recorded in supervision (page_development.c): a person's
 * page and its PDF, and a team's latest needs and training. */
void page_development(Req *r);
void page_development_pdf(Req *r);
void page_team_development(Req *r);
void page_services(Req *r); /* page_service.c */
void page_service(Req *r);
void page_team(Req *r);   /* page_team.c */
void page_person(Req *r); /* page_person.c */
void page_case(Req *r);   /* page_case.c */
void page_search(Req *r); /* page_search.c: people, cases and records found */
/* Compliance over time (page_trends.c): GET /services/NAME/trends (and
 * teams, people) with ?from=&to= (YYYY-MM); the list behind one figure at
 * .../trends/list?month=YYYY-MM&list=NAME (svc/view_trends.h's names). */
void page_service_trends(Req *r);
void page_team_trends(Req *r);
void page_person_trends(Req *r);
void page_service_trends_list(Req *r);
void page_team_trends_list(Req *r);
void page_person_trends_list(Req *r);
/* The reads these pages and their API answers record in the read trail
 * (web_trail_read, frame.h), one per answer: false when it could not be
 * recorded (the 503 is sent; show nothing). */
bool trail_record(Req *r, const Record *rec);                             /* page_record.c */
bool trail_person(Req *r, const PersonView *p);                           /* page_person.c */
bool trail_case(Req *r, int64_t ref, int64_t worker_ref, const char *id); /* page_case.c */
bool trail_search(Req *r, const char *q, const SearchResults *s);         /* page_search.c */
/* The case page with a problem from one of its forms (400/409 set). */
void page_case_with(Req *r, const SvcError *e);

/* Sessions, bookings and their agendas (page_booking.c). */
void page_sessions(Req *r);
void post_booking(Req *r);
void page_booking(Req *r);
void post_booking_move(Req *r);
void post_booking_cancel(Req *r);
void post_agenda_add(Req *r);
void post_agenda_sample(Req *r);
void post_agenda_confidential(Req *r);
void post_record_start(Req *r);

/* Quality audits (page_audit.c): My audits, an audit, its remedial
 * actions, and a service's audits (the sample, drawing it, results). */
void page_audits(Req *r);
void page_audit(Req *r);
void post_audit_save(Req *r);
void post_audit_action(Req *r);
void post_audit_action_done(Req *r);
void post_audit_action_close(Req *r);
void page_service_audits(Req *r);
void post_service_audits(Req *r);
/* The supervision agreement (page_agreement.c). */
void page_agreement(Req *r);
void post_agreement(Req *r);
void post_agreement_agree(Req *r);

/* The record of a session: areas, case discussions, actions, sign-off,
 * disagreement (page_record.c). */
void page_record(Req *r);
void post_record_save(Req *r);
void post_record_case_note(Req *r);
void post_record_action(Req *r);
void post_record_follow_up(Req *r);
void post_record_send(Req *r);
void post_record_sign(Req *r);
void post_record_disagree(Req *r);
void post_record_confidential(Req *r);
void post_record_amend(Req *r);
void post_record_escalate(Req *r);

/* An action, its follow-ups, and the owner's and supervisor's steps
 * (page_action.c); an action as a row of any page's list, linking to its
 * page, with its follow-ups; where it stands, in words. */
void page_action(Req *r);
void post_action_done(Req *r);
void post_action_confirm(Req *r);
void action_list_item(Buf *b, const Action *x);
const char *action_state_words(const Action *x);

/* How supervision feels (page_feedback.c): the questions after a signed
 * record, and a team's or service's figures. */
void page_feedback_form(Req *r);
void post_feedback(Req *r);
void page_team_feedback(Req *r);
void page_service_feedback(Req *r);
/* Caseloads and workload concerns (page_workload.c). caseload_table: a
 * caseload list as a table (with_team: a column for the team; only_flagged:
 * only those at the level to watch or over); workload_raise_form: the form
 * to say one's workload is unmanageable (on My supervision too). */
void caseload_table(Req *r, const CaseloadList *l, const char *caption, bool with_team, bool only_flagged);
void workload_raise_form(Req *r, const SvcError *e);
void page_workloads(Req *r);
void post_workload_raise(Req *r);
void page_workload(Req *r);
void post_workload_respond(Req *r);
/* Escalations (page_escalation.c). */
void page_escalations(Req *r);
void post_escalation_raise(Req *r);
void page_escalation(Req *r);
void post_escalation_respond(Req *r);
void post_escalation_escalate(Req *r);

/* The inbox (page_inbox.c). */
void page_inbox(Req *r);
void post_inbox_read(Req *r);

/* Informal and group case discussions (page_discussion.c). */
void page_informal(Req *r);
void post_informal(Req *r);
void page_group(Req *r);
void post_group(Req *r);

/* Incidents and allegations (page_concern.c): the case page's section
 * (its forms only for those the service lets record one), and its forms. */
void case_concerns_section(Req *r, int64_t case_ref, const char *case_id, const SvcError *e);
void post_concern_raise(Req *r);
void post_concern_resolve(Req *r);

/* Calendars (page_calendar.c). Times in the feed are in this zone. */
#define WEB_TIME_ZONE "Europe/London"
void page_booking_ics(Req *r);
void page_calendar_feed(Req *r);
void account_calendar_section(Req *r);
void post_account_calendar(Req *r);
/* page_notify.c: the Reminders section of /account and its form. */
void account_notify_section(Req *r);
void post_account_reminders(Req *r);

/* The admin pages (page_admin.c), over svc/admin.h and svc/admin_view.h. */
void page_admin(Req *r);
void page_admin_imports(Req *r);
void post_admin_import(Req *r);
void page_admin_users(Req *r);
void post_admin_users(Req *r);
void page_admin_user(Req *r);
void post_admin_user(Req *r);
void page_admin_teams(Req *r);
void page_admin_team(Req *r);
void post_admin_team(Req *r);
void page_admin_policy(Req *r);
void post_admin_policy(Req *r);
void post_admin_policy_apply(Req *r);
void page_admin_policy_history(Req *r);

/* The latest signed checkpoint of the record log, to save (page_log.c). */
void page_log_checkpoint(Req *r);

/* Whether this server can answer (page_health.c): for load balancers. No
 * session is looked for, no cookie set; 200 "ok" when a statement runs on
 * the database, 503 when it cannot or the server is stopping. */
void page_healthz(Req *r);

/* The JSON API (api.c and one api_<noun>.c per view service). */
void api_not_signed_in(Req *r);    /* 401 */
void api_two_factor_first(Req *r); /* 403: the account must set up two-factor sign-in */
void api_me(Req *r);               /* api_mine.c */
void api_my_due(Req *r);
void api_team_due(Req *r);
void api_team(Req *r);     /* api_team.c */
void api_services(Req *r); /* api_service.c */
void api_service(Req *r);
void api_person(Req *r); /* api_person.c */
void api_case(Req *r);   /* api_case.c */
void api_case_decisions(Req *r);
void api_record(Req *r); /* api_record.c */
void api_search(Req *r); /* api_search.c */

#endif
