"""The classification model_walk.py checks: for each implemented operation, every input member and how
Fleetdeck honours it (Echo: reads back; Effect: an observed effect; Only: the emulated value accepted,
any other refused; Refuse: refused naming it; RefuseAs: refused naming it with one of the operation's own
errors, such as NamespaceNotFoundException; Unavailable: the whole operation is refused, saying why, and
the member is still type-checked; HonourOrRefuse: another piece of work may implement it, until then
refused). A member missing here fails the walk. ecs_nested, at the end, classifies the members inside
the top-level ones the same way (ECHO, REFUSE, Accepts)."""

import json
import time


def classes_for(service, ctx, w):
    return {"ecs": ecs, "elbv2": elbv2, "cloudwatch": cloudwatch,
            "application-autoscaling": autoscaling}[service](ctx, w)


# ------------------------------------------------------------------------------------------------
# ECS
# ------------------------------------------------------------------------------------------------

def ecs(ctx, w):
    E = "ecs"

    def c(op, params=None):
        return w.call(E, op, params or {})

    def expect(cond, text):
        w.expect(cond, text)

    # Fixtures: the default cluster's three simulated instances (one per availability zone), a tagged
    # task definition, a service at desired count 0 and a running task.
    ctx.instances = c("ListContainerInstances", {"cluster": "default"})["containerInstanceArns"]
    described = c("DescribeContainerInstances", {"cluster": "default", "containerInstances": ctx.instances})
    ctx.az_of = {}
    for ci in described["containerInstances"]:
        for a in ci.get("attributes", []):
            if a["name"] == "ecs.availability-zone":
                ctx.az_of[ci["containerInstanceArn"]] = a["value"]
    expect(len(set(ctx.az_of.values())) == 3, f"three instances in three zones expected, got {ctx.az_of}")
    td = c("RegisterTaskDefinition", {
        "family": "walk-web", "tags": [{"key": "team", "value": "walk"}],
        "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1", "memory": 16}]})
    ctx.td_arn = td["taskDefinition"]["taskDefinitionArn"]
    c("RegisterTaskDefinition", {"family": "walk-other",
                                 "containerDefinitions": [{"name": "x", "image": "fleetdeck/demo-web:1",
                                                           "memory": 16}]})
    ctx.cluster_arn = c("CreateCluster", {"clusterName": "walk"})["cluster"]["clusterArn"]
    ctx.service = c("CreateService", {"cluster": "default", "serviceName": "walk-base", "taskDefinition": "walk-web",
                                      "desiredCount": 0})["service"]["serviceName"]
    ctx.task = c("RunTask", {"cluster": "default", "taskDefinition": "walk-web", "startedBy": "walk-fixture",
                             "count": 3, "group": "walk-fixture",
                             "placementStrategy": [{"type": "spread", "field": "instanceId"}]})["tasks"][0]["taskArn"]
    c("RunTask", {"cluster": "default", "taskDefinition": "walk-other"})

    def run(**extra):
        params = {"cluster": "default", "taskDefinition": "walk-web"}
        params.update(extra)
        return c("RunTask", params)

    def task(arn):
        return c("DescribeTasks", {"cluster": "default", "tasks": [arn], "include": ["TAGS"]})["tasks"][0]

    def service(name):
        return c("DescribeServices", {"cluster": "default", "services": [name], "include": ["TAGS"]})["services"][0]

    def new_service(**extra):
        params = {"cluster": "default", "serviceName": w.fresh("walk-svc"), "taskDefinition": "walk-web",
                  "desiredCount": 0}
        params.update(extra)
        return params

    # Readers: the resource an answer made or changed, described again.
    def rd_task(answer, request):
        expect(answer.get("tasks"), f"no task started: failures {answer.get('failures')}")
        return task(answer["tasks"][0]["taskArn"])

    def rd_service(answer, request):
        return service(answer["service"]["serviceName"])

    def rd_cluster(answer, request):
        return c("DescribeClusters", {"clusters": [answer["cluster"]["clusterName"]],
                                      "include": ["TAGS", "SETTINGS", "CONFIGURATIONS"]})["clusters"][0]

    def field(reader, name):
        return lambda answer, request: reader(answer, request).get(name)

    def rd_td(answer, request):
        d = c("DescribeTaskDefinition", {"taskDefinition": answer["taskDefinition"]["taskDefinitionArn"],
                                         "include": ["TAGS"]})
        return dict(d["taskDefinition"], tags=d.get("tags", []))

    def ends(suffix_of):
        return lambda sent, got: isinstance(got, str) and got.endswith(suffix_of(sent))

    # Effects ---------------------------------------------------------------------------------

    def paging(op, base, items):
        def check():
            everything = c(op, dict(base))[items]
            expect(len(everything) >= 2, f"{op}: at least two {items} needed to check paging, got {everything}")
            first = c(op, dict(base, maxResults=1))
            expect(len(first[items]) == 1 and first.get("nextToken"),
                   f"{op} maxResults=1: {len(first[items])} {items}, nextToken {first.get('nextToken')!r}")
            second = c(op, dict(base, maxResults=1, nextToken=first["nextToken"]))
            expect(second[items] == everything[1:2],
                   f"{op} nextToken: {second[items]} instead of the second of {everything[:2]}")
            w.refused(E, op, dict(base, maxResults=101), "maxResults")
            w.refused(E, op, dict(base, nextToken="not-issued-here"), "nextToken")
        return w.Effect(check, "pages")

    def cluster_selects(op, base, check_answer):
        """`cluster` picks the cluster: another cluster's view differs, an unknown one is ClusterNotFound."""
        def check():
            check_answer(c(op, dict(base, cluster="default")), c(op, dict(base, cluster="walk")))
            try:
                c(op, dict(base, cluster="no-such-cluster"))
                raise w.Failed(f"{op} on an unknown cluster: accepted")
            except w.ApiError as e:
                expect(e.code == "ClusterNotFoundException", f"{op} unknown cluster: {e.code}")
        return w.Effect(check, "selects the cluster")

    def differ(key):
        def check(a, b):
            expect(a.get(key) != b.get(key), f"default and walk clusters answer the same {key}")
        return check

    def include_tags(op, base, items):
        def check():
            with_tags = c(op, dict(base, include=["TAGS"]))[items][0]
            without = c(op, dict(base))[items][0]
            expect(with_tags.get("tags"), f"{op} include TAGS: no tags in {with_tags.get('tags')}")
            expect(not without.get("tags"), f"{op} without include: tags {without.get('tags')}")
            w.refused(E, op, dict(base, include=["NOT_A_FIELD"]), "include")
        return w.Effect(check, "TAGS adds the tags")

    def describes(op, base, member, items, unknown):
        def check():
            got = c(op, dict(base))
            expect(len(got[items]) == len(base[member]), f"{op}: {len(got[items])} {items} for {base[member]}")
            missing = c(op, dict(base, **{member: [unknown]}))
            expect(not missing[items] and missing["failures"][0]["reason"] == "MISSING",
                   f"{op} unknown {member}: {missing}")
        return w.Effect(check, "describes the named ones")

    def filters(op, base, member, value, items, keep):
        """The member filters the list: every item kept satisfies keep(item_arn), fewer than without."""
        def check():
            everything = c(op, dict(base))[items]
            chosen = c(op, dict(base, **{member: value}))[items]
            expect(chosen and all(keep(a) for a in chosen) and len(chosen) < len(everything),
                   f"{op} {member}={value}: {len(chosen)} of {len(everything)} {items}: {chosen[:3]}")
        return w.Effect(check, "filters")

    tags = [{"key": "walk", "value": "yes"}, {"key": "empty", "value": ""}]

    def overrides_effect(op):
        """overrides: command and environment read back per container; the others are refused naming them."""
        def check():
            sent = {"containerOverrides": [{"name": "web", "command": ["/bin/walk", "--fast"],
                                            "environment": [{"name": "A", "value": "1"}]}]}
            answer = c(op, dict(BASE[op](), overrides=sent))
            got = rd_task(answer, None)["overrides"]
            expect(w.subset(sent, {"containerOverrides": got["containerOverrides"]}), f"overrides read back as {got}")
            for bad, name in (({"cpu": "512"}, "overrides.cpu"), ({"taskRoleArn": "arn:aws:iam::0:role/x"},
                                                                     "overrides.taskRoleArn"),
                              ({"containerOverrides": [{"name": "web", "memory": 64}]},
                               "overrides.containerOverrides[0].memory")):
                w.refused(E, op, dict(BASE[op](), overrides=bad), name)
        return w.Effect(check, "command and environment")

    def propagate_effect():
        t = rd_task(run(propagateTags="TASK_DEFINITION"), None)
        expect({"key": "team", "value": "walk"} in t.get("tags", []), f"propagateTags: task tags {t.get('tags')}")
        t = rd_task(run(propagateTags="NONE"), None)
        expect(not t.get("tags"), f"propagateTags NONE: task tags {t.get('tags')}")

    def managed_effect():
        t = rd_task(run(enableECSManagedTags=True), None)
        expect({"key": "aws:ecs:clusterName", "value": "default"} in t.get("tags", []),
               f"enableECSManagedTags: task tags {t.get('tags')}")
        t = rd_task(run(enableECSManagedTags=False), None)
        expect(not t.get("tags"), f"enableECSManagedTags false: task tags {t.get('tags')}")

    def count_effect():
        expect(len(run(count=2)["tasks"]) == 2, "count=2 did not start two tasks")
        w.refused(E, "RunTask", {"cluster": "default", "taskDefinition": "walk-web", "count": 11}, "count")

    def spread_effect():
        answer = run(count=3, group=w.fresh("walk-spread"),
                     placementStrategy=[{"type": "spread", "field": "attribute:ecs.availability-zone"}])
        zones = {ctx.az_of[t["containerInstanceArn"]] for t in answer["tasks"]}
        expect(len(zones) == 3, f"spread over zones: 3 tasks in zones {zones}")
        w.refused(E, "RunTask", {"cluster": "default", "taskDefinition": "walk-web",
                                 "placementStrategy": [{"type": "zigzag"}]}, "placementStrategy")

    def member_of_effect():
        zone = ctx.az_of[ctx.instances[0]]
        answer = run(count=3, placementConstraints=[{"type": "memberOf",
                                                     "expression": f"attribute:ecs.availability-zone == {zone}"}])
        zones = {ctx.az_of[t["containerInstanceArn"]] for t in answer["tasks"]}
        expect(zones == {zone}, f"memberOf {zone}: tasks in {zones}")
        shown = {task(t["taskArn"]).get("availabilityZone") for t in answer["tasks"]}
        expect(shown == {zone}, f"the tasks' availabilityZone: {shown}, placed in {zone}")

    def client_token_effect():
        token = w.fresh("token-walk")
        first = run(clientToken=token, count=2)
        again = run(clientToken=token, count=2)
        expect([t["taskArn"] for t in first["tasks"]] == [t["taskArn"] for t in again["tasks"]],
               "RunTask with the same clientToken started new tasks")
        w.refused(E, "RunTask", {"cluster": "default", "taskDefinition": "walk-other", "clientToken": token},
                  "clientToken")

    def service_token_effect():
        token = w.fresh("svc-token")
        params = new_service(clientToken=token)
        first = c("CreateService", params)["service"]["serviceArn"]
        again = c("CreateService", params)["service"]["serviceArn"]
        expect(first == again, "CreateService repeated with its clientToken: another service")
        w.refused(E, "CreateService", dict(params, desiredCount=1), "clientToken")
        try:
            c("CreateService", dict(params, clientToken=None))
            raise w.Failed("CreateService of an existing name without its clientToken: accepted")
        except w.ApiError as e:
            expect(e.code == "InvalidParameterException" and "not idempotent" in e.message, str(e))

    def stop_effect():
        arn = run()["tasks"][0]["taskArn"]
        c("StopTask", {"cluster": "default", "task": arn, "reason": "walk says stop"})
        t = task(arn)
        expect(t["desiredStatus"] == "STOPPED" and t["stoppedReason"] == "walk says stop",
               f"StopTask: {t['desiredStatus']} {t.get('stoppedReason')!r}")

    def deregister_td_effect():
        arn = c("RegisterTaskDefinition", {"family": "walk-gone", "containerDefinitions": [
            {"name": "x", "image": "fleetdeck/demo-web:1", "memory": 16}]})["taskDefinition"]["taskDefinitionArn"]
        got = c("DeregisterTaskDefinition", {"taskDefinition": arn})["taskDefinition"]
        expect(got["status"] == "INACTIVE", f"DeregisterTaskDefinition: status {got['status']}")

    def describe_td_effect():
        got = c("DescribeTaskDefinition", {"taskDefinition": "walk-web"})["taskDefinition"]
        expect(got["taskDefinitionArn"] == ctx.td_arn, f"walk-web describes as {got['taskDefinitionArn']}")
        try:
            c("DescribeTaskDefinition", {"taskDefinition": "walk-nothing:1"})
            raise w.Failed("an unknown task definition described")
        except w.ApiError as e:
            expect(e.code == "ClientException", f"unknown task definition: {e.code}")

    def td_include_effect():
        got = c("DescribeTaskDefinition", {"taskDefinition": "walk-web", "include": ["TAGS"]})
        expect(got.get("tags") == [{"key": "team", "value": "walk"}], f"include TAGS: {got.get('tags')}")
        got = c("DescribeTaskDefinition", {"taskDefinition": "walk-web"})
        expect(not got.get("tags"), f"without include: tags {got.get('tags')}")

    def td_unknown_effect(op, base):
        def check():
            for ref in ("walk-nothing", "walk-nothing:3"):
                try:
                    c(op, dict(base, taskDefinition=ref))
                    raise w.Failed(f"{op} with task definition {ref}: accepted")
                except w.ApiError as e:
                    expect(e.code == "ClientException" and e.message == "TaskDefinition not found.",
                           f"{op} unknown task definition {ref}: {e.code} '{e.message}' (ECS: ClientException "
                           f"'TaskDefinition not found.')")
        return w.Effect(check, "unknown: ClientException")

    def list_td_status():
        c("RegisterTaskDefinition", {"family": "walk-gone2", "containerDefinitions": [
            {"name": "x", "image": "fleetdeck/demo-web:1", "memory": 16}]})
        c("DeregisterTaskDefinition", {"taskDefinition": "walk-gone2:1"})
        inactive = c("ListTaskDefinitions", {"status": "INACTIVE"})["taskDefinitionArns"]
        active = c("ListTaskDefinitions", {})["taskDefinitionArns"]
        expect(any(a.endswith("walk-gone2:1") for a in inactive) and not any(a.endswith("walk-gone2:1")
                                                                             for a in active),
               f"status INACTIVE lists {inactive}")

    def list_td_sort():
        asc = c("ListTaskDefinitions", {"sort": "ASC"})["taskDefinitionArns"]
        desc = c("ListTaskDefinitions", {"sort": "DESC"})["taskDefinitionArns"]
        expect(desc == list(reversed(asc)) and len(asc) > 1, "sort DESC is not ASC reversed")

    def families_status():
        active = c("ListTaskDefinitionFamilies", {"status": "ACTIVE"})["families"]
        inactive = c("ListTaskDefinitionFamilies", {"status": "INACTIVE"})["families"]
        expect("walk-web" in active and "walk-web" not in inactive, f"status: {active} / {inactive}")

    def attributes_effect(op):
        def check():
            target = ctx.instances[1]
            attr = {"name": "walk.shelf", "value": "top", "targetId": target}
            c("PutAttributes", {"cluster": "default", "attributes": [attr]})
            listed = c("ListAttributes", {"cluster": "default", "targetType": "container-instance",
                                          "attributeName": "walk.shelf"})["attributes"]
            expect(listed and listed[0]["targetId"] == target and listed[0]["value"] == "top",
                   f"PutAttributes then ListAttributes: {listed}")
            if op == "DeleteAttributes":
                c("DeleteAttributes", {"cluster": "default", "attributes": [attr]})
                listed = c("ListAttributes", {"cluster": "default", "targetType": "container-instance",
                                              "attributeName": "walk.shelf"})["attributes"]
                expect(not listed, f"DeleteAttributes left {listed}")
        return w.Effect(check, "attributes kept")

    def list_attributes_value():
        c("PutAttributes", {"cluster": "default", "attributes": [
            {"name": "walk.colour", "value": "red", "targetId": ctx.instances[0]},
            {"name": "walk.colour", "value": "blue", "targetId": ctx.instances[1]}]})
        red = c("ListAttributes", {"cluster": "default", "targetType": "container-instance",
                                   "attributeName": "walk.colour", "attributeValue": "red"})["attributes"]
        expect(len(red) == 1 and red[0]["targetId"] == ctx.instances[0], f"attributeValue red: {red}")

    def instance_status_effect():
        base = {"cluster": "default", "containerInstances": [ctx.instances[2]]}
        c("UpdateContainerInstancesState", dict(base, status="DRAINING"))
        st = c("DescribeContainerInstances", base)["containerInstances"][0]["status"]
        draining = c("ListContainerInstances", {"cluster": "default", "status": "DRAINING"})["containerInstanceArns"]
        c("UpdateContainerInstancesState", dict(base, status="ACTIVE"))
        expect(st == "DRAINING" and draining == [ctx.instances[2]], f"DRAINING: status {st}, listed {draining}")

    def instance_filter_effect():
        # The instances of one zone (the walk's first call of RegisterContainerInstance, with no members, to see
        # whether it is implemented, registers a fourth instance in the default cluster's first zone).
        zone = ctx.az_of[ctx.instances[0]]
        every = c("ListContainerInstances", {"cluster": "default"})["containerInstanceArns"]
        wanted = [i for i in every if ctx.az_of.get(i) == zone]
        got = c("ListContainerInstances", {"cluster": "default",
                                           "filter": f"attribute:ecs.availability-zone == {zone}"})
        expect(sorted(got["containerInstanceArns"]) == sorted(wanted) and ctx.instances[0] in wanted and
               len(wanted) < len(every), f"filter {zone}: {got['containerInstanceArns']}, expected {wanted}")

    def deregister_instance_effect():
        if getattr(ctx, "deregistered", False):
            return  # one instance deregistered shows all three members
        ctx.deregistered = True
        target = ctx.instances[2]
        try:
            c("DeregisterContainerInstance", {"cluster": "default", "containerInstance": target, "force": False})
        except w.ApiError:
            pass  # refused while it holds tasks: force is what makes it go
        c("DeregisterContainerInstance", {"cluster": "default", "containerInstance": target, "force": True})
        st = c("DescribeContainerInstances", {"cluster": "default", "containerInstances": [target]})
        expect(st["containerInstances"][0]["status"] == "INACTIVE", f"deregistered: {st}")

    def delete_cluster_effect():
        name = c("CreateCluster", {"clusterName": w.fresh("walk-del")})["cluster"]["clusterName"]
        got = c("DeleteCluster", {"cluster": name})["cluster"]
        expect(got["status"] == "INACTIVE", f"DeleteCluster: {got['status']}")

    def delete_service_effect():
        params = new_service(desiredCount=1)
        c("CreateService", params)
        w.refused(E, "DeleteService", {"cluster": "default", "service": params["serviceName"]}, "service")
        got = c("DeleteService", {"cluster": "default", "service": params["serviceName"], "force": True})["service"]
        expect(got["status"] in ("DRAINING", "INACTIVE"), f"DeleteService force: {got['status']}")

    def force_deployment_effect():
        before = len(service(ctx.service)["deployments"])
        c("UpdateService", {"cluster": "default", "service": ctx.service, "forceNewDeployment": True})
        after = service(ctx.service)["deployments"]
        expect(after[0]["status"] == "PRIMARY" and (len(after) > before or after[0]["id"]),
               f"forceNewDeployment: deployments {after}")

    def tag_effect():
        c("TagResource", {"resourceArn": ctx.cluster_arn, "tags": [{"key": "walk-tag", "value": "1"}]})
        got = c("ListTagsForResource", {"resourceArn": ctx.cluster_arn})["tags"]
        expect({"key": "walk-tag", "value": "1"} in got, f"TagResource: {got}")

    def untag_effect():
        c("TagResource", {"resourceArn": ctx.cluster_arn, "tags": [{"key": "walk-untag", "value": "1"}]})
        c("UntagResource", {"resourceArn": ctx.cluster_arn, "tagKeys": ["walk-untag"]})
        got = c("ListTagsForResource", {"resourceArn": ctx.cluster_arn})["tags"]
        expect(all(t["key"] != "walk-untag" for t in got), f"UntagResource: {got}")

    def list_tags_effect():
        got = c("ListTagsForResource", {"resourceArn": ctx.td_arn})["tags"]
        expect(got == [{"key": "team", "value": "walk"}], f"ListTagsForResource of the task definition: {got}")

    def list_services_filter(member, good, other):
        def check():
            expect(c("ListServices", {"cluster": "default", member: good})["serviceArns"],
                   f"ListServices {member}={good}: nothing")
            expect(not c("ListServices", {"cluster": "default", member: other})["serviceArns"],
                   f"ListServices {member}={other}: lists services")
        return w.Effect(check, "filters")

    def list_tasks_filter(member, value, keep):
        return filters("ListTasks", {"cluster": "default"}, member, value, "taskArns", keep)

    def family_of(arn):
        return task(arn)["taskDefinitionArn"].split("/")[-1].split(":")[0]

    def list_tasks_stopped():
        stopped = c("ListTasks", {"cluster": "default", "desiredStatus": "STOPPED"})["taskArns"]
        expect(stopped and all(task(a)["desiredStatus"] == "STOPPED" for a in stopped[:5]),
               f"desiredStatus STOPPED: {stopped[:3]}")

    def list_tasks_none(member, value):
        def check():
            expect(not c("ListTasks", {"cluster": "default", member: value})["taskArns"],
                   f"ListTasks {member}={value}: lists tasks")
        return w.Effect(check, "nothing matches")

    def service_tasks():
        params = new_service(desiredCount=1)
        c("CreateService", params)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            listed = c("ListTasks", {"cluster": "default", "serviceName": params["serviceName"]})["taskArns"]
            if listed:
                expect(all(task(a)["group"] == "service:" + params["serviceName"] for a in listed), str(listed))
                c("UpdateService", {"cluster": "default", "service": params["serviceName"], "desiredCount": 0})
                return
            time.sleep(0.2)
        raise w.Failed("ListTasks serviceName: the service's task never listed")

    fargate_strategy = [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}]
    awsvpc = {"awsvpcConfiguration": {"subnets": ["subnet-walk"], "assignPublicIp": "DISABLED"}}

    # FARGATE and awsvpc fixtures: an awsvpc definition Fargate can run, a cluster with the Fargate
    # capacity providers, and a FARGATE service there (desired count 0) for UpdateService.
    c("RegisterTaskDefinition", {"family": "walk-vpc", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
                                 "cpu": "256", "memory": "512",
                                 "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1"}]})
    ctx.fg_cluster = c("CreateCluster", {"clusterName": "walk-fg", "capacityProviders": ["FARGATE", "FARGATE_SPOT"]})[
        "cluster"]["clusterName"]
    ctx.fg_service = c("CreateService", {"cluster": ctx.fg_cluster, "serviceName": "walk-fg-base",
                                         "taskDefinition": "walk-vpc", "desiredCount": 0, "launchType": "FARGATE",
                                         "networkConfiguration": awsvpc})["service"]["serviceName"]

    def fg_task(answer, request):
        return c("DescribeTasks", {"cluster": request["cluster"], "tasks": [answer["tasks"][0]["taskArn"]]})["tasks"][0]

    def eni_subnet(answer, request):
        """The subnet of the task's network interface, from its ElasticNetworkInterface attachment."""
        expect(answer.get("tasks"), f"no task started: failures {answer.get('failures')}")
        for a in fg_task(answer, request).get("attachments", []):
            if a["type"] == "ElasticNetworkInterface":
                return {d["name"]: d["value"] for d in a["details"]}.get("subnetId")
        return None

    def fg_service_of(answer, request):
        return c("DescribeServices", {"cluster": request["cluster"],
                                      "services": [answer["service"]["serviceName"]]})["services"][0]

    def vpc_run(op):
        base = {"cluster": "default", "taskDefinition": "walk-vpc"}
        if op == "StartTask":
            base["containerInstances"] = ctx.instances[:1]
        return lambda: dict(base)

    def fg_run(**extra):
        return lambda: dict({"cluster": ctx.fg_cluster, "taskDefinition": "walk-vpc", "networkConfiguration": awsvpc},
                            **extra)

    def fg_new_service(**extra):
        return lambda: new_service(cluster=ctx.fg_cluster, taskDefinition="walk-vpc", networkConfiguration=awsvpc,
                                   **extra)

    def first_subnet(sent, got):
        return got == sent["awsvpcConfiguration"]["subnets"][0]
    no_connect = "Service Connect needs AWS Cloud Map"
    volume_configs = [{"name": "data", "managedEBSVolume": {"roleArn": "arn:aws:iam::000000000000:role/x",
                                                            "sizeInGiB": 1}}]
    lattice = [{"roleArn": "arn:aws:iam::000000000000:role/x", "targetGroupArn": "arn:aws:vpc-lattice:x",
                "portName": "web"}]

    BASE = w.BASE.setdefault(E, {})
    BASE.update({
        "CreateCluster": lambda: {"clusterName": w.fresh("walk")},
        "DescribeClusters": lambda: {"clusters": ["default"]},
        "ListClusters": lambda: {},
        "DeleteCluster": lambda: {"cluster": c("CreateCluster", {"clusterName": w.fresh("walk-d")})
                                  ["cluster"]["clusterName"]},
        "ListContainerInstances": lambda: {"cluster": "default"},
        "DescribeContainerInstances": lambda: {"cluster": "default", "containerInstances": ctx.instances[:1]},
        "UpdateContainerInstancesState": lambda: {"cluster": "default", "containerInstances": ctx.instances[:1],
                                                  "status": "ACTIVE"},
        "DeregisterContainerInstance": lambda: {"cluster": "default", "containerInstance": ctx.instances[2]},
        "PutAttributes": lambda: {"cluster": "default", "attributes": [{"name": "walk.a", "targetId": ctx.instances[0]}]},
        "DeleteAttributes": lambda: {"cluster": "default",
                                     "attributes": [{"name": "walk.a", "targetId": ctx.instances[0]}]},
        "ListAttributes": lambda: {"cluster": "default", "targetType": "container-instance"},
        "RegisterTaskDefinition": lambda: {"family": w.fresh("walk-td"), "containerDefinitions": [
            {"name": "web", "image": "fleetdeck/demo-web:1", "memory": 16}]},
        "DescribeTaskDefinition": lambda: {"taskDefinition": "walk-web"},
        "DeregisterTaskDefinition": lambda: {"taskDefinition": c("RegisterTaskDefinition", {
            "family": "walk-dereg", "containerDefinitions": [{"name": "x", "image": "i", "memory": 16}]})
            ["taskDefinition"]["taskDefinitionArn"]},
        "ListTaskDefinitions": lambda: {},
        "ListTaskDefinitionFamilies": lambda: {},
        "RunTask": lambda: {"cluster": "default", "taskDefinition": "walk-web"},
        "StartTask": lambda: {"cluster": "default", "taskDefinition": "walk-web",
                              "containerInstances": ctx.instances[:1]},
        "StopTask": lambda: {"cluster": "default", "task": run()["tasks"][0]["taskArn"]},
        "DescribeTasks": lambda: {"cluster": "default", "tasks": [ctx.task]},
        "ListTasks": lambda: {"cluster": "default"},
        "CreateService": lambda: new_service(),
        "UpdateService": lambda: {"cluster": "default", "service": ctx.service},
        "DeleteService": lambda: {"cluster": "default", "service": c("CreateService", new_service())
                                  ["service"]["serviceName"]},
        "DescribeServices": lambda: {"cluster": "default", "services": [ctx.service]},
        "ListServices": lambda: {"cluster": "default"},
        "TagResource": lambda: {"resourceArn": ctx.cluster_arn, "tags": [{"key": "k", "value": "v"}]},
        "UntagResource": lambda: {"resourceArn": ctx.cluster_arn, "tagKeys": ["k"]},
        "ListTagsForResource": lambda: {"resourceArn": ctx.cluster_arn},
    })

    # RunTask and StartTask share most members.
    def task_members(op):
        base = BASE[op]
        return {
            "cluster": w.Echo("default", field(rd_task, "clusterArn"), compare=ends(lambda s: "cluster/" + s)),
            "taskDefinition": w.Effect(td_unknown_effect(op, base()).fn, "the definition run"),
            "enableECSManagedTags": w.Effect(managed_effect, "aws:ecs: tags on the task"),
            "enableExecuteCommand": w.Only(False, True, field(rd_task, "enableExecuteCommand"),
                                           "ECS Exec needs the SSM session manager"),
            "group": w.Echo("walk-group", field(rd_task, "group")),
            # awsvpc on EC2 (the instances of the default cluster): the task's ENI is in the subnet.
            "networkConfiguration": w.Echo(awsvpc, eni_subnet, base=vpc_run(op), compare=first_subnet),
            "overrides": overrides_effect(op),
            "propagateTags": w.Effect(propagate_effect, "task definition tags on the task"),
            "referenceId": w.Refuse("walk-ref", "no EBS volumes or VPC Lattice to refer to it"),
            "startedBy": w.Echo("walk-starter", field(rd_task, "startedBy")),
            "tags": w.Echo(tags, field(rd_task, "tags")),
            "volumeConfigurations": w.Refuse(volume_configs, "Fleetdeck has no Amazon EBS"),
        }

    run_task = task_members("RunTask")
    run_task.update({
        "capacityProviderStrategy": w.Echo(fargate_strategy, lambda a, r: fg_task(a, r).get("capacityProviderName"),
                                           base=fg_run(), compare=lambda s, g: g == s[0]["capacityProvider"]),
        "count": w.Effect(count_effect, "that many tasks"),
        "launchType": w.Echo("EC2", field(rd_task, "launchType")),
        "placementConstraints": w.Effect(member_of_effect, "memberOf keeps tasks in a zone"),
        "placementStrategy": w.Effect(spread_effect, "spread over zones"),
        "platformVersion": w.Echo("1.3.0", lambda a, r: fg_task(a, r).get("platformVersion"),
                                  base=fg_run(launchType="FARGATE")),
        "clientToken": w.Effect(client_token_effect, "idempotent"),
    })
    start_task = task_members("StartTask")
    start_task["containerInstances"] = w.Echo([ctx.instances[1]], lambda a, r: [rd_task(a, r)["containerInstanceArn"]])

    service_members = {
        "cluster": w.Echo("default", field(rd_service, "clusterArn"), compare=ends(lambda s: "cluster/" + s)),
        "taskDefinition": w.Echo("walk-web:1", field(rd_service, "taskDefinition"), compare=ends(lambda s: "/" + s)),
        "availabilityZoneRebalancing": w.Only("DISABLED", "ENABLED", field(rd_service, "availabilityZoneRebalancing"),
                                              "Fleetdeck does not move running tasks between zones"),
        "serviceRegistries": w.Refuse([{"registryArn": "arn:aws:servicediscovery:x"}], "no AWS Cloud Map"),
        "desiredCount": w.Echo(0, field(rd_service, "desiredCount")),
        "capacityProviderStrategy": w.Echo(fargate_strategy, field(fg_service_of, "capacityProviderStrategy"),
                                           base=fg_new_service()),
        "platformVersion": w.Echo("1.3.0", field(fg_service_of, "platformVersion"),
                                  base=fg_new_service(launchType="FARGATE")),
        "deploymentConfiguration": w.Echo({"maximumPercent": 150, "minimumHealthyPercent": 50,
                                           "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
                                          field(rd_service, "deploymentConfiguration")),
        "placementConstraints": w.Echo([{"type": "distinctInstance"}], field(rd_service, "placementConstraints")),
        "placementStrategy": w.Echo([{"type": "spread", "field": "attribute:ecs.availability-zone"}],
                                    field(rd_service, "placementStrategy")),
        "networkConfiguration": w.Echo(awsvpc, field(fg_service_of, "networkConfiguration"),
                                       base=lambda: new_service(taskDefinition="walk-vpc")),
        "healthCheckGracePeriodSeconds": w.Echo(45, field(rd_service, "healthCheckGracePeriodSeconds")),
        "enableECSManagedTags": w.Echo(True, field(rd_service, "enableECSManagedTags")),
        "propagateTags": w.Echo("SERVICE", field(rd_service, "propagateTags")),
        "enableExecuteCommand": w.Only(False, True, field(rd_service, "enableExecuteCommand"),
                                       "ECS Exec needs the SSM session manager"),
        "serviceConnectConfiguration": w.Refuse({"enabled": True}, no_connect),
        "volumeConfigurations": w.Refuse(volume_configs, "Fleetdeck has no Amazon EBS"),
        "vpcLatticeConfigurations": w.Refuse(lattice, "Fleetdeck has no VPC Lattice"),
        "loadBalancers": w.Echo([], field(rd_service, "loadBalancers")),
        "deploymentController": w.Only({"type": "ECS"}, {"type": "CODE_DEPLOY"},
                                       field(rd_service, "deploymentController"),
                                       "only ECS rolling updates"),
    }
    create_service = dict(service_members)
    create_service.update({
        "serviceName": w.Echo(lambda: w.fresh("walk-named"), field(rd_service, "serviceName")),
        "clientToken": w.Effect(service_token_effect, "idempotent"),
        "launchType": w.Echo("EC2", field(rd_service, "launchType")),
        "role": w.Refuse("arn:aws:iam::000000000000:role/ecsServiceRole",
                         "no IAM here: registering targets needs no role"),
        "schedulingStrategy": w.Echo("REPLICA", field(rd_service, "schedulingStrategy")),
        "tags": w.Echo(tags, field(rd_service, "tags")),
    })
    update_service = dict(service_members)
    fg_update = lambda: {"cluster": ctx.fg_cluster, "service": ctx.fg_service}  # noqa: E731
    update_service.update({
        "capacityProviderStrategy": w.Echo([{"capacityProvider": "FARGATE_SPOT", "weight": 2, "base": 0}],
                                           field(fg_service_of, "capacityProviderStrategy"), base=fg_update),
        "platformVersion": w.Echo("1.3.0", field(fg_service_of, "platformVersion"), base=fg_update),
        "networkConfiguration": w.Echo({"awsvpcConfiguration": {"subnets": ["subnet-walk-b"], "securityGroups": ["sg-walk"],
                                                                "assignPublicIp": "DISABLED"}},
                                       field(fg_service_of, "networkConfiguration"), base=fg_update),
        "service": w.Echo(ctx.service, field(rd_service, "serviceName")),
        "forceNewDeployment": w.Effect(force_deployment_effect, "a new deployment"),
        "taskDefinition": w.Echo("walk-other:1", field(rd_service, "taskDefinition"), compare=ends(lambda s: "/" + s)),
    })

    full_td_members = {
        "family": "walk-full", "taskRoleArn": "arn:aws:iam::000000000000:role/task",
        "executionRoleArn": "arn:aws:iam::000000000000:role/exec", "networkMode": "bridge",
        "volumes": [{"name": "scratch", "host": {"sourcePath": "/tmp/walk"}}],
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}],
        "requiresCompatibilities": ["EC2"], "cpu": "256", "memory": "512", "pidMode": "task", "ipcMode": "task",
        "proxyConfiguration": {"type": "APPMESH", "containerName": "web",
                               "properties": [{"name": "ProxyIngressPort", "value": "15000"}]},
        "inferenceAccelerators": [{"deviceName": "d1", "deviceType": "eia2.medium"}],
        "ephemeralStorage": {"sizeInGiB": 30},
        "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
        "enableFaultInjection": False, "tags": tags,
        "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1", "memory": 16, "cpu": 10,
                                  "essential": True, "environment": [{"name": "X", "value": "1"}]}],
    }
    register_td = {m: w.Echo(v, lambda a, r, m=m: rd_td(a, r).get(m)) for m, v in full_td_members.items()}
    register_td["family"] = w.Echo(lambda: w.fresh("walk-fam"), lambda a, r: rd_td(a, r).get("family"))
    register_td["cpu"] = w.Echo("256", lambda a, r: rd_td(a, r).get("cpu"))
    register_td["cpu"].probe = "lots"  # units or a text such as "1 vCPU": a number is not the wrong type here
    register_td["memory"].probe = "plenty"

    # ---------------------------------------------------------------------------------------------
    # Clusters' settings and capacity providers, account settings (issue 13, cluster part)
    # ---------------------------------------------------------------------------------------------
    ctx.upd_cluster = c("CreateCluster", {"clusterName": "walk-upd"})["cluster"]["clusterName"]
    asg_arn = "arn:aws:autoscaling:eu-west-3:000000000000:autoScalingGroup:0:autoScalingGroupName/walk-asg"
    caller = "arn:aws:iam::000000000000:user/AKIDWALK"  # the walk's access key, as ECS names the caller
    root = "arn:aws:iam::000000000000:root"
    someone = "arn:aws:iam::000000000000:user/walk-someone"

    def unknown_cluster_refused(op, base):
        try:
            c(op, dict(base, cluster="no-such-cluster"))
            raise w.Failed(f"{op} on an unknown cluster: accepted")
        except w.ApiError as e:
            expect(e.code == "ClusterNotFoundException", f"{op} unknown cluster: {e.code} '{e.message}'")

    def cluster_changed(op):
        """`cluster` names the cluster the answer describes; an unknown one is ClusterNotFound."""
        def check():
            base = BASE[op]()
            got = c(op, base)["cluster"]["clusterName"]
            expect(got == base["cluster"], f"{op} cluster {base['cluster']}: answered cluster {got}")
            unknown_cluster_refused(op, base)
        return w.Effect(check, "the cluster changed")

    def configuration_effect(op):
        def check():
            sent = {"executeCommandConfiguration": {"logging": "NONE"}}
            w.Echo(sent, field(rd_cluster, "configuration")).check(E, op, "configuration")
            for bad, name in (({"executeCommandConfiguration": {"kmsKeyId": "k"}},
                               "configuration.executeCommandConfiguration.kmsKeyId"),
                              ({"executeCommandConfiguration": {"logging": "OVERRIDE"}},
                               "configuration.executeCommandConfiguration.logging"),
                              ({"managedStorageConfiguration": {"kmsKeyId": "k"}},
                               "configuration.managedStorageConfiguration")):
                w.refused(E, op, dict(BASE[op](), configuration=bad), name)
        return w.Effect(check, "ECS Exec logging kept; KMS and log destinations refused")

    def settings_effect(op):
        def check():
            w.Echo([{"name": "containerInsights", "value": "enhanced"}], field(rd_cluster, "settings")).check(
                E, op, "settings")
            w.refused(E, op, dict(BASE[op](), settings=[{"name": "containerInsights", "value": "sometimes"}]),
                      "settings[0].value")
        return w.Effect(check, "containerInsights kept")

    def providers_effect(op):
        def check():
            w.Echo(["FARGATE_SPOT"], field(rd_cluster, "capacityProviders")).check(E, op, "capacityProviders")
            # ECS's words name the provider, not the member: "The specified capacity provider X was not found."
            refused_saying(op, dict(BASE[op](), capacityProviders=["walk-no-provider"]),
                           "capacity provider walk-no-provider was not found")
        return w.Effect(check, "kept; an unknown provider refused")

    def refused_saying(op, params, says):
        try:
            c(op, params)
            raise w.Failed(f"{op} {params}: accepted, expected a refusal saying '{says}'")
        except w.ApiError as e:
            expect(e.code == "InvalidParameterException" and says in e.message,
                   f"{op}: refused as {e.code} '{e.message}', not saying '{says}'")

    def strategy_effect(op, base):
        def check():
            sent = [{"capacityProvider": "FARGATE_SPOT", "weight": 2, "base": 1}]
            w.Echo(sent, field(rd_cluster, "defaultCapacityProviderStrategy"), base=base).check(
                E, op, "defaultCapacityProviderStrategy")
            refused_saying(op, dict(base(), capacityProviders=["FARGATE_SPOT"], defaultCapacityProviderStrategy=[
                {"capacityProvider": "FARGATE", "weight": 1}]), "not associated with the cluster (FARGATE)")
        return w.Effect(check, "kept; a provider not in the cluster refused")

    no_map = w.RefuseAs({"namespace": "walk-ns"}, "NamespaceNotFoundException", "no AWS Cloud Map")

    def describe_cp_names():
        got = c("DescribeCapacityProviders", {"capacityProviders": ["FARGATE", "walk-none"]})
        expect([p["name"] for p in got["capacityProviders"]] == ["FARGATE"] and
               got["failures"][0]["reason"] == "MISSING", f"DescribeCapacityProviders FARGATE and walk-none: {got}")

    def describe_cp_cluster():
        c("PutClusterCapacityProviders", {"cluster": ctx.upd_cluster, "capacityProviders": ["FARGATE_SPOT"],
                                          "defaultCapacityProviderStrategy": []})
        got = [p["name"] for p in c("DescribeCapacityProviders", {"cluster": ctx.upd_cluster})["capacityProviders"]]
        expect(got == ["FARGATE_SPOT"], f"DescribeCapacityProviders of a cluster with FARGATE_SPOT: {got}")
        unknown_cluster_refused("DescribeCapacityProviders", {})

    def describe_cp_include():
        with_tags = c("DescribeCapacityProviders", {"include": ["TAGS"]})["capacityProviders"]
        without = c("DescribeCapacityProviders", {})["capacityProviders"]
        expect(all("tags" in p for p in with_tags) and not any("tags" in p for p in without),
               f"include TAGS: {with_tags} / without: {without}")
        w.refused(E, "DescribeCapacityProviders", {"include": ["NOT_A_FIELD"]}, "include")

    def create_cp_name():
        w.refused(E, "CreateCapacityProvider", dict(BASE["CreateCapacityProvider"](), name="ecs-walk"), "name")
        w.refused(E, "CreateCapacityProvider", dict(BASE["CreateCapacityProvider"](), name="walk cp!"), "name")

    def cp_cluster(op):
        return w.Effect(lambda: unknown_cluster_refused(op, BASE[op]()), "must exist")

    def reserved_or_missing(op, member):
        """ECS's words name the provider: "The FARGATE capacity provider is reserved ...", "The specified
        capacity provider X does not exist"."""
        def check():
            for name, says in (("FARGATE", "FARGATE capacity provider is reserved"),
                               ("walk-none", "capacity provider walk-none does not exist")):
                refused_saying(op, dict(BASE[op](), **{member: name}), says)
        return w.Effect(check, "built-in ones reserved, others not found")

    def rd_setting(principal):
        def read(answer, request):
            got = c("ListAccountSettings", {"name": request["name"],
                                            "principalArn": request.get("principalArn", principal)})["settings"]
            expect(answer["setting"]["value"] == request["value"], f"answered {answer['setting']}")
            return got[0] if got else {}
        return read

    def setting_value_effect(op, principal):
        def check():
            w.Echo("enabled", lambda a, r: rd_setting(principal)(a, r).get("value")).check(E, op, "value")
            w.refused(E, op, dict(BASE[op](), value="sometimes"), "value")
        return w.Effect(check, "kept; a value the setting does not take refused")

    def list_settings_name():
        one = c("ListAccountSettings", {"name": "awsvpcTrunking", "effectiveSettings": True})["settings"]
        every = c("ListAccountSettings", {"effectiveSettings": True})["settings"]
        expect([s["name"] for s in one] == ["awsvpcTrunking"] and len(every) > 1, f"name: {one}")
        w.refused(E, "ListAccountSettings", {"name": "walkSetting"}, "name")

    def list_settings_value():
        c("PutAccountSetting", {"name": "awsvpcTrunking", "value": "enabled", "principalArn": someone})
        base = {"name": "awsvpcTrunking", "principalArn": someone}
        on = c("ListAccountSettings", dict(base, value="enabled"))["settings"]
        off = c("ListAccountSettings", dict(base, value="disabled"))["settings"]
        expect(len(on) == 1 and not off, f"value enabled: {on}; value disabled: {off}")

    def list_settings_principal():
        other = "arn:aws:iam::000000000000:role/walk-role"
        c("PutAccountSetting", {"name": "tagResourceAuthorization", "value": "off", "principalArn": other})
        theirs = c("ListAccountSettings", {"principalArn": other})["settings"]
        mine = c("ListAccountSettings", {"name": "tagResourceAuthorization", "effectiveSettings": True})["settings"]
        expect({"name": "tagResourceAuthorization", "value": "off", "principalArn": other} in
               [{k: s.get(k) for k in ("name", "value", "principalArn")} for s in theirs],
               f"principalArn {other}: {theirs}")
        expect(mine and mine[0]["value"] == "on" and mine[0]["principalArn"] != other, f"the caller's: {mine}")
        w.refused(E, "ListAccountSettings", {"principalArn": "not-an-arn"}, "principalArn")

    def list_settings_effective():
        explicit = c("ListAccountSettings", {})["settings"]
        effective = c("ListAccountSettings", {"effectiveSettings": True})["settings"]
        names = {s["name"] for s in effective}
        expect(len(effective) > len(explicit) and {"containerInsights", "awsvpcTrunking"} <= names,
               f"effectiveSettings: {len(effective)} settings ({sorted(names)}), {len(explicit)} without")

    def delete_setting_effect():
        user = "arn:aws:iam::000000000000:user/walk-deleting"
        c("PutAccountSetting", {"name": "awsvpcTrunking", "value": "enabled", "principalArn": user})
        c("DeleteAccountSetting", {"name": "awsvpcTrunking", "principalArn": user})
        left = c("ListAccountSettings", {"name": "awsvpcTrunking", "principalArn": user})["settings"]
        expect(not left, f"DeleteAccountSetting left {left}")
        w.refused(E, "DeleteAccountSetting", {"name": "walkSetting"}, "name")

    # ---------------------------------------------------------------------------------------------
    # Service deployments, task definition deletion, task protection, agent registration and the
    # refused calls (issue 13, service part)
    # ---------------------------------------------------------------------------------------------
    c("RegisterTaskDefinition", {"family": "walk-slow", "containerDefinitions": [{
        "name": "web", "image": "fleetdeck/demo-web:2", "memory": 16,
        "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 300, "timeout": 5,
                        "retries": 1}}]})

    def deployments_of(name):
        return c("ListServiceDeployments", {"cluster": "default", "service": name})["serviceDeployments"]

    def settled(name, count):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            got = deployments_of(name)
            if len(got) >= count and all(d["status"] != "IN_PROGRESS" for d in got):
                return got
            time.sleep(0.2)
        raise w.Failed(f"service {name}: {count} finished deployments expected, got {deployments_of(name)}")

    def deployed():
        """A service at desired count 0 with two finished deployments (made once)."""
        if not getattr(ctx, "deployed", None):
            name = "walk-deployed"
            c("CreateService", {"cluster": "default", "serviceName": name, "taskDefinition": "walk-web",
                                "desiredCount": 0})
            settled(name, 1)
            c("UpdateService", {"cluster": "default", "service": name, "forceNewDeployment": True})
            ctx.deployed = (name, settled(name, 2))
        return ctx.deployed

    def in_progress():
        """A deployment still in progress (a health check that answers after 300 s), after a finished one."""
        name = w.fresh("walk-rolling")
        c("CreateService", {"cluster": "default", "serviceName": name, "taskDefinition": "walk-web",
                            "desiredCount": 0})
        settled(name, 1)
        c("UpdateService", {"cluster": "default", "service": name, "taskDefinition": "walk-slow",
                            "desiredCount": 1})
        got = deployments_of(name)
        expect(got[0]["status"] == "IN_PROGRESS", f"{name}: the new deployment is {got[0]['status']}")
        return got[0]["serviceDeploymentArn"]

    def list_deployments_service():
        name, finished = deployed()
        got = [d["serviceDeploymentArn"] for d in deployments_of(name)]
        expect(got == [d["serviceDeploymentArn"] for d in finished] and len(got) == 2, f"{name}: {got}")
        try:
            c("ListServiceDeployments", {"cluster": "default", "service": "walk-no-service"})
            raise w.Failed("ListServiceDeployments of an unknown service: accepted")
        except w.ApiError as e:
            expect(e.code == "ServiceNotFoundException", f"unknown service: {e.code}")

    def list_deployments_cluster():
        name, _ = deployed()
        try:
            c("ListServiceDeployments", {"cluster": "walk", "service": name})
            raise w.Failed(f"ListServiceDeployments of {name} in cluster walk: found")
        except w.ApiError as e:
            expect(e.code == "ServiceNotFoundException", f"{name} in cluster walk: {e.code}")
        unknown_cluster_refused("ListServiceDeployments", {"service": name})

    def list_deployments_status():
        name, _ = deployed()
        ok = c("ListServiceDeployments", {"service": name, "status": ["SUCCESSFUL"]})["serviceDeployments"]
        none = c("ListServiceDeployments", {"service": name, "status": ["ROLLBACK_FAILED"]})["serviceDeployments"]
        expect(len(ok) == 2 and all(d["status"] == "SUCCESSFUL" for d in ok) and not none,
               f"status SUCCESSFUL: {ok}; ROLLBACK_FAILED: {none}")
        w.refused(E, "ListServiceDeployments", {"service": name, "status": ["SOMEWHAT"]}, "status")

    def list_deployments_created():
        name, _ = deployed()
        later = time.time() + 400 * 86400
        before = c("ListServiceDeployments", {"service": name, "createdAt": {"before": later}})["serviceDeployments"]
        after = c("ListServiceDeployments", {"service": name, "createdAt": {"after": later}})["serviceDeployments"]
        expect(len(before) == 2 and not after, f"createdAt before/after a year from now: {len(before)}, {len(after)}")
        w.refused(E, "ListServiceDeployments", {"service": name, "createdAt": {"after": "soon"}}, "createdAt")

    def describe_by_arn(op, member, key, out, items):
        def check():
            _, finished = deployed()
            arns = [d[key] for d in finished]
            got = c(op, {member: arns})
            expect(sorted(d[items] for d in got[out]) == sorted(arns) and not got["failures"],
                   f"{op} {arns}: {got}")
            missing = arns[0].rsplit("/", 1)[0] + "/999999"
            got = c(op, {member: [missing]})
            expect(got["failures"] and got["failures"][0]["reason"] == "MISSING", f"{op} {missing}: {got}")
            w.refused(E, op, {member: ["walk-not-an-arn"]}, member)
        return w.Effect(check, "describes the named ones")

    def stop_type_effect():
        arn = in_progress()
        got = c("StopServiceDeployment", {"serviceDeploymentArn": arn, "stopType": "ROLLBACK"})
        status = c("DescribeServiceDeployments", {"serviceDeploymentArns": [arn]})["serviceDeployments"][0]["status"]
        expect(got["serviceDeploymentArn"] == arn and status.startswith("ROLLBACK_"),
               f"StopServiceDeployment ROLLBACK: {got}, the deployment is {status}")
        w.refused(E, "StopServiceDeployment", {"serviceDeploymentArn": arn, "stopType": "ABORT"}, "stopType")

    def stop_arn_effect():
        _, finished = deployed()
        try:
            c("StopServiceDeployment", {"serviceDeploymentArn": finished[0]["serviceDeploymentArn"]})
            raise w.Failed("StopServiceDeployment of a finished deployment: accepted")
        except w.ApiError as e:
            expect(e.code == "ConflictException", f"a finished deployment: {e.code} '{e.message}'")
        try:
            c("StopServiceDeployment", {"serviceDeploymentArn": finished[0]["serviceDeploymentArn"].rsplit("/", 1)[0]
                                        + "/999999"})
            raise w.Failed("StopServiceDeployment of an unknown deployment: accepted")
        except w.ApiError as e:
            expect(e.code == "ServiceDeploymentNotFoundException", f"an unknown deployment: {e.code}")
        w.refused(E, "StopServiceDeployment", {"serviceDeploymentArn": "walk"}, "serviceDeploymentArn")

    def delete_tds_effect():
        arn = c("RegisterTaskDefinition", {"family": "walk-deleted", "containerDefinitions": [
            {"name": "x", "image": "fleetdeck/demo-web:1", "memory": 16}]})["taskDefinition"]["taskDefinitionArn"]
        got = c("DeleteTaskDefinitions", {"taskDefinitions": [arn]})
        expect(not got["taskDefinitions"] and got["failures"], f"DeleteTaskDefinitions of an ACTIVE one: {got}")
        c("DeregisterTaskDefinition", {"taskDefinition": arn})
        got = c("DeleteTaskDefinitions", {"taskDefinitions": [arn]})
        expect(got["taskDefinitions"] and got["taskDefinitions"][0]["status"] == "DELETE_IN_PROGRESS",
               f"DeleteTaskDefinitions of an INACTIVE one: {got}")

    def service_task():
        """A running service's task (made once): scale-in protection applies to those only."""
        if not getattr(ctx, "service_task", None):
            name = "walk-protected"
            c("CreateService", {"cluster": "default", "serviceName": name, "taskDefinition": "walk-web",
                                "desiredCount": 1})
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not getattr(ctx, "service_task", None):
                listed = c("ListTasks", {"cluster": "default", "serviceName": name})["taskArns"]
                ctx.service_task = listed[0] if listed else None
                time.sleep(0.2)
            expect(ctx.service_task, f"service {name}: no task after 20 s")
        return ctx.service_task

    def protection(arn):
        got = c("GetTaskProtection", {"cluster": "default", "tasks": [arn]})
        expect(got["protectedTasks"], f"GetTaskProtection {arn}: {got}")
        return got["protectedTasks"][0]

    def get_protection_tasks():
        arn = service_task()
        expect(protection(arn)["taskArn"] == arn, "GetTaskProtection names another task")
        got = c("GetTaskProtection", {"cluster": "default", "tasks": [ctx.task]})
        expect(got["failures"] and got["failures"][0]["reason"] == "TASK_NOT_VALID",
               f"GetTaskProtection of a standalone task: {got}")

    def get_protection_cluster():
        arn = service_task()
        got = c("GetTaskProtection", {"cluster": "walk", "tasks": [arn]})
        expect(not got["protectedTasks"] and got["failures"][0]["reason"] == "MISSING",
               f"the task in cluster walk: {got}")
        unknown_cluster_refused("GetTaskProtection", {"tasks": [arn]})

    def protect_effect():
        arn = service_task()
        c("UpdateTaskProtection", {"cluster": "default", "tasks": [arn], "protectionEnabled": True})
        expect(protection(arn)["protectionEnabled"] is True, "protectionEnabled true: not protected")
        c("UpdateTaskProtection", {"cluster": "default", "tasks": [arn], "protectionEnabled": False})
        expect(protection(arn)["protectionEnabled"] is False, "protectionEnabled false: still protected")
        got = c("UpdateTaskProtection", {"cluster": "default", "tasks": [ctx.task], "protectionEnabled": True})
        expect(got["failures"] and got["failures"][0]["reason"] == "TASK_NOT_VALID", f"a standalone task: {got}")
        unknown_cluster_refused("UpdateTaskProtection", {"tasks": [arn], "protectionEnabled": True})

    def expires_effect():
        arn = service_task()
        base = {"cluster": "default", "tasks": [arn], "protectionEnabled": True}
        c("UpdateTaskProtection", dict(base, expiresInMinutes=5))
        soon = protection(arn)["expirationDate"]
        c("UpdateTaskProtection", dict(base, expiresInMinutes=65))
        later = protection(arn)["expirationDate"]
        c("UpdateTaskProtection", dict(base, protectionEnabled=False))
        expect(abs((later - soon) - 3600) < 60, f"expiresInMinutes 5 then 65: expires at {soon} then {later}")
        w.refused(E, "UpdateTaskProtection", dict(base, expiresInMinutes=3000), "expiresInMinutes")

    registered = [0]

    zones = sorted(set(ctx.az_of.values()))  # the engine's zones (Fleetdeck's instances: us-east-1's)

    def identity(zone=zones[1], kind="t3.small"):
        registered[0] += 1
        return json.dumps({"instanceId": "i-0a%015x" % (0xf1ee7 + registered[0]), "instanceType": kind,
                           "availabilityZone": zone, "region": zone[:-1]})

    def rd_instance(answer, request):
        arn = answer["containerInstance"]["containerInstanceArn"]
        return c("DescribeContainerInstances", {"cluster": "walk", "containerInstances": [arn],
                                                "include": ["TAGS"]})["containerInstances"][0]

    def attrs(ci):
        return {a["name"]: a.get("value") for a in ci.get("attributes", [])}

    def register_cluster():
        arn = c("RegisterContainerInstance", BASE["RegisterContainerInstance"]())["containerInstance"][
            "containerInstanceArn"]
        listed = c("ListContainerInstances", {"cluster": "walk"})["containerInstanceArns"]
        in_default = c("ListContainerInstances", {"cluster": "default"})["containerInstanceArns"]
        expect(arn in listed and arn not in in_default,
               f"registered in cluster walk: {arn} not listed there ({listed})")
        unknown_cluster_refused("RegisterContainerInstance", BASE["RegisterContainerInstance"]())

    def register_identity():
        doc = identity(zone=zones[2], kind="m5.large")
        ci = rd_instance(c("RegisterContainerInstance", {"cluster": "walk", "instanceIdentityDocument": doc}), None)
        sent = json.loads(doc)
        expect(ci["ec2InstanceId"] == sent["instanceId"] and attrs(ci).get("ecs.availability-zone") == zones[2]
               and attrs(ci).get("ecs.instance-type") == "m5.large", f"identity {sent}: described {ci}")
        for bad in (json.dumps({"instanceId": "walk"}), "not json",
                    json.dumps({"region": zones[0][:-1], "availabilityZone": "ap-south-1a"})):
            w.refused(E, "RegisterContainerInstance", {"cluster": "walk", "instanceIdentityDocument": bad},
                      "instanceIdentityDocument")
        w.refused(E, "RegisterContainerInstance", {"cluster": "walk", "instanceIdentityDocument": doc},
                  "instanceIdentityDocument", "that instance id is registered already")

    def register_again():
        first = c("RegisterContainerInstance", BASE["RegisterContainerInstance"]())["containerInstance"]
        again = c("RegisterContainerInstance", {"cluster": "walk",
                                                "containerInstanceArn": first["containerInstanceArn"]})
        expect(again["containerInstance"]["containerInstanceArn"] == first["containerInstanceArn"],
               f"registering {first['containerInstanceArn']} again: "
               f"{again['containerInstance']['containerInstanceArn']}")
        w.refused(E, "RegisterContainerInstance", {"cluster": "walk", "containerInstanceArn": "0" * 32},
                  "containerInstanceArn")

    def resources_read(answer, request):
        wanted = [r["name"] for r in request["totalResources"]]
        return [r for r in rd_instance(answer, request)["registeredResources"] if r["name"] in wanted]

    task_sets = "Task sets can only be managed on a service whose deployment controller is EXTERNAL"

    def task_set_where(op, member):
        def check():
            base = BASE[op]()
            try:
                c(op, base)
                raise w.Failed(f"{op}: accepted")
            except w.ApiError as err:
                e = err
            expect(e.code == "InvalidParameterException" and task_sets in e.message, f"{op}: {e.code} '{e.message}'")
            if member == "cluster":
                unknown_cluster_refused(op, base)
            else:
                try:
                    c(op, dict(base, service="walk-no-service"))
                    raise w.Failed(f"{op} of an unknown service: accepted")
                except w.ApiError as err:
                    expect(err.code == "ServiceNotFoundException", f"{op} unknown service: {err.code}")
        return w.Effect(check, "must exist; then refused")

    def exec_where(member):
        def check():
            base = BASE["ExecuteCommand"]()
            try:
                c("ExecuteCommand", base)
                raise w.Failed("ExecuteCommand: accepted")
            except w.ApiError as e:
                expect(e.code == "TargetNotConnectedException", f"ExecuteCommand: {e.code} '{e.message}'")
            if member == "cluster":
                unknown_cluster_refused("ExecuteCommand", base)
            else:
                w.refused(E, "ExecuteCommand", dict(base, task="0" * 32), "task")
        return w.Effect(check, "must exist; then refused")

    no_exec = "Session Manager"

    def task_set_members(op, extra):
        members = {"cluster": task_set_where(op, "cluster"), "service": task_set_where(op, "service")}
        for name, value in extra.items():
            members[name] = w.Unavailable(value, "InvalidParameterException", task_sets)
        return members

    BASE.update({
        "UpdateCluster": lambda: {"cluster": ctx.upd_cluster},
        "UpdateClusterSettings": lambda: {"cluster": ctx.upd_cluster,
                                          "settings": [{"name": "containerInsights", "value": "disabled"}]},
        "PutClusterCapacityProviders": lambda: {"cluster": ctx.upd_cluster,
                                                "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
                                                "defaultCapacityProviderStrategy": []},
        "DescribeCapacityProviders": lambda: {},
        "CreateCapacityProvider": lambda: {"name": w.fresh("walk-cp"),
                                           "autoScalingGroupProvider": {"autoScalingGroupArn": asg_arn}},
        "UpdateCapacityProvider": lambda: {"name": "FARGATE"},
        "DeleteCapacityProvider": lambda: {"capacityProvider": "FARGATE"},
        "ListAccountSettings": lambda: {},
        "PutAccountSetting": lambda: {"name": "awsvpcTrunking", "value": "disabled", "principalArn": someone},
        "PutAccountSettingDefault": lambda: {"name": "awsvpcTrunking", "value": "disabled"},
        "DeleteAccountSetting": lambda: {"name": "awsvpcTrunking", "principalArn": someone},
        "ListServiceDeployments": lambda: {"service": deployed()[0]},
        "DescribeServiceDeployments": lambda: {"serviceDeploymentArns": [deployed()[1][0]["serviceDeploymentArn"]]},
        "DescribeServiceRevisions": lambda: {"serviceRevisionArns": [deployed()[1][0]["targetServiceRevisionArn"]]},
        "StopServiceDeployment": lambda: {"serviceDeploymentArn": in_progress()},
        "DeleteTaskDefinitions": lambda: {"taskDefinitions": ["walk-nothing:1"]},
        "GetTaskProtection": lambda: {"cluster": "default", "tasks": [service_task()]},
        "UpdateTaskProtection": lambda: {"cluster": "default", "tasks": [service_task()], "protectionEnabled": False},
        "RegisterContainerInstance": lambda: {"cluster": "walk", "instanceIdentityDocument": identity()},
        "ListServicesByNamespace": lambda: {"namespace": "walk-ns"},
        "CreateTaskSet": lambda: {"cluster": "default", "service": ctx.service, "taskDefinition": "walk-web"},
        "UpdateTaskSet": lambda: {"cluster": "default", "service": ctx.service, "taskSet": "ecs-svc/1",
                                  "scale": {"value": 50, "unit": "PERCENT"}},
        "DeleteTaskSet": lambda: {"cluster": "default", "service": ctx.service, "taskSet": "ecs-svc/1"},
        "DescribeTaskSets": lambda: {"cluster": "default", "service": ctx.service},
        "UpdateServicePrimaryTaskSet": lambda: {"cluster": "default", "service": ctx.service,
                                                "primaryTaskSet": "ecs-svc/1"},
        "ExecuteCommand": lambda: {"cluster": "default", "task": ctx.task, "command": "/bin/sh", "interactive": True},
    })
    create_cluster_base = BASE["CreateCluster"]
    issue13 = {
        "UpdateCluster": {
            "cluster": cluster_changed("UpdateCluster"),
            "settings": settings_effect("UpdateCluster"),
            "configuration": configuration_effect("UpdateCluster"),
            "serviceConnectDefaults": no_map,
        },
        "UpdateClusterSettings": {
            "cluster": cluster_changed("UpdateClusterSettings"),
            "settings": settings_effect("UpdateClusterSettings"),
        },
        "PutClusterCapacityProviders": {
            "cluster": cluster_changed("PutClusterCapacityProviders"),
            "capacityProviders": providers_effect("PutClusterCapacityProviders"),
            "defaultCapacityProviderStrategy": strategy_effect("PutClusterCapacityProviders",
                                                               BASE["PutClusterCapacityProviders"]),
        },
        "DescribeCapacityProviders": {
            "capacityProviders": w.Effect(describe_cp_names, "describes the named ones"),
            "cluster": w.Effect(describe_cp_cluster, "only the cluster's providers"),
            "include": w.Effect(describe_cp_include, "TAGS"),
            "maxResults": paging("DescribeCapacityProviders", {}, "capacityProviders"),
            "nextToken": paging("DescribeCapacityProviders", {}, "capacityProviders"),
        },
        "CreateCapacityProvider": {
            "name": w.Effect(create_cp_name, "reserved prefixes and bad names refused"),
            "cluster": cp_cluster("CreateCapacityProvider"),
            "autoScalingGroupProvider": w.Refuse({"autoScalingGroupArn": asg_arn},
                                                 "Fleetdeck has no EC2 Auto Scaling groups"),
            "managedInstancesProvider": w.Refuse({"infrastructureRoleArn": "arn:aws:iam::000000000000:role/x"},
                                                 "no EC2 to launch ECS Managed Instances on"),
            "tags": w.Unavailable(tags, "InvalidParameterException", "Auto Scaling group"),
        },
        "UpdateCapacityProvider": {
            "name": reserved_or_missing("UpdateCapacityProvider", "name"),
            "cluster": cp_cluster("UpdateCapacityProvider"),
            "autoScalingGroupProvider": w.Unavailable({"managedTerminationProtection": "DISABLED"},
                                                      "InvalidParameterException", "reserved"),
            "managedInstancesProvider": w.Refuse({"infrastructureRoleArn": "arn:aws:iam::000000000000:role/x"},
                                                 "no EC2 to launch ECS Managed Instances on"),
        },
        "DeleteCapacityProvider": {
            "capacityProvider": reserved_or_missing("DeleteCapacityProvider", "capacityProvider"),
            "cluster": cp_cluster("DeleteCapacityProvider"),
        },
        "ListAccountSettings": {
            "name": w.Effect(list_settings_name, "one setting"),
            "value": w.Effect(list_settings_value, "settings at that value"),
            "principalArn": w.Effect(list_settings_principal, "that principal's settings"),
            "effectiveSettings": w.Effect(list_settings_effective, "with the defaults"),
            "maxResults": paging("ListAccountSettings", {"effectiveSettings": True}, "settings"),
            "nextToken": paging("ListAccountSettings", {"effectiveSettings": True}, "settings"),
        },
        "PutAccountSetting": {
            "name": w.Echo("containerInstanceLongArnFormat", lambda a, r: rd_setting(someone)(a, r).get("name"),
                           base=lambda: {"value": "enabled", "principalArn": someone}),
            "value": setting_value_effect("PutAccountSetting", someone),
            "principalArn": w.Echo("arn:aws:iam::000000000000:role/walk-put",
                                   lambda a, r: rd_setting(caller)(a, r).get("principalArn")),
        },
        "PutAccountSettingDefault": {
            "name": w.Echo("containerInstanceLongArnFormat", lambda a, r: rd_setting(root)(a, r).get("name"),
                           base=lambda: {"value": "enabled"}),
            "value": setting_value_effect("PutAccountSettingDefault", root),
        },
        "DeleteAccountSetting": {"name": w.Effect(delete_setting_effect, "gone"),
                                 "principalArn": w.Effect(delete_setting_effect, "that principal's")},
        "ListServiceDeployments": {
            "service": w.Effect(list_deployments_service, "the service's deployments"),
            "cluster": w.Effect(list_deployments_cluster, "the service's cluster"),
            "status": w.Effect(list_deployments_status, "filters"),
            "createdAt": w.Effect(list_deployments_created, "filters"),
            "maxResults": paging("ListServiceDeployments", {"service": "walk-deployed"}, "serviceDeployments"),
            "nextToken": paging("ListServiceDeployments", {"service": "walk-deployed"}, "serviceDeployments"),
        },
        "DescribeServiceDeployments": {
            "serviceDeploymentArns": describe_by_arn("DescribeServiceDeployments", "serviceDeploymentArns",
                                                     "serviceDeploymentArn", "serviceDeployments",
                                                     "serviceDeploymentArn")},
        "DescribeServiceRevisions": {
            "serviceRevisionArns": describe_by_arn("DescribeServiceRevisions", "serviceRevisionArns",
                                                   "targetServiceRevisionArn", "serviceRevisions",
                                                   "serviceRevisionArn")},
        "StopServiceDeployment": {"serviceDeploymentArn": w.Effect(stop_arn_effect, "the one in progress"),
                                  "stopType": w.Effect(stop_type_effect, "ROLLBACK; ABORT refused")},
        "DeleteTaskDefinitions": {"taskDefinitions": w.Effect(delete_tds_effect, "INACTIVE ones deleted")},
        "GetTaskProtection": {"cluster": w.Effect(get_protection_cluster, "the task's cluster"),
                              "tasks": w.Effect(get_protection_tasks, "those tasks")},
        "UpdateTaskProtection": {"cluster": w.Effect(protect_effect, "the task's cluster"),
                                 "tasks": w.Effect(protect_effect, "those tasks"),
                                 "protectionEnabled": w.Effect(protect_effect, "protected, then not"),
                                 "expiresInMinutes": w.Effect(expires_effect, "until then")},
        "RegisterContainerInstance": {
            "cluster": w.Effect(register_cluster, "registered in that cluster"),
            "instanceIdentityDocument": w.Effect(register_identity, "instance id, type and zone"),
            "instanceIdentityDocumentSignature": w.Refuse("c2lnbmF0dXJl", "Fleetdeck cannot verify EC2's signature"),
            "totalResources": w.Echo([{"name": "CPU", "type": "INTEGER", "integerValue": 2048},
                                      {"name": "MEMORY", "type": "INTEGER", "integerValue": 3072}], resources_read),
            "versionInfo": w.Refuse({"agentVersion": "1.80.0"}, "Fleetdeck is the agent"),
            "containerInstanceArn": w.Effect(register_again, "the same instance again"),
            "attributes": w.Echo([{"name": "walk.rack", "value": "r1"}],
                                 lambda a, r: [{"name": "walk.rack",
                                                "value": attrs(rd_instance(a, r)).get("walk.rack")}]),
            "platformDevices": w.Refuse([{"id": "gpu0", "type": "GPU"}], "Fleetdeck's instances have no GPUs"),
            "tags": w.Echo(tags, field(rd_instance, "tags")),
        },
        "ListServicesByNamespace": {
            "namespace": w.RefuseAs("walk-ns", "NamespaceNotFoundException", "no AWS Cloud Map"),
            "nextToken": w.Unavailable("x", "NamespaceNotFoundException", "Cloud Map"),
            "maxResults": w.Unavailable(5, "NamespaceNotFoundException", "Cloud Map"),
        },
        "CreateTaskSet": task_set_members("CreateTaskSet", {
            "externalId": "walk", "taskDefinition": "walk-web", "networkConfiguration": awsvpc, "loadBalancers": [],
            "serviceRegistries": [], "launchType": "EC2", "capacityProviderStrategy": fargate_strategy,
            "platformVersion": "1.4.0", "scale": {"value": 50, "unit": "PERCENT"}, "clientToken": "walk",
            "tags": tags}),
        "UpdateTaskSet": task_set_members("UpdateTaskSet", {"taskSet": "ecs-svc/1",
                                                            "scale": {"value": 100, "unit": "PERCENT"}}),
        "DeleteTaskSet": task_set_members("DeleteTaskSet", {"taskSet": "ecs-svc/1", "force": True}),
        "DescribeTaskSets": task_set_members("DescribeTaskSets", {"taskSets": ["ecs-svc/1"], "include": ["TAGS"]}),
        "UpdateServicePrimaryTaskSet": task_set_members("UpdateServicePrimaryTaskSet", {"primaryTaskSet": "ecs-svc/1"}),
        "ExecuteCommand": {
            "cluster": exec_where("cluster"),
            "task": exec_where("task"),
            "container": w.Unavailable("web", "TargetNotConnectedException", no_exec),
            "command": w.Unavailable("/bin/ls", "TargetNotConnectedException", no_exec),
            "interactive": w.Unavailable(False, "TargetNotConnectedException", no_exec),
        },
    }

    ctx.readers = {"td": lambda a, r: rd_td(a, r), "service": rd_service, "task": rd_task, "cluster": rd_cluster,
                   "instance": rd_instance}
    ctx.effects = {"deployments created": list_deployments_created}
    return {
        "CreateCluster": {
            "clusterName": w.Echo(lambda: w.fresh("walk-c"), field(rd_cluster, "clusterName")),
            "tags": w.Echo(tags, field(rd_cluster, "tags")),
            "settings": settings_effect("CreateCluster"),
            "configuration": configuration_effect("CreateCluster"),
            "capacityProviders": providers_effect("CreateCluster"),
            "defaultCapacityProviderStrategy": strategy_effect(
                "CreateCluster", lambda: dict(create_cluster_base(), capacityProviders=["FARGATE_SPOT"])),
            "serviceConnectDefaults": no_map,
        },
        "DescribeClusters": {
            "clusters": describes("DescribeClusters", {"clusters": ["default", "walk"]}, "clusters", "clusters",
                                  "no-such-cluster"),
            "include": w.Effect(lambda: include_tags("DescribeClusters", {"clusters": ["walk-tagged"]}, "clusters").fn()
                                if c("CreateCluster", {"clusterName": "walk-tagged", "tags": tags}) else None,
                                "TAGS"),
        },
        "ListClusters": {"nextToken": paging("ListClusters", {}, "clusterArns"),
                         "maxResults": paging("ListClusters", {}, "clusterArns")},
        "DeleteCluster": {"cluster": w.Effect(delete_cluster_effect, "INACTIVE")},
        "ListContainerInstances": {
            "cluster": cluster_selects("ListContainerInstances", {}, differ("containerInstanceArns")),
            "filter": w.Effect(instance_filter_effect, "cluster query language"),
            "nextToken": paging("ListContainerInstances", {"cluster": "default"}, "containerInstanceArns"),
            "maxResults": paging("ListContainerInstances", {"cluster": "default"}, "containerInstanceArns"),
            "status": w.Effect(instance_status_effect, "DRAINING ones"),
        },
        "DescribeContainerInstances": {
            "cluster": cluster_selects("DescribeContainerInstances", {"containerInstances": ctx.instances[:1]},
                                       differ("containerInstances")),
            "containerInstances": describes("DescribeContainerInstances",
                                            {"cluster": "default", "containerInstances": ctx.instances[:2]},
                                            "containerInstances", "containerInstances", "0" * 32),
            "include": w.Effect(lambda: (c("TagResource", {"resourceArn": ctx.instances[0], "tags": tags}),
                                         include_tags("DescribeContainerInstances", BASE["DescribeContainerInstances"](),
                                                      "containerInstances").fn()), "TAGS"),
        },
        "UpdateContainerInstancesState": {"cluster": w.Effect(instance_status_effect, "in the cluster"),
                                          "containerInstances": w.Effect(instance_status_effect, "those"),
                                          "status": w.Effect(instance_status_effect, "DRAINING")},
        "DeregisterContainerInstance": {"cluster": w.Effect(deregister_instance_effect, "INACTIVE"),
                                        "containerInstance": w.Effect(deregister_instance_effect, "INACTIVE"),
                                        "force": w.Effect(deregister_instance_effect, "INACTIVE with tasks")},
        "PutAttributes": {"cluster": attributes_effect("PutAttributes"),
                          "attributes": attributes_effect("PutAttributes")},
        "DeleteAttributes": {"cluster": attributes_effect("DeleteAttributes"),
                             "attributes": attributes_effect("DeleteAttributes")},
        "ListAttributes": {
            "cluster": cluster_selects("ListAttributes", {"targetType": "container-instance"}, differ("attributes")),
            "targetType": w.Only("container-instance", "task", lambda a, r: "container-instance",
                                 "attributes are kept on container instances"),
            "attributeName": w.Effect(list_attributes_value, "by name"),
            "attributeValue": w.Effect(list_attributes_value, "by value"),
            "nextToken": paging("ListAttributes", {"cluster": "default", "targetType": "container-instance"},
                                "attributes"),
            "maxResults": paging("ListAttributes", {"cluster": "default", "targetType": "container-instance"},
                                 "attributes"),
        },
        "RegisterTaskDefinition": register_td,
        "DescribeTaskDefinition": {"taskDefinition": w.Effect(describe_td_effect, "that one"),
                                   "include": w.Effect(td_include_effect, "TAGS")},
        "DeregisterTaskDefinition": {"taskDefinition": w.Effect(deregister_td_effect, "INACTIVE")},
        "ListTaskDefinitions": {
            "familyPrefix": filters("ListTaskDefinitions", {}, "familyPrefix", "walk-web", "taskDefinitionArns",
                                    lambda a: "/walk-web:" in a),
            "status": w.Effect(list_td_status, "INACTIVE ones"),
            "sort": w.Effect(list_td_sort, "DESC"),
            "nextToken": paging("ListTaskDefinitions", {}, "taskDefinitionArns"),
            "maxResults": paging("ListTaskDefinitions", {}, "taskDefinitionArns"),
        },
        "ListTaskDefinitionFamilies": {
            "familyPrefix": filters("ListTaskDefinitionFamilies", {}, "familyPrefix", "walk-o", "families",
                                    lambda f: f.startswith("walk-o")),
            "status": w.Effect(families_status, "ACTIVE/INACTIVE"),
            "nextToken": paging("ListTaskDefinitionFamilies", {}, "families"),
            "maxResults": paging("ListTaskDefinitionFamilies", {}, "families"),
        },
        "RunTask": run_task,
        "StartTask": start_task,
        "StopTask": {"cluster": w.Effect(stop_effect, "stops"), "task": w.Effect(stop_effect, "stops"),
                     "reason": w.Effect(stop_effect, "stoppedReason")},
        "DescribeTasks": {
            "cluster": cluster_selects("DescribeTasks", {"tasks": [ctx.task]}, differ("tasks")),
            "tasks": describes("DescribeTasks", {"cluster": "default", "tasks": [ctx.task]}, "tasks", "tasks",
                               "0" * 32),
            "include": w.Effect(lambda: (c("TagResource", {"resourceArn": ctx.task, "tags": tags}),
                                         include_tags("DescribeTasks", BASE["DescribeTasks"](), "tasks").fn()),
                                "TAGS"),
        },
        "ListTasks": {
            "cluster": cluster_selects("ListTasks", {}, differ("taskArns")),
            "containerInstance": list_tasks_filter("containerInstance", ctx.instances[0],
                                                   lambda a: task(a)["containerInstanceArn"] == ctx.instances[0]),
            "family": list_tasks_filter("family", "walk-web", lambda a: family_of(a) == "walk-web"),
            "nextToken": paging("ListTasks", {"cluster": "default"}, "taskArns"),
            "maxResults": paging("ListTasks", {"cluster": "default"}, "taskArns"),
            "startedBy": list_tasks_filter("startedBy", "walk-fixture", lambda a: task(a)["startedBy"] == "walk-fixture"),
            "serviceName": w.Effect(service_tasks, "the service's tasks"),
            "desiredStatus": w.Effect(list_tasks_stopped, "STOPPED ones"),
            "launchType": list_tasks_none("launchType", "EXTERNAL"),
            "daemonName": list_tasks_none("daemonName", "walk-daemon"),
        },
        "CreateService": create_service,
        "UpdateService": update_service,
        "DeleteService": {"cluster": w.Effect(delete_service_effect, "deleted"),
                          "service": w.Effect(delete_service_effect, "deleted"),
                          "force": w.Effect(delete_service_effect, "with tasks")},
        "DescribeServices": {
            "cluster": cluster_selects("DescribeServices", {"services": [ctx.service]}, differ("services")),
            "services": describes("DescribeServices", {"cluster": "default", "services": [ctx.service]}, "services",
                                  "services", "no-such-service"),
            "include": w.Effect(lambda: (c("TagResource", {"resourceArn": service(ctx.service)["serviceArn"],
                                                           "tags": tags}),
                                         include_tags("DescribeServices", BASE["DescribeServices"](), "services").fn()),
                                "TAGS"),
        },
        "ListServices": {
            "cluster": cluster_selects("ListServices", {}, differ("serviceArns")),
            "nextToken": paging("ListServices", {"cluster": "default"}, "serviceArns"),
            "maxResults": paging("ListServices", {"cluster": "default"}, "serviceArns"),
            "launchType": list_services_filter("launchType", "EC2", "FARGATE"),
            "schedulingStrategy": list_services_filter("schedulingStrategy", "REPLICA", "DAEMON"),
            "resourceManagementType": list_services_filter("resourceManagementType", "CUSTOMER", "ECS"),
        },
        "TagResource": {"resourceArn": w.Effect(tag_effect, "tagged"), "tags": w.Effect(tag_effect, "tagged")},
        "UntagResource": {"resourceArn": w.Effect(untag_effect, "untagged"),
                          "tagKeys": w.Effect(untag_effect, "untagged")},
        "ListTagsForResource": {"resourceArn": w.Effect(list_tags_effect, "its tags")},
        **issue13,
    }


