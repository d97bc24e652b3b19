#!/usr/bin/env python3
"""The ECS scenario a boto3 user runs, end to end over HTTP, on the EC2 and on the FARGATE launch type.

For each launch type: a cluster with tags and settings, a task definition whose cpu and memory are
strings ("0.25 vCPU", "0.5GB"), RunTask and StopTask with the tasks_running and tasks_stopped waiters,
a service with every option Fleetdeck honours (read back as written, ECS's defaults filled), an update
(new revision and count) waited for with services_stable, a delete waited for with services_inactive,
and the paginators of the list calls. FARGATE tasks must have no container instance, an ENI attachment
with its own loopback address, platform version 1.4.0 and the zone of their subnet. Then the FARGATE
refusals: each error's code and message as ECS gives them.

Usage: scenario_boto3.py <path of the fleetdeck binary>. Starts `fleetdeck --headless --runtime
simulated` on a free loopback port and a temporary data directory; exits 0 when every check passes.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

try:
    import boto3
    import botocore.exceptions
except ImportError:
    print("scenario_boto3: boto3 is not importable by " + sys.executable +
          " (install python3-boto3, or pip install boto3)", file=sys.stderr)
    sys.exit(1)

DEADLINE_S = 240  # the whole scenario, start-up included
REGION = "eu-west-3"
FAST = {"Delay": 1, "MaxAttempts": 90}  # the waiters poll every second here (ECS's delays are 6 to 15 s)

checks = 0
problems = []


def check(cond, text):
    global checks
    checks += 1
    if not cond:
        problems.append(text)
        print("FAIL: " + text, flush=True)


def refused(call, code, message, **params):
    """The call fails with exactly `code`; its message equals `message` (or contains it when it ends with …)."""
    try:
        call(**params)
    except botocore.exceptions.ClientError as e:
        got_code, got = e.response["Error"]["Code"], e.response["Error"]["Message"]
        ok = got.startswith(message[:-1]) if message.endswith("…") else got == message
        check(got_code == code and ok, f"{call.__name__}: expected {code} '{message}', got {got_code} '{got}'")
        return
    check(False, f"{call.__name__} {params}: accepted, expected {code} '{message}'")


def paginate(ecs, op, key, **params):
    """Every item through the paginator, one a page, and the same list in one call."""
    pages = list(ecs.get_paginator(op).paginate(PaginationConfig={"PageSize": 1}, **params))
    items = [i for p in pages for i in p[key]]
    whole = getattr(ecs, op)(**params)[key]
    check(sorted(items) == sorted(whole) and len(pages) >= len(whole),
          f"{op} paginator: {len(items)} items in {len(pages)} pages, {len(whole)} in one call")
    return items


def detail(task, name):
    for a in task.get("attachments", []):
        if a["type"] == "ElasticNetworkInterface":
            return {d["name"]: d["value"] for d in a["details"]}.get(name)
    return None


def zones(ecs):
    """The zones of the default cluster's instances (one each): a subnet named after one is in it."""
    arns = ecs.list_container_instances(cluster="default")["containerInstanceArns"]
    out = set()
    for ci in ecs.describe_container_instances(cluster="default", containerInstances=arns)["containerInstances"]:
        out.update(a["value"] for a in ci["attributes"] if a["name"] == "ecs.availability-zone")
    return sorted(out)


