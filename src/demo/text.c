/* text.c: what people write in the demo council's supervision (text.h). */
#include "demo/text.h"

#define PHRASES(a)              \
    {                           \
        a, sizeof a / sizeof *a \
    }

static const char *const places[] = {
    "Meeting room 2, Civic Centre",
    "The small interview room at the team base",
    "A quiet room at the team base, booked in advance",
    "The manager's office, with the door closed",
    "Room 4, Children's Services, Town Hall",
};
const Phrases text_places = PHRASES(places);
const char text_home_place[] = "The office at the home, with the phone diverted";

static const char *const start_times[] = {"09:30", "10:00", "11:00", "13:30", "14:00", "15:00"};
const Phrases text_start_times = PHRASES(start_times);

static const char *const workload_worker[] = {
    "Two court reports are due this month; we agreed which visits can move to make room for them.",
    "The caseload feels manageable at the moment. Recording is up to date apart from two visit notes.",
    "Three cases are in pre-proceedings. Asked for no new allocations for two weeks, and we agreed.",
    "The duty week took more time than planned and two statutory visits slipped by a few days; both are now "
    "booked.",
    "The workload is heavy but steady; the case allocated last week needs an early visit.",
    "A sibling group takes most of the time. Agreed a co-worker for the sibling group's visits.",
    "Two transfers to the children in care team are waiting for the transfer meeting.",
    "Travel to the out-of-area placement takes a full day each month; we looked at whether a local worker could "
    "visit in between.",
};
const Phrases text_workload_worker = PHRASES(workload_worker);
static const char *const workload_other[] = {
    "The team is carrying two vacancies; agency cover starts next month.",
    "Allocation meetings are taking longer than they should; agreed to trial a shorter format.",
    "Audits for the quarter are done; three actions for the team to follow up.",
    "Minute-taking for conferences has doubled since the new rota; agreed to raise it at the business support "
    "meeting.",
    "Two new starters to induct this month, alongside the usual workload.",
};
const Phrases text_workload_other = PHRASES(workload_other);
static const char *const wellbeing[] = {
    "Feeling settled in the team and finds the Tuesday peer group helpful.",
    "Tired after a difficult week with an emergency placement. Took time back on Friday, as agreed.",
    "Feeling stretched but supported. Reminded of the employee assistance programme.",
    "A distressing home visit last week; we talked it through and agreed a debrief with the senior practitioner.",
    "Things at home are difficult at the moment; we discussed flexible working for the next month.",
    "A good few weeks. Pleased with how the family group conference went.",
    "Struggling with the volume of emails while on duty; agreed to block out two hours a week for recording.",
};
const Phrases text_wellbeing = PHRASES(wellbeing);
static const char *const leave[] = {
    "Annual leave booked for the last two weeks of August; cover arranged with a colleague.",
    "No sickness since the last session. Twelve days of leave left this year.",
    "One day's sickness last month; no further support needed.",
    "Planning a week's leave at half term; visits will be covered by the duty worker.",
    "Time off in lieu from the court hearing to be taken next week.",
};
const Phrases text_leave = PHRASES(leave);
static const char *const events[] = {
    "A complaint from a parent about the timing of a visit; answered within the timescale, not upheld.",
    "The team moved to the new office; desk booking is still settling in.",
    "A new service manager started and came to the team meeting.",
    "A child on the caseload went missing overnight and was found the next morning; the return interview is done.",
    "Inspection preparation: two of these cases were audited, with good feedback on the recording.",
    "No significant events since the last session.",
};
const Phrases text_events = PHRASES(events);
static const char *const needs[] = {
    "Wants to develop skills in direct work with teenagers.",
    "Would like more experience of writing court statements, with a chance to shadow a colleague first.",
    "Interested in the practice educator course next year.",
    "Wants to feel more confident chairing meetings with families and professionals.",
    "Asked for help with analysis in assessments: moving from what happened to what it means for the child.",
};
const Phrases text_needs = PHRASES(needs);
static const char *const training[] = {
    "Completed the online safeguarding refresher. Booked on court skills training next month.",
    "Attended the neglect toolkit workshop and will share the learning at the team meeting.",
    "Booked on the trauma-informed practice course.",
    "Domestic abuse risk assessment training completed.",
    "No training this month; the next is the restorative practice day.",
};
const Phrases text_training = PHRASES(training);
static const char *const first_year[] = {
    "On track with the first-year programme: two direct observations done, the third planned for next month.",
    "Protected caseload kept and the reflective log is up to date. Next programme review in six weeks.",
    "Working towards the assessed practice portfolio; agreed which case to use for the next observation.",
};
const Phrases text_first_year = PHRASES(first_year);
static const char *const registration[] = {
    "Recorded a reflection on the family group conference towards continuing registration.",
    "Two pieces of learning logged this quarter; a third planned after the court skills training.",
    "Registration renewal is due later this year; the evidence is in place.",
};
const Phrases text_registration = PHRASES(registration);
static const char *const notes[] = {
    "Next session: the transfer of two cases to the children in care team.",
    "Agreed to look at the team's duty rota at the next team meeting.",
    "Both happy with how supervision is going; same day and time next month.",
};
const Phrases text_notes = PHRASES(notes);

