#!/usr/bin/env python3
"""ECS answers as botocore's model describes them, what a client writes read back, ECS's error words.

Three parts, each its own CTest test (the first argument after the binary picks it):

* shapes: a scenario that calls every ECS operation Fleetdeck implements with realistic arguments
  (a tagged cluster with settings, a task definition with most optional fields, tasks, a service with
  a load balancer, its deployments, attributes, capacity providers, account settings, protection) and
  checks every answer recursively against the operation's output shape: no member the model lacks,
  JSON types as the model's (timestamps as epoch seconds), enum values in the model's enum, required
  members present, no nulls, string lengths and integer ranges within the model's bounds. An
  implemented operation the scenario does not call fails the test, so one added later is not skipped.
* readback: a task definition with every optional field Fleetdeck honours, a service with every option
  and a cluster with settings, configuration and tags, written with boto3, described back and compared
  member by member; the defaults ECS fills in are listed here, each by name.
* errors: a table of the error cases Fleetdeck implements and ECS's code and message for each
  (ECS-SEMANTICS.md §2.3, §6 and issue 13), asked over the wire and compared exactly.

Usage: ecs_shapes.py <fleetdeck binary> shapes|readback|errors. Starts `fleetdeck --headless --runtime
simulated` on a free loopback port with a temporary data directory; exits 0 when all passes.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request

try:
    import botocore.loaders
except ImportError:
    print("ecs_shapes: botocore is not importable by " + sys.executable +
          " (install python3-boto3, or pip install boto3)", file=sys.stderr)
    sys.exit(1)

DEADLINE_S = 100  # one part, start-up included
REGION = "eu-west-3"
ACCOUNT = "000000000000"
TARGET = "AmazonEC2ContainerServiceV20141113"

MODEL = botocore.loaders.Loader().load_service_model("ecs", "service-2")
SHAPES = MODEL["shapes"]
problems = []
endpoint = None


def problem(text):
    problems.append(text)
    print("FAIL: " + text, flush=True)


class ApiError(Exception):
    def __init__(self, code, message, status):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


def raw(operation, params):
    """One ECS call over HTTP: (status, decoded JSON body)."""
    scope = f"AKIDSHAPES/20260101/{REGION}/ecs/aws4_request"
    headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=00",
               "X-Amz-Target": f"{TARGET}.{operation}", "Content-Type": "application/x-amz-json-1.1"}
    request = urllib.request.Request(endpoint, data=json.dumps(params).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def error_of(status, body):
    code = body.get("__type", "").split("#")[-1].split(":")[0]
    return ApiError(code, body.get("message", body.get("Message", "")), status)


# --------------------------------------------------------------------------------------------------
# The strict output check
# --------------------------------------------------------------------------------------------------

EPOCH_2000, EPOCH_2100 = 946684800, 4102444800
JSON_TYPES = {"string": (str,), "blob": (str,), "integer": (int,), "long": (int,), "double": (int, float),
              "float": (int, float), "boolean": (bool,), "timestamp": (int, float), "structure": (dict,),
              "list": (list,), "map": (dict,)}


# Members ECS fills in on every answer that holds the shape, though the model does not mark them required
# (ECS's describe answers for the EC2 launch type; issue 13: "response shapes complete as AWS fills them").
# A client that reads them (a waiter, a tool comparing a second run) must find them.
ALWAYS = {
    "Task": ["attachments", "attributes", "availabilityZone", "clusterArn", "containerInstanceArn", "containers",
             "cpu", "createdAt", "desiredStatus", "enableExecuteCommand", "group", "healthStatus", "lastStatus",
             "launchType", "memory", "overrides", "taskArn", "taskDefinitionArn", "version"],
    "Container": ["containerArn", "taskArn", "name", "image", "lastStatus", "networkBindings", "networkInterfaces",
                  "healthStatus"],
    "TaskOverride": ["containerOverrides", "inferenceAcceleratorOverrides"],
    "Service": ["serviceArn", "serviceName", "clusterArn", "loadBalancers", "serviceRegistries", "status",
                "desiredCount", "runningCount", "pendingCount", "taskDefinition", "deploymentConfiguration",
                "deployments", "events", "createdAt", "placementConstraints", "placementStrategy",
                "schedulingStrategy", "createdBy", "enableECSManagedTags", "propagateTags", "enableExecuteCommand",
                "deploymentController", "availabilityZoneRebalancing"],
    "Deployment": ["id", "status", "taskDefinition", "desiredCount", "pendingCount", "runningCount", "failedTasks",
                   "createdAt", "updatedAt", "rolloutState", "rolloutStateReason"],
    "Cluster": ["clusterArn", "clusterName", "status", "registeredContainerInstancesCount", "runningTasksCount",
                "pendingTasksCount", "activeServicesCount", "statistics", "capacityProviders",
                "defaultCapacityProviderStrategy"],
    "TaskDefinition": ["taskDefinitionArn", "containerDefinitions", "family", "revision", "volumes", "status",
                       "requiresAttributes", "placementConstraints", "compatibilities", "registeredAt",
                       "registeredBy"],
    "ContainerDefinition": ["name", "image", "cpu", "portMappings", "essential", "environment", "mountPoints",
                            "volumesFrom"],
    "ContainerInstance": ["containerInstanceArn", "ec2InstanceId", "versionInfo", "remainingResources",
                          "registeredResources", "status", "agentConnected", "runningTasksCount", "pendingTasksCount",
                          "attributes", "registeredAt", "attachments"],
    "Failure": ["arn", "reason"],
    "Setting": ["name", "value", "principalArn", "type"],
    "ProtectedTask": ["taskArn", "protectionEnabled"],
    "ServiceDeployment": ["serviceDeploymentArn", "serviceArn", "clusterArn", "createdAt", "status",
                          "targetServiceRevision", "deploymentConfiguration"],
    "ServiceDeploymentBrief": ["serviceDeploymentArn", "serviceArn", "clusterArn", "createdAt", "status",
                               "targetServiceRevisionArn"],
    "ServiceRevision": ["serviceRevisionArn", "serviceArn", "clusterArn", "taskDefinition", "createdAt",
                        "launchType", "containerImages"],
    "CapacityProvider": ["capacityProviderArn", "name", "status"],
}


def validate(shape_name, value, where):
    """Checks `value` against the model's shape `shape_name`; every finding is a problem naming `where`."""
    sh = SHAPES[shape_name]
    t = sh["type"]
    if value is None:
        problem(f"{where}: null, where the model has a {t} ({shape_name}); ECS leaves an absent member out")
        return
    ok = isinstance(value, JSON_TYPES[t]) and (t == "boolean" or not isinstance(value, bool))
    if not ok:
        problem(f"{where}: {t} ({shape_name}) expected, got {type(value).__name__} {json.dumps(value)[:80]}")
        return
    if t == "string":
        if "enum" in sh and value not in sh["enum"]:
            problem(f"{where}: {value!r} is not one of {shape_name}'s values {sh['enum']}")
        if "min" in sh and len(value) < sh["min"] or "max" in sh and len(value) > sh["max"]:
            problem(f"{where}: {value!r} has {len(value)} characters, {shape_name} takes "
                    f"{sh.get('min', 0)} to {sh.get('max', 'any')}")
    elif t in ("integer", "long"):
        if "min" in sh and value < sh["min"] or "max" in sh and value > sh["max"]:
            problem(f"{where}: {value} is outside {shape_name}'s range {sh.get('min')}..{sh.get('max')}")
    elif t == "timestamp":
        if not EPOCH_2000 < value < EPOCH_2100:
            problem(f"{where}: {value} is not a time in epoch seconds")
    elif t == "structure":
        for k in ALWAYS.get(shape_name, []):
            if k not in value:
                problem(f"{where}: {k} missing; ECS fills it in on every {shape_name}")
        for k in sh.get("required", []):
            if k not in value:
                problem(f"{where}: required member {k} of {shape_name} missing (has {sorted(value)})")
        for k, v in value.items():
            if k not in sh["members"]:
                problem(f"{where}.{k}: not a member of {shape_name} in the model")
            else:
                validate(sh["members"][k]["shape"], v, f"{where}.{k}")
    elif t == "list":
        if "min" in sh and len(value) < sh["min"] or "max" in sh and len(value) > sh["max"]:
            problem(f"{where}: {len(value)} items, {shape_name} takes {sh.get('min', 0)} to {sh.get('max')}")
        for i, v in enumerate(value):
            validate(sh["member"]["shape"], v, f"{where}[{i}]")
    elif t == "map":
        for k, v in value.items():
            validate(sh["key"]["shape"], k, f"{where} key {k!r}")
            validate(sh["value"]["shape"], v, f"{where}[{k!r}]")


