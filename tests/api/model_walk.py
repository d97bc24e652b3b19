#!/usr/bin/env python3
"""Walks the AWS service models installed with botocore over every operation Fleetdeck implements.

For ECS, Elastic Load Balancing v2, CloudWatch and Application Auto Scaling:

* an operation is implemented when Fleetdeck does not answer UnknownOperationException (asked at run
  time, so an operation added later is walked without editing this file's list of operations);
* every input member of every implemented operation must be classified in CLASSES below, and each
  class is a check run here: the member reads back, has an effect this test observes, is accepted only
  at the value Fleetdeck emulates and refused otherwise, or is refused; a refusal must be the service's
  validation error and name the member. A member without a class fails the walk, so a member AWS adds
  to the model later, or one an operation brings along, cannot slip through;
* every ECS member nested inside the top-level ones (containerDefinitions[].ulimits, loadBalancers[].*,
  deploymentConfiguration.*, placementStrategy[].*, ...) must be classified in walk_classes.ecs_nested
  too, and is checked by sending a realistic value at its place: it reads back at the same place (and
  a value of the wrong type there is refused naming it), is refused naming it, or is accepted where it
  cannot be read and a wrong value is refused naming it.
  The members below a refused one go with it; those below one another piece of work owns
  (HonourOrRefuse) are theirs. WALK_DISCOVER=1 prints what each nested member does instead;
* every member sent with the wrong type (JSON protocols) is refused naming it: it is read, not dropped;
* every answer is checked against the model's output shape (member names, types, enum values) and
  every error code against the operation's errors in the model.

Usage: model_walk.py <path of the fleetdeck binary>. Starts `fleetdeck --headless --runtime simulated`
on a free loopback port and a temporary data directory (no Docker needed); exits 0 when all passes.
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
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

try:
    import botocore.loaders
except ImportError:
    print("model_walk: botocore is not importable by " + sys.executable +
          " (install python3-boto3, or pip install boto3)", file=sys.stderr)
    sys.exit(1)

DEADLINE_S = 90  # the whole walk, start-up included
REGION = "eu-west-3"
ACCOUNT = "000000000000"

# --------------------------------------------------------------------------------------------------
# The wire: one call in the service's own protocol, answers checked against the model.
# --------------------------------------------------------------------------------------------------

SERVICES = {
    # model name: (signing name, protocol, JSON target prefix or Query version, JSON content type)
    "ecs": ("ecs", "json", "AmazonEC2ContainerServiceV20141113", "application/x-amz-json-1.1"),
    "elbv2": ("elasticloadbalancing", "query", "2015-12-01", None),
    "cloudwatch": ("monitoring", "json", "GraniteServiceVersion20100801", "application/x-amz-json-1.0"),
    "application-autoscaling": ("application-autoscaling", "json", "AnyScaleFrontendService",
                                "application/x-amz-json-1.1"),
}
VALIDATION = {"ecs": "InvalidParameterException", "elbv2": "ValidationError",
              "cloudwatch": "InvalidParameterValue", "application-autoscaling": "ValidationException"}
# Errors every operation may answer whatever its model says (AWS's common errors).
COMMON_ERRORS = {"ValidationError", "InvalidParameterValue", "MissingParameter", "ValidationException",
                 "InvalidParameterCombination", "ThrottlingException", "UnknownOperationException",
                 "InvalidAction", "ServiceUnavailable", "InternalFailure"}

MODELS = {}
problems = []  # every failure found, reported together at the end
endpoint = None


def problem(text):
    problems.append(text)
    print("FAIL: " + text, flush=True)


class ApiError(Exception):
    def __init__(self, code, message, status):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


def model(service):
    if service not in MODELS:
        MODELS[service] = botocore.loaders.Loader().load_service_model(service, "service-2")
    return MODELS[service]


def shape(service, name):
    return model(service)["shapes"][name]


def query_flatten(service, shape_name, value, prefix, out):
    """AWS Query serialization of `value` by the model's shape (lists as .member.N)."""
    sh = shape(service, shape_name) if shape_name else None
    kind = sh["type"] if sh else None
    if isinstance(value, dict) and kind == "map":
        for i, (k, v) in enumerate(value.items(), 1):
            out[f"{prefix}.entry.{i}.key"] = k
            query_flatten(service, sh["value"]["shape"], v, f"{prefix}.entry.{i}.value", out)
    elif isinstance(value, dict):
        members = sh["members"] if sh and kind == "structure" else {}
        for k, v in value.items():
            query_flatten(service, members.get(k, {}).get("shape"), v, f"{prefix}.{k}" if prefix else k, out)
    elif isinstance(value, list):
        if not value:
            out[prefix] = ""
        item = sh["member"]["shape"] if sh and kind == "list" else None
        for i, v in enumerate(value, 1):
            query_flatten(service, item, v, f"{prefix}.member.{i}", out)
    elif isinstance(value, bool):
        out[prefix] = "true" if value else "false"
    else:
        out[prefix] = str(value)