/* Decisions and their reasons, by case category ("" for any). */
static const TextDecision decisions[] = {
    {"child-protection", "Continue with the child protection plan; visits to stay fortnightly.",
     "The core group reports steady progress, but the risks identified at conference are not yet reduced."},
    {"child-protection", "Ask for a review child protection conference before its due date.",
     "The father has returned to the home, which changes the risks set out at the last conference."},
    {"child-protection", "Recommend stepping down to a child in need plan at the next review conference.",
     "Three months without incident, good school attendance, and both parents engaging with the parenting "
     "programme."},
    {"child-protection", "Seek legal advice about entering pre-proceedings.",
     "Little has changed after six months on a plan, and the concerns about neglect persist."},
    {"child-protection", "Increase visits to weekly, at least one of them unannounced.",
     "The health visitor reports missed appointments and the home conditions have got worse."},
    {"child-in-need", "Continue under a child in need plan and review in three months.",
     "The family is engaging and the school reports an improvement."},
    {"child-in-need", "Close the case and step down to early help.",
     "The plan's goals are met and the family agree to early help support."},
    {"child-in-need", "Hold a strategy discussion.",
     "New information from the school suggests the child may be at risk of significant harm."},
    {"child-in-need", "Arrange a family group conference.",
     "Wider family members have offered support, and a family plan would build on it."},
    {"looked-after", "Arrange a placement stability meeting.",
     "The foster carers report growing difficulty at bedtimes and ask for help."},
    {"looked-after", "Increase family time with the mother to weekly, supervised.",
     "Family time has gone well and the child asks to see her more often."},
    {"looked-after", "Refer to child and adolescent mental health services for a therapeutic assessment.",
     "The child's distress after family time has grown over three months."},
    {"looked-after", "Bring the looked-after review forward.",
     "The care plan needs updating now that a return home is no longer the plan."},
    {"looked-after", "Start pathway planning.", "The young person turns sixteen next month."},
    {"looked-after-stable", "Continue the placement; visits every twelve weeks as agreed.",
     "The placement is stable and the child is doing well at school."},
    {"looked-after-stable", "Explore special guardianship with the carers.",
     "The carers have asked about it and the child wishes to stay with them."},
    {"looked-after-stable", "Update the child's life story work.", "The child has asked about their birth family."},
    {"family-placement", "Recommend continued approval at the carers' annual review.",
     "Supervising visits and the carers' training record support continued approval."},
    {"family-placement", "Present a change of approval range to the fostering panel.",
     "The carers have asked to care for sibling groups and have the space and the experience."},
    {"family-placement", "Arrange respite care for two weekends.",
     "The carers asked for a break and have not had one for six months."},
    {"family-placement", "Update the safer caring plan.", "The carers' adult son has moved back into the household."},
    {"residential", "Keep the behaviour support plan and review it at the next session.",
     "Incidents have reduced since the plan started."},
    {"residential", "Increase key work sessions to twice a week.",
     "The young person has been low in mood since changing school."},
    {"residential", "Refer to the missing from care panel.", "Two missing episodes this month, both overnight."},
    {"residential", "Plan a move to semi-independent living.",
     "The young person is ready and it fits their pathway plan."},
    {"", "No change to the plan; review at the next session.", "The plan is working and the child's needs are met."},
    {"", "Hold a professionals meeting within two weeks.", "Agencies hold different views of the risks."},
};
const TextDecisions text_decisions = PHRASES(decisions);