answered = {}  # operation: how many answers were checked


def call(operation, params=None):
    """A call whose answer must succeed; the answer is checked against the output shape."""
    status, body = raw(operation, params or {})
    if status != 200:
        raise error_of(status, body)
    op = MODEL["operations"][operation]
    if "output" in op:
        validate(op["output"]["shape"], body, operation)
    elif body:
        problem(f"{operation}: the model has no output, answered {json.dumps(body)[:120]}")
    answered[operation] = answered.get(operation, 0) + 1
    return body


def implemented():
    ops = []
    for op in sorted(MODEL["operations"]):
        status, body = raw(op, {})
        if status != 200 and error_of(status, body).code == "UnknownOperationException":
            continue
        ops.append(op)
    return ops


def wait_for(what, fn, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


# --------------------------------------------------------------------------------------------------
# Part 1: every implemented operation, answers checked against the output shapes
# --------------------------------------------------------------------------------------------------

# Operations Fleetdeck refuses as a whole (saying why and what to use instead): their answer is an
# error, so there is no output to check; each must still be refused, not answered.
REFUSED_OPERATIONS = {
    "ExecuteCommand": {"cluster": "default", "task": "x", "command": "/bin/sh", "interactive": True},
    "ListServicesByNamespace": {"namespace": "shapes-ns"},
    "CreateTaskSet": {"cluster": "default", "service": "shapes-web", "taskDefinition": "shapes-web"},
    "UpdateTaskSet": {"cluster": "default", "service": "shapes-web", "taskSet": "ecs-svc/1",
                      "scale": {"value": 50, "unit": "PERCENT"}},
    "DeleteTaskSet": {"cluster": "default", "service": "shapes-web", "taskSet": "ecs-svc/1"},
    "DescribeTaskSets": {"cluster": "default", "service": "shapes-web"},
    "UpdateServicePrimaryTaskSet": {"cluster": "default", "service": "shapes-web", "primaryTaskSet": "ecs-svc/1"},
    # Only FARGATE and FARGATE_SPOT exist until Fleetdeck has EC2 Auto Scaling groups: both are reserved.
    "CreateCapacityProvider": {"name": "shapes-cp", "autoScalingGroupProvider": {
        "autoScalingGroupArn": f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:0:autoScalingGroupName/asg"}},
    "UpdateCapacityProvider": {"name": "FARGATE", "autoScalingGroupProvider": {"managedScaling": {"status": "ENABLED"}}},
    "DeleteCapacityProvider": {"capacityProvider": "FARGATE"},
}

TAGS = [{"key": "team", "value": "shapes"}, {"key": "empty", "value": ""}]


def full_task_definition(family):
    """A task definition with most optional fields Fleetdeck keeps (the read-back part compares them)."""
    return {
        "family": family,
        "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/shapes-task",
        "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/shapes-exec",
        "networkMode": "bridge",
        "requiresCompatibilities": ["EC2"],
        "cpu": "256",
        "memory": "512",
        "pidMode": "task",
        "ipcMode": "task",
        "volumes": [{"name": "scratch", "host": {"sourcePath": "/tmp/shapes"}}],
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}],
        "ephemeralStorage": {"sizeInGiB": 30},
        "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
        "tags": TAGS,
        "containerDefinitions": [{
            "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 128, "memory": 64, "memoryReservation": 32,
            "essential": True,
            "portMappings": [{"containerPort": 8080, "hostPort": 0, "protocol": "tcp", "name": "http"}],
            "environment": [{"name": "GREETING", "value": "hello"}],
            "command": ["/demo-web", "--port", "8080"],
            "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 10, "timeout": 3, "retries": 2,
                            "startPeriod": 5},
            "mountPoints": [{"sourceVolume": "scratch", "containerPath": "/scratch", "readOnly": False}],
            "logConfiguration": {"logDriver": "json-file", "options": {"max-size": "1m"}},
            "dockerLabels": {"course": "ecs"},
            "stopTimeout": 20,
            "startTimeout": 60,
            "workingDirectory": "/",
            "entryPoint": ["/demo-web"],
            "hostname": "shapes-web",
            "user": "1000",
            "dnsServers": ["127.0.0.53"],
            "extraHosts": [{"hostname": "db.local", "ipAddress": "127.0.0.2"}],
            "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}],
            "readonlyRootFilesystem": False,
            "interactive": False,
            "pseudoTerminal": False,
            "linuxParameters": {"initProcessEnabled": True, "tmpfs": [{"containerPath": "/run", "size": 64}]},
            "systemControls": [{"namespace": "net.core.somaxconn", "value": "1024"}],
        }, {
            "name": "sidecar", "image": "fleetdeck/demo-web:1", "memory": 32, "essential": False,
            "dependsOn": [{"containerName": "web", "condition": "START"}],
            "volumesFrom": [{"sourceContainer": "web", "readOnly": True}],
            "links": ["web:web-host"],
        }],
    }