def scenario(ecs, launch):
    fargate = launch == "FARGATE"
    low = launch.lower()
    tags = [{"key": "course", "value": "ecs-101"}, {"key": "half", "value": low}]
    subnets = ["subnet-" + z for z in zones(ecs)[:2]]
    check(len(subnets) == 2, f"two zones expected: {subnets}")
    network = {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": ["sg-0123456789abcdef0"],
                                       "assignPublicIp": "DISABLED"}}

    # A cluster with tags and settings (and, for FARGATE, its capacity providers). The EC2 half runs
    # on the default cluster, whose three simulated instances a new cluster does not have: it gets
    # the same settings and tags through UpdateClusterSettings and TagResource.
    made = ecs.create_cluster(clusterName=f"scenario-{low}", tags=tags,
                              settings=[{"name": "containerInsights", "value": "enabled"}],
                              capacityProviders=["FARGATE", "FARGATE_SPOT"] if fargate else [])["cluster"]
    if fargate:
        cluster = made["clusterName"]
    else:
        cluster = "default"
        ecs.update_cluster_settings(cluster=cluster, settings=[{"name": "containerInsights", "value": "enabled"}])
        ecs.tag_resource(resourceArn=ecs.describe_clusters(clusters=[cluster])["clusters"][0]["clusterArn"], tags=tags)
    c = ecs.describe_clusters(clusters=[cluster], include=["TAGS", "SETTINGS"])["clusters"][0]
    check(c["settings"] == [{"name": "containerInsights", "value": "enabled"}], f"{launch} cluster settings: {c}")
    check(sorted(c["tags"], key=lambda t: t["key"]) == tags, f"{launch} cluster tags: {c.get('tags')}")
    if fargate:
        check(c["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"], f"capacity providers: {c['capacityProviders']}")

    # A task definition with string cpu and memory, stored as ECS's integer strings.
    family = f"scenario-{low}"
    definition = {"family": family, "cpu": "0.25 vCPU", "memory": "0.5GB",
                  "requiresCompatibilities": [launch],
                  "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1", "essential": True,
                                            "portMappings": [{"containerPort": 8080}]}]}
    if fargate:
        definition["networkMode"] = "awsvpc"
    td = ecs.register_task_definition(**definition)["taskDefinition"]
    check(td["cpu"] == "256" and td["memory"] == "512", f"{launch} cpu/memory: {td['cpu']}/{td['memory']}")
    check(td["requiresCompatibilities"] == [launch], f"requiresCompatibilities: {td['requiresCompatibilities']}")
    check(td["compatibilities"] == (["EC2", "FARGATE"] if fargate else ["EC2"]),
          f"{launch} compatibilities: {td['compatibilities']}")
    launch_args = {"launchType": launch}
    if fargate:
        launch_args["networkConfiguration"] = network

    # Run two tasks, wait for them, stop them, wait again.
    run = ecs.run_task(cluster=cluster, taskDefinition=family, count=2, startedBy="scenario", **launch_args)
    check(len(run["tasks"]) == 2 and not run["failures"], f"{launch} run_task: {run['failures']}")
    arns = [t["taskArn"] for t in run["tasks"]]
    ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=arns, WaiterConfig=FAST)
    tasks = ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"]
    for t in tasks:
        check(t["lastStatus"] == "RUNNING" and t["launchType"] == launch, f"{launch} task: {t['lastStatus']}")
        check(t["cpu"] == "256" and t["memory"] == "512", f"{launch} task size: {t['cpu']}/{t['memory']}")
        check(t.get("availabilityZone") in zones(ecs), f"{launch} zone: {t.get('availabilityZone')}")
        if fargate:
            address = detail(t, "privateIPv4Address") or ""
            check("containerInstanceArn" not in t, f"FARGATE task on an instance: {t.get('containerInstanceArn')}")
            check(t.get("platformVersion") == "1.4.0" and t.get("platformFamily") == "Linux",
                  f"platform: {t.get('platformVersion')} {t.get('platformFamily')}")
            check(re.fullmatch(r"127\.\d+\.\d+\.\d+", address) is not None, f"ENI address: {address!r}")
            check(detail(t, "subnetId") in subnets and t["availabilityZone"] == detail(t, "subnetId")[7:],
                  f"subnet {detail(t, 'subnetId')} zone {t['availabilityZone']}")
            check(detail(t, "privateDnsName") == "ip-" + address.replace(".", "-") + ".ec2.internal",
                  f"private DNS name: {detail(t, 'privateDnsName')}")
            check(t["containers"][0]["networkInterfaces"][0]["privateIpv4Address"] == address,
                  f"container network interfaces: {t['containers'][0]['networkInterfaces']}")
        else:
            check("containerInstanceArn" in t and not t.get("attachments"), f"EC2 task: {t.get('attachments')}")
    addresses = {detail(t, "privateIPv4Address") for t in tasks}
    if fargate:
        check(len(addresses) == 2, f"two FARGATE tasks share an address: {addresses}")
    listed = paginate(ecs, "list_tasks", "taskArns", cluster=cluster, startedBy="scenario")
    check(sorted(listed) == sorted(arns), f"{launch} list_tasks: {listed}")
    check(sorted(ecs.list_tasks(cluster=cluster, launchType=launch, startedBy="scenario")["taskArns"]) == sorted(arns),
          f"{launch} list_tasks launchType filter")
    for arn in arns:
        ecs.stop_task(cluster=cluster, task=arn, reason="scenario done")
    ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=arns, WaiterConfig=FAST)
    for t in ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"]:
        check(t["stopCode"] == "UserInitiated" and t["stoppedReason"] == "scenario done",
              f"{launch} stopped: {t.get('stopCode')} {t.get('stoppedReason')}")
        if fargate:
            eni = [a for a in t["attachments"] if a["type"] == "ElasticNetworkInterface"]
            check(eni and eni[0]["status"] == "DELETED", f"FARGATE stopped task's ENI: {eni}")

    # A service with every option, read back as written.
    options = dict(
        cluster=cluster, serviceName=f"scenario-{low}", taskDefinition=family, desiredCount=2,
        deploymentConfiguration={"maximumPercent": 200, "minimumHealthyPercent": 50,
                                 "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        healthCheckGracePeriodSeconds=30, schedulingStrategy="REPLICA", deploymentController={"type": "ECS"},
        enableECSManagedTags=True, propagateTags="SERVICE", enableExecuteCommand=False,
        availabilityZoneRebalancing="DISABLED", tags=tags, clientToken=f"scenario-{low}", **launch_args)
    if fargate:
        options["platformVersion"] = "LATEST"
    else:
        options["placementStrategy"] = [{"type": "spread", "field": "attribute:ecs.availability-zone"}]
        options["placementConstraints"] = [{"type": "distinctInstance"}]
    service = ecs.create_service(**options)["service"]
    again = ecs.create_service(**options)["service"]  # the same clientToken: the same service
    check(again["serviceArn"] == service["serviceArn"], "clientToken: a second service")
    name = service["serviceName"]
    ecs.get_waiter("services_stable").wait(cluster=cluster, services=[name], WaiterConfig=FAST)
    s = ecs.describe_services(cluster=cluster, services=[name], include=["TAGS"])["services"][0]
    expected = {"launchType": launch, "desiredCount": 2, "runningCount": 2, "schedulingStrategy": "REPLICA",
                "healthCheckGracePeriodSeconds": 30, "enableECSManagedTags": True, "propagateTags": "SERVICE",
                "enableExecuteCommand": False, "availabilityZoneRebalancing": "DISABLED",
                "deploymentController": {"type": "ECS"},
                # ECS fills in the rolling strategy and the (unused) alarms when they are not given.
                "deploymentConfiguration": dict(options["deploymentConfiguration"], strategy="ROLLING", alarms={
                    "alarmNames": [], "rollback": False, "enable": False})}
    if fargate:
        expected.update(platformVersion="LATEST", platformFamily="Linux", networkConfiguration=network)
    else:
        expected.update(placementStrategy=options["placementStrategy"],
                        placementConstraints=options["placementConstraints"])
    for key, value in expected.items():
        check(s.get(key) == value, f"{launch} service {key}: {s.get(key)!r}, expected {value!r}")
    check(sorted(s["tags"], key=lambda t: t["key"]) == tags, f"{launch} service tags: {s.get('tags')}")
    primary = s["deployments"][0]
    check(primary["launchType"] == launch and primary.get("networkConfiguration") == expected.get("networkConfiguration"),
          f"{launch} deployment: {primary}")
    check("capacityProviderStrategy" not in s, f"{launch} service with a strategy: {s.get('capacityProviderStrategy')}")
    if fargate:
        for t in ecs.describe_tasks(cluster=cluster, tasks=ecs.list_tasks(cluster=cluster, serviceName=name)[
                "taskArns"])["tasks"]:
            check(t["launchType"] == "FARGATE" and detail(t, "privateIPv4Address"), f"service task: {t}")

    # Update: a new revision and one more task; stable again.
    definition["containerDefinitions"][0]["environment"] = [{"name": "VERSION", "value": "2"}]
    td2 = ecs.register_task_definition(**definition)["taskDefinition"]
    update = {"cluster": cluster, "service": name, "taskDefinition": td2["taskDefinitionArn"], "desiredCount": 3}
    if fargate:
        update["networkConfiguration"] = {"awsvpcConfiguration": {"subnets": subnets[:1]}}
    ecs.update_service(**update)
    ecs.get_waiter("services_stable").wait(cluster=cluster, services=[name], WaiterConfig=FAST)
    s = ecs.describe_services(cluster=cluster, services=[name])["services"][0]
    check(s["taskDefinition"] == td2["taskDefinitionArn"] and s["runningCount"] == 3 and len(s["deployments"]) == 1,
          f"{launch} after update: {s['taskDefinition']} running {s['runningCount']} {len(s['deployments'])} deployments")
    if fargate:
        check(s["networkConfiguration"] == {"awsvpcConfiguration": {"subnets": subnets[:1], "securityGroups": [],
                                                                    "assignPublicIp": "DISABLED"}},
              f"updated network configuration (ECS's defaults filled): {s['networkConfiguration']}")
    paginate(ecs, "list_services", "serviceArns", cluster=cluster)
    paginate(ecs, "list_task_definitions", "taskDefinitionArns", familyPrefix=family)

    # Delete: inactive once drained.
    ecs.update_service(cluster=cluster, service=name, desiredCount=0)
    ecs.delete_service(cluster=cluster, service=name)
    ecs.get_waiter("services_inactive").wait(cluster=cluster, services=[name], WaiterConfig=FAST)
    s = ecs.describe_services(cluster=cluster, services=[name])["services"][0]
    check(s["status"] == "INACTIVE", f"{launch} deleted service: {s['status']}")


def fargate_refusals(ecs):
    cluster = "scenario-fargate"
    network = {"awsvpcConfiguration": {"subnets": ["subnet-" + zones(ecs)[0]]}}
    ecs.register_task_definition(family="scenario-bridge", cpu="256", memory="512",
                                 containerDefinitions=[{"name": "web", "image": "fleetdeck/demo-web:1"}])
    refused(ecs.register_task_definition, "ClientException",
            "No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS "
            "documentation for the valid values. With 256 CPU units Fargate offers 512, 1024 or 2048 MiB of memory.",
            family="scenario-big", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256",
            memory="4096", containerDefinitions=[{"name": "web", "image": "fleetdeck/demo-web:1"}])
    refused(ecs.run_task, "InvalidParameterException",
            "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
            cluster=cluster, taskDefinition="scenario-fargate", launchType="FARGATE")
    refused(ecs.run_task, "InvalidParameterException", "Task definition does not support launch_type FARGATE.",
            cluster=cluster, taskDefinition="scenario-bridge", launchType="FARGATE")
    refused(ecs.run_task, "InvalidParameterException", "…",  # any message, checked below to name both members
            cluster=cluster, taskDefinition="scenario-fargate", launchType="FARGATE", networkConfiguration=network,
            capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}])
    try:
        ecs.run_task(cluster=cluster, taskDefinition="scenario-fargate", launchType="FARGATE",
                     networkConfiguration=network, capacityProviderStrategy=[{"capacityProvider": "FARGATE"}])
    except botocore.exceptions.ClientError as e:
        m = e.response["Error"]["Message"]
        check("launchType" in m and "capacityProviderStrategy" in m, f"both members named: {m}")
    try:
        ecs.run_task(cluster=cluster, taskDefinition="scenario-fargate", launchType="FARGATE",
                     networkConfiguration=network, platformVersion="9.9.9")
        check(False, "platformVersion 9.9.9 accepted")
    except botocore.exceptions.ClientError as e:
        check(e.response["Error"]["Code"] == "InvalidParameterException" and "9.9.9" in e.response["Error"]["Message"],
              f"platformVersion 9.9.9: {e.response['Error']}")
    try:  # the default cluster has no Fargate capacity providers
        ecs.run_task(cluster="default", taskDefinition="scenario-fargate", networkConfiguration=network,
                     capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}])
        check(False, "FARGATE_SPOT on a cluster without it accepted")
    except botocore.exceptions.ClientError as e:
        check(e.response["Error"]["Code"] == "InvalidParameterException" and
              "FARGATE_SPOT" in e.response["Error"]["Message"], f"provider not associated: {e.response['Error']}")
    refused(ecs.run_task, "InvalidParameterException",
            "networkConfiguration.awsvpcConfiguration.assignPublicIp: must be ENABLED or DISABLED (got YES)",
            cluster=cluster, taskDefinition="scenario-fargate", launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-a"], "assignPublicIp": "YES"}})
    refused(ecs.run_task, "InvalidParameterException",
            "launchType: EXTERNAL is not available: Fleetdeck runs tasks on its own container instances (EC2) and on "
            "Fargate (FARGATE)", cluster=cluster, taskDefinition="scenario-fargate", launchType="EXTERNAL")


def main():
    if len(sys.argv) != 2:
        print("usage: scenario_boto3.py <fleetdeck binary>", file=sys.stderr)
        return 2
    started = time.monotonic()
    data_dir = tempfile.mkdtemp(prefix="fd-boto3-")
    proc = subprocess.Popen([sys.argv[1], "--headless", "--runtime", "simulated", "--speed", "20",
                             "--data-dir", data_dir, "--api-port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    killer = threading.Timer(DEADLINE_S, proc.kill)
    killer.start()
    endpoint = None
    try:
        for line in proc.stdout:
            m = re.search(r"api:\s+(http://127\.0\.0\.1:\d+)", line)
            if m:
                endpoint = m.group(1)
                break
        if not endpoint:
            print("scenario_boto3: fleetdeck did not report its API address", file=sys.stderr)
            return 1
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        ecs = boto3.client("ecs", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="AKIDSCENARIO",
                           aws_secret_access_key="scenario")
        for launch in ("EC2", "FARGATE"):
            try:
                scenario(ecs, launch)
            except Exception as e:  # a waiter that gave up, an unexpected error: reported, the rest still runs
                check(False, f"{launch} scenario stopped: {type(e).__name__}: {e}")
        fargate_refusals(ecs)
        paginate(ecs, "list_clusters", "clusterArns")
        paginate(ecs, "list_container_instances", "containerInstanceArns", cluster="default")
    finally:
        killer.cancel()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"scenario_boto3: {checks - len(problems)} passed, {len(problems)} failed "
          f"({time.monotonic() - started:.1f} s)", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