/* Recent involvement and analysis, by case category ("" for any). */
static const TextByCategory synopses[] = {
    {"child-protection", "Two visits since the last discussion, one unannounced; the child was seen alone on both."},
    {"child-protection", "The core group met; the school and the health visitor both attended."},
    {"child-protection", "A difficult month: a missed appointment and a police notification."},
    {"child-in-need", "School attendance has improved and health appointments are up to date."},
    {"child-in-need", "The assessment is finished and has been shared with the family."},
    {"child-in-need", "The family missed the last child in need meeting; it has been rebooked."},
    {"looked-after", "The child's review took place; the independent reviewing officer agreed the plan."},
    {"looked-after", "Family time has happened weekly; the carers report the child is unsettled afterwards."},
    {"looked-after-stable", "A settled few months; the child is doing well at school."},
    {"looked-after-stable", "The annual health assessment is done; nothing new to follow up."},
    {"family-placement", "The carers report a settled month with the two children placed."},
    {"family-placement", "The supervising visit found the household well organised; training is up to date."},
    {"residential", "A calmer month at the home; one incident, managed well by staff."},
    {"residential", "The young person has started at the new college and attends most days."},
    {"", "The plan's actions are on track."},
};
const TextByCategories text_synopses = PHRASES(synopses);
static const TextByCategory analyses[] = {
    {"child-protection", "The main risk is the parents' inconsistent engagement; the protective factor is the "
                         "grandmother's daily involvement."},
    {"child-protection", "We see the risk differently and agreed to test it with the core group."},
    {"child-in-need", "Progress is real but recent; it needs to last before the plan changes."},
    {"child-in-need", "The family's needs are met with support; nothing suggests significant harm."},
    {"looked-after", "The child's wishes are clear and should shape the plan."},
    {"looked-after", "There is a risk of drift: the plan has had the same actions for three months."},
    {"looked-after-stable", "Stability is the priority; no change is needed."},
    {"family-placement", "The carers are stretched; support now should prevent a placement ending."},
    {"residential", "Consistent routines are helping; the risk of going missing is still high at weekends."},
    {"", "The plan meets the child's needs for now."},
};
const TextByCategories text_analyses = PHRASES(analyses);
static const char *const further_tasks[] = {
    "Update the chronology. Share the plan with the family. Book the next review.",
    "Visit within ten working days and see the child alone.",
    "Write to the school about attendance.",
    "Finish the assessment by the end of the month.",
};
const Phrases text_further_tasks = PHRASES(further_tasks);
static const char *const departures[] = {
    "Visits drop to every six weeks for this month only, agreed with the family, while the child is away on a "
    "school residential trip.",
    "The statutory visit is a week late because the family were abroad; the child was seen by video call "
    "meanwhile.",
    "The review is held outside the usual timescale to line up with the court hearing.",
};
const Phrases text_departures = PHRASES(departures);

/* Answers to the policy's reflective prompts, by prompt id ("" for any). */
static const TextAnswer answers[] = {
    {"description", "Two visits since we last talked; the child was seen alone and talked about school."},
    {"description", "The family moved house; the new school place started last week."},
    {"feelings", "Anxious before the first visit after the incident; more confident now the family are talking to us."},
    {"feelings", "Frustrated by the delays from other agencies."},
    {"evaluation", "The relationship with the mother has improved; getting the father involved has been hard."},
    {"evaluation", "The plan is clear and the family know what is expected."},
    {"analysis", "The history of short-lived progress suggests we should wait before stepping down."},
    {"analysis", "Research on neglect points to the need for sustained change, not one good month."},
    {"conclusion", "Earlier contact with the school would have helped."},
    {"conclusion", "Seeing the child alone earlier gave us a clearer picture."},
    {"action-plan", "Visit within two weeks, update the plan, speak to the school nurse."},
    {"management", "The plan is on track and the recording is up to date; the review is booked."},
    {"management", "Two visits were late; both are now back within timescale."},
    {"development", "This case shows how much direct work tools help with younger children."},
    {"support", "The case is heavy going; regular check-ins with the senior practitioner help."},
    {"mediation", "Housing has not replied for a month; to be raised with the service manager."},
    {"worries", "Missed appointments, and the home conditions seen on the last visit."},
    {"worries", "The child says they do not want to go home at weekends."},
    {"working-well", "The grandmother's support and the child's good relationship with the school."},
    {"working-well", "The parents are attending the parenting programme."},
    {"next-steps", "A safety plan agreed with the family by the end of the month, with the school's part in it."},
    {"next-steps", "The worker to see the child alone within ten days."},
    {"", "Discussed; nothing further to add."},
};
const TextAnswers text_answers = PHRASES(answers);

static const char *const worries[] = {
    "I am worried about managing two court deadlines in the same week.",
    "I am not sure the plan for case # is working.",
    "I am finding the duty weeks hard with my current caseload.",
    "I am worried about a family where the father has been hostile on visits.",
    "I do not feel confident about the review conference coming up.",
};
const Phrases text_worries = PHRASES(worries);
static const char *const worries_other[] = {
    "I am worried about covering the team's vacancies over the summer.",
    "I am worried about the backlog of minutes from conferences.",
};
const Phrases text_worries_other = PHRASES(worries_other);
static const char *const topics_supervisor[] = {
    "Caseload and allocation", "Feedback from the case audit", "Recording timescales",
    "The team's duty rota",    "Training plan for the year",
};
const Phrases text_topics_supervisor = PHRASES(topics_supervisor);
static const char *const topics_supervisee[] = {
    "Leave over the summer",
    "The court skills course",
    "Working from the other office on Fridays",
    "A transfer I would like to discuss",
};
const Phrases text_topics_supervisee = PHRASES(topics_supervisee);