def shapes():
    ops = implemented()
    print(f"ecs: {len(ops)} implemented operations", flush=True)
    c = call

    # Clusters, settings and capacity providers.
    c("CreateCluster", {"clusterName": "shapes", "tags": TAGS,
                        "settings": [{"name": "containerInsights", "value": "enabled"}],
                        "configuration": {"executeCommandConfiguration": {"logging": "DEFAULT"}}})
    c("DescribeClusters", {"clusters": ["default", "shapes", "shapes-none"],
                           "include": ["TAGS", "SETTINGS", "CONFIGURATIONS", "STATISTICS", "ATTACHMENTS"]})
    c("DescribeClusters", {})
    c("ListClusters", {"maxResults": 1})
    c("UpdateCluster", {"cluster": "shapes", "settings": [{"name": "containerInsights", "value": "disabled"}]})
    c("UpdateClusterSettings", {"cluster": "shapes", "settings": [{"name": "containerInsights", "value": "enhanced"}]})
    c("PutClusterCapacityProviders", {"cluster": "shapes", "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
                                      "defaultCapacityProviderStrategy": [
                                          {"capacityProvider": "FARGATE", "weight": 1, "base": 1}]})
    c("DescribeCapacityProviders", {"capacityProviders": ["FARGATE", "FARGATE_SPOT", "shapes-none"], "include": ["TAGS"]})
    c("DescribeCapacityProviders", {"cluster": "shapes"})

    # Account settings.
    someone = f"arn:aws:iam::{ACCOUNT}:user/shapes"
    c("PutAccountSetting", {"name": "containerInsights", "value": "enabled", "principalArn": someone})
    c("PutAccountSettingDefault", {"name": "awsvpcTrunking", "value": "enabled"})
    c("ListAccountSettings", {"effectiveSettings": True})
    c("ListAccountSettings", {"principalArn": someone, "maxResults": 2})
    c("DeleteAccountSetting", {"name": "containerInsights", "principalArn": someone})

    # Container instances and attributes.
    instances = c("ListContainerInstances", {"cluster": "default"})["containerInstanceArns"]
    c("DescribeContainerInstances", {"cluster": "default", "containerInstances": instances + ["0" * 32],
                                     "include": ["TAGS"]})
    doc = json.dumps({"instanceId": "i-0123456789abcdef0", "instanceType": "t3.small",
                      "availabilityZone": "us-east-1a", "region": "us-east-1"})
    joined = c("RegisterContainerInstance", {
        "cluster": "shapes", "instanceIdentityDocument": doc, "tags": TAGS,
        "attributes": [{"name": "shapes.shelf", "value": "top"}],
        "totalResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 2048},
                           {"name": "MEMORY", "type": "INTEGER", "integerValue": 3900}]})
    joined_arn = joined["containerInstance"]["containerInstanceArn"]
    c("UpdateContainerInstancesState", {"cluster": "shapes", "containerInstances": [joined_arn, "0" * 32],
                                        "status": "DRAINING"})
    c("PutAttributes", {"cluster": "default", "attributes": [
        {"name": "shapes.colour", "value": "red", "targetType": "container-instance", "targetId": instances[0]}]})
    c("ListAttributes", {"cluster": "default", "targetType": "container-instance", "attributeName": "shapes.colour"})
    c("ListAttributes", {"cluster": "default", "targetType": "container-instance"})
    c("DeleteAttributes", {"cluster": "default", "attributes": [
        {"name": "shapes.colour", "targetType": "container-instance", "targetId": instances[0]}]})

    # Task definitions.
    full = c("RegisterTaskDefinition", full_task_definition("shapes-full"))
    c("RegisterTaskDefinition", {"family": "shapes-web", "containerDefinitions": [
        {"name": "web", "image": "fleetdeck/demo-web:1", "memory": 16,
         "portMappings": [{"containerPort": 8080}]}]})
    c("RegisterTaskDefinition", {"family": "shapes-web", "containerDefinitions": [
        {"name": "web", "image": "fleetdeck/demo-web:2", "memory": 16,
         "portMappings": [{"containerPort": 8080}]}]})
    c("RegisterTaskDefinition", {"family": "shapes-slow", "containerDefinitions": [{
        "name": "web", "image": "fleetdeck/demo-web:2", "memory": 16,
        "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 300, "timeout": 5,
                        "retries": 1}}]})
    c("DescribeTaskDefinition", {"taskDefinition": full["taskDefinition"]["taskDefinitionArn"], "include": ["TAGS"]})
    c("DescribeTaskDefinition", {"taskDefinition": "shapes-web"})
    c("ListTaskDefinitions", {"familyPrefix": "shapes", "sort": "DESC", "maxResults": 2})
    c("ListTaskDefinitionFamilies", {"familyPrefix": "shapes", "status": "ALL"})
    gone = c("RegisterTaskDefinition", {"family": "shapes-gone", "containerDefinitions": [
        {"name": "x", "image": "fleetdeck/demo-web:1", "memory": 16}]})["taskDefinition"]["taskDefinitionArn"]
    c("DeregisterTaskDefinition", {"taskDefinition": gone})
    c("DeleteTaskDefinitions", {"taskDefinitions": [gone, "shapes-web:1", "shapes-none:1"]})

    # Tasks.
    ran = c("RunTask", {"cluster": "default", "taskDefinition": "shapes-full", "count": 2, "group": "shapes",
                        "startedBy": "shapes-test", "tags": TAGS, "enableECSManagedTags": True,
                        "propagateTags": "TASK_DEFINITION", "launchType": "EC2",
                        "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"},
                                              {"type": "binpack", "field": "memory"}],
                        "placementConstraints": [{"type": "distinctInstance"}],
                        "overrides": {"containerOverrides": [{"name": "web", "command": ["/demo-web", "--fast"],
                                                              "environment": [{"name": "A", "value": "1"}]}]}})
    task_arns = [t["taskArn"] for t in ran["tasks"]]
    started = c("StartTask", {"cluster": "default", "taskDefinition": "shapes-web",
                              "containerInstances": [instances[1]], "startedBy": "shapes-test", "tags": TAGS})
    c("RunTask", {"cluster": "default", "taskDefinition": "shapes-web", "count": 10,
                  "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type == none"}]})
    c("DescribeTasks", {"cluster": "default", "tasks": task_arns + ["0" * 32], "include": ["TAGS"]})
    wait_for("the tasks to run", lambda: all(
        t["lastStatus"] == "RUNNING" for t in c("DescribeTasks", {"cluster": "default", "tasks": task_arns})["tasks"]))
    c("DescribeTasks", {"cluster": "default", "tasks": task_arns, "include": ["TAGS"]})
    c("StopTask", {"cluster": "default", "task": started["tasks"][0]["taskArn"], "reason": "shapes says stop"})
    c("DescribeTasks", {"cluster": "default", "tasks": [started["tasks"][0]["taskArn"]]})
    c("ListTasks", {"cluster": "default", "family": "shapes-full", "maxResults": 1})
    c("ListTasks", {"cluster": "default", "desiredStatus": "STOPPED"})
    c("GetTaskProtection", {"cluster": "default", "tasks": task_arns})

    # Services, their deployments and revisions.
    c("CreateService", {"cluster": "default", "serviceName": "shapes-web", "taskDefinition": "shapes-web:1",
                        "desiredCount": 2, "launchType": "EC2", "schedulingStrategy": "REPLICA",
                        "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 50,
                                                    "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
                        "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
                        "placementConstraints": [{"type": "distinctInstance"}],
                        "healthCheckGracePeriodSeconds": 0, "enableECSManagedTags": True, "propagateTags": "SERVICE",
                        "tags": TAGS, "clientToken": "shapes-token"})
    c("CreateService", {"cluster": "default", "serviceName": "shapes-daemon", "taskDefinition": "shapes-web:1",
                        "schedulingStrategy": "DAEMON"})
    wait_for("shapes-web's tasks", lambda: c("DescribeServices", {"cluster": "default", "services": ["shapes-web"]})
             ["services"][0]["runningCount"] == 2)
    service_tasks = c("ListTasks", {"cluster": "default", "serviceName": "shapes-web"})["taskArns"]
    c("UpdateTaskProtection", {"cluster": "default", "tasks": service_tasks[:1] + ["0" * 32],
                               "protectionEnabled": True, "expiresInMinutes": 60})
    c("GetTaskProtection", {"cluster": "default", "tasks": service_tasks})
    c("UpdateTaskProtection", {"cluster": "default", "tasks": service_tasks[:1], "protectionEnabled": False})
    # Down to no tasks with the new revision: the deployment finishes without waiting for steady state.
    c("UpdateService", {"cluster": "default", "service": "shapes-web", "taskDefinition": "shapes-web:2",
                        "desiredCount": 0})
    c("DescribeServices", {"cluster": "default", "services": ["shapes-web", "shapes-daemon", "shapes-none"],
                           "include": ["TAGS"]})
    c("ListServices", {"cluster": "default", "launchType": "EC2", "maxResults": 1})
    c("ListServices", {"cluster": "default", "schedulingStrategy": "DAEMON"})

    def finished():
        got = c("ListServiceDeployments", {"cluster": "default", "service": "shapes-web"})["serviceDeployments"]
        return got if len(got) >= 2 and all(d["status"] != "IN_PROGRESS" for d in got) else None

    deployments = wait_for("shapes-web's update to finish", finished, 40)
    described = c("DescribeServiceDeployments", {
        "serviceDeploymentArns": [d["serviceDeploymentArn"] for d in deployments] +
        [deployments[0]["serviceDeploymentArn"].rsplit("/", 1)[0] + "/999999"]})
    revisions = {d.get("targetServiceRevision", {}).get("arn") for d in described["serviceDeployments"]}
    revisions |= {r.get("arn") for d in described["serviceDeployments"] for r in d.get("sourceServiceRevisions", [])}
    c("DescribeServiceRevisions", {"serviceRevisionArns": sorted(r for r in revisions if r)})
    c("ListServiceDeployments", {"cluster": "default", "service": "shapes-web", "status": ["SUCCESSFUL"]})
    c("UpdateService", {"cluster": "default", "service": "shapes-web", "taskDefinition": "shapes-slow",
                        "desiredCount": 1})
    rolling = c("ListServiceDeployments", {"cluster": "default", "service": "shapes-web",
                                           "status": ["IN_PROGRESS", "PENDING"]})["serviceDeployments"]
    if rolling:
        c("StopServiceDeployment", {"serviceDeploymentArn": rolling[0]["serviceDeploymentArn"],
                                    "stopType": "ROLLBACK"})
        c("DescribeServiceDeployments", {"serviceDeploymentArns": [rolling[0]["serviceDeploymentArn"]]})
    else:
        problem("UpdateService to shapes-slow: no deployment in progress to stop")

    # Tags.
    cluster_arn = c("DescribeClusters", {"clusters": ["shapes"]})["clusters"][0]["clusterArn"]
    c("TagResource", {"resourceArn": cluster_arn, "tags": [{"key": "added", "value": "1"}]})
    c("ListTagsForResource", {"resourceArn": cluster_arn})
    c("UntagResource", {"resourceArn": cluster_arn, "tagKeys": ["added"]})

    # Deletions.
    c("DeleteService", {"cluster": "default", "service": "shapes-daemon", "force": True})
    c("DescribeServices", {"cluster": "default", "services": ["shapes-daemon"]})
    c("DeregisterContainerInstance", {"cluster": "shapes", "containerInstance": joined_arn, "force": True})
    c("DescribeContainerInstances", {"cluster": "shapes", "containerInstances": [joined_arn]})
    c("PutClusterCapacityProviders", {"cluster": "shapes", "capacityProviders": [],
                                      "defaultCapacityProviderStrategy": []})
    c("DeleteCluster", {"cluster": "shapes"})
    c("DescribeClusters", {"clusters": ["shapes"]})

    for op, params in REFUSED_OPERATIONS.items():
        if op not in ops:
            continue
        status, body = raw(op, params)
        if status == 200:
            problem(f"{op}: answered {json.dumps(body)[:120]}; add it to the scenario so its answer is checked")
        else:
            err = error_of(status, body)
            if not err.message:
                problem(f"{op}: refused as {err.code} without a message saying why")
            answered[op] = answered.get(op, 0) + 1
    missing = [op for op in ops if op not in answered]
    if missing:
        problem(f"implemented operations the scenario does not call, so their answers are not checked: "
                f"{', '.join(missing)}")
    print(f"ecs: {sum(answered.values())} answers of {len(answered)} operations checked", flush=True)