def raw_call(service, operation, params):
    signing, protocol, target, ctype = SERVICES[service]
    scope = f"AKIDWALK/20260101/{REGION}/{signing}/aws4_request"
    headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=00"}
    if protocol == "json":
        body = json.dumps(params).encode()
        headers.update({"X-Amz-Target": f"{target}.{operation}", "Content-Type": ctype})
    else:
        form = {"Action": operation, "Version": target}
        op = model(service)["operations"][operation]
        if "input" in op:
            query_flatten(service, op["input"]["shape"], params, "", form)
        body = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def xml_strip(tag):
    return tag.split("}", 1)[-1]


def parse_error(service, status, body):
    if SERVICES[service][1] == "json":
        j = json.loads(body or b"{}")
        code = j.get("__type", "").split("#")[-1].split(":")[0]
        return ApiError(code, j.get("message", j.get("Message", "")), status)
    root = ET.fromstring(body)
    code = message = ""
    for e in root.iter():
        if xml_strip(e.tag) == "Code":
            code = e.text or ""
        elif xml_strip(e.tag) == "Message":
            message = e.text or ""
    return ApiError(code, message, status)


def call(service, operation, params=None, check_errors=True):
    """The answer as JSON-like data (Query XML converted by the output shape), or raises ApiError."""
    params = params or {}
    status, body = raw_call(service, operation, params)
    op = model(service)["operations"].get(operation, {})
    if status != 200:
        err = parse_error(service, status, body)
        if check_errors and err.code != "UnknownOperationException":
            declared = {e["shape"] for e in op.get("errors", [])}
            declared |= {shape(service, e["shape"]).get("error", {}).get("code", e["shape"])
                         for e in op.get("errors", [])}
            if err.code not in declared | COMMON_ERRORS | {VALIDATION[service]}:
                problem(f"{service} {operation}: error {err.code} is not one of the operation's errors in the model "
                        f"({', '.join(sorted(declared))}); message: {err.message}")
        raise err
    if SERVICES[service][1] == "json":
        data = json.loads(body or b"{}")
        if "output" in op:
            check_shape(service, op["output"]["shape"], data, f"{operation} answer")
        return data
    root = ET.fromstring(body)
    result = next((c for c in root if xml_strip(c.tag) == operation + "Result"), None)
    if "output" not in op:
        return {}
    if result is None:
        problem(f"{service} {operation}: the answer has no {operation}Result element")
        return {}
    return from_xml(service, op["output"]["shape"], result, f"{operation} answer")