static const char *const actions_supervisee[] = {
    "Send the assessment to the family and record their views",
    "Complete the visit recording for the last two weeks",
    "Book onto the court skills training",
    "Arrange a joint visit with the senior practitioner",
    "Write the report for the review conference",
};
const Phrases text_actions_supervisee = PHRASES(actions_supervisee);
static const char *const actions_case[] = {
    "Update the chronology for case #",
    "Book the review health assessment for case #",
    "Record the child's wishes and feelings for case #",
    "Arrange the core group meeting for case #",
};
const Phrases text_actions_case = PHRASES(actions_case);
static const char *const actions_supervisor[] = {
    "Raise the team's caseloads with the service manager",
    "Find a co-worker for the sibling group",
    "Ask learning and development about the practice educator course",
    "Check the placement budget with the commissioning team",
};
const Phrases text_actions_supervisor = PHRASES(actions_supervisor);
/* For managers and business support staff, who hold no cases. */
static const char *const actions_other[] = {
    "Finish the team's case audits for the quarter",
    "Send the team's training plan to learning and development",
    "Complete the return to work interview",
    "Update the team's duty rota for next month",
};
const Phrases text_actions_other = PHRASES(actions_other);
static const char *const actions_other_supervisor[] = {
    "Ask finance about the agency cover budget",
    "Raise the office move with facilities",
    "Book the management development course",
};
const Phrases text_actions_other_supervisor = PHRASES(actions_other_supervisor);
static const char *const done_notes[] = {"Done.", "Done and recorded on the child's file.",
                                         "Completed and shared with the family.", "Booked for next month."};
const Phrases text_done_notes = PHRASES(done_notes);
static const char *const open_notes[] = {"Started; carried forward to the next session.",
                                         "Waiting for the school to reply.",
                                         "Delayed by the court hearing; new date agreed."};
const Phrases text_open_notes = PHRASES(open_notes);
static const char *const dropped_notes[] = {"No longer needed: the case has closed.",
                                            "Overtaken by the strategy discussion."};
const Phrases text_dropped_notes = PHRASES(dropped_notes);

static const char *const disagreements[] = {
    "The record says I agreed to step the case down, but I said I wanted to wait for the next review. Please "
    "change it.",
    "The record does not show what I said about my workload: I asked for no new cases for a month, and that "
    "is missing.",
    "The action about the chronology has my name on it, but we agreed the senior practitioner would do it.",
};
const Phrases text_disagreements = PHRASES(disagreements);
static const char *const escalation_texts[] = {
    "We have not been able to agree the record. Please look at what I said about my caseload.",
    "I would like a manager to look at the decision on the case before the record is signed.",
};
const Phrases text_escalation_texts = PHRASES(escalation_texts);
const char text_escalation_response[] =
    "I met you both. The record will be changed to show the caseload request, and no new cases will be "
    "allocated for three weeks.";
const char *const text_feedback_comments[TEXT_FEEDBACK_COMMENTS] = {
    "Time to think a case through before deciding, which I rarely get otherwise.",
    "Sessions keep being moved; when they happen they help.",
    "I came away clearer about what to do next for the children.",
    "It felt like a checklist today rather than a conversation.",
};
const char text_workload_concern[] =
    "I hold more cases than I can visit within timescales: two are in court this month and a new child protection"
    " case came in last week. I cannot keep up with the recording.";
const char text_workload_answer[] =
    "Two of your cases move to a colleague from Monday, and no new allocations for four weeks; we review it at your"
    " next supervision.";
const char text_amend_reason[] = "Add the caseload request and the outcome of the escalation.";
const char text_amend_workload[] =
    "The worker asked for no new allocations for a month; after the escalation, none for three weeks.";
const char text_incident[] =
    "The placed child was hurt at a trampoline park; the carers sought medical advice the same day and told the "
    "supervising social worker.";
const char text_allegation[] =
    "The child told a teacher that a carer had shouted and grabbed their arm; referred to the designated officer.";
const char text_incident_resolved[] =
    "Seen by the child's doctor: bruising only. The carers followed the safer caring plan; no further action.";
static const char *const cancel_reasons[] = {"Called to an urgent strategy meeting",
                                             "Court hearing listed for that morning", "Off sick",
                                             "Emergency placement search for a child on my caseload"};
const Phrases text_cancel_reasons = PHRASES(cancel_reasons);