# --------------------------------------------------------------------------------------------------
# Part 3: error words, code and message as ECS gives them
# --------------------------------------------------------------------------------------------------

def error_cases():
    """(what, operation, request, code, message) for every error case below; `message` is the exact
    text, or None where only the code is ECS's and the message is Fleetdeck's own explanation (then it
    must name the member). The sources: ECS-SEMANTICS.md §2.3 "Real messages to copy" and §6, issue 13
    ("an unknown task definition in RunTask or CreateService is ClientException 'TaskDefinition not
    found.'"), and the messages ECS gives for the other cases (API reference, CLI transcripts)."""
    c = call
    c("CreateCluster", {"clusterName": "words"})
    c("RegisterTaskDefinition", {"family": "words-web", "containerDefinitions": [
        {"name": "web", "image": "fleetdeck/demo-web:1", "memory": 16}]})
    c("CreateService", {"cluster": "words", "serviceName": "words-svc", "taskDefinition": "words-web",
                        "desiredCount": 0})
    c("CreateService", {"cluster": "words", "serviceName": "words-gone", "taskDefinition": "words-web",
                        "desiredCount": 0})
    c("DeleteService", {"cluster": "words", "service": "words-gone", "force": True})
    c("CreateCluster", {"clusterName": "words-inactive"})
    c("DeleteCluster", {"cluster": "words-inactive"})
    nf, cnf, ip, ce = ("ServiceNotFoundException", "ClusterNotFoundException", "InvalidParameterException",
                       "ClientException")
    svc = {"cluster": "words", "serviceName": "words-new", "taskDefinition": "words-web", "desiredCount": 0}
    return [
        ("unknown cluster, DescribeServices", "DescribeServices", {"cluster": "words-none", "services": ["x"]},
         cnf, "Cluster not found."),
        ("unknown cluster, ListServices", "ListServices", {"cluster": "words-none"}, cnf, "Cluster not found."),
        ("unknown cluster, RunTask", "RunTask", {"cluster": "words-none", "taskDefinition": "words-web"},
         cnf, "Cluster not found."),
        ("unknown cluster, CreateService", "CreateService", dict(svc, cluster="words-none"), cnf,
         "Cluster not found."),
        ("unknown cluster, ListTasks", "ListTasks", {"cluster": "words-none"}, cnf, "Cluster not found."),
        ("unknown cluster, DeleteCluster", "DeleteCluster", {"cluster": "words-none"}, cnf, "Cluster not found."),
        ("inactive cluster, RunTask", "RunTask", {"cluster": "words-inactive", "taskDefinition": "words-web"},
         cnf, "The referenced cluster was inactive."),
        ("inactive cluster, CreateService", "CreateService", dict(svc, cluster="words-inactive"), cnf,
         "The referenced cluster was inactive."),
        ("unknown service, UpdateService", "UpdateService", {"cluster": "words", "service": "words-none"}, nf,
         "Service not found."),
        ("unknown service, DeleteService", "DeleteService", {"cluster": "words", "service": "words-none"}, nf,
         "Service not found."),
        ("service of another cluster, UpdateService", "UpdateService",
         {"cluster": "default", "service": "words-svc"}, nf, "Service not found."),
        ("deleted service, UpdateService", "UpdateService", {"cluster": "words", "service": "words-gone",
                                                            "desiredCount": 1},
         "ServiceNotActiveException", "Service was not ACTIVE."),
        ("existing service name, CreateService", "CreateService", dict(svc, serviceName="words-svc"), ip,
         "Creation of service was not idempotent."),
        ("unknown task definition family, RunTask", "RunTask", {"cluster": "words", "taskDefinition": "words-none"},
         ce, "TaskDefinition not found."),
        ("unknown task definition revision, RunTask", "RunTask", {"cluster": "words", "taskDefinition": "words-web:9"},
         ce, "TaskDefinition not found."),
        ("unknown task definition, StartTask", "StartTask", {"cluster": "default", "taskDefinition": "words-none",
                                                             "containerInstances": ["0" * 32]},
         ce, "TaskDefinition not found."),
        ("unknown task definition, CreateService", "CreateService", dict(svc, taskDefinition="words-none:1"), ce,
         "TaskDefinition not found."),
        ("unknown task definition, UpdateService", "UpdateService",
         {"cluster": "words", "service": "words-svc", "taskDefinition": "words-none"}, ce,
         "TaskDefinition not found."),
        ("unknown task definition, DescribeTaskDefinition", "DescribeTaskDefinition",
         {"taskDefinition": "words-none:1"}, ce, "Unable to describe task definition."),
        ("RunTask count=11 (at most 10 per call)", "RunTask",
         {"cluster": "words", "taskDefinition": "words-web", "count": 11}, ip, None),
        ("unknown task, StopTask", "StopTask", {"cluster": "words", "task": "0" * 32}, ip,
         "The referenced task was not found."),
        ("cluster with services, DeleteCluster", "DeleteCluster", {"cluster": "words"},
         "ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active."),
        ("cluster with instances, DeleteCluster", "DeleteCluster", {"cluster": "default"},
         "ClusterContainsContainerInstancesException",
         "The Cluster cannot be deleted while Container Instances are active."),
    ]