# ------------------------------------------------------------------------------------------------
# Shared by the other three services
# ------------------------------------------------------------------------------------------------

def paging(w, service, op, base, items, size, token, next_token, too_big):
    """`size` at 1 gives one item and a token; the token gives the second; out of range is refused."""
    def check():
        everything = w.call(service, op, dict(base))[items]
        w.expect(len(everything) >= 2, f"{op}: at least two {items} needed to check paging, got {len(everything)}")
        first = w.call(service, op, dict(base, **{size: 1}))
        w.expect(len(first[items]) == 1 and first.get(next_token),
                 f"{op} {size}=1: {len(first[items])} {items}, {next_token} {first.get(next_token)!r}")
        second = w.call(service, op, dict(base, **{size: 1, token: first[next_token]}))
        w.expect(second[items] == everything[1:2], f"{op} {token}: not the second of the list")
        if too_big is not None:
            w.refused(service, op, dict(base, **{size: too_big}), size)
        w.refused(service, op, dict(base, **{token: "not-issued-here"}), token)
    return w.Effect(check, "pages")


def selects(w, service, op, base, member, value, items, keep, what="selects"):
    """The member narrows the answer to the items keep() accepts (and at least one)."""
    def check():
        everything = w.call(service, op, dict(base))[items]
        chosen = w.call(service, op, dict(base, **{member: value}))[items]
        w.expect(chosen and all(keep(i) for i in chosen) and len(chosen) < len(everything),
                 f"{op} {member}={str(value)[:80]}: {len(chosen)} of {len(everything)} {items}")
    return w.Effect(check, what)