def type_ok(sh, value):
    t = sh["type"]
    if t == "string":
        return isinstance(value, str)
    if t in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if t in ("double", "float"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "timestamp":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "blob":
        return isinstance(value, str)
    if t == "structure":
        return isinstance(value, dict)
    if t == "list":
        return isinstance(value, list)
    if t == "map":
        return isinstance(value, dict)
    return True


def check_shape(service, shape_name, value, where):
    """Member names exist in the model, types and enum values are valid."""
    sh = shape(service, shape_name)
    if value is None:
        return
    if not type_ok(sh, value):
        problem(f"{service} {where}: {sh['type']} expected, got {json.dumps(value)[:80]}")
        return
    if sh["type"] == "string" and "enum" in sh and value not in sh["enum"]:
        problem(f"{service} {where}: {value!r} is not one of {shape_name}'s values {sh['enum']}")
    elif sh["type"] == "structure":
        for k, v in value.items():
            if k not in sh["members"]:
                problem(f"{service} {where}.{k}: not a member of {shape_name} in the model")
            else:
                check_shape(service, sh["members"][k]["shape"], v, f"{where}.{k}")
    elif sh["type"] == "list":
        for i, v in enumerate(value):
            check_shape(service, sh["member"]["shape"], v, f"{where}[{i}]")
    elif sh["type"] == "map":
        for k, v in value.items():
            check_shape(service, sh["value"]["shape"], v, f"{where}[{k}]")


def from_xml(service, shape_name, elem, where):
    """A Query answer element as data, checked against the shape as it is read."""
    sh = shape(service, shape_name)
    t = sh["type"]
    if t == "structure":
        names = {m.get("locationName", k): k for k, m in sh["members"].items()}
        out = {}
        for child in elem:
            tag = xml_strip(child.tag)
            if tag not in names:
                problem(f"{service} {where}.{tag}: not a member of {shape_name} in the model")
                continue
            k = names[tag]
            out[k] = from_xml(service, sh["members"][k]["shape"], child, f"{where}.{k}")
        return out
    if t == "list":
        items = []
        for i, child in enumerate(elem):
            if xml_strip(child.tag) != sh["member"].get("locationName", "member"):
                problem(f"{service} {where}: list item <{xml_strip(child.tag)}> instead of <member>")
            items.append(from_xml(service, sh["member"]["shape"], child, f"{where}[{i}]"))
        return items
    if t == "map":
        out = {}
        for entry in elem:
            key = next((c.text for c in entry if xml_strip(c.tag) == "key"), "")
            val = next((c for c in entry if xml_strip(c.tag) == "value"), None)
            out[key] = from_xml(service, sh["value"]["shape"], val, f"{where}[{key}]") if val is not None else None
        return out
    text = elem.text or ""
    try:
        if t in ("integer", "long"):
            return int(text)
        if t in ("double", "float"):
            return float(text)
        if t == "boolean":
            if text not in ("true", "false"):
                raise ValueError(text)
            return text == "true"
        if t == "timestamp":
            datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return text
    except ValueError:
        problem(f"{service} {where}: {text!r} is not a valid {t}")
        return text
    if "enum" in sh and text not in sh["enum"]:
        problem(f"{service} {where}: {text!r} is not one of {shape_name}'s values {sh['enum']}")
    return text


# --------------------------------------------------------------------------------------------------
# Checks: what a class of member asserts.
# --------------------------------------------------------------------------------------------------


class Failed(Exception):
    pass


def expect(cond, text):
    if not cond:
        raise Failed(text)


def refused(service, operation, params, member, why=""):
    """The request is refused with the service's validation error naming `member`."""
    try:
        call(service, operation, params)
    except ApiError as e:
        leaf = member.split(".")[-1]
        codes = refusal_codes(service, operation)
        expect(e.code in codes and (member in e.message or leaf in e.message),
               f"{operation} with {member}={json.dumps(params.get(member.split('.')[0]))[:60]}: refused as {e.code} "
               f"'{e.message}', not as {VALIDATION[service]} naming {member}")
        return e
    raise Failed(f"{operation} with {member}={json.dumps(params.get(member.split('.')[0]))[:80]}: accepted, expected a refusal "
                 f"naming {member}{' (' + why + ')' if why else ''}")


def refusal_codes(service, operation):
    """The codes a refusal of a member may carry: the service's validation error, or one of the
    operation's own errors in the model (ELB's InvalidScheme, CloudWatch's InvalidNextToken); a task
    definition's content is refused as ClientException, as ECS does."""
    codes = {VALIDATION[service]} | ({"ClientException"} if operation == "RegisterTaskDefinition" else set())
    if service != "ecs":
        codes |= {shape(service, x["shape"]).get("error", {}).get("code", x["shape"])
                  for x in model(service)["operations"][operation].get("errors", [])}
    return codes


def subset(sent, read):
    """Whether everything sent reads back (dicts: each sent key; lists: item by item)."""
    if isinstance(sent, dict):
        return isinstance(read, dict) and all(k in read and subset(v, read[k]) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(read, list) and len(sent) == len(read) and all(subset(a, b) for a, b in zip(sent, read))
    if isinstance(sent, str) and isinstance(read, (int, float)) and not isinstance(read, bool):
        return sent == str(read)
    return sent == read


class Ctx:
    """Resources made once and shared by the checks."""
    pass


ctx = Ctx()
counter = [0]


def fresh(prefix):
    counter[0] += 1
    return f"{prefix}-{counter[0]}"


# Member classes. Each `check(service, operation, member)` raises Failed with the reason.

class Echo:
    """Sent in a request (base + member=value), it reads back from `read(answer, request)`."""

    def __init__(self, value, read, base=None, compare=None):
        self.value, self.read, self.base, self.compare = value, read, base, compare

    def check(self, service, operation, member):
        request = dict((self.base or BASE[service][operation])())
        value = self.value() if callable(self.value) else self.value
        request[member] = value
        answer = call(service, operation, request)
        got = self.read(answer, request)
        ok = self.compare(value, got) if self.compare else subset(value, got)
        expect(ok, f"{operation}: {member} sent {json.dumps(value)[:120]} reads back as {json.dumps(got)[:160]}")


class Effect:
    """A declared effect, observed by `fn()` (raises Failed)."""

    def __init__(self, fn, what):
        self.fn, self.what = fn, what

    def check(self, service, operation, member):
        self.fn()


class Refuse:
    """Not emulated: any value of the member is refused naming it (`why` says why, for the report)."""

    def __init__(self, value, why):
        self.value, self.why = value, why

    def check(self, service, operation, member):
        request = dict(BASE[service][operation]())
        request[member] = self.value
        refused(service, operation, request, member, self.why)


class RefuseAs:
    """Not emulated, refused with one of the operation's own errors in the model (`code`, such as
    NamespaceNotFoundException for a Cloud Map namespace) whose message names the member."""

    def __init__(self, value, code, why):
        self.value, self.code, self.why = value, code, why

    def check(self, service, operation, member):
        declared = {e["shape"] for e in model(service)["operations"][operation].get("errors", [])}
        expect(self.code in declared, f"{operation}: {self.code} is not one of its errors in the model")
        request = dict(BASE[service][operation]())
        request[member] = self.value
        try:
            call(service, operation, request)
        except ApiError as e:
            leaf = member.split(".")[-1]
            expect(e.code == self.code and (member in e.message or leaf in e.message),
                   f"{operation} with {member}: refused as {e.code} '{e.message}', not as {self.code} naming it")
            return
        raise Failed(f"{operation} with {member}={json.dumps(self.value)[:80]}: accepted, expected {self.code} "
                     f"({self.why})")


class Unavailable:
    """The whole operation is not emulated: a request with the member is refused with `code` (one of the
    operation's errors in the model, or the validation error) and a message containing `says` (why, and
    what to use instead). The member is still read: the wrong-type probe, run for every member, must be
    refused naming it."""

    def __init__(self, value, code, says):
        self.value, self.code, self.says = value, code, says

    def check(self, service, operation, member):
        declared = {e["shape"] for e in model(service)["operations"][operation].get("errors", [])}
        expect(self.code in declared | {VALIDATION[service]},
               f"{operation}: {self.code} is not one of its errors in the model")
        request = dict(BASE[service][operation]())
        request[member] = self.value
        try:
            call(service, operation, request)
        except ApiError as e:
            expect(e.code == self.code and self.says in e.message,
                   f"{operation} with {member}: refused as {e.code} '{e.message}', expected {self.code} saying "
                   f"'{self.says}'")
            return
        raise Failed(f"{operation} with {member}={json.dumps(self.value)[:80]}: accepted, but {operation} is not "
                     f"emulated ({self.says})")


class Only:
    """Accepted at the value Fleetdeck emulates (which reads back), refused at any other."""

    def __init__(self, good, bad, read, why):
        self.good, self.bad, self.read, self.why = good, bad, read, why

    def check(self, service, operation, member):
        Echo(self.good, self.read).check(service, operation, member)
        request = dict(BASE[service][operation]())
        request[member] = self.bad
        refused(service, operation, request, member, self.why)


class HonourOrRefuse:
    """Owned by another piece of work: either refused naming the member, or accepted and read back."""

    def __init__(self, value, read, base=None):
        self.value, self.read, self.base = value, read, base

    def check(self, service, operation, member):
        request = dict((self.base or BASE[service][operation])())
        request[member] = self.value
        try:
            answer = call(service, operation, request)
        except ApiError as e:
            leaf = member.split(".")[-1]
            expect(e.code in refusal_codes(service, operation) | {"ClientException", "UnsupportedFeatureException"}
                   and leaf in e.message, f"{operation} {member}: refused as {e.code} '{e.message}' without naming it")
            return
        got = self.read(answer, request)
        expect(subset(self.value, got), f"{operation}: {member} accepted but reads back as {json.dumps(got)[:160]} "
                                        f"(sent {json.dumps(self.value)[:120]})")


class Validated:
    """Read and validated (the wrong-type probe, run for every member, is its check); what it
    selects is checked by the other services' API tests. Used for the Query services' members."""

    def __init__(self, note=""):
        self.note = note

    def check(self, service, operation, member):
        pass


WRONG_TYPE = {"string": 12345, "integer": "twelve", "long": "twelve", "boolean": "maybe", "double": "x",
              "float": "x", "timestamp": [1], "list": {"not": "a list"}, "structure": "not an object",
              "map": ["not", "a", "map"], "blob": 5}
WRONG_QUERY = {"integer": "twelve", "long": "twelve", "boolean": "maybe", "double": "x", "float": "x",
               "timestamp": "not-a-time"}


def wrong_type_probe(service, operation, member, member_shape, bad=None):
    """The member with a value of the wrong type (or `bad`): refused naming it, so the member is read."""
    t = shape(service, member_shape)["type"]
    protocol = SERVICES[service][1]
    if bad is not None:
        pass
    elif protocol == "json":
        bad = WRONG_TYPE[t]
    elif t in WRONG_QUERY:
        bad = WRONG_QUERY[t]
    elif t == "string" and "enum" in shape(service, member_shape):
        bad = "NOT_ONE_OF_THE_VALUES"
    else:
        return  # a Query string or list has no wrong form on the wire
    request = dict(BASE[service][operation]()) if operation in BASE[service] else {}
    request[member] = bad
    refused(service, operation, request, member)


# --------------------------------------------------------------------------------------------------
# The walk
# --------------------------------------------------------------------------------------------------

def implemented(service):
    ops = []
    for op in sorted(model(service)["operations"]):
        try:
            call(service, op, {}, check_errors=False)
        except ApiError as e:
            if e.code in ("UnknownOperationException", "InvalidAction"):
                continue
        ops.append(op)
    return ops


def walk(service):
    from walk_classes import classes_for  # noqa: E402 (the tables, kept apart from the machinery)
    # Deletions last, so the resources they remove serve the other operations' checks first.
    ops = sorted(implemented(service), key=lambda op: (op.startswith(("Delete", "Deregister")), op))
    print(f"{service}: {len(ops)} implemented operations: {' '.join(ops)}", flush=True)
    setattr(ctx, "implemented_" + service, ops)
    table = classes_for(service, ctx, sys.modules[__name__])
    ctx.tables = dict(getattr(ctx, "tables", {}), **{service: table})  # the nested walk reads the classes too
    unclassified = []
    checked = 0
    for op in ops:
        spec = model(service)["operations"][op]
        members = shape(service, spec["input"]["shape"])["members"] if "input" in spec else {}
        classes = table.get(op, {})
        for name in classes:
            if name not in members:  # an older model than the one the table was written against
                print(f"note: {service} {op}.{name} is classified but not in this botocore's model", flush=True)
        for name, m in members.items():
            cls = classes.get(name)
            if cls is None:
                unclassified.append(f"{op}.{name}")
                continue
            try:
                if op in BASE[service] or SERVICES[service][1] == "json":
                    wrong_type_probe(service, op, name, m["shape"], getattr(cls, "probe", None))
                cls.check(service, op, name)
                checked += 1
            except Failed as e:
                problem(f"{service} {op}.{name} ({type(cls).__name__}): {e}")
            except ApiError as e:
                problem(f"{service} {op}.{name} ({type(cls).__name__}): unexpected error {e}")
            except Exception as e:  # a bug here is a failure too, with where it happened
                problem(f"{service} {op}.{name}: {type(e).__name__}: {e}\n{traceback.format_exc()}")
    if unclassified:
        problem(f"{service}: {len(unclassified)} input member(s) of implemented operations are not classified by "
                f"this test (say how each is honoured or refused in walk_classes.py): {', '.join(unclassified)}")
    print(f"{service}: {checked} members checked", flush=True)


# --------------------------------------------------------------------------------------------------
# The nested walk: members inside the top-level ones (containerDefinitions[].ulimits, ...)
# --------------------------------------------------------------------------------------------------

ECHO, REFUSE = "echo", "refuse"  # nested classes (walk_classes.ecs_nested); an Effect object is a third


def nested_paths(service, shape_name, prefix, out, stack=()):
    """Every member path below a top-level member: "a.b", "a[].b" (list items), maps' values not entered."""
    sh = shape(service, shape_name)
    if sh["type"] == "structure" and shape_name not in stack:
        for k, m in sh["members"].items():
            path = f"{prefix}.{k}" if prefix else k
            out.append((path, m["shape"]))
            nested_paths(service, m["shape"], path, out, stack + (shape_name,))
    elif sh["type"] == "list":
        nested_paths(service, sh["member"]["shape"], prefix + "[]", out, stack)
    return out


def segments(path):
    """"a[].b.c" as ["a", "[]", "b", "c"]."""
    out = []
    for part in path.split("."):
        while part.endswith("[]"):
            part = part[:-2]
            out.append(part)
            out.append("[]") if part else None
            part = ""
        if part:
            out.append(part)
    return [p for p in out if p]


def sample(service, shape_name, path, values):
    """A value of the shape: `values[path]` or `values[leaf]` when given, otherwise one made from the
    model (the first enum value, a structure with its required members)."""
    leaf = segments(path)[-1] if path else ""
    for key in (path, leaf):
        if key in values:
            v = values[key]
            return v() if callable(v) else json.loads(json.dumps(v))
    sh = shape(service, shape_name)
    t = sh["type"]
    if t == "string":
        return sh["enum"][0] if "enum" in sh else f"walk-{leaf.lower()}"
    if t in ("integer", "long"):
        return max(sh.get("min", 2), 2)
    if t in ("double", "float"):
        return 1.5
    if t == "boolean":
        return True
    if t == "timestamp":
        return int(time.time())
    if t == "list":
        return [sample(service, sh["member"]["shape"], path + "[]", values)]
    if t == "map":
        return {"walk-key": sample(service, sh["value"]["shape"], path + "[walk-key]", values)}
    if t == "structure":
        return {k: sample(service, sh["members"][k]["shape"], f"{path}.{k}", values) for k in sh.get("required", [])}
    return "walk"


def place(service, request, op_shape, path, values):
    """Puts a sample value at `path` into `request` (making the structures and lists on the way, each
    with its required members); returns the value put there."""
    segs = segments(path)
    node, sh_name, walked = request, op_shape, ""
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        sh = shape(service, sh_name)
        if seg == "[]":
            sh_name = sh["member"]["shape"]
            walked += "[]"
            if not node:
                node.append(sample(service, sh_name, walked, values))
            if last:
                node[0] = sample(service, sh_name, walked, values)
                return node[0]
            node = node[0]
            continue
        sh_name = sh["members"][seg]["shape"]
        walked = f"{walked}.{seg}" if walked else seg
        if last:
            node[seg] = sample(service, sh_name, walked, values)
            return node[seg]
        if seg not in node:
            node[seg] = sample(service, sh_name, walked, values)
        node = node[seg]
    return None


def pick(doc, path):
    """The value at `path` in a described document (first list items), or KeyError."""
    for seg in segments(path):
        if seg == "[]":
            if not isinstance(doc, list) or not doc:
                raise KeyError(path)
            doc = doc[0]
        else:
            if not isinstance(doc, dict) or seg not in doc:
                raise KeyError(path)
            doc = doc[seg]
    return doc


class Whole:
    """A nested member the top-level walk sends and compares as part of its parent's whole value, on a
    request the member fits (an awsvpc definition for networkConfiguration, a cluster with the Fargate
    providers for capacityProviderStrategy); the op's nested base would refuse it for the parent's sake."""

    def __init__(self, what):
        self.what = what


class Accepts:
    """A nested member accepted at the sample value, and refused naming it at `bad`: one that has an
    effect but no place to read back (a RunTask placement strategy's type), or (echo=True) one accepted
    only at the value Fleetdeck emulates, which reads back."""

    def __init__(self, bad, what, echo=False):
        self.bad, self.what, self.echo = bad, what, echo  # echo: the accepted value reads back too

    def check(self, service, op, op_shape, path, base, values, outcome):
        expect(outcome == ECHO or (outcome.startswith("dropped") and not self.echo),
               f"{op} {path}: {outcome} ({self.what})")
        request = json.loads(json.dumps(base()))
        place(service, request, op_shape, path, dict(values, **{path: self.bad}))
        try:
            call(service, op, request)
        except ApiError as e:
            leaf = segments(path)[-1]
            expect(leaf in e.message, f"{op} {path}={json.dumps(self.bad)}: refused as {e.code} '{e.message}' "
                                      f"without naming it")
            return
        raise Failed(f"{op} {path}={json.dumps(self.bad)}: accepted, expected a refusal naming {path} ({self.what})")


def walk_nested(service):
    """Every member below the top-level ones of every operation the table names: classified (ECHO: sent,
    it reads back at the same place; REFUSE: refused naming it; Accepts; an Effect: accepted, and its
    effect observed by the Effect's check), or the
    walk fails. Members below a refused one (Refuse/RefuseAs/Unavailable at the top, or REFUSE) are
    refused with it; members below one owned by another piece of work (HonourOrRefuse) are theirs."""
    from walk_classes import nested_for  # noqa: E402
    top = ctx.tables[service]
    table = nested_for(service, ctx, sys.modules[__name__])
    discover = os.environ.get("WALK_DISCOVER")
    unclassified, checked = [], 0
    for op, (reader, classes, values, base) in table.items():
        spec = model(service)["operations"][op]
        op_shape = spec["input"]["shape"]
        members = shape(service, op_shape)["members"]
        skip_under = {m for m, cls in top.get(op, {}).items()
                      if type(cls).__name__ in ("Refuse", "RefuseAs", "Unavailable", "HonourOrRefuse")}
        shape_of = dict(nested_paths(service, op_shape, "", []))
        for name in classes:
            if name not in shape_of:
                print(f"note: {service} {op} {name} is classified but not in this botocore's model", flush=True)
        refused_paths = []
        for top_name in members:
            if top_name in skip_under:
                continue
            for path, _ in nested_paths(service, members[top_name]["shape"], top_name, []):
                if any(path.startswith(r + ".") or path.startswith(r + "[]") for r in refused_paths):
                    continue
                cls = classes.get(path)
                if cls is None and not discover:
                    unclassified.append(f"{op} {path}")
                    continue
                if isinstance(cls, Whole):
                    checked += 1
                    continue
                request = json.loads(json.dumps((base or BASE[service][op])()))
                try:
                    sent = place(service, request, op_shape, path, values)
                    leaf = segments(path)[-1]
                    outcome = None
                    try:
                        answer = call(service, op, request)
                        try:
                            got = pick(reader(answer, request), path)
                            outcome = ECHO if subset(sent, got) else f"dropped (read back {json.dumps(got)[:80]})"
                        except KeyError:
                            outcome = "dropped (not read back)"
                    except ApiError as e:
                        outcome = REFUSE if leaf in e.message or path in e.message else \
                            f"refused without naming it: {e.code} {e.message}"
                    if discover:
                        print(f"DISCOVER {op} {path} = {json.dumps(sent)[:60]} -> {outcome}", flush=True)
                        if outcome == REFUSE:
                            refused_paths.append(path)
                        continue
                    if cls == REFUSE:
                        refused_paths.append(path)
                    if isinstance(cls, Effect):
                        expect(outcome == ECHO or outcome.startswith("dropped"), f"{op} {path}: {outcome}")
                        cls.fn()
                    elif isinstance(cls, Accepts):
                        cls.check(service, op, op_shape, path, base or BASE[service][op], values, outcome)
                    elif outcome != cls:
                        problem(f"{service} {op} {path} = {json.dumps(sent)[:80]}: classified {cls}, but {outcome}")
                    elif cls == ECHO:
                        # What reads back is read: the same member with a value of the wrong type is refused.
                        bad_request = json.loads(json.dumps((base or BASE[service][op])()))
                        kind = shape(service, shape_of[path])["type"]
                        place(service, bad_request, op_shape, path, dict(values, **{path: WRONG_TYPE[kind]}))
                        try:
                            call(service, op, bad_request)
                            problem(f"{service} {op} {path} = {json.dumps(WRONG_TYPE[kind])} (not a {kind}): accepted")
                        except ApiError as e:
                            if leaf not in e.message:
                                problem(f"{service} {op} {path} = {json.dumps(WRONG_TYPE[kind])} (not a {kind}): "
                                        f"refused as {e.code} '{e.message}' without naming it")
                    checked += 1
                except Failed as e:
                    problem(f"{service} {op} {path}: {e}")
                except Exception as e:
                    problem(f"{service} {op} {path}: {type(e).__name__}: {e}\n{traceback.format_exc()}")
    # An implemented operation with members below its top-level ones must be in the table.
    for op in getattr(ctx, "implemented_" + service, []):
        spec = model(service)["operations"][op]
        if op in table or "input" not in spec:
            continue
        skip = {m for m, cls in top.get(op, {}).items()
                if type(cls).__name__ in ("Refuse", "RefuseAs", "Unavailable", "HonourOrRefuse")}
        inner = [p for m, ms in shape(service, spec["input"]["shape"])["members"].items() if m not in skip
                 for p, _ in nested_paths(service, ms["shape"], m, [])]
        if inner:
            unclassified.append(f"{op} ({', '.join(inner[:4])}{', ...' if len(inner) > 4 else ''})")
    if unclassified:
        problem(f"{service}: {len(unclassified)} nested input member(s) are not classified (say how each is honoured "
                f"or refused in walk_classes.py, nested_for): {', '.join(unclassified)}")
    print(f"{service}: {checked} nested members checked", flush=True)


BASE = {}


def main():
    global endpoint
    if len(sys.argv) != 2:
        print("usage: model_walk.py <fleetdeck binary>", file=sys.stderr)
        return 2
    started = time.monotonic()
    data_dir = tempfile.mkdtemp(prefix="fd-walk-")
    proc = subprocess.Popen([sys.argv[1], "--headless", "--runtime", "simulated", "--data-dir", data_dir,
                             "--api-port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    killer = threading.Timer(DEADLINE_S, proc.kill)
    killer.start()
    try:
        for line in proc.stdout:
            m = re.search(r"api:\s+(http://127\.0\.0\.1:\d+)", line)
            if m:
                endpoint = m.group(1) + "/"
                break
        if not endpoint:
            print("model_walk: fleetdeck did not report its API address", file=sys.stderr)
            return 1
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        sys.dont_write_bytecode = True  # no __pycache__ in the source tree
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        only = os.environ.get("WALK_ONLY", "").split(",") if os.environ.get("WALK_ONLY") else list(SERVICES)
        for service in only:
            walk(service)
        if "ecs" in only:
            walk_nested("ecs")
    finally:
        killer.cancel()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"model walk: {len(problems)} problem(s), {time.monotonic() - started:.1f} s", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