MISSING_CASES = [
    # (what, operation, request, list of the answer holding the failures)
    ("unknown service", "DescribeServices", {"cluster": "default", "services": ["words-none"]}, "services"),
    ("unknown cluster", "DescribeClusters", {"clusters": ["words-none"]}, "clusters"),
    ("unknown task", "DescribeTasks", {"cluster": "default", "tasks": ["0" * 32]}, "tasks"),
    ("unknown container instance", "DescribeContainerInstances",
     {"cluster": "default", "containerInstances": ["0" * 32]}, "containerInstances"),
]


def errors():
    cases = error_cases()
    for what, op, params, code, message in cases:
        status, body = raw(op, params)
        if status == 200:
            problem(f"{what}: {op} answered 200 {json.dumps(body)[:100]}, expected {code}")
            continue
        err = error_of(status, body)
        said = f"{err.code} '{err.message}' (HTTP {status})"
        if err.code != code:
            problem(f"{what}: {op} answered {said}, ECS answers {code}" + (f" '{message}'" if message else ""))
        elif message is not None and err.message != message:
            problem(f"{what}: {op} answered {said}, ECS says '{message}'")
        elif message is None and not err.message:
            problem(f"{what}: {op} answered {code} without a message")
        elif status != 400:
            problem(f"{what}: {op} answered HTTP {status}, ECS's client errors are HTTP 400")
        declared = {e["shape"] for e in MODEL["operations"][op].get("errors", [])}
        if err.code not in declared:
            problem(f"{what}: {err.code} is not one of {op}'s errors in the model ({', '.join(sorted(declared))})")
    for what, op, params, items in MISSING_CASES:
        got = call(op, params)
        sent = next(v for k, v in params.items() if isinstance(v, list))
        failures = got.get("failures", [])
        if got.get(items) or len(failures) != 1 or failures[0].get("reason") != "MISSING" or \
                not failures[0].get("arn", "").endswith(sent[0]):
            problem(f"{what}: {op} answered {json.dumps(got)[:160]}, ECS answers no {items} and one failure "
                    f"with reason MISSING and the arn asked for")
    # RunTask's placement failures (§2.3): no error, a failure naming the closest instance (an ARN as
    # ListContainerInstances gives it) and the resource it lacks.
    instances = call("ListContainerInstances", {"cluster": "default"})["containerInstanceArns"]
    for family, container, reason in (("words-big", {"memory": 100000}, "RESOURCE:MEMORY"),
                                      ("words-cpu", {"memory": 16, "cpu": 100000}, "RESOURCE:CPU")):
        call("RegisterTaskDefinition", {"family": family, "containerDefinitions": [
            dict(container, name="x", image="fleetdeck/demo-web:1")]})
        got = call("RunTask", {"cluster": "default", "taskDefinition": family})
        failures = got.get("failures", [])
        if got.get("tasks") or len(failures) != 1 or failures[0].get("reason") != reason or \
                failures[0].get("arn") not in instances or "closest matching" not in failures[0].get("detail", ""):
            problem(f"RunTask {family}: answered {json.dumps(got)[:240]}, ECS answers no tasks and one failure with "
                    f"reason {reason}, the arn of the closest instance (one of {instances[:1]}...) and a detail")
    # The headers botocore and the CLI read, and the CLI's own words for an error (§2.3).
    req = urllib.request.Request(endpoint, data=b'{"cluster": "words-none", "services": ["x"]}', method="POST", headers={
        "X-Amz-Target": f"{TARGET}.DescribeServices", "Content-Type": "application/x-amz-json-1.1",
        "Authorization": f"AWS4-HMAC-SHA256 Credential=AKIDSHAPES/20260101/{REGION}/ecs/aws4_request, "
                         "SignedHeaders=host, Signature=00"})
    try:
        urllib.request.urlopen(req, timeout=10)
        problem("DescribeServices on an unknown cluster: answered 200")
    except urllib.error.HTTPError as e:
        if e.headers.get("X-Amzn-Errortype", "").split(":")[0] != "ClusterNotFoundException" or \
                not e.headers.get("x-amzn-RequestId"):
            problem(f"error headers: X-Amzn-Errortype {e.headers.get('X-Amzn-Errortype')!r}, "
                    f"x-amzn-RequestId {e.headers.get('x-amzn-RequestId')!r}")
    cli_words()
    print(f"errors: {len(cases)} error cases, {len(MISSING_CASES)} MISSING failures and 2 placement failures checked",
          flush=True)