def names(w, service, op, base, member, value, items, keep):
    """The member names what the operation works on (the named one answered; an unknown one refused or
    not found)."""
    def check():
        got = w.call(service, op, dict(base, **{member: value}))
        found = got[items] if items else got
        w.expect(keep(found), f"{op} {member}={str(value)[:80]}: {str(found)[:200]}")
    return w.Effect(check, what_names)


what_names = "names the resource"


# ------------------------------------------------------------------------------------------------
# Elastic Load Balancing v2
# ------------------------------------------------------------------------------------------------

def elbv2(ctx, w):
    E = "elbv2"

    def c(op, params=None):
        return w.call(E, op, params or {})

    port = [19000]

    def free_port():
        port[0] += 1
        return port[0]

    def new_lb(**extra):
        return c("CreateLoadBalancer", dict({"Name": w.fresh("walk-lb")}, **extra))["LoadBalancers"][0]

    def new_tg(**extra):
        return c("CreateTargetGroup", dict({"Name": w.fresh("walk-tg"), "Protocol": "HTTP", "Port": 80,
                                            "VpcId": "vpc-walk"}, **extra))["TargetGroups"][0]

    ctx.lb = new_lb()
    ctx.lb2 = new_lb()
    ctx.tg = new_tg()
    ctx.tg2 = new_tg()
    forward = [{"Type": "forward", "TargetGroupArn": ctx.tg["TargetGroupArn"]}]

    def new_listener(lb=None):
        return c("CreateListener", {"LoadBalancerArn": (lb or ctx.lb)["LoadBalancerArn"], "Protocol": "HTTP",
                                    "Port": free_port(), "DefaultActions": forward})["Listeners"][0]

    ctx.listener = new_listener()
    new_listener()
    prio = [100]

    def new_rule(**extra):
        prio[0] += 1
        return c("CreateRule", dict({"ListenerArn": ctx.listener["ListenerArn"], "Priority": prio[0],
                                     "Conditions": [{"Field": "path-pattern", "Values": [f"/walk{prio[0]}/*"]}],
                                     "Actions": forward}, **extra))["Rules"][0]

    ctx.rule = new_rule()
    new_rule()
    # Instance targets are container instances' EC2 ids.
    ecs_ci = w.call("ecs", "DescribeContainerInstances", {"cluster": "default", "containerInstances": w.call(
        "ecs", "ListContainerInstances", {"cluster": "default"})["containerInstanceArns"][:2]})["containerInstances"]
    ctx.ec2_ids = [ci["ec2InstanceId"] for ci in ecs_ci]

    def lb_of(a, r):
        arn = a["LoadBalancers"][0]["LoadBalancerArn"]
        return c("DescribeLoadBalancers", {"LoadBalancerArns": [arn]})["LoadBalancers"][0]

    def tg_of(a, r):
        arn = a["TargetGroups"][0]["TargetGroupArn"]
        return c("DescribeTargetGroups", {"TargetGroupArns": [arn]})["TargetGroups"][0]

    def listener_of(a, r):
        arn = a["Listeners"][0]["ListenerArn"] if "Listeners" in a else r["ListenerArn"]
        return c("DescribeListeners", {"ListenerArns": [arn]})["Listeners"][0]

    def rule_of(a, r):
        arn = a["Rules"][0]["RuleArn"] if a.get("Rules") else r["RuleArn"]
        return c("DescribeRules", {"RuleArns": [arn]})["Rules"][0]

    def tags_of(arn):
        return c("DescribeTags", {"ResourceArns": [arn]})["TagDescriptions"][0]["Tags"]

    def field(reader, name):
        return lambda a, r: reader(a, r).get(name)

    def tags_read(reader, arn_key):
        return lambda a, r: tags_of(reader(a, r)[arn_key])

    tags = [{"Key": "walk", "Value": "yes"}]
    ssl = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    cert = [{"CertificateArn": "arn:aws:acm:eu-west-3:000000000000:certificate/walk"}]
    mutual = {"Mode": "verify", "TrustStoreArn": "arn:aws:elasticloadbalancing:eu-west-3:000000000000:truststore/w"}
    transforms = [{"Type": "url-rewrite", "UrlRewriteConfig": {"Rewrites": [{"Regex": "^/a", "Replace": "/b"}]}}]

    def attr_effect(op, describe, key_member, arn, key, value):
        def check():
            c(op, {key_member: arn(), "Attributes": [{"Key": key, "Value": value}]})
            got = {a["Key"]: a["Value"] for a in c(describe, {key_member: arn()})["Attributes"]}
            w.expect(got.get(key) == value, f"{op} {key}={value}: reads back {got.get(key)!r}")
            try:
                c(op, {key_member: arn(), "Attributes": [{"Key": "walk.no_such", "Value": "1"}]})
                raise w.Failed(f"{op}: an unknown attribute key accepted")
            except w.ApiError as e:
                w.expect(e.code == "ValidationError" and "walk.no_such" in e.message,
                         f"{op} unknown key: {e.code} '{e.message}' does not name it")
        return w.Effect(check, "kept")

    def targets_effect():
        tg = ctx.tg2["TargetGroupArn"]
        c("RegisterTargets", {"TargetGroupArn": tg, "Targets": [{"Id": ctx.ec2_ids[0], "Port": 8080}]})
        ids = [(d["Target"]["Id"], d["Target"].get("Port"))
               for d in c("DescribeTargetHealth", {"TargetGroupArn": tg})["TargetHealthDescriptions"]]
        w.expect((ctx.ec2_ids[0], 8080) in ids, f"RegisterTargets: target health lists {ids}")

    def deregister_effect():
        tg = ctx.tg2["TargetGroupArn"]
        c("RegisterTargets", {"TargetGroupArn": tg, "Targets": [{"Id": ctx.ec2_ids[1], "Port": 8081}]})
        c("DeregisterTargets", {"TargetGroupArn": tg, "Targets": [{"Id": ctx.ec2_ids[1], "Port": 8081}]})
        states = {(d["Target"]["Id"], d["Target"].get("Port")): d["TargetHealth"]["State"]
                  for d in c("DescribeTargetHealth", {"TargetGroupArn": tg})["TargetHealthDescriptions"]}
        w.expect(states.get((ctx.ec2_ids[1], 8081)) in (None, "draining", "unused"),
                 f"DeregisterTargets: {states}")

    def health_targets_effect():
        tg = ctx.tg2["TargetGroupArn"]
        c("RegisterTargets", {"TargetGroupArn": tg, "Targets": [{"Id": ctx.ec2_ids[0], "Port": 8082}]})
        got = c("DescribeTargetHealth", {"TargetGroupArn": tg, "Targets": [{"Id": ctx.ec2_ids[0], "Port": 8082}]})
        w.expect([(d["Target"]["Id"], d["Target"]["Port"]) for d in got["TargetHealthDescriptions"]] ==
                 [(ctx.ec2_ids[0], 8082)], f"DescribeTargetHealth Targets: {got}")

    def include_effect():
        tg = ctx.tg2["TargetGroupArn"]
        got = c("DescribeTargetHealth", {"TargetGroupArn": tg, "Include": ["AnomalyDetection"]})
        w.expect(all("AnomalyDetection" in d for d in got["TargetHealthDescriptions"]) and
                 got["TargetHealthDescriptions"], f"Include AnomalyDetection: {str(got)[:200]}")

    def add_tags_effect():
        arn = ctx.tg["TargetGroupArn"]
        c("AddTags", {"ResourceArns": [arn], "Tags": [{"Key": "walk-added", "Value": "1"}]})
        w.expect({"Key": "walk-added", "Value": "1"} in tags_of(arn), "AddTags: not read back")

    def remove_tags_effect():
        arn = ctx.tg["TargetGroupArn"]
        c("AddTags", {"ResourceArns": [arn], "Tags": [{"Key": "walk-gone", "Value": "1"}]})
        c("RemoveTags", {"ResourceArns": [arn], "TagKeys": ["walk-gone"]})
        w.expect(all(t["Key"] != "walk-gone" for t in tags_of(arn)), "RemoveTags: still there")

    def priorities_effect():
        rule = new_rule()
        c("SetRulePriorities", {"RulePriorities": [{"RuleArn": rule["RuleArn"], "Priority": 4000}]})
        w.expect(rule_of({}, {"RuleArn": rule["RuleArn"]})["Priority"] == "4000", "SetRulePriorities: not kept")

    def gone(op, member, make, describe, items, arn_key):
        def check():
            arn = make()
            c(op, {member: arn})
            try:
                left = c(describe, {arn_key: [arn]})[items]
                w.expect(not left, f"{op}: still described")
            except w.ApiError as e:
                w.expect(e.code.endswith("NotFound"), f"{op} then {describe}: {e.code}")
        return w.Effect(check, "gone")

    BASE = w.BASE.setdefault(E, {})
    BASE.update({
        "AddTags": lambda: {"ResourceArns": [ctx.tg["TargetGroupArn"]], "Tags": [{"Key": "k", "Value": "v"}]},
        "CreateListener": lambda: {"LoadBalancerArn": ctx.lb["LoadBalancerArn"], "Protocol": "HTTP",
                                   "Port": free_port(), "DefaultActions": forward},
        "CreateLoadBalancer": lambda: {"Name": w.fresh("walk-lb")},
        "CreateRule": lambda: {"ListenerArn": ctx.listener["ListenerArn"], "Priority": 500 + counter_next(),
                               "Conditions": [{"Field": "path-pattern", "Values": ["/x/*"]}], "Actions": forward},
        "CreateTargetGroup": lambda: {"Name": w.fresh("walk-tg"), "Protocol": "HTTP", "Port": 80, "VpcId": "vpc-walk"},
        "DescribeListenerAttributes": lambda: {"ListenerArn": ctx.listener["ListenerArn"]},
        "DescribeListeners": lambda: {"LoadBalancerArn": ctx.lb["LoadBalancerArn"]},
        "DescribeLoadBalancerAttributes": lambda: {"LoadBalancerArn": ctx.lb["LoadBalancerArn"]},
        "DescribeLoadBalancers": lambda: {},
        "DescribeRules": lambda: {"ListenerArn": ctx.listener["ListenerArn"]},
        "DescribeTags": lambda: {"ResourceArns": [ctx.tg["TargetGroupArn"]]},
        "DescribeTargetGroupAttributes": lambda: {"TargetGroupArn": ctx.tg["TargetGroupArn"]},
        "DescribeTargetGroups": lambda: {},
        "DescribeTargetHealth": lambda: {"TargetGroupArn": ctx.tg2["TargetGroupArn"]},
        "ModifyListener": lambda: {"ListenerArn": ctx.listener["ListenerArn"]},
        "ModifyLoadBalancerAttributes": lambda: {"LoadBalancerArn": ctx.lb["LoadBalancerArn"],
                                                 "Attributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "61"}]},
        "ModifyRule": lambda: {"RuleArn": ctx.rule["RuleArn"]},
        "ModifyTargetGroup": lambda: {"TargetGroupArn": ctx.tg["TargetGroupArn"]},
        "ModifyTargetGroupAttributes": lambda: {"TargetGroupArn": ctx.tg["TargetGroupArn"], "Attributes": [
            {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]},
        "RegisterTargets": lambda: {"TargetGroupArn": ctx.tg2["TargetGroupArn"],
                                    "Targets": [{"Id": ctx.ec2_ids[0], "Port": 8090}]},
        "RemoveTags": lambda: {"ResourceArns": [ctx.tg["TargetGroupArn"]], "TagKeys": ["k"]},
        "SetRulePriorities": lambda: {"RulePriorities": [{"RuleArn": ctx.rule["RuleArn"], "Priority": 3000}]},
        "DeleteListener": lambda: {"ListenerArn": new_listener(ctx.lb2)["ListenerArn"]},
        "DeleteLoadBalancer": lambda: {"LoadBalancerArn": new_lb()["LoadBalancerArn"]},
        "DeleteRule": lambda: {"RuleArn": new_rule()["RuleArn"]},
        "DeleteTargetGroup": lambda: {"TargetGroupArn": new_tg()["TargetGroupArn"]},
        "DeregisterTargets": lambda: {"TargetGroupArn": ctx.tg2["TargetGroupArn"],
                                      "Targets": [{"Id": ctx.ec2_ids[0], "Port": 8090}]},
    })
    n = [0]

    def counter_next():
        n[0] += 1
        return n[0]

    hc = {"HealthCheckProtocol": "HTTP", "HealthCheckPort": "8081", "HealthCheckEnabled": True,
          "HealthCheckPath": "/walk-health", "HealthCheckIntervalSeconds": 12, "HealthCheckTimeoutSeconds": 6,
          "HealthyThresholdCount": 4, "UnhealthyThresholdCount": 3, "Matcher": {"HttpCode": "200-299"}}
    tg_members = {k: w.Echo(v, field(tg_of, k)) for k, v in hc.items()}
    tg_create = dict(tg_members)
    tg_create.update({
        "Name": w.Echo(lambda: w.fresh("walk-tgn"), field(tg_of, "TargetGroupName")),
        "Protocol": w.Echo("HTTP", field(tg_of, "Protocol")),
        "ProtocolVersion": w.Echo("HTTP1", field(tg_of, "ProtocolVersion")),
        "Port": w.Echo(8080, field(tg_of, "Port")),
        "VpcId": w.Echo("vpc-other", field(tg_of, "VpcId")),
        "TargetType": w.Echo("ip", field(tg_of, "TargetType")),
        "Tags": w.Echo(tags, tags_read(tg_of, "TargetGroupArn")),
        "IpAddressType": w.Echo("ipv4", field(tg_of, "IpAddressType")),
        "TargetControlPort": w.HonourOrRefuse(9000, field(tg_of, "TargetControlPort")),
    })
    tg_modify = {k: w.Echo(v, lambda a, r, k=k: c("DescribeTargetGroups", {"TargetGroupArns": [
        r["TargetGroupArn"]]})["TargetGroups"][0].get(k)) for k, v in hc.items()}
    tg_modify["TargetGroupArn"] = names(w, E, "ModifyTargetGroup", {}, "TargetGroupArn", ctx.tg["TargetGroupArn"],
                                        "TargetGroups", lambda tgs: tgs[0]["TargetGroupArn"] == ctx.tg["TargetGroupArn"])

    def listener_members(op, read):
        return {
            "Port": w.Echo(lambda: free_port(), field(read, "Port")),
            "Protocol": w.Echo("HTTP", field(read, "Protocol")),
            "SslPolicy": w.HonourOrRefuse(ssl, field(read, "SslPolicy")),
            "Certificates": w.HonourOrRefuse(cert, field(read, "Certificates")),
            "DefaultActions": w.Echo([{"Type": "fixed-response", "FixedResponseConfig": {
                "StatusCode": "404", "ContentType": "text/plain", "MessageBody": "walk"}}], field(read, "DefaultActions")),
            "AlpnPolicy": w.HonourOrRefuse(["HTTP2Preferred"], field(read, "AlpnPolicy")),
            "MutualAuthentication": w.HonourOrRefuse(mutual, field(read, "MutualAuthentication")),
        }

    create_listener = listener_members("CreateListener", listener_of)
    create_listener.update({
        "LoadBalancerArn": w.Echo(lambda: ctx.lb["LoadBalancerArn"], field(listener_of, "LoadBalancerArn")),
        "Tags": w.Echo(tags, tags_read(listener_of, "ListenerArn")),
    })
    modify_listener = listener_members("ModifyListener", listener_of)
    modify_listener["ListenerArn"] = w.Echo(lambda: ctx.listener["ListenerArn"], field(listener_of, "ListenerArn"))

    rule_members = {
        "Conditions": w.Echo([{"Field": "host-header", "Values": ["walk.example"]}], field(rule_of, "Conditions")),
        "Actions": w.Echo([{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "503"}}],
                          field(rule_of, "Actions")),
        "Transforms": w.HonourOrRefuse(transforms, field(rule_of, "Transforms")),
    }
    create_rule = dict(rule_members)
    create_rule.update({
        "ListenerArn": w.Echo(lambda: ctx.listener["ListenerArn"],
                              lambda a, r: c("DescribeRules", {"ListenerArn": r["ListenerArn"]})["Rules"] and
                              r["ListenerArn"]),
        "Priority": w.Echo(lambda: 700 + counter_next(), field(rule_of, "Priority"),
                           compare=lambda sent, got: str(sent) == got),
        "Tags": w.Echo(tags, tags_read(rule_of, "RuleArn")),
    })
    modify_rule = dict(rule_members)
    modify_rule.update({
        "RuleArn": w.Echo(lambda: ctx.rule["RuleArn"], field(rule_of, "RuleArn")),
        "ResetTransforms": w.HonourOrRefuse(True, lambda a, r: not rule_of(a, r).get("Transforms")),
    })

    lb_pages = paging(w, E, "DescribeLoadBalancers", {}, "LoadBalancers", "PageSize", "Marker", "NextMarker", 401)
    tg_pages = paging(w, E, "DescribeTargetGroups", {}, "TargetGroups", "PageSize", "Marker", "NextMarker", 401)
    l_pages = paging(w, E, "DescribeListeners", {"LoadBalancerArn": ctx.lb["LoadBalancerArn"]}, "Listeners",
                     "PageSize", "Marker", "NextMarker", 401)
    r_pages = paging(w, E, "DescribeRules", {"ListenerArn": ctx.listener["ListenerArn"]}, "Rules", "PageSize",
                     "Marker", "NextMarker", 401)
    return {
        "AddTags": {"ResourceArns": w.Effect(add_tags_effect, "tagged"), "Tags": w.Effect(add_tags_effect, "tagged")},
        "RemoveTags": {"ResourceArns": w.Effect(remove_tags_effect, "untagged"),
                       "TagKeys": w.Effect(remove_tags_effect, "untagged")},
        "DescribeTags": {"ResourceArns": names(w, E, "DescribeTags", {}, "ResourceArns", [ctx.tg["TargetGroupArn"]],
                                               "TagDescriptions",
                                               lambda d: [x["ResourceArn"] for x in d] == [ctx.tg["TargetGroupArn"]])},
        "CreateLoadBalancer": {
            "Name": w.Echo(lambda: w.fresh("walk-lbn"), field(lb_of, "LoadBalancerName")),
            "Subnets": w.HonourOrRefuse(["subnet-us-east-1a", "subnet-us-east-1b"],
                                        lambda a, r: [z["SubnetId"] for z in lb_of(a, r)["AvailabilityZones"]]),
            "SubnetMappings": w.HonourOrRefuse([{"SubnetId": "subnet-us-east-1a"}, {"SubnetId": "subnet-us-east-1b"}],
                                               lambda a, r: [{"SubnetId": z["SubnetId"]}
                                                             for z in lb_of(a, r)["AvailabilityZones"]]),
            "SecurityGroups": w.HonourOrRefuse(["sg-walk"], field(lb_of, "SecurityGroups")),
            "Scheme": w.Echo("internal", field(lb_of, "Scheme")),
            "Tags": w.Echo(tags, tags_read(lb_of, "LoadBalancerArn")),
            "Type": w.Echo("application", field(lb_of, "Type")),
            "IpAddressType": w.Echo("ipv4", field(lb_of, "IpAddressType")),
            "CustomerOwnedIpv4Pool": w.HonourOrRefuse("ipv4pool-coip-walk", field(lb_of, "CustomerOwnedIpv4Pool")),
            "EnablePrefixForIpv6SourceNat": w.HonourOrRefuse("on", field(lb_of, "EnablePrefixForIpv6SourceNat")),
            "IpamPools": w.HonourOrRefuse({"Ipv4IpamPoolId": "ipam-pool-walk"}, field(lb_of, "IpamPools")),
        },
        "CreateTargetGroup": tg_create,
        "ModifyTargetGroup": tg_modify,
        "CreateListener": create_listener,
        "ModifyListener": modify_listener,
        "CreateRule": create_rule,
        "ModifyRule": modify_rule,
        "DescribeListenerAttributes": {"ListenerArn": names(
            w, E, "DescribeListenerAttributes", {}, "ListenerArn", ctx.listener["ListenerArn"], "Attributes",
            lambda a: any(x["Key"] == "routing.http.response.server.enabled" for x in a))},
        "DescribeLoadBalancerAttributes": {"LoadBalancerArn": attr_effect(
            "ModifyLoadBalancerAttributes", "DescribeLoadBalancerAttributes", "LoadBalancerArn",
            lambda: ctx.lb["LoadBalancerArn"], "idle_timeout.timeout_seconds", "75")},
        "ModifyLoadBalancerAttributes": {
            m: attr_effect("ModifyLoadBalancerAttributes", "DescribeLoadBalancerAttributes", "LoadBalancerArn",
                           lambda: ctx.lb["LoadBalancerArn"], "idle_timeout.timeout_seconds", "75")
            for m in ("LoadBalancerArn", "Attributes")},
        "DescribeTargetGroupAttributes": {"TargetGroupArn": attr_effect(
            "ModifyTargetGroupAttributes", "DescribeTargetGroupAttributes", "TargetGroupArn",
            lambda: ctx.tg["TargetGroupArn"], "deregistration_delay.timeout_seconds", "45")},
        "ModifyTargetGroupAttributes": {
            m: attr_effect("ModifyTargetGroupAttributes", "DescribeTargetGroupAttributes", "TargetGroupArn",
                           lambda: ctx.tg["TargetGroupArn"], "deregistration_delay.timeout_seconds", "45")
            for m in ("TargetGroupArn", "Attributes")},
        "DescribeListeners": {
            "LoadBalancerArn": selects(w, E, "DescribeListeners", {"ListenerArns": [ctx.listener["ListenerArn"]]},
                                       "LoadBalancerArn", ctx.lb["LoadBalancerArn"], "Listeners",
                                       lambda l: l["LoadBalancerArn"] == ctx.lb["LoadBalancerArn"])
            if False else names(w, E, "DescribeListeners", {}, "LoadBalancerArn", ctx.lb["LoadBalancerArn"],
                                "Listeners", lambda ls: ls and all(l["LoadBalancerArn"] == ctx.lb["LoadBalancerArn"]
                                                                   for l in ls)),
            "ListenerArns": names(w, E, "DescribeListeners", {}, "ListenerArns", [ctx.listener["ListenerArn"]],
                                  "Listeners", lambda ls: [l["ListenerArn"] for l in ls] == [ctx.listener["ListenerArn"]]),
            "Marker": l_pages, "PageSize": l_pages,
        },
        "DescribeLoadBalancers": {
            "LoadBalancerArns": selects(w, E, "DescribeLoadBalancers", {}, "LoadBalancerArns",
                                        [ctx.lb["LoadBalancerArn"]], "LoadBalancers",
                                        lambda l: l["LoadBalancerArn"] == ctx.lb["LoadBalancerArn"]),
            "Names": selects(w, E, "DescribeLoadBalancers", {}, "Names", [ctx.lb["LoadBalancerName"]], "LoadBalancers",
                             lambda l: l["LoadBalancerName"] == ctx.lb["LoadBalancerName"]),
            "Marker": lb_pages, "PageSize": lb_pages,
        },
        "DescribeRules": {
            "ListenerArn": names(w, E, "DescribeRules", {}, "ListenerArn", ctx.listener["ListenerArn"], "Rules",
                                 lambda rs: len(rs) >= 3),
            "RuleArns": names(w, E, "DescribeRules", {}, "RuleArns", [ctx.rule["RuleArn"]], "Rules",
                              lambda rs: [r["RuleArn"] for r in rs] == [ctx.rule["RuleArn"]]),
            "Marker": r_pages, "PageSize": r_pages,
        },
        "DescribeTargetGroups": {
            "LoadBalancerArn": names(w, E, "DescribeTargetGroups", {}, "LoadBalancerArn", ctx.lb["LoadBalancerArn"],
                                     "TargetGroups", lambda tgs: [t["TargetGroupArn"] for t in tgs] ==
                                     [ctx.tg["TargetGroupArn"]]),
            "TargetGroupArns": selects(w, E, "DescribeTargetGroups", {}, "TargetGroupArns", [ctx.tg["TargetGroupArn"]],
                                       "TargetGroups", lambda t: t["TargetGroupArn"] == ctx.tg["TargetGroupArn"]),
            "Names": selects(w, E, "DescribeTargetGroups", {}, "Names", [ctx.tg["TargetGroupName"]], "TargetGroups",
                             lambda t: t["TargetGroupName"] == ctx.tg["TargetGroupName"]),
            "Marker": tg_pages, "PageSize": tg_pages,
        },
        "DescribeTargetHealth": {"TargetGroupArn": w.Effect(targets_effect, "its targets"),
                                 "Targets": w.Effect(health_targets_effect, "those targets"),
                                 "Include": w.HonourOrRefuse(["AnomalyDetection"], lambda a, r: [
                                     "AnomalyDetection"] if all("AnomalyDetection" in d for d in a[
                                         "TargetHealthDescriptions"]) else [])},
        "RegisterTargets": {"TargetGroupArn": w.Effect(targets_effect, "registered"),
                            "Targets": w.Effect(targets_effect, "registered")},
        "DeregisterTargets": {"TargetGroupArn": w.Effect(deregister_effect, "draining"),
                              "Targets": w.Effect(deregister_effect, "draining")},
        "SetRulePriorities": {"RulePriorities": w.Effect(priorities_effect, "kept")},
        "DeleteListener": {"ListenerArn": gone("DeleteListener", "ListenerArn",
                                               lambda: new_listener(ctx.lb2)["ListenerArn"], "DescribeListeners",
                                               "Listeners", "ListenerArns")},
        "DeleteLoadBalancer": {"LoadBalancerArn": gone("DeleteLoadBalancer", "LoadBalancerArn",
                                                       lambda: new_lb()["LoadBalancerArn"], "DescribeLoadBalancers",
                                                       "LoadBalancers", "LoadBalancerArns")},
        "DeleteRule": {"RuleArn": gone("DeleteRule", "RuleArn", lambda: new_rule()["RuleArn"], "DescribeRules",
                                       "Rules", "RuleArns")},
        "DeleteTargetGroup": {"TargetGroupArn": gone("DeleteTargetGroup", "TargetGroupArn",
                                                     lambda: new_tg()["TargetGroupArn"], "DescribeTargetGroups",
                                                     "TargetGroups", "TargetGroupArns")},
    }


# ------------------------------------------------------------------------------------------------
# CloudWatch
# ------------------------------------------------------------------------------------------------

def cloudwatch(ctx, w):
    E = "cloudwatch"

    def c(op, params=None):
        return w.call(E, op, params or {})

    now = time.time()
    dims = [{"Name": "Walk", "Value": "one"}]
    c("PutMetricData", {"Namespace": "WalkNs", "MetricData": [
        {"MetricName": "Load", "Value": 7.0, "Dimensions": dims, "Timestamp": now - 30, "Unit": "Percent"}]})
    c("PutMetricData", {"Namespace": "WalkNs", "MetricData": [{"MetricName": "Other", "Value": 1.0}]})
    c("PutMetricData", {"Namespace": "WalkOther", "MetricData": [{"MetricName": "Load", "Value": 1.0}]})

    def alarm(name=None, **extra):
        params = {"AlarmName": name or w.fresh("walk-alarm"), "MetricName": "Load", "Namespace": "WalkNs",
                  "Statistic": "Average", "Period": 60, "EvaluationPeriods": 1, "Threshold": 50.0,
                  "ComparisonOperator": "GreaterThanThreshold", "Dimensions": dims}
        params.update(extra)
        c("PutMetricAlarm", params)
        return params["AlarmName"]

    ctx.alarm_a = alarm("walk-a")
    ctx.alarm_b = alarm("walk-b", Statistic="Maximum", Period=300, Unit="Percent")
    ctx.alarm_c = alarm("walk-c", Dimensions=[])
    ctx.alarm_arn = c("DescribeAlarms", {"AlarmNames": ["walk-a"]})["MetricAlarms"][0]["AlarmArn"]
    c("SetAlarmState", {"AlarmName": "walk-a", "StateValue": "ALARM", "StateReason": "walk"})

    def alarm_of(a, r):
        got = c("DescribeAlarms", {"AlarmNames": [r["AlarmName"]]})["MetricAlarms"]
        w.expect(got, f"alarm {r['AlarmName']} not described")
        return got[0]

    def field(name):
        return lambda a, r: alarm_of(a, r).get(name)

    def names_of(answer):
        return [x["AlarmName"] for x in answer]

    def history(**extra):
        return c("DescribeAlarmHistory", dict({"AlarmName": "walk-a"}, **extra))["AlarmHistoryItems"]

    def history_dates():
        items = history()
        w.expect(items, "walk-a has no history")
        w.expect(not history(StartDate=now + 3600), "StartDate in the future: items listed")
        w.expect(not history(EndDate=now - 3600), "EndDate an hour ago: items listed")

    def history_scan():
        asc = history(ScanBy="TimestampAscending")
        desc = history(ScanBy="TimestampDescending")
        w.expect(len(asc) > 1 and asc == list(reversed(desc)), "ScanBy: ascending is not descending reversed")

    def actions_effect(op, enabled):
        def check():
            c(op, {"AlarmNames": ["walk-c"]})
            got = c("DescribeAlarms", {"AlarmNames": ["walk-c"]})["MetricAlarms"][0]["ActionsEnabled"]
            w.expect(got is enabled, f"{op}: ActionsEnabled {got}")
        return w.Effect(check, "ActionsEnabled")

    def stats(**extra):
        params = {"Namespace": "WalkNs", "MetricName": "Load", "Dimensions": dims, "StartTime": now - 600,
                  "EndTime": now + 60, "Period": 60, "Statistics": ["Sum"]}
        params.update(extra)
        return c("GetMetricStatistics", params)["Datapoints"]

    def stats_effect():
        got = stats()
        w.expect([d.get("Sum") for d in got] == [7.0], f"GetMetricStatistics: {got}")
        w.expect(not stats(Dimensions=[]), "no dimensions: the dimensioned metric's data answered")
        w.expect(not stats(MetricName="Nothing"), "another MetricName: data answered")
        w.expect(not stats(Namespace="WalkOther", Dimensions=dims), "another Namespace: data answered")
        w.expect(not stats(StartTime=now + 60, EndTime=now + 600), "a later window: data answered")
        w.expect(not stats(Unit="Seconds"), "another Unit: data answered")
        got = stats(Statistics=["Maximum", "SampleCount"])
        w.expect(got and got[0].get("Maximum") == 7.0 and got[0].get("SampleCount") == 1.0 and "Sum" not in got[0],
                 f"Statistics Maximum, SampleCount: {got}")
        got = stats(Period=300, StartTime=now - 3000)
        w.expect(len(got) == 1 and got[0]["Sum"] == 7.0, f"Period 300: {got}")
        w.expect(len(stats(Period=60, StartTime=now - 3000)) == 1, "Period 60: one minute has data")

    def query(**extra):
        params = {"MetricDataQueries": [{"Id": "m", "MetricStat": {"Metric": {
            "Namespace": "WalkNs", "MetricName": "Load", "Dimensions": dims}, "Period": 60, "Stat": "Sum"}}],
            "StartTime": now - 600, "EndTime": now + 60}
        params.update(extra)
        return c("GetMetricData", params)["MetricDataResults"]

    def data_effect():
        w.expect(query()[0]["Values"] == [7.0], f"GetMetricData: {query()}")
        w.expect(query(StartTime=now + 60, EndTime=now + 600)[0]["Values"] == [], "a later window: values")

    def for_metric(**extra):
        params = {"Namespace": "WalkNs", "MetricName": "Load", "Dimensions": dims}  # dimensions match exactly
        params.update(extra)
        return names_of(c("DescribeAlarmsForMetric", params)["MetricAlarms"])

    def for_metric_filter(member, value, expected):
        def check():
            got = [n for n in for_metric(**{member: value}) if n in ("walk-a", "walk-b", "walk-c")]
            w.expect(sorted(got) == sorted(expected), f"DescribeAlarmsForMetric {member}={value}: {got}")
        return w.Effect(check, "selects")

    def list_metrics(**extra):
        return [(m["Namespace"], m["MetricName"]) for m in c("ListMetrics", extra)["Metrics"]]

    def list_filter(member, value, keep):
        def check():
            everything = list_metrics()
            got = list_metrics(**{member: value})
            w.expect(got and all(keep(m) for m in got) and len(got) < len(everything),
                     f"ListMetrics {member}={value}: {got} of {everything}")
        return w.Effect(check, "selects")

    def put_data_effect():
        name = w.fresh("P")
        c("PutMetricData", {"Namespace": "WalkPut", "MetricData": [{"MetricName": name, "Value": 3.0,
                                                                    "Timestamp": time.time() - 5}]})
        got = c("GetMetricStatistics", {"Namespace": "WalkPut", "MetricName": name, "StartTime": now - 600,
                                        "EndTime": time.time() + 60, "Period": 60, "Statistics": ["Sum"]})
        w.expect([d["Sum"] for d in got["Datapoints"]] == [3.0], f"PutMetricData then statistics: {got}")

    def state_read(a, r):
        return alarm_of(a, r)

    tags = [{"Key": "walk", "Value": "yes"}]

    def tag_effect():
        c("TagResource", {"ResourceARN": ctx.alarm_arn, "Tags": [{"Key": "walk-t", "Value": "1"}]})
        got = c("ListTagsForResource", {"ResourceARN": ctx.alarm_arn})["Tags"]
        w.expect({"Key": "walk-t", "Value": "1"} in got, f"TagResource: {got}")

    def untag_effect():
        c("TagResource", {"ResourceARN": ctx.alarm_arn, "Tags": [{"Key": "walk-u", "Value": "1"}]})
        c("UntagResource", {"ResourceARN": ctx.alarm_arn, "TagKeys": ["walk-u"]})
        got = c("ListTagsForResource", {"ResourceARN": ctx.alarm_arn})["Tags"]
        w.expect(all(t["Key"] != "walk-u" for t in got), f"UntagResource: {got}")

    def delete_effect():
        name = alarm()
        c("DeleteAlarms", {"AlarmNames": [name]})
        w.expect(not c("DescribeAlarms", {"AlarmNames": [name]})["MetricAlarms"], "DeleteAlarms: still there")

    def alarm_pages():
        for i in range(2):
            alarm(f"walk-page-{i}")
        return paging(w, E, "DescribeAlarms", {"AlarmNamePrefix": "walk-page-"}, "MetricAlarms", "MaxRecords",
                      "NextToken", "NextToken", 101).fn()

    def history_pages():
        return paging(w, E, "DescribeAlarmHistory", {"AlarmName": "walk-a"}, "AlarmHistoryItems", "MaxRecords",
                      "NextToken", "NextToken", 101).fn()

    sns = ["arn:aws:sns:eu-west-3:000000000000:walk-topic"]
    math = [{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "WalkNs", "MetricName": "Load"}, "Period": 60,
                                        "Stat": "Sum"}, "ReturnData": True}]
    BASE = w.BASE.setdefault(E, {})
    BASE.update({
        "DeleteAlarms": lambda: {"AlarmNames": [alarm()]},
        "DescribeAlarmHistory": lambda: {"AlarmName": "walk-a"},
        "DescribeAlarms": lambda: {},
        "DescribeAlarmsForMetric": lambda: {"Namespace": "WalkNs", "MetricName": "Load"},
        "DisableAlarmActions": lambda: {"AlarmNames": ["walk-c"]},
        "EnableAlarmActions": lambda: {"AlarmNames": ["walk-c"]},
        "GetMetricData": lambda: {"MetricDataQueries": [{"Id": "m", "MetricStat": {"Metric": {
            "Namespace": "WalkNs", "MetricName": "Load", "Dimensions": dims}, "Period": 60, "Stat": "Sum"}}],
            "StartTime": now - 600, "EndTime": now + 60},
        "GetMetricStatistics": lambda: {"Namespace": "WalkNs", "MetricName": "Load", "StartTime": now - 600,
                                        "EndTime": now + 60, "Period": 60, "Statistics": ["Sum"]},
        "ListMetrics": lambda: {},
        "ListTagsForResource": lambda: {"ResourceARN": ctx.alarm_arn},
        "PutMetricAlarm": lambda: {"AlarmName": w.fresh("walk-alarm"), "MetricName": "Load", "Namespace": "WalkNs",
                                   "Statistic": "Average", "Period": 60, "EvaluationPeriods": 1, "Threshold": 50.0,
                                   "ComparisonOperator": "GreaterThanThreshold"},
        "PutMetricData": lambda: {"Namespace": "WalkNs", "MetricData": [{"MetricName": "Other", "Value": 2.0}]},
        "SetAlarmState": lambda: {"AlarmName": "walk-b", "StateValue": "OK", "StateReason": "walk"},
        "TagResource": lambda: {"ResourceARN": ctx.alarm_arn, "Tags": [{"Key": "k", "Value": "v"}]},
        "UntagResource": lambda: {"ResourceARN": ctx.alarm_arn, "TagKeys": ["k"]},
    })

    def no_statistic():
        base = dict(BASE["PutMetricAlarm"]())
        del base["Statistic"]
        return base

    def no_metric():
        base = no_statistic()
        for k in ("MetricName", "Namespace", "Period"):
            del base[k]
        return base

    return {
        "PutMetricAlarm": {
            "AlarmName": w.Echo(lambda: w.fresh("walk-named"), field("AlarmName")),
            "AlarmDescription": w.Echo("the walk's alarm", field("AlarmDescription")),
            "ActionsEnabled": w.Echo(False, field("ActionsEnabled")),
            "OKActions": w.HonourOrRefuse(sns, field("OKActions")),
            "AlarmActions": w.HonourOrRefuse(sns, field("AlarmActions")),
            "InsufficientDataActions": w.HonourOrRefuse(sns, field("InsufficientDataActions")),
            "MetricName": w.Echo("Other", field("MetricName")),
            "Namespace": w.Echo("WalkOther", field("Namespace")),
            "Statistic": w.Echo("Maximum", field("Statistic")),
            "ExtendedStatistic": w.Echo("p90", field("ExtendedStatistic"), base=no_statistic),
            "Dimensions": w.Echo(dims, field("Dimensions")),
            "Period": w.Echo(300, field("Period")),
            "Unit": w.Echo("Percent", field("Unit")),
            "EvaluationPeriods": w.Echo(5, field("EvaluationPeriods")),
            "DatapointsToAlarm": w.Echo(3, field("DatapointsToAlarm"),
                                        base=lambda: dict(BASE["PutMetricAlarm"](), EvaluationPeriods=5)),
            "Threshold": w.Echo(12.5, field("Threshold")),
            "ComparisonOperator": w.Echo("LessThanOrEqualToThreshold", field("ComparisonOperator")),
            "TreatMissingData": w.Echo("breaching", field("TreatMissingData")),
            "EvaluateLowSampleCountPercentile": w.HonourOrRefuse("ignore", field("EvaluateLowSampleCountPercentile")),
            "Metrics": w.HonourOrRefuse(math, field("Metrics")),
            "Tags": w.Echo(tags, lambda a, r: c("ListTagsForResource", {
                "ResourceARN": alarm_of(a, r)["AlarmArn"]})["Tags"]),
            "ThresholdMetricId": w.HonourOrRefuse("m1", field("ThresholdMetricId")),
            "EvaluationCriteria": w.HonourOrRefuse({"PromQLCriteria": {"Query": "up"}}, field("EvaluationCriteria")),
            "EvaluationInterval": w.HonourOrRefuse(60, field("EvaluationInterval")),
        },
        "DescribeAlarms": {
            "AlarmNames": selects(w, E, "DescribeAlarms", {}, "AlarmNames", ["walk-a"], "MetricAlarms",
                                  lambda a: a["AlarmName"] == "walk-a"),
            "AlarmNamePrefix": selects(w, E, "DescribeAlarms", {}, "AlarmNamePrefix", "walk-b", "MetricAlarms",
                                       lambda a: a["AlarmName"].startswith("walk-b")),
            "AlarmTypes": w.Effect(lambda: w.expect(
                not c("DescribeAlarms", {"AlarmTypes": ["CompositeAlarm"]}).get("MetricAlarms") and
                c("DescribeAlarms", {"AlarmTypes": ["MetricAlarm"]})["MetricAlarms"], "AlarmTypes"), "selects"),
            "ChildrenOfAlarmName": w.HonourOrRefuse("walk-a", lambda a, r: "walk-a"),
            "ParentsOfAlarmName": w.HonourOrRefuse("walk-a", lambda a, r: "walk-a"),
            "StateValue": selects(w, E, "DescribeAlarms", {}, "StateValue", "ALARM", "MetricAlarms",
                                  lambda a: a["StateValue"] == "ALARM"),
            "ActionPrefix": w.HonourOrRefuse("arn:aws:sns", lambda a, r: "arn:aws:sns"),
            "MaxRecords": w.Effect(alarm_pages, "pages"),
            "NextToken": w.Effect(alarm_pages, "pages"),
        },
        "DescribeAlarmHistory": {
            "AlarmName": selects(w, E, "DescribeAlarmHistory", {}, "AlarmName", "walk-a", "AlarmHistoryItems",
                                 lambda i: i["AlarmName"] == "walk-a"),
            "AlarmContributorId": w.HonourOrRefuse("walk-contributor", lambda a, r: "walk-contributor"),
            "AlarmTypes": w.Effect(lambda: w.expect(
                not history(AlarmTypes=["CompositeAlarm"]) and history(AlarmTypes=["MetricAlarm"]), "AlarmTypes"),
                "selects"),
            "HistoryItemType": selects(w, E, "DescribeAlarmHistory", {"AlarmName": "walk-a"}, "HistoryItemType",
                                       "StateUpdate", "AlarmHistoryItems",
                                       lambda i: i["HistoryItemType"] == "StateUpdate"),
            "StartDate": w.Effect(history_dates, "window"),
            "EndDate": w.Effect(history_dates, "window"),
            "MaxRecords": w.Effect(history_pages, "pages"),
            "NextToken": w.Effect(history_pages, "pages"),
            "ScanBy": w.Effect(history_scan, "order"),
        },
        "DescribeAlarmsForMetric": {
            "MetricName": for_metric_filter("MetricName", "Load", ["walk-a", "walk-b"]),
            "Namespace": for_metric_filter("Namespace", "WalkNs", ["walk-a", "walk-b"]),
            "Statistic": for_metric_filter("Statistic", "Maximum", ["walk-b"]),
            "ExtendedStatistic": for_metric_filter("ExtendedStatistic", "p99", []),
            "Dimensions": for_metric_filter("Dimensions", [], ["walk-c"]),
            "Period": for_metric_filter("Period", 300, ["walk-b"]),
            "Unit": for_metric_filter("Unit", "Percent", ["walk-b"]),
        },
        "DisableAlarmActions": {"AlarmNames": actions_effect("DisableAlarmActions", False)},
        "EnableAlarmActions": {"AlarmNames": actions_effect("EnableAlarmActions", True)},
        "GetMetricData": {
            "MetricDataQueries": w.Effect(data_effect, "values"),
            "StartTime": w.Effect(data_effect, "window"),
            "EndTime": w.Effect(data_effect, "window"),
            "NextToken": w.HonourOrRefuse("walk-token", lambda a, r: "walk-token"),
            "ScanBy": w.Effect(lambda: w.expect(
                query(ScanBy="TimestampAscending")[0]["Values"] == [7.0], "ScanBy"), "order"),
            "MaxDatapoints": w.HonourOrRefuse(100, lambda a, r: 100),
            "LabelOptions": w.HonourOrRefuse({"Timezone": "+0130"}, lambda a, r: {"Timezone": "+0130"}),
        },
        "GetMetricStatistics": dict({m: w.Effect(stats_effect, "the data asked for") for m in (
            "Namespace", "MetricName", "Dimensions", "StartTime", "EndTime", "Period", "Statistics", "Unit")},
            ExtendedStatistics=w.HonourOrRefuse(["p90"], lambda a, r: sorted(
                a["Datapoints"][0].get("ExtendedStatistics", {})) if a["Datapoints"] else [],
                base=lambda: dict({k: v for k, v in BASE["GetMetricStatistics"]().items() if k != "Statistics"},
                                  Dimensions=dims))),
        "ListMetrics": {
            "Namespace": list_filter("Namespace", "WalkOther", lambda m: m[0] == "WalkOther"),
            "MetricName": list_filter("MetricName", "Other", lambda m: m[1] == "Other"),
            "Dimensions": list_filter("Dimensions", [{"Name": "Walk"}], lambda m: m == ("WalkNs", "Load")),
            "NextToken": w.Effect(lambda: w.refused(E, "ListMetrics", {"NextToken": "not-issued-here"}, "NextToken"),
                                  "token"),
            "RecentlyActive": w.Effect(lambda: w.expect(("WalkNs", "Load") in list_metrics(RecentlyActive="PT3H"),
                                                        "RecentlyActive PT3H"), "recent ones"),
            "IncludeLinkedAccounts": w.HonourOrRefuse(True, lambda a, r: True),
            "OwningAccount": w.HonourOrRefuse("111122223333", lambda a, r: "111122223333"),
        },
        "PutMetricData": {
            "Namespace": w.Effect(put_data_effect, "stored"),
            "MetricData": w.Effect(put_data_effect, "stored"),
            "EntityMetricData": w.HonourOrRefuse([{"Entity": {"KeyAttributes": {"Type": "Service"}},
                                                   "MetricData": [{"MetricName": "E", "Value": 1.0}]}],
                                                 lambda a, r: r["EntityMetricData"]),
            "StrictEntityValidation": w.HonourOrRefuse(True, lambda a, r: True),
        },
        "SetAlarmState": {
            "AlarmName": w.Echo("walk-b", lambda a, r: state_read(a, r)["AlarmName"]),
            "StateValue": w.Echo("ALARM", lambda a, r: state_read(a, r)["StateValue"]),
            "StateReason": w.Echo("walk reason", lambda a, r: state_read(a, r)["StateReason"]),
            "StateReasonData": w.Echo('{"walk": 1}', lambda a, r: state_read(a, r).get("StateReasonData")),
        },
        "ListTagsForResource": {"ResourceARN": w.Effect(tag_effect, "its tags")},
        "TagResource": {"ResourceARN": w.Effect(tag_effect, "tagged"), "Tags": w.Effect(tag_effect, "tagged")},
        "UntagResource": {"ResourceARN": w.Effect(untag_effect, "untagged"),
                          "TagKeys": w.Effect(untag_effect, "untagged")},
        "DeleteAlarms": {"AlarmNames": w.Effect(delete_effect, "gone")},
    }


