/* api_service.c: the services (/services) and a service's due list
 * (/services/{name}), from view_service.h. */
#include "svc/view_service.h"
#include "web/api.h"
#include "web/routes.h"

void api_services(Req *r)
{
    SvcActor a = web_actor(r);
    ServiceList l;
    SvcResult rc = view_services(r->st, &a, &l);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) return api_refused(r, "the list of services", 403);
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    json_key(&w, "services");
    json_array_begin(&w);
    for (size_t i = 0; i < l.n; i++) {
        json_object_begin(&w);
        api_text(&w, "name", l.services[i].name);
        json_member_int(&w, "teams", l.services[i].teams);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_object_end(&w);
    api_end(r, &w);
    view_services_free(&l);
}

void api_service(Req *r)
{
    SvcActor a = web_actor(r);
    ServiceView v;
    SvcResult rc = view_service(r->st, &a, r->arg, &v);
    if (rc == SVC_FAILED) return api_server_error(r);
    if (rc != SVC_OK) {
        /* No such service is refused alike (the document lists 403 only). */
        char what[160];
        strfmt(what, sizeof what, "service \"%s\"", r->arg);
        return api_refused(r, what, 403);
    }
    JsonWriter w;
    api_begin(r, &w);
    json_object_begin(&w);
    api_text(&w, "service", v.name);
    api_due(&w, &v.due, a.today);
    json_object_end(&w);
    api_end(r, &w);
    view_service_free(&v);
}