def cli_words():
    """The real aws CLI shows ECS's words as ECS's own would, and exits 254 (a service error)."""
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDSHAPES", AWS_SECRET_ACCESS_KEY="shapes", AWS_DEFAULT_REGION=REGION,
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_PAGER="")
    try:
        got = subprocess.run(["aws", "--endpoint-url", endpoint, "ecs", "describe-services", "--cluster",
                              "words-none", "--services", "x"], env=env, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        print("note: no aws CLI on the PATH; its words are not checked", flush=True)
        return
    expected = ("An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: "
                "Cluster not found.")
    if expected not in got.stderr or got.returncode not in (254, 255):
        problem(f"aws ecs describe-services --cluster words-none: exit {got.returncode}, said {got.stderr.strip()!r}; "
                f"expected '{expected}' and exit 254 (CLI v2; v1 exits 255)")


# --------------------------------------------------------------------------------------------------
# Part 2: read-back fidelity through boto3
# --------------------------------------------------------------------------------------------------

ANY = object()  # a member ECS fills in with a value of its own (an ARN, a time, a count)


def compare(sent, got, path, fills, found):
    """Every member sent reads back identically; a member read back that was not sent must be one of
    `fills` (path pattern with [] for list items: the value ECS fills in, or ANY)."""
    if isinstance(sent, dict):
        if not isinstance(got, dict):
            found.append(f"{path}: sent {json.dumps(sent)[:80]}, read back {got!r}"[:240])
            return
        for k, v in sent.items():
            if k not in got:
                found.append(f"{path}.{k}: sent {json.dumps(v, default=str)[:80]}, not read back")
            else:
                compare(v, got[k], f"{path}.{k}", fills, found)
        for k in got.keys() - sent.keys():
            pattern = f"{path}.{k}"
            if pattern not in fills:
                found.append(f"{pattern}: read back as {json.dumps(got[k], default=str)[:100]} without being sent, "
                             f"and not one of the defaults ECS fills in (listed in this test)")
            elif fills[pattern] is not ANY and fills[pattern] != got[k]:
                found.append(f"{pattern}: ECS fills in {json.dumps(fills[pattern])}, read back "
                             f"{json.dumps(got[k], default=str)[:100]}")
    elif isinstance(sent, list):
        if not isinstance(got, list) or len(got) != len(sent):
            found.append(f"{path}: sent {json.dumps(sent, default=str)[:100]}, read back "
                         f"{json.dumps(got, default=str)[:100]}")
            return
        for a, b in zip(sent, got):
            compare(a, b, f"{path}[]", fills, found)
    elif sent != got:
        found.append(f"{path}: sent {sent!r}, read back {got!r}")


def report(what, found):
    for f in found:
        problem(f"{what} {f}")


TD_FILLS = {
    "taskDefinition.taskDefinitionArn": ANY, "taskDefinition.revision": 1, "taskDefinition.status": "ACTIVE",
    "taskDefinition.compatibilities": ["EC2"], "taskDefinition.requiresAttributes": ANY,
    "taskDefinition.registeredAt": ANY, "taskDefinition.registeredBy": ANY,
    # Lists ECS always shows, empty when not sent.
    "taskDefinition.containerDefinitions[].volumesFrom": [], "taskDefinition.containerDefinitions[].mountPoints": [],
    "taskDefinition.containerDefinitions[].portMappings": [], "taskDefinition.containerDefinitions[].environment": [],
    "taskDefinition.containerDefinitions[].systemControls": [],
    "taskDefinition.containerDefinitions[].cpu": 0,
    "taskDefinition.containerDefinitions[].essential": True,
}

SERVICE_FILLS = {
    "serviceArn": ANY, "status": "ACTIVE", "runningCount": ANY, "pendingCount": ANY, "deployments": ANY,
    "events": ANY, "createdAt": ANY, "createdBy": ANY, "clusterArn": ANY, "taskSets": [],
    "roleArn": ANY, "platformFamily": ANY, "currentServiceDeployment": ANY, "currentServiceRevisions": ANY,
    "resourceManagementType": ANY, "tags": ANY, "serviceRegistries": [],
    "deploymentConfiguration.alarms": {"alarmNames": [], "enable": False, "rollback": False},
    "deploymentConfiguration.strategy": "ROLLING", "deploymentConfiguration.bakeTimeInMinutes": 0,
    "networkConfiguration": ANY, "platformVersion": ANY, "capacityProviderStrategy": [],
}

CLUSTER_FILLS = {
    "clusterArn": ANY, "status": "ACTIVE", "registeredContainerInstancesCount": 0, "runningTasksCount": 0,
    "pendingTasksCount": 0, "activeServicesCount": 0, "statistics": [], "capacityProviders": [],
    "defaultCapacityProviderStrategy": [], "attachments": [], "attachmentsStatus": ANY,
}


def readback():
    import boto3
    session = boto3.session.Session(aws_access_key_id="AKIDSHAPES", aws_secret_access_key="shapes",
                                    region_name=REGION)
    ecs = session.client("ecs", endpoint_url=endpoint)
    elb = session.client("elbv2", endpoint_url=endpoint)

    # A cluster with settings, configuration and tags.
    cluster = {"clusterName": "readback", "tags": TAGS, "settings": [{"name": "containerInsights", "value": "enabled"}],
               "configuration": {"executeCommandConfiguration": {"logging": "DEFAULT"}}}
    ecs.create_cluster(**cluster)
    got = ecs.describe_clusters(clusters=["readback"], include=["TAGS", "SETTINGS", "CONFIGURATIONS"])["clusters"][0]
    found = []
    compare(cluster, got, "", {"." + k: v for k, v in CLUSTER_FILLS.items()}, found)
    report("cluster:", found)

    # A task definition with every optional field Fleetdeck keeps.
    td = full_task_definition("readback-full")
    ecs.register_task_definition(**td)
    got = ecs.describe_task_definition(taskDefinition="readback-full", include=["TAGS"])
    got.pop("ResponseMetadata", None)
    sent = {"taskDefinition": {k: v for k, v in td.items() if k != "tags"}, "tags": td["tags"]}
    found = []
    compare(sent, got, "", {"." + k: v for k, v in TD_FILLS.items()}, found)
    report("task definition:", found)
    # A second registration of what was read back (what a tool does on its second run) is the same definition.
    again = {k: v for k, v in got["taskDefinition"].items() if k in td}
    again2 = ecs.register_task_definition(**again, tags=td["tags"])["taskDefinition"]
    found = []
    compare({k: v for k, v in got["taskDefinition"].items() if k not in ("revision", "taskDefinitionArn",
                                                                         "registeredAt")},
            again2, "", {".revision": 2, ".taskDefinitionArn": ANY, ".registeredAt": ANY}, found)
    report("task definition registered again from its description:", found)

    # A service with every option Fleetdeck honours, behind a target group.
    tg = elb.create_target_group(Name="readback-tg", Protocol="HTTP", Port=8080, VpcId="vpc-0readback",
                                 TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    lb = elb.create_load_balancer(Name="readback-lb", Subnets=["subnet-a", "subnet-b"])["LoadBalancers"][0]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=8081,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    service = {
        "serviceName": "readback-svc", "taskDefinition": ecs.describe_task_definition(
            taskDefinition="readback-full")["taskDefinition"]["taskDefinitionArn"],
        "desiredCount": 0, "launchType": "EC2", "schedulingStrategy": "REPLICA",
        "loadBalancers": [{"targetGroupArn": tg, "containerName": "web", "containerPort": 8080}],
        "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 50,
                                    "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        "placementConstraints": [{"type": "distinctInstance"}],
        "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"},
                              {"type": "binpack", "field": "memory"}],
        "healthCheckGracePeriodSeconds": 30, "enableECSManagedTags": True, "propagateTags": "SERVICE",
        "enableExecuteCommand": False, "deploymentController": {"type": "ECS"},
        "availabilityZoneRebalancing": "DISABLED", "tags": TAGS,
    }
    ecs.create_service(cluster="readback", **service)
    got = ecs.describe_services(cluster="readback", services=["readback-svc"], include=["TAGS"])["services"][0]
    found = []
    compare(service, got, "", {"." + k: v for k, v in SERVICE_FILLS.items()}, found)
    report("service:", found)
    # UpdateService with the same options changes nothing a second describe would show.
    update = {k: v for k, v in service.items() if k not in ("serviceName", "launchType", "schedulingStrategy", "tags")}
    ecs.update_service(cluster="readback", service="readback-svc", **update)
    got2 = ecs.describe_services(cluster="readback", services=["readback-svc"], include=["TAGS"])["services"][0]
    found = []
    compare(service, got2, "", {"." + k: v for k, v in SERVICE_FILLS.items()}, found)
    report("service after UpdateService with the same options:", found)
    print("readback: cluster, task definition and service compared", flush=True)


