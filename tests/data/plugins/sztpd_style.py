"""An SZTPD-style plugin module for sztpd's plugin tests: functions(input, opaque), as SZTPD calls them."""
import base64
import json


def compute(input, opaque):
    config = f"<config><hostname>{input['serial-number']}</hostname><site>{opaque}</site></config>\n"
    return {"ietf-sztp-conveyed-info:onboarding-information": {
        "configuration-handling": "replace", "configuration": base64.b64encode(config.encode()).decode()}}


def refuse(input, opaque):
    return {"ietf-restconf:errors": {"error": [
        {"error-type": "application", "error-tag": "access-denied", "error-message": "Not today."}]}}


def crash(input, opaque):
    raise ValueError("boom")


async def owners(input, opaque):
    return {"wn-sztpd-rpcs:output": {"verification-results": {"verification-result": [
        {"serial-number": sn, "result": "failure" if sn.startswith("stolen") else "success"} for sn in input["serial-number"]]}}}


def relay(input, opaque):
    with open("relayed.jsonl", "a") as f:
        f.write(json.dumps(input) + "\n")