# ------------------------------------------------------------------------------------------------
# Application Auto Scaling
# ------------------------------------------------------------------------------------------------

def autoscaling(ctx, w):
    E = "application-autoscaling"
    NS, DIM = "ecs", "ecs:service:DesiredCount"

    def c(op, params=None):
        return w.call(E, op, params or {})

    w.call("ecs", "RegisterTaskDefinition", {"family": "walk-aas", "containerDefinitions": [
        {"name": "x", "image": "fleetdeck/demo-web:1", "memory": 16}]})

    def service(name):
        w.call("ecs", "CreateService", {"cluster": "default", "serviceName": name, "taskDefinition": "walk-aas",
                                        "desiredCount": 0})
        return f"service/default/{name}"

    def target(rid, **extra):
        params = {"ServiceNamespace": NS, "ResourceId": rid, "ScalableDimension": DIM, "MinCapacity": 0,
                  "MaxCapacity": 2}
        params.update(extra)
        return c("RegisterScalableTarget", params)

    ctx.rid = service("walk-scaled")
    ctx.rid2 = service("walk-scaled2")
    ctx.target_arn = target(ctx.rid)["ScalableTargetARN"]
    target(ctx.rid2)
    # Two scaling activities: the minimum raised twice. Each raise is waited for: two raises inside one
    # pass of the scaling controller would be one activity (0 -> 2), and paging needs two.
    def raise_min(rid, minimum):
        before = len(c("DescribeScalingActivities", {"ServiceNamespace": NS, "ResourceId": rid,
                                                      "ScalableDimension": DIM})["ScalingActivities"])
        target(rid, MinCapacity=minimum)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if len(c("DescribeScalingActivities", {"ServiceNamespace": NS, "ResourceId": rid,
                                                   "ScalableDimension": DIM})["ScalingActivities"]) > before:
                return
            time.sleep(0.1)
        raise w.Failed(f"raising {rid}'s minimum to {minimum} recorded no scaling activity in 20 s")

    raise_min(ctx.rid, 1)
    raise_min(ctx.rid, 2)
    target(ctx.rid2, MinCapacity=1)
    scope = {"ServiceNamespace": NS, "ResourceId": ctx.rid, "ScalableDimension": DIM}
    tt = {"TargetValue": 50.0, "PredefinedMetricSpecification": {
        "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}

    def policy(name, rid=None, **extra):
        params = dict(scope, PolicyName=name, PolicyType="TargetTrackingScaling",
                      TargetTrackingScalingPolicyConfiguration=tt)
        if rid:
            params["ResourceId"] = rid
        params.update(extra)
        return c("PutScalingPolicy", params)

    def scheduled(name, rid=None, **extra):
        params = dict(scope, ScheduledActionName=name, Schedule="cron(0 1 * * ? *)",
                      ScalableTargetAction={"MinCapacity": 1})
        if rid:
            params["ResourceId"] = rid
        params.update(extra)
        return c("PutScheduledAction", params)

    policy("walk-p1")
    policy("walk-p2")
    policy("walk-p3", rid=ctx.rid2)
    scheduled("walk-s1")
    scheduled("walk-s2")
    scheduled("walk-s3", rid=ctx.rid2)

    def target_of(a, r):
        got = c("DescribeScalableTargets", {"ServiceNamespace": NS, "ResourceIds": [r["ResourceId"]]})
        w.expect(got["ScalableTargets"], f"no scalable target {r['ResourceId']}")
        return got["ScalableTargets"][0]

    def policy_of(a, r):
        got = c("DescribeScalingPolicies", {"ServiceNamespace": NS, "ResourceId": r["ResourceId"],
                                            "PolicyNames": [r["PolicyName"]]})["ScalingPolicies"]
        w.expect(got, f"no policy {r['PolicyName']}")
        return got[0]

    def action_of(a, r):
        got = c("DescribeScheduledActions", {"ServiceNamespace": NS, "ResourceId": r["ResourceId"],
                                             "ScheduledActionNames": [r["ScheduledActionName"]]})["ScheduledActions"]
        w.expect(got, f"no scheduled action {r['ScheduledActionName']}")
        return got[0]

    def field(reader, name):
        return lambda a, r: reader(a, r).get(name)

    def time_close(sent, got):
        return isinstance(got, (int, float)) and abs(got - sent) < 1

    tags = {"walk": "yes"}

    def describe_scope(op, items, extra=None):
        """ServiceNamespace, ResourceId and ScalableDimension narrow a describe to their scalable target."""
        def check():
            base = dict(extra or {})
            mine = c(op, dict(base, **scope))[items] if op != "DescribeScalableTargets" else c(op, dict(
                base, ServiceNamespace=NS, ScalableDimension=DIM, ResourceIds=[ctx.rid]))[items]
            w.expect(mine and all(i["ResourceId"] == ctx.rid and i["ScalableDimension"] == DIM and
                                  i["ServiceNamespace"] == NS for i in mine), f"{op} scoped: {str(mine)[:200]}")
            everything = c(op, dict(base, ServiceNamespace=NS))[items]
            w.expect(len(everything) > len(mine), f"{op}: ResourceId does not narrow the answer")
            try:
                other = c(op, dict(base, ServiceNamespace="dynamodb"))[items]
                w.expect(not other, f"{op} ServiceNamespace dynamodb: {str(other)[:120]}")
            except w.ApiError as e:
                w.expect("ServiceNamespace" in e.message or "dynamodb" in e.message, str(e))
        return w.Effect(check, "scope")

    def pages(op, items, base):
        return paging(w, E, op, base, items, "MaxResults", "NextToken", "NextToken", 51)

    def tag_effect():
        c("TagResource", {"ResourceARN": ctx.target_arn, "Tags": {"walk-t": "1"}})
        got = c("ListTagsForResource", {"ResourceARN": ctx.target_arn})["Tags"]
        w.expect(got.get("walk-t") == "1", f"TagResource: {got}")

    def untag_effect():
        c("TagResource", {"ResourceARN": ctx.target_arn, "Tags": {"walk-u": "1"}})
        c("UntagResource", {"ResourceARN": ctx.target_arn, "TagKeys": ["walk-u"]})
        got = c("ListTagsForResource", {"ResourceARN": ctx.target_arn})["Tags"]
        w.expect("walk-u" not in got, f"UntagResource: {got}")

    def delete_policy_effect():
        name = w.fresh("walk-pdel")
        policy(name)
        c("DeleteScalingPolicy", dict(scope, PolicyName=name))
        w.expect(not c("DescribeScalingPolicies", dict(scope, PolicyNames=[name]))["ScalingPolicies"],
                 "DeleteScalingPolicy: still there")

    def delete_action_effect():
        name = w.fresh("walk-sdel")
        scheduled(name)
        c("DeleteScheduledAction", dict(scope, ScheduledActionName=name))
        w.expect(not c("DescribeScheduledActions", dict(scope, ScheduledActionNames=[name]))["ScheduledActions"],
                 "DeleteScheduledAction: still there")

    def deregister_effect():
        rid = service(w.fresh("walk-dereg"))
        target(rid)
        c("DeregisterScalableTarget", {"ServiceNamespace": NS, "ResourceId": rid, "ScalableDimension": DIM})
        w.expect(not c("DescribeScalableTargets", {"ServiceNamespace": NS, "ResourceIds": [rid]})["ScalableTargets"],
                 "DeregisterScalableTarget: still there")

    def activities_not_scaled():
        got = c("DescribeScalingActivities", dict(scope, IncludeNotScaledActivities=True))["ScalingActivities"]
        w.expect(got, "IncludeNotScaledActivities: no activities")

    BASE = w.BASE.setdefault(E, {})
    BASE.update({
        "DescribeScalableTargets": lambda: {"ServiceNamespace": NS},
        "DescribeScalingActivities": lambda: dict(scope),
        "DescribeScalingPolicies": lambda: dict(scope),
        "DescribeScheduledActions": lambda: dict(scope),
        "ListTagsForResource": lambda: {"ResourceARN": ctx.target_arn},
        "PutScalingPolicy": lambda: dict(scope, PolicyName=w.fresh("walk-pol"), PolicyType="TargetTrackingScaling",
                                         TargetTrackingScalingPolicyConfiguration=tt),
        "PutScheduledAction": lambda: dict(scope, ScheduledActionName=w.fresh("walk-sch"),
                                           Schedule="cron(0 2 * * ? *)", ScalableTargetAction={"MinCapacity": 1}),
        "RegisterScalableTarget": lambda: {"ServiceNamespace": NS, "ResourceId": ctx.rid2, "ScalableDimension": DIM,
                                           "MinCapacity": 0, "MaxCapacity": 2},
        "TagResource": lambda: {"ResourceARN": ctx.target_arn, "Tags": {"k": "v"}},
        "UntagResource": lambda: {"ResourceARN": ctx.target_arn, "TagKeys": ["k"]},
        "DeleteScalingPolicy": lambda: dict(scope, PolicyName=policy(w.fresh("walk-pd")) and "walk-p-none"),
        "DeleteScheduledAction": lambda: dict(scope, ScheduledActionName="walk-s-none"),
        "DeregisterScalableTarget": lambda: {"ServiceNamespace": NS, "ResourceId": "service/default/walk-none",
                                             "ScalableDimension": DIM},
    })

    def step_base():
        return dict(BASE["PutScalingPolicy"](), PolicyType="StepScaling",
                    TargetTrackingScalingPolicyConfiguration=None)

    step = {"AdjustmentType": "ChangeInCapacity", "Cooldown": 60, "MetricAggregationType": "Average",
            "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}]}
    predictive = {"MetricSpecifications": [{"TargetValue": 40.0, "PredefinedMetricPairSpecification": {
        "PredefinedMetricType": "ECSServiceCPUUtilization"}}], "Mode": "ForecastOnly"}
    target_scope = {m: describe_scope("DescribeScalableTargets", "ScalableTargets") for m in ("ServiceNamespace",
                                                                                             "ScalableDimension")}
    return {
        "RegisterScalableTarget": {
            "ServiceNamespace": w.Echo(NS, field(target_of, "ServiceNamespace")),
            "ResourceId": w.Echo(ctx.rid2, field(target_of, "ResourceId")),
            "ScalableDimension": w.Echo(DIM, field(target_of, "ScalableDimension")),
            "MinCapacity": w.Echo(1, field(target_of, "MinCapacity")),
            "MaxCapacity": w.Echo(3, field(target_of, "MaxCapacity")),
            "RoleARN": w.HonourOrRefuse("arn:aws:iam::000000000000:role/walk-role", field(target_of, "RoleARN")),
            "SuspendedState": w.Echo({"DynamicScalingInSuspended": True, "DynamicScalingOutSuspended": False,
                                      "ScheduledScalingSuspended": False}, field(target_of, "SuspendedState")),
            "Tags": w.Echo(tags, lambda a, r: c("ListTagsForResource", {
                "ResourceARN": target_of(a, r)["ScalableTargetARN"]})["Tags"]),
        },
        "DescribeScalableTargets": dict(target_scope, **{
            "ResourceIds": selects(w, E, "DescribeScalableTargets", {"ServiceNamespace": NS}, "ResourceIds",
                                   [ctx.rid], "ScalableTargets", lambda t: t["ResourceId"] == ctx.rid),
            "MaxResults": pages("DescribeScalableTargets", "ScalableTargets", {"ServiceNamespace": NS}),
            "NextToken": pages("DescribeScalableTargets", "ScalableTargets", {"ServiceNamespace": NS}),
        }),
        "DescribeScalingActivities": {
            **{m: describe_scope("DescribeScalingActivities", "ScalingActivities")
               for m in ("ServiceNamespace", "ResourceId", "ScalableDimension")},
            "MaxResults": pages("DescribeScalingActivities", "ScalingActivities", dict(scope)),
            "NextToken": pages("DescribeScalingActivities", "ScalingActivities", dict(scope)),
            "IncludeNotScaledActivities": w.Effect(activities_not_scaled, "listed"),
        },
        "DescribeScalingPolicies": {
            **{m: describe_scope("DescribeScalingPolicies", "ScalingPolicies")
               for m in ("ServiceNamespace", "ResourceId", "ScalableDimension")},
            "PolicyNames": selects(w, E, "DescribeScalingPolicies", dict(scope), "PolicyNames", ["walk-p1"],
                                   "ScalingPolicies", lambda p: p["PolicyName"] == "walk-p1"),
            "MaxResults": pages("DescribeScalingPolicies", "ScalingPolicies", dict(scope)),
            "NextToken": pages("DescribeScalingPolicies", "ScalingPolicies", dict(scope)),
        },
        "DescribeScheduledActions": {
            **{m: describe_scope("DescribeScheduledActions", "ScheduledActions")
               for m in ("ServiceNamespace", "ResourceId", "ScalableDimension")},
            "ScheduledActionNames": selects(w, E, "DescribeScheduledActions", dict(scope), "ScheduledActionNames",
                                            ["walk-s1"], "ScheduledActions",
                                            lambda s: s["ScheduledActionName"] == "walk-s1"),
            "MaxResults": pages("DescribeScheduledActions", "ScheduledActions", dict(scope)),
            "NextToken": pages("DescribeScheduledActions", "ScheduledActions", dict(scope)),
        },
        "PutScalingPolicy": {
            "PolicyName": w.Echo(lambda: w.fresh("walk-pn"), field(policy_of, "PolicyName")),
            "ServiceNamespace": w.Echo(NS, field(policy_of, "ServiceNamespace")),
            "ResourceId": w.Echo(ctx.rid, field(policy_of, "ResourceId")),
            "ScalableDimension": w.Echo(DIM, field(policy_of, "ScalableDimension")),
            "PolicyType": w.Echo("TargetTrackingScaling", field(policy_of, "PolicyType")),
            "StepScalingPolicyConfiguration": w.Echo(step, field(policy_of, "StepScalingPolicyConfiguration"),
                                                     base=lambda: {k: v for k, v in step_base().items() if v}),
            "TargetTrackingScalingPolicyConfiguration": w.Echo(
                dict(tt, ScaleInCooldown=120, ScaleOutCooldown=30, DisableScaleIn=True),
                field(policy_of, "TargetTrackingScalingPolicyConfiguration")),
            "PredictiveScalingPolicyConfiguration": w.HonourOrRefuse(
                predictive, field(policy_of, "PredictiveScalingPolicyConfiguration"),
                base=lambda: dict({k: v for k, v in BASE["PutScalingPolicy"]().items()
                                   if k != "TargetTrackingScalingPolicyConfiguration"}, PolicyType="PredictiveScaling")),
        },
        "PutScheduledAction": {
            "ServiceNamespace": w.Echo(NS, field(action_of, "ServiceNamespace")),
            "Schedule": w.Echo("rate(5 minutes)", field(action_of, "Schedule")),
            "Timezone": w.Echo("Europe/Paris", field(action_of, "Timezone")),
            "ScheduledActionName": w.Echo(lambda: w.fresh("walk-sn"), field(action_of, "ScheduledActionName")),
            "ResourceId": w.Echo(ctx.rid2, field(action_of, "ResourceId")),
            "ScalableDimension": w.Echo(DIM, field(action_of, "ScalableDimension")),
            "StartTime": w.Echo(int(time.time()) + 86400, field(action_of, "StartTime"), compare=time_close),
            "EndTime": w.Echo(int(time.time()) + 2 * 86400, field(action_of, "EndTime"), compare=time_close),
            "ScalableTargetAction": w.Echo({"MinCapacity": 1, "MaxCapacity": 2}, field(action_of,
                                                                                         "ScalableTargetAction")),
        },
        "ListTagsForResource": {"ResourceARN": w.Effect(tag_effect, "its tags")},
        "TagResource": {"ResourceARN": w.Effect(tag_effect, "tagged"), "Tags": w.Effect(tag_effect, "tagged")},
        "UntagResource": {"ResourceARN": w.Effect(untag_effect, "untagged"),
                          "TagKeys": w.Effect(untag_effect, "untagged")},
        "DeleteScalingPolicy": {m: w.Effect(delete_policy_effect, "gone")
                                for m in ("PolicyName", "ServiceNamespace", "ResourceId", "ScalableDimension")},
        "DeleteScheduledAction": {m: w.Effect(delete_action_effect, "gone")
                                  for m in ("ScheduledActionName", "ServiceNamespace", "ResourceId",
                                            "ScalableDimension")},
        "DeregisterScalableTarget": {m: w.Effect(deregister_effect, "gone")
                                     for m in ("ServiceNamespace", "ResourceId", "ScalableDimension")},
    }


# ------------------------------------------------------------------------------------------------
# ECS, nested members: each member inside the top-level ones, honoured (ECHO: sent, it reads back at
# the same place) or refused naming it (REFUSE); the members below a refused one go with it.
# ------------------------------------------------------------------------------------------------

def nested_for(service, ctx, w):
    if service != "ecs":
        return {}
    return ecs_nested(ctx, w)


def ecs_nested(ctx, w):
    E, R = w.ECHO, w.REFUSE
    rd = ctx.readers

    def c(op, params):
        return w.call("ecs", op, params)

    # Fixtures: a target group and a task definition whose container listens on 8080, a cluster with
    # the Fargate capacity providers.
    tg = w.call("elbv2", "CreateTargetGroup", {"Name": "walk-nested-tg", "Protocol": "HTTP", "Port": 8080,
                                               "VpcId": "vpc-walk"})["TargetGroups"][0]["TargetGroupArn"]
    lb = w.call("elbv2", "CreateLoadBalancer", {"Name": "walk-nested-lb", "Subnets": ["subnet-a", "subnet-b"]})
    w.call("elbv2", "CreateListener", {"LoadBalancerArn": lb["LoadBalancers"][0]["LoadBalancerArn"], "Protocol": "HTTP",
                                       "Port": 8099, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]})
    c("RegisterTaskDefinition", {"family": "walk-lb", "containerDefinitions": [
        {"name": "web", "image": "fleetdeck/demo-web:1", "memory": 16, "portMappings": [{"containerPort": 8080}]}]})

    # Realistic values, by path (a list's item as "x[]") or by the member's name; the rest are made from
    # the model (first enum value, required members).
    values = {
        # task definitions
        "containerDefinitions[].cpu": 128, "memory": 64, "memoryReservation": 8, "links": ["side"],
        "containerDefinitions[].portMappings[]": {"containerPort": 8080, "hostPort": 0, "protocol": "tcp"},
        "containerPort": 8080, "hostPort": 0, "containerPortRange": "8080-8081", "protocol": "tcp",
        "containerDefinitions[].portMappings[].name": "http",
        "containerDefinitions[].environment[]": {"name": "A", "value": "1"},
        "containerDefinitions[].environmentFiles[]": {"value": "arn:aws:s3:::walk/a.env", "type": "s3"},
        "containerDefinitions[].mountPoints[]": {"sourceVolume": "scratch", "containerPath": "/scratch"},
        "sourceVolume": "scratch", "containerPath": "/scratch",
        "containerDefinitions[].volumesFrom[]": {"sourceContainer": "side"}, "sourceContainer": "side",
        "containerDefinitions[].dependsOn[]": {"containerName": "side", "condition": "START"},
        "containerDefinitions[].dependsOn[].containerName": "side",
        "containerDefinitions[].healthCheck": {"command": ["CMD-SHELL", "true"]},
        "containerDefinitions[].healthCheck.command": ["CMD-SHELL", "true"],
        "interval": 10, "timeout": 5, "retries": 2, "startPeriod": 5,
        "containerDefinitions[].logConfiguration": {"logDriver": "json-file"},
        "logDriver": "json-file", "containerDefinitions[].logConfiguration.options": {"max-size": "1m"},
        "containerDefinitions[].ulimits[]": {"name": "nofile", "softLimit": 1024, "hardLimit": 2048},
        "softLimit": 1024, "hardLimit": 2048, "stopTimeout": 20, "startTimeout": 30,
        "containerDefinitions[].image": "fleetdeck/demo-web:2", "containerDefinitions[].name": "web",
        "entryPoint": ["/demo-web"], "command": ["/demo-web", "--port", "8080"], "workingDirectory": "/",
        "hostname": "walk", "user": "1000", "dnsServers": ["127.0.0.53"],
        "placementConstraints[]": {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"},
        "placementConstraints[].type": "memberOf",
        "placementConstraints[].expression": "attribute:ecs.availability-zone == us-east-1a",
        "tags[]": {"key": "walk", "value": "nested"}, "key": "walk", "tags[].value": "nested",
        "volumes[]": {"name": "scratch", "host": {"sourcePath": "/tmp/walk"}}, "volumes[].name": "scratch",
        "sourcePath": "/tmp/walk",
        # services
        "loadBalancers[]": {"targetGroupArn": tg, "containerName": "web", "containerPort": 8080},
        "targetGroupArn": tg, "containerName": "web",
        "maximumPercent": 150, "minimumHealthyPercent": 50,
        "deploymentConfiguration.alarms": {"alarmNames": [], "enable": False, "rollback": False},
        "alarmNames": ["walk-alarm"],
        "placementStrategy[]": {"type": "spread", "field": "attribute:ecs.availability-zone"},
        "placementStrategy[].type": "spread", "placementStrategy[].field": "instanceId",
        # tasks
        "overrides.containerOverrides[]": {"name": "web"}, "overrides.containerOverrides[].name": "web",
        "overrides.containerOverrides[].environment[]": {"name": "A", "value": "1"},
        # clusters
        "settings[]": {"name": "containerInsights", "value": "enabled"}, "settings[].name": "containerInsights",
        "settings[].value": "enabled",
        "defaultCapacityProviderStrategy[]": {"capacityProvider": "FARGATE", "weight": 1},
        "capacityProvider": "FARGATE", "weight": 1, "base": 1,
        # container instances
        "totalResources[]": {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
        "totalResources[].name": "CPU", "totalResources[].type": "INTEGER", "integerValue": 2048,
        "attributes[]": {"name": "walk.nested", "value": "yes"}, "attributes[].name": "walk.nested",
        "attributes[].value": "yes", "totalResources[].longValue": 2048, "attributes[].targetId": ctx.instances[0],
    }

    def td_base():
        return {"family": w.fresh("walk-nested"), "volumes": [{"name": "scratch", "host": {"sourcePath": "/tmp/walk"}}],
                "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1", "memory": 16},
                                         {"name": "side", "image": "fleetdeck/demo-web:1", "memory": 16,
                                          "essential": False}]}

    def service_base():
        return {"cluster": "default", "serviceName": w.fresh("walk-nested"), "taskDefinition": "walk-lb",
                "desiredCount": 0}

    def update_base():
        return {"cluster": "default", "service": ctx.nested_service, "taskDefinition": "walk-lb"}

    ctx.nested_service = c("CreateService", service_base())["service"]["serviceName"]

    def cluster_base():
        return {"clusterName": w.fresh("walk-nested"), "capacityProviders": ["FARGATE", "FARGATE_SPOT"]}

    def update_cluster_base():
        return {"cluster": ctx.upd_cluster}

    def providers_base():
        return {"cluster": ctx.upd_cluster, "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
                "defaultCapacityProviderStrategy": []}

    def own_attributes(answer, request):
        ci = rd["instance"](answer, request)
        return dict(ci, attributes=[a for a in ci.get("attributes", []) if not a["name"].startswith("ecs.")])

    def own_resources(answer, request):
        """The instance as registered: its own attributes (not the ecs.* ones Fleetdeck adds) and its
        resources (totalResources in, registeredResources out)."""
        ci = own_attributes(answer, request)
        return dict(ci, totalResources=ci.get("registeredResources", []))

    def paths(kind, text):
        return {p: kind for p in text.split()}

    def listed_attributes(answer, request):
        name = request["attributes"][0]["name"]
        return {"attributes": c("ListAttributes", {"cluster": request.get("cluster", "default"),
                                                   "targetType": "container-instance",
                                                   "attributeName": name})["attributes"]}

    def listed_tags(answer, request):
        key = request["tags"][0].get("key")
        got = c("ListTagsForResource", {"resourceArn": request["resourceArn"]})["tags"]
        return {"tags": [t for t in got if t.get("key") == key]}

    def deployments_listed(answer, request):
        return {}  # createdAt filters: checked by Accepts below and by the top-level walk

    def deleted():
        """DeleteAttributes with name, value, targetType and targetId removes that attribute of that instance."""
        attr = {"name": "walk.deleted", "value": "v", "targetType": "container-instance", "targetId": ctx.instances[1]}
        c("PutAttributes", {"cluster": "default", "attributes": [attr]})
        c("DeleteAttributes", {"cluster": "default", "attributes": [attr]})
        left = c("ListAttributes", {"cluster": "default", "targetType": "container-instance",
                                    "attributeName": "walk.deleted"})["attributes"]
        w.expect(not left, f"DeleteAttributes {attr}: still listed {left}")

    td, svc, upd, run, start, cl, ucl, ucs, pcp, rci = ({} for _ in range(10))
    put_attrs, del_attrs, tag, list_deps = {}, {}, {}, {}
    put_attrs.update(paths(E, "attributes[].name attributes[].value attributes[].targetType attributes[].targetId"))
    del_attrs.update({p: w.Effect(deleted, "that attribute gone") for p in (
        "attributes[].name", "attributes[].value", "attributes[].targetType", "attributes[].targetId")})
    tag.update(paths(E, "tags[].key tags[].value"))
    list_deps.update({p: w.Effect(ctx.effects["deployments created"], "deployments created before/after")
                      for p in ("createdAt.before", "createdAt.after")})
    # RegisterTaskDefinition
    td.update(paths(E, """
        containerDefinitions[].name containerDefinitions[].image containerDefinitions[].repositoryCredentials
        containerDefinitions[].repositoryCredentials.credentialsParameter containerDefinitions[].cpu
        containerDefinitions[].memory containerDefinitions[].memoryReservation containerDefinitions[].links
        containerDefinitions[].portMappings containerDefinitions[].portMappings[].containerPort
        containerDefinitions[].portMappings[].hostPort containerDefinitions[].portMappings[].protocol
        containerDefinitions[].portMappings[].name containerDefinitions[].portMappings[].appProtocol
        containerDefinitions[].portMappings[].containerPortRange containerDefinitions[].essential
        containerDefinitions[].restartPolicy containerDefinitions[].restartPolicy.enabled
        containerDefinitions[].restartPolicy.ignoredExitCodes
        containerDefinitions[].restartPolicy.restartAttemptPeriod containerDefinitions[].entryPoint
        containerDefinitions[].command containerDefinitions[].environment
        containerDefinitions[].environment[].name containerDefinitions[].environment[].value
        containerDefinitions[].environmentFiles containerDefinitions[].environmentFiles[].value
        containerDefinitions[].environmentFiles[].type containerDefinitions[].mountPoints
        containerDefinitions[].mountPoints[].sourceVolume containerDefinitions[].mountPoints[].containerPath
        containerDefinitions[].mountPoints[].readOnly containerDefinitions[].volumesFrom
        containerDefinitions[].volumesFrom[].sourceContainer containerDefinitions[].volumesFrom[].readOnly
        containerDefinitions[].linuxParameters containerDefinitions[].linuxParameters.capabilities
        containerDefinitions[].linuxParameters.capabilities.add
        containerDefinitions[].linuxParameters.capabilities.drop containerDefinitions[].linuxParameters.devices
        containerDefinitions[].linuxParameters.devices[].hostPath
        containerDefinitions[].linuxParameters.devices[].containerPath
        containerDefinitions[].linuxParameters.devices[].permissions
        containerDefinitions[].linuxParameters.initProcessEnabled
        containerDefinitions[].linuxParameters.sharedMemorySize containerDefinitions[].linuxParameters.tmpfs
        containerDefinitions[].linuxParameters.tmpfs[].containerPath
        containerDefinitions[].linuxParameters.tmpfs[].size
        containerDefinitions[].linuxParameters.tmpfs[].mountOptions
        containerDefinitions[].linuxParameters.maxSwap containerDefinitions[].linuxParameters.swappiness
        containerDefinitions[].secrets containerDefinitions[].secrets[].name
        containerDefinitions[].secrets[].valueFrom containerDefinitions[].dependsOn
        containerDefinitions[].dependsOn[].containerName containerDefinitions[].dependsOn[].condition
        containerDefinitions[].startTimeout containerDefinitions[].stopTimeout
        containerDefinitions[].versionConsistency containerDefinitions[].hostname containerDefinitions[].user
        containerDefinitions[].workingDirectory containerDefinitions[].disableNetworking
        containerDefinitions[].privileged containerDefinitions[].readonlyRootFilesystem
        containerDefinitions[].dnsServers containerDefinitions[].dnsSearchDomains
        containerDefinitions[].extraHosts containerDefinitions[].extraHosts[].hostname
        containerDefinitions[].extraHosts[].ipAddress containerDefinitions[].dockerSecurityOptions
        containerDefinitions[].interactive containerDefinitions[].pseudoTerminal
        containerDefinitions[].dockerLabels containerDefinitions[].ulimits containerDefinitions[].ulimits[].name
        containerDefinitions[].ulimits[].softLimit containerDefinitions[].ulimits[].hardLimit
        containerDefinitions[].logConfiguration containerDefinitions[].logConfiguration.logDriver
        containerDefinitions[].logConfiguration.options containerDefinitions[].logConfiguration.secretOptions
        containerDefinitions[].logConfiguration.secretOptions[].name
        containerDefinitions[].logConfiguration.secretOptions[].valueFrom containerDefinitions[].healthCheck
        containerDefinitions[].healthCheck.command containerDefinitions[].healthCheck.interval
        containerDefinitions[].healthCheck.timeout containerDefinitions[].healthCheck.retries
        containerDefinitions[].healthCheck.startPeriod containerDefinitions[].systemControls
        containerDefinitions[].systemControls[].namespace containerDefinitions[].systemControls[].value
        containerDefinitions[].resourceRequirements containerDefinitions[].resourceRequirements[].value
        containerDefinitions[].resourceRequirements[].type containerDefinitions[].firelensConfiguration
        containerDefinitions[].firelensConfiguration.type containerDefinitions[].firelensConfiguration.options
        containerDefinitions[].credentialSpecs volumes[].name volumes[].host volumes[].host.sourcePath
        volumes[].dockerVolumeConfiguration volumes[].dockerVolumeConfiguration.scope
        volumes[].dockerVolumeConfiguration.autoprovision volumes[].dockerVolumeConfiguration.driver
        volumes[].dockerVolumeConfiguration.driverOpts volumes[].dockerVolumeConfiguration.labels
        volumes[].efsVolumeConfiguration volumes[].efsVolumeConfiguration.fileSystemId
        volumes[].efsVolumeConfiguration.rootDirectory volumes[].efsVolumeConfiguration.transitEncryption
        volumes[].efsVolumeConfiguration.transitEncryptionPort
        volumes[].efsVolumeConfiguration.authorizationConfig
        volumes[].efsVolumeConfiguration.authorizationConfig.accessPointId
        volumes[].efsVolumeConfiguration.authorizationConfig.iam volumes[].s3filesVolumeConfiguration
        volumes[].s3filesVolumeConfiguration.fileSystemArn volumes[].s3filesVolumeConfiguration.rootDirectory
        volumes[].s3filesVolumeConfiguration.transitEncryptionPort
        volumes[].s3filesVolumeConfiguration.accessPointArn volumes[].fsxWindowsFileServerVolumeConfiguration
        volumes[].fsxWindowsFileServerVolumeConfiguration.fileSystemId
        volumes[].fsxWindowsFileServerVolumeConfiguration.rootDirectory
        volumes[].fsxWindowsFileServerVolumeConfiguration.authorizationConfig
        volumes[].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.credentialsParameter
        volumes[].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.domain
        volumes[].configuredAtLaunch placementConstraints[].type placementConstraints[].expression tags[].key
        tags[].value proxyConfiguration.type proxyConfiguration.containerName proxyConfiguration.properties
        proxyConfiguration.properties[].name proxyConfiguration.properties[].value
        inferenceAccelerators[].deviceName inferenceAccelerators[].deviceType ephemeralStorage.sizeInGiB
        runtimePlatform.cpuArchitecture runtimePlatform.operatingSystemFamily
    """))
    # CreateService
    svc.update(paths(E, """
        loadBalancers[].targetGroupArn loadBalancers[].containerName loadBalancers[].containerPort
        deploymentConfiguration.deploymentCircuitBreaker deploymentConfiguration.deploymentCircuitBreaker.enable
        deploymentConfiguration.deploymentCircuitBreaker.rollback deploymentConfiguration.maximumPercent
        deploymentConfiguration.minimumHealthyPercent
        placementConstraints[].type placementConstraints[].expression placementStrategy[].type
        placementStrategy[].field deploymentController.type tags[].key tags[].value
    """))
    svc.update(paths(R, """
        loadBalancers[].loadBalancerName loadBalancers[].advancedConfiguration
        deploymentConfiguration.bakeTimeInMinutes deploymentConfiguration.lifecycleHooks
        deploymentConfiguration.linearConfiguration deploymentConfiguration.canaryConfiguration
    """))
    # UpdateService
    upd.update(paths(E, """
        deploymentConfiguration.deploymentCircuitBreaker deploymentConfiguration.deploymentCircuitBreaker.enable
        deploymentConfiguration.deploymentCircuitBreaker.rollback deploymentConfiguration.maximumPercent
        deploymentConfiguration.minimumHealthyPercent
        placementConstraints[].type placementConstraints[].expression placementStrategy[].type
        placementStrategy[].field deploymentController.type loadBalancers[].targetGroupArn
        loadBalancers[].containerName loadBalancers[].containerPort
    """))
    upd.update(paths(R, """
        deploymentConfiguration.bakeTimeInMinutes
        deploymentConfiguration.lifecycleHooks deploymentConfiguration.linearConfiguration
        deploymentConfiguration.canaryConfiguration loadBalancers[].loadBalancerName
        loadBalancers[].advancedConfiguration
    """))
    # RunTask
    run.update(paths(E, """
        overrides.containerOverrides overrides.containerOverrides[].name overrides.containerOverrides[].command
        overrides.containerOverrides[].environment overrides.containerOverrides[].environment[].name
        overrides.containerOverrides[].environment[].value tags[].key tags[].value
    """))
    run.update(paths(R, """
        overrides.containerOverrides[].environmentFiles overrides.containerOverrides[].cpu
        overrides.containerOverrides[].memory overrides.containerOverrides[].memoryReservation
        overrides.containerOverrides[].resourceRequirements overrides.cpu
        overrides.inferenceAcceleratorOverrides overrides.executionRoleArn overrides.memory
        overrides.taskRoleArn overrides.ephemeralStorage
    """))
    # StartTask
    start.update(paths(E, """
        overrides.containerOverrides overrides.containerOverrides[].name overrides.containerOverrides[].command
        overrides.containerOverrides[].environment overrides.containerOverrides[].environment[].name
        overrides.containerOverrides[].environment[].value tags[].key tags[].value
    """))
    start.update(paths(R, """
        overrides.containerOverrides[].environmentFiles overrides.containerOverrides[].cpu
        overrides.containerOverrides[].memory overrides.containerOverrides[].memoryReservation
        overrides.containerOverrides[].resourceRequirements overrides.cpu
        overrides.inferenceAcceleratorOverrides overrides.executionRoleArn overrides.memory
        overrides.taskRoleArn overrides.ephemeralStorage
    """))
    # CreateCluster
    cl.update(paths(E, """
        tags[].key tags[].value settings[].name settings[].value configuration.executeCommandConfiguration
        configuration.executeCommandConfiguration.logging defaultCapacityProviderStrategy[].capacityProvider
        defaultCapacityProviderStrategy[].weight defaultCapacityProviderStrategy[].base
    """))
    cl.update(paths(R, """
        configuration.executeCommandConfiguration.kmsKeyId
        configuration.executeCommandConfiguration.logConfiguration configuration.managedStorageConfiguration
    """))
    # UpdateCluster
    ucl.update(paths(E, """
        settings[].name settings[].value configuration.executeCommandConfiguration
        configuration.executeCommandConfiguration.logging
    """))
    ucl.update(paths(R, """
        configuration.executeCommandConfiguration.kmsKeyId
        configuration.executeCommandConfiguration.logConfiguration configuration.managedStorageConfiguration
    """))
    # UpdateClusterSettings
    ucs.update(paths(E, """
        settings[].name settings[].value
    """))
    # PutClusterCapacityProviders
    pcp.update(paths(E, """
        defaultCapacityProviderStrategy[].capacityProvider defaultCapacityProviderStrategy[].weight
        defaultCapacityProviderStrategy[].base
    """))
    # RegisterContainerInstance
    rci.update(paths(E, """
        attributes[].name attributes[].value tags[].key tags[].value
    """))
    rci.update(paths(R, """
        totalResources[].doubleValue totalResources[].stringSetValue
        attributes[].targetId
    """))
    # Only what Fleetdeck emulates: rolling updates, no alarms watched (the circuit breaker rolls back).
    for t in (svc, upd):
        t.update({
            "deploymentConfiguration.strategy": w.Accepts("BLUE_GREEN", "rolling updates only", echo=True),
            "deploymentConfiguration.alarms": w.Accepts({"alarmNames": ["walk-alarm"], "enable": True,
                                                         "rollback": True}, "no alarms watched", echo=True),
            "deploymentConfiguration.alarms.alarmNames": R, "deploymentConfiguration.alarms.enable": R,
            "deploymentConfiguration.alarms.rollback": R,
        })
    # Read nowhere (a task does not show the placement it was given): accepted, and a wrong one refused.
    run.update({
        "placementConstraints[].type": w.Accepts("nextTo", "memberOf keeps the task in a zone (walked above)"),
        "placementConstraints[].expression": w.Accepts("attribute:ecs.availability-zone ==",
                                                       "memberOf's expression in the cluster query language"),
        "placementStrategy[].type": w.Accepts("zigzag", "spread, binpack or random"),
        "placementStrategy[].field": w.Accepts("attribute:", "the attribute or instanceId spread over"),
    })
    # The launch members' insides: the top-level walk sends networkConfiguration and
    # capacityProviderStrategy whole on a fitting request (an awsvpc definition, the Fargate cluster)
    # and compares what reads back (services: the whole structure; tasks: the ENI's subnet and the
    # capacity provider chosen); TestScenarioBoto3 and TestFargateApi run them end to end.
    vpc = ("networkConfiguration.awsvpcConfiguration networkConfiguration.awsvpcConfiguration.subnets "
           "networkConfiguration.awsvpcConfiguration.securityGroups "
           "networkConfiguration.awsvpcConfiguration.assignPublicIp")
    strategy = ("capacityProviderStrategy[].capacityProvider capacityProviderStrategy[].weight "
                "capacityProviderStrategy[].base")
    for t, members in ((svc, vpc + " " + strategy), (upd, vpc + " " + strategy), (run, vpc + " " + strategy),
                       (start, vpc)):
        t.update({p: w.Whole("read back with its parent by the top-level walk") for p in members.split()})
    rci.update({
        "totalResources[].name": E, "totalResources[].type": E, "totalResources[].integerValue": E,
        "totalResources[].longValue": w.Accepts(4096, "the amount, when integerValue is not given"),
        "attributes[].targetType": w.Accepts("task", "the instance being registered"),
    })
    return {
        "RegisterTaskDefinition": (rd["td"], td, values, td_base),
        "CreateService": (rd["service"], svc, values, service_base),
        "UpdateService": (rd["service"], upd, values, update_base),
        "RunTask": (rd["task"], run, values, None),
        "StartTask": (rd["task"], start, values, None),
        "CreateCluster": (rd["cluster"], cl, values, cluster_base),
        "UpdateCluster": (rd["cluster"], ucl, values, update_cluster_base),
        "UpdateClusterSettings": (rd["cluster"], ucs, values, None),
        "PutClusterCapacityProviders": (rd["cluster"], pcp, values, providers_base),
        "RegisterContainerInstance": (own_resources, rci, values, None),
        "PutAttributes": (listed_attributes, put_attrs, values, None),
        "DeleteAttributes": (listed_attributes, del_attrs, values, None),
        "TagResource": (listed_tags, tag, values, None),
        "ListServiceDeployments": (deployments_listed, list_deps, values, None),
    }