# --------------------------------------------------------------------------------------------------

PARTS = {"shapes": shapes, "errors": errors, "readback": readback}


def main():
    global endpoint
    if len(sys.argv) != 3 or sys.argv[2] not in PARTS:
        print(f"usage: ecs_shapes.py <fleetdeck binary> {'|'.join(PARTS)}", file=sys.stderr)
        return 2
    started = time.monotonic()
    data_dir = tempfile.mkdtemp(prefix="fd-shapes-")
    proc = subprocess.Popen([sys.argv[1], "--headless", "--runtime", "simulated", "--data-dir", data_dir,
                             "--api-port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    killer = threading.Timer(DEADLINE_S, proc.kill)
    killer.start()
    try:
        for line in proc.stdout:
            m = re.search(r"api:\s+(http://127\.0\.0\.1:\d+)", line)
            if m:
                endpoint = m.group(1) + "/"
                break
        if not endpoint:
            print("ecs_shapes: fleetdeck did not report its API address", file=sys.stderr)
            return 1
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        try:
            PARTS[sys.argv[2]]()
        except ApiError as e:
            problem(f"unexpected error {e}\n{traceback.format_exc()}")
        except Exception as e:  # a failure of the scenario itself is a failure too, with where it happened
            problem(f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
    finally:
        killer.cancel()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"ecs_shapes {sys.argv[2]}: {len(problems)} problem(s), {time.monotonic() - started:.1f} s", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
